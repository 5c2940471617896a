package io.quorumbench.baseline.raft;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.NodeConfig;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Durable Raft state of one node: the hard state (current term, vote) and the log entries.
 * Entries are kept in memory in an {@link ArrayList} and appended to one file.
 *
 * <p><b>Files</b> in the data directory:
 * <pre>
 *  raft.log        records: length u32 | crc32 u32 | entry (FrameDescriptor entry layout), back to back;
 *                  its first record is index 1
 *  raft-N.log      the same, its first record is index N (the log after a compaction to N - 1)
 *  snapshot        magic u32 | index u64 | term u64 | length u32 | crc32 u32 of the image | image
 *  hardstate       term u64 | votedFor i32 | crc32 u32 of the first 12 bytes
 * </pre>
 *
 * <p><b>Snapshots and compaction</b>: {@link #saveSnapshot} and {@link #installSnapshot} first
 * replace the snapshot atomically (write {@code snapshot.tmp}, force, rename, force the directory),
 * then write the entries above it to a new {@code raft-N.log} the same way and delete the old log
 * file. A crash between the steps leaves a new snapshot next to an older log file: recovery drops
 * the entries the snapshot covers (all of them if the log disagrees with the snapshot's last term)
 * and finishes the compaction. Snapshot and rewritten log are forced (files and directory) under
 * {@code BATCH} and {@code ALWAYS}, so a power loss cannot undo a compaction; under {@code NONE}
 * nothing is forced, as for the entries, and a power loss may lose a snapshot with them.
 * A record whose length or CRC does not check out, and everything after it, is a torn tail from a
 * crash in the middle of a write: recovery truncates the file there. The hard state is replaced
 * atomically (write {@code hardstate.tmp}, force, rename, force the directory), so it is always
 * either the old or the new value.
 *
 * <p><b>Durability</b> per {@link FsyncPolicy}: {@code ALWAYS} forces after every append and
 * truncation; {@code BATCH} leaves appends in the page cache until {@link #sync()} forces them all
 * at once (the node calls it before sending anything that depends on them); {@code NONE} never
 * forces: a process crash loses nothing (the page cache survives it) but a power loss may lose
 * acknowledged entries <em>and the term and vote</em>, so a node may vote twice in a term — Raft's
 * safety argument does not hold under power loss with {@code NONE}. The hard state is forced on
 * every change under {@code BATCH} and {@code ALWAYS}: a vote must be durable before it is sent.
 *
 * <p>{@link #crash(boolean)} simulates a kill (and a power loss) by remembering the file length and
 * hard state the last force covered.
 *
 * <p><b>Threading</b>: not thread-safe; owned by its node.
 */
public final class FileLog implements AutoCloseable
{
    /** Name of the entries file. */
    public static final String LOG_FILE = "raft.log";
    /** Name of the hard-state file. */
    public static final String HARD_STATE_FILE = "hardstate";
    private static final String HARD_STATE_TMP = "hardstate.tmp";
    /** Name of the snapshot file. */
    public static final String SNAPSHOT_FILE = "snapshot";
    private static final String SNAPSHOT_TMP = "snapshot.tmp";
    private static final String TMP_SUFFIX = ".tmp";
    /** "QBSN": a baseline Raft snapshot file. */
    private static final int SNAPSHOT_MAGIC = 0x5142534E;
    private static final int SNAPSHOT_HEADER_LENGTH = 4 + 8 + 8 + 4 + 4;
    private static final int RECORD_HEADER_LENGTH = 8;
    private static final int HARD_STATE_LENGTH = 16;
    private static final System.Logger LOGGER = System.getLogger(FileLog.class.getName());

    private final Path dir;
    private final FsyncPolicy fsyncPolicy;
    private final int maxCommandLength;
    private FileChannel channel;
    private Path logPath;
    /** entries.get(i) is index snapshotIndex + 1 + i. */
    private final List<Entry> entries = new ArrayList<>();
    /** File offset where each entry's record starts; offsets.get(i) is entry index snapshotIndex + 1 + i. */
    private final List<Long> offsets = new ArrayList<>();
    private final ByteArrayOutputStream recordBytes = new ByteArrayOutputStream(256);
    private final DataOutputStream recordOut = new DataOutputStream(recordBytes);
    private final CRC32 crc = new CRC32();
    private long fileLength;
    private long forcedLength;
    private long term;
    private int votedFor = NodeConfig.NO_NODE;
    private long forcedTerm;
    private int forcedVotedFor = NodeConfig.NO_NODE;
    private boolean hardStateEverForced;
    private long snapshotIndex;
    private long snapshotTerm;
    private byte[] snapshotImage;
    private long truncatedTailBytes;
    private boolean closed;

    /**
     * Open (creating if absent) and recover the durable state in {@code dir}.
     *
     * @param dir              data directory.
     * @param fsyncPolicy      when to force.
     * @param maxCommandLength largest legal command, to tell a torn length field from a real one.
     * @throws UncheckedIOException if the directory cannot be used.
     */
    public FileLog(final Path dir, final FsyncPolicy fsyncPolicy, final int maxCommandLength)
    {
        this.dir = dir;
        this.fsyncPolicy = fsyncPolicy;
        this.maxCommandLength = maxCommandLength;
        try
        {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(HARD_STATE_TMP));
            Files.deleteIfExists(dir.resolve(SNAPSHOT_TMP));
            loadHardState();
            loadSnapshot();
            final long base = chooseLogFile();
            logPath = dir.resolve(logFileName(base));
            final boolean created = !Files.exists(logPath);
            channel = FileChannel.open(logPath, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (created && fsyncPolicy != FsyncPolicy.NONE)
            {
                forceDirectory();
            }
            recoverEntries();
            if (base != snapshotIndex + 1)
            {
                finishCompaction(base);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open Raft log in " + dir, ex);
        }
    }

    private void loadHardState() throws IOException
    {
        final Path path = dir.resolve(HARD_STATE_FILE);
        if (!Files.exists(path))
        {
            return;
        }
        final byte[] bytes = Files.readAllBytes(path);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        crc.reset();
        crc.update(bytes, 0, Math.min(bytes.length, 12));
        if (bytes.length != HARD_STATE_LENGTH || buffer.getInt(12) != (int)crc.getValue())
        {
            // Renames are atomic, so this is real corruption, not a torn write: refuse to guess a vote.
            throw new IOException("corrupt hard state " + path + " (" + bytes.length + " bytes, CRC mismatch)");
        }
        term = buffer.getLong(0);
        votedFor = buffer.getInt(8);
        forcedTerm = term;
        forcedVotedFor = votedFor;
        hardStateEverForced = true;
    }

    /**
     * Name of the log file whose first record is index {@code base}.
     *
     * @param base first index the file holds.
     * @return the file name.
     */
    static String logFileName(final long base)
    {
        return base == 1 ? LOG_FILE : "raft-" + base + ".log";
    }

    private static long baseOf(final String name)
    {
        if (LOG_FILE.equals(name))
        {
            return 1;
        }
        if (name.startsWith("raft-") && name.endsWith(".log"))
        {
            try
            {
                final long base = Long.parseLong(name.substring(5, name.length() - 4));
                return base > 1 ? base : -1;
            }
            catch (final NumberFormatException ex)
            {
                return -1;
            }
        }
        return -1;
    }

    /** The newest log file's base; older ones and half-written rewrites are leftovers of a crash mid-compaction. */
    private long chooseLogFile() throws IOException
    {
        long newest = 1;
        final List<Path> files = new ArrayList<>();
        try (var listing = Files.list(dir))
        {
            listing.forEach(files::add);
        }
        for (final Path file : files)
        {
            newest = Math.max(newest, baseOf(file.getFileName().toString()));
        }
        if (newest > snapshotIndex + 1)
        {
            // The log is only ever rewritten after the snapshot it follows is durable.
            throw new IOException("log file " + logFileName(newest) + " starts above snapshot index " + snapshotIndex + " in " + dir);
        }
        for (final Path file : files)
        {
            final String name = file.getFileName().toString();
            final long base = baseOf(name);
            if ((base > 0 && base != newest) || (name.startsWith("raft") && name.endsWith(TMP_SUFFIX)))
            {
                Files.delete(file);
            }
        }
        return newest;
    }

    private void loadSnapshot() throws IOException
    {
        final Path path = dir.resolve(SNAPSHOT_FILE);
        if (!Files.exists(path))
        {
            return;
        }
        final byte[] bytes = Files.readAllBytes(path);
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < SNAPSHOT_HEADER_LENGTH || buffer.getInt(0) != SNAPSHOT_MAGIC ||
            buffer.getInt(20) != bytes.length - SNAPSHOT_HEADER_LENGTH)
        {
            throw new IOException("corrupt snapshot " + path + " (" + bytes.length + " bytes)");
        }
        crc.reset();
        crc.update(bytes, SNAPSHOT_HEADER_LENGTH, bytes.length - SNAPSHOT_HEADER_LENGTH);
        if (buffer.getInt(24) != (int)crc.getValue() || buffer.getLong(4) < 1 || buffer.getLong(12) < 1)
        {
            // Renames are atomic, so this is real corruption, not a torn write.
            throw new IOException("corrupt snapshot " + path + " (CRC mismatch)");
        }
        snapshotIndex = buffer.getLong(4);
        snapshotTerm = buffer.getLong(12);
        snapshotImage = Arrays.copyOfRange(bytes, SNAPSHOT_HEADER_LENGTH, bytes.length);
    }

    /** The log file starts at {@code base} <= snapshotIndex: drop what the snapshot covers, rewrite. */
    private void finishCompaction(final long base) throws IOException
    {
        // recoverEntries read the file as if it started at snapshotIndex + 1; it starts at base.
        final long fileLast = base - 1 + entries.size();
        final List<Entry> kept;
        if (fileLast >= snapshotIndex && entries.get((int)(snapshotIndex - base)).term() == snapshotTerm)
        {
            kept = new ArrayList<>(entries.subList((int)(snapshotIndex - base + 1), entries.size()));
        }
        else
        {
            // Raft section 7: a log that does not hold the snapshot's last entry is discarded whole.
            kept = new ArrayList<>();
        }
        rewriteLog(kept);
    }

    private void recoverEntries() throws IOException
    {
        final long size = channel.size();
        long position = 0;
        final ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER_LENGTH);
        while (position < size)
        {
            header.clear();
            if (size - position < RECORD_HEADER_LENGTH || !readFully(header, position))
            {
                break;
            }
            final int length = header.getInt(0);
            final int recordCrc = header.getInt(4);
            if (length < FrameDescriptor.ENTRY_HEADER_LENGTH ||
                length > FrameDescriptor.ENTRY_HEADER_LENGTH + maxCommandLength ||
                size - position - RECORD_HEADER_LENGTH < length)
            {
                break;
            }
            final ByteBuffer body = ByteBuffer.allocate(length);
            if (!readFully(body, position + RECORD_HEADER_LENGTH))
            {
                break;
            }
            crc.reset();
            crc.update(body.array(), 0, length);
            if ((int)crc.getValue() != recordCrc)
            {
                break;
            }
            final DataInputStream in = new DataInputStream(new ByteArrayInputStream(body.array()));
            final Entry entry = RaftCodec.readEntry(in, maxCommandLength);
            final long previousTerm = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).term();
            // (The first record's predecessor may be compacted away: its term is not checked.)
            if (entry == null || in.available() != 0 || entry.term() < previousTerm)
            {
                break;
            }
            entries.add(entry);
            offsets.add(position);
            position += RECORD_HEADER_LENGTH + length;
        }
        if (position < size)
        {
            truncatedTailBytes = size - position;
            LOGGER.log(System.Logger.Level.WARNING, "{0}: truncating torn tail of {1} bytes at offset {2} after {3} entries",
                logPath, truncatedTailBytes, position, entries.size());
            channel.truncate(position);
            if (fsyncPolicy != FsyncPolicy.NONE)
            {
                channel.force(false);
            }
        }
        fileLength = position;
        forcedLength = position;
    }

    private boolean readFully(final ByteBuffer buffer, final long position) throws IOException
    {
        long at = position;
        while (buffer.hasRemaining())
        {
            final int read = channel.read(buffer, at);
            if (read < 0)
            {
                return false;
            }
            at += read;
        }
        return true;
    }

    /**
     * Bytes cut off the end of the log file by recovery (a torn tail), 0 if it was clean.
     *
     * @return bytes truncated on open.
     */
    public long truncatedTailBytes()
    {
        return truncatedTailBytes;
    }

    /**
     * Persisted current term.
     *
     * @return the term.
     */
    public long term()
    {
        return term;
    }

    /**
     * Persisted vote in {@link #term()}.
     *
     * @return the candidate id, or {@link NodeConfig#NO_NODE}.
     */
    public int votedFor()
    {
        return votedFor;
    }

    /**
     * Replace term and vote; durable on return unless the policy is {@code NONE}.
     *
     * @param newTerm     the term.
     * @param newVotedFor the vote in that term, or {@link NodeConfig#NO_NODE}.
     */
    public void setHardState(final long newTerm, final int newVotedFor)
    {
        if (newTerm == term && newVotedFor == votedFor)
        {
            return;
        }
        final ByteBuffer buffer = ByteBuffer.allocate(HARD_STATE_LENGTH);
        buffer.putLong(0, newTerm).putInt(8, newVotedFor);
        crc.reset();
        crc.update(buffer.array(), 0, 12);
        buffer.putInt(12, (int)crc.getValue());
        final Path tmp = dir.resolve(HARD_STATE_TMP);
        try
        {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                while (buffer.hasRemaining())
                {
                    out.write(buffer);
                }
                if (fsyncPolicy != FsyncPolicy.NONE)
                {
                    out.force(true);
                }
            }
            Files.move(tmp, dir.resolve(HARD_STATE_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (fsyncPolicy != FsyncPolicy.NONE)
            {
                forceDirectory();
                forcedTerm = newTerm;
                forcedVotedFor = newVotedFor;
                hardStateEverForced = true;
            }
        }
        catch (final IOException ex)
        {
            // A node that cannot persist its vote must stop, not vote twice.
            throw new UncheckedIOException("cannot persist hard state in " + dir, ex);
        }
        term = newTerm;
        votedFor = newVotedFor;
    }

    /**
     * Index of the last entry.
     *
     * @return 0 if empty.
     */
    public long lastIndex()
    {
        return snapshotIndex + entries.size();
    }

    /**
     * Index of the last entry the snapshot covers; entries up to it are no longer held.
     *
     * @return the snapshot index, 0 without a snapshot.
     */
    public long snapshotIndex()
    {
        return snapshotIndex;
    }

    /**
     * Term of the entry at {@link #snapshotIndex()}.
     *
     * @return the term, 0 without a snapshot.
     */
    public long snapshotTerm()
    {
        return snapshotTerm;
    }

    /**
     * The state-machine image of the current snapshot (not a copy; do not change it).
     *
     * @return the image, or null without a snapshot.
     */
    public byte[] snapshotImage()
    {
        return snapshotImage;
    }

    /**
     * Make an image of the state at {@code index} (an entry this log holds, or the snapshot's own
     * index) the snapshot and drop the entries up to it. Durable on return under every policy.
     *
     * @param index last index the image reflects, snapshotIndex < index <= lastIndex.
     * @param image the image (kept, not copied).
     */
    public void saveSnapshot(final long index, final byte[] image)
    {
        if (index <= snapshotIndex || index > lastIndex())
        {
            throw new IllegalArgumentException("snapshot index " + index + " outside " + (snapshotIndex + 1) + ".." + lastIndex());
        }
        final long term = termAt(index);
        final List<Entry> kept = new ArrayList<>(entries.subList((int)(index - snapshotIndex), entries.size()));
        replaceSnapshot(index, term, image, kept);
    }

    /**
     * Install a snapshot received from the leader (Raft section 7): if this log holds the
     * snapshot's last entry with the same term, the entries after it stay; otherwise the whole log
     * is discarded. Durable on return under every policy.
     *
     * @param index last index the image reflects, above {@link #snapshotIndex()}.
     * @param term  term of that entry.
     * @param image the image (kept, not copied).
     */
    public void installSnapshot(final long index, final long term, final byte[] image)
    {
        if (index <= snapshotIndex || term < 1)
        {
            throw new IllegalArgumentException("snapshot (" + index + ", " + term + ") not above " + snapshotIndex);
        }
        final List<Entry> kept = index < lastIndex() && termAt(index) == term ?
            new ArrayList<>(entries.subList((int)(index - snapshotIndex), entries.size())) : new ArrayList<>();
        replaceSnapshot(index, term, image, kept);
    }

    private void replaceSnapshot(final long index, final long term, final byte[] image, final List<Entry> kept)
    {
        final ByteBuffer header = ByteBuffer.allocate(SNAPSHOT_HEADER_LENGTH);
        crc.reset();
        crc.update(image, 0, image.length);
        header.putInt(0, SNAPSHOT_MAGIC).putLong(4, index).putLong(12, term).putInt(20, image.length)
            .putInt(24, (int)crc.getValue());
        final Path tmp = dir.resolve(SNAPSHOT_TMP);
        try
        {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                writeFully(out, header, 0);
                writeFully(out, ByteBuffer.wrap(image), SNAPSHOT_HEADER_LENGTH);
                forceIfDurable(out);
            }
            Files.move(tmp, dir.resolve(SNAPSHOT_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectoryIfDurable();
            snapshotIndex = index;
            snapshotTerm = term;
            snapshotImage = image;
            rewriteLog(kept);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write snapshot in " + dir, ex);
        }
    }

    /** Replace the log file by one starting at snapshotIndex + 1 holding {@code kept}. */
    private void rewriteLog(final List<Entry> kept) throws IOException
    {
        final Path newPath = dir.resolve(logFileName(snapshotIndex + 1));
        final Path tmp = dir.resolve(newPath.getFileName() + TMP_SUFFIX);
        final List<Long> newOffsets = new ArrayList<>(kept.size());
        long length = 0;
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            if (!kept.isEmpty())
            {
                final byte[] bytes = encodeRecords(kept, 0, newOffsets);
                writeFully(out, ByteBuffer.wrap(bytes), 0);
                length = bytes.length;
            }
            forceIfDurable(out);
        }
        Files.move(tmp, newPath, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectoryIfDurable();
        channel.close();
        if (!newPath.equals(logPath))
        {
            Files.deleteIfExists(logPath);
            forceDirectoryIfDurable();
        }
        logPath = newPath;
        channel = FileChannel.open(logPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
        entries.clear();
        entries.addAll(kept);
        offsets.clear();
        offsets.addAll(newOffsets);
        fileLength = length;
        forcedLength = fsyncPolicy == FsyncPolicy.NONE ? 0 : length;
    }

    private void forceIfDurable(final FileChannel out) throws IOException
    {
        if (fsyncPolicy != FsyncPolicy.NONE)
        {
            out.force(true);
        }
    }

    private void forceDirectoryIfDurable() throws IOException
    {
        if (fsyncPolicy != FsyncPolicy.NONE)
        {
            forceDirectory();
        }
    }

    private static void writeFully(final FileChannel out, final ByteBuffer buffer, final long position) throws IOException
    {
        long at = position;
        while (buffer.hasRemaining())
        {
            at += out.write(buffer, at);
        }
    }

    /**
     * Bytes the log file and the snapshot file take on disk now.
     *
     * @return the sum of both lengths.
     */
    public long storedBytes()
    {
        return fileLength + (snapshotImage == null ? 0 : SNAPSHOT_HEADER_LENGTH + snapshotImage.length);
    }

    /**
     * Term of the entry at an index.
     *
     * @param index snapshotIndex..lastIndex.
     * @return the term, 0 for index 0.
     */
    public long termAt(final long index)
    {
        if (index <= snapshotIndex)
        {
            if (index == snapshotIndex)
            {
                return snapshotTerm;
            }
            throw new IllegalArgumentException("index " + index + " is compacted (snapshot at " + snapshotIndex + ")");
        }
        return entries.get((int)(index - snapshotIndex - 1)).term();
    }

    /**
     * The entry at an index.
     *
     * @param index snapshotIndex + 1..lastIndex.
     * @return the entry.
     */
    public Entry entryAt(final long index)
    {
        if (index <= snapshotIndex)
        {
            throw new IllegalArgumentException("index " + index + " is compacted (snapshot at " + snapshotIndex + ")");
        }
        return entries.get((int)(index - snapshotIndex - 1));
    }

    /**
     * Append entries after the last one; under {@code ALWAYS} they are forced before return.
     *
     * @param newEntries entries to append.
     */
    public void append(final List<Entry> newEntries)
    {
        try
        {
            final List<Long> newOffsets = new ArrayList<>(newEntries.size());
            final byte[] bytes = encodeRecords(newEntries, fileLength, newOffsets);
            writeFully(channel, ByteBuffer.wrap(bytes), fileLength);
            fileLength += bytes.length;
            entries.addAll(newEntries);
            offsets.addAll(newOffsets);
            if (fsyncPolicy == FsyncPolicy.ALWAYS)
            {
                force();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot append to Raft log in " + dir, ex);
        }
    }

    /** Records for {@code newEntries}, their file offsets (from {@code position}) added to {@code newOffsets}. */
    private byte[] encodeRecords(final List<Entry> newEntries, final long position, final List<Long> newOffsets)
        throws IOException
    {
        recordBytes.reset();
        long at = position;
        for (final Entry entry : newEntries)
        {
            final int start = recordBytes.size();
            recordOut.writeInt(0);
            recordOut.writeInt(0);
            RaftCodec.writeEntry(recordOut, entry);
            newOffsets.add(at);
            at += recordBytes.size() - start;
        }
        final byte[] bytes = recordBytes.toByteArray();
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int start = 0;
        for (final Entry entry : newEntries)
        {
            final int length = entry.encodedLength();
            crc.reset();
            crc.update(bytes, start + RECORD_HEADER_LENGTH, length);
            buffer.putInt(start, length).putInt(start + 4, (int)crc.getValue());
            start += RECORD_HEADER_LENGTH + length;
        }
        return bytes;
    }

    /**
     * Remove the entries from {@code fromIndex} on (a conflicting suffix, section 5.3).
     *
     * @param fromIndex first index removed, snapshotIndex + 1..lastIndex.
     */
    public void truncateFrom(final long fromIndex)
    {
        if (fromIndex <= snapshotIndex)
        {
            throw new IllegalArgumentException("cannot truncate at " + fromIndex + ", below the snapshot at " + snapshotIndex);
        }
        final int keep = (int)(fromIndex - snapshotIndex - 1);
        final long newLength = offsets.get(keep);
        try
        {
            channel.truncate(newLength);
            fileLength = newLength;
            entries.subList(keep, entries.size()).clear();
            offsets.subList(keep, offsets.size()).clear();
            // Whatever the disk holds past here is gone or about to be rewritten: nothing past it is durable.
            forcedLength = Math.min(forcedLength, newLength);
            if (fsyncPolicy == FsyncPolicy.ALWAYS)
            {
                force();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot truncate Raft log in " + dir, ex);
        }
    }

    /**
     * Whether appended entries are not yet covered by a force.
     *
     * @return true if a {@link #sync()} under {@code BATCH} would force something.
     */
    public boolean hasUnsyncedEntries()
    {
        return forcedLength != fileLength;
    }

    /**
     * Make every appended entry durable as the policy asks: {@code BATCH} forces here (the group
     * commit), {@code ALWAYS} already did, {@code NONE} never does.
     */
    public void sync()
    {
        if (fsyncPolicy == FsyncPolicy.BATCH && forcedLength != fileLength)
        {
            try
            {
                force();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot force Raft log in " + dir, ex);
            }
        }
    }

    /**
     * Index of the last entry that is as durable as the policy promises: all of them under
     * {@code NONE} (the page cache is the promise), the forced ones otherwise.
     *
     * @return the last durable index.
     */
    public long durableIndex()
    {
        if (fsyncPolicy == FsyncPolicy.NONE || forcedLength == fileLength)
        {
            return lastIndex();
        }
        int lo = 0;
        int hi = offsets.size();
        // Count entries whose record ends at or before forcedLength.
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            final long end = mid + 1 < offsets.size() ? offsets.get(mid + 1) : fileLength;
            if (end <= forcedLength)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return snapshotIndex + lo;
    }

    private void force() throws IOException
    {
        channel.force(false);
        forcedLength = fileLength;
    }

    private void forceDirectory() throws IOException
    {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ))
        {
            d.force(true);
        }
    }

    /**
     * Simulate a crash: release the files like a killed process. With {@code powerLoss}, cut the
     * log back to the last forced length and the hard state back to the last forced value.
     *
     * @param powerLoss whether writes not yet forced are lost.
     */
    public void crash(final boolean powerLoss)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (powerLoss)
            {
                channel.truncate(forcedLength);
            }
            channel.close();
            if (powerLoss && (forcedTerm != term || forcedVotedFor != votedFor))
            {
                final Path path = dir.resolve(HARD_STATE_FILE);
                if (!hardStateEverForced)
                {
                    Files.deleteIfExists(path);
                }
                else
                {
                    final ByteBuffer buffer = ByteBuffer.allocate(HARD_STATE_LENGTH);
                    buffer.putLong(0, forcedTerm).putInt(8, forcedVotedFor);
                    crc.reset();
                    crc.update(buffer.array(), 0, 12);
                    buffer.putInt(12, (int)crc.getValue());
                    Files.write(path, buffer.array());
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot simulate crash of Raft log in " + dir, ex);
        }
    }

    /**
     * Orderly close: force per the policy, release the file.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (fsyncPolicy != FsyncPolicy.NONE && forcedLength != fileLength)
            {
                force();
            }
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot close Raft log in " + dir, ex);
        }
    }
}
