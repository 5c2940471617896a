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
import java.util.List;
import java.util.zip.CRC32;

/**
 * Durable Raft state of one node: the hard state (current term, vote) and the log entries.
 * Entries are kept in memory in an {@link ArrayList} and appended to one file.
 *
 * <p><b>Files</b> in the data directory:
 * <pre>
 *  raft.log        records: length u32 | crc32 u32 | entry (FrameDescriptor entry layout), back to back
 *  hardstate       term u64 | votedFor i32 | crc32 u32 of the first 12 bytes
 * </pre>
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
    private static final int RECORD_HEADER_LENGTH = 8;
    private static final int HARD_STATE_LENGTH = 16;
    private static final System.Logger LOGGER = System.getLogger(FileLog.class.getName());

    private final Path dir;
    private final FsyncPolicy fsyncPolicy;
    private final int maxCommandLength;
    private final FileChannel channel;
    private final List<Entry> entries = new ArrayList<>();
    /** File offset where each entry's record starts; offsets.get(i) is entry index i + 1. */
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
            loadHardState();
            final Path logPath = dir.resolve(LOG_FILE);
            final boolean created = !Files.exists(logPath);
            channel = FileChannel.open(logPath, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (created && fsyncPolicy != FsyncPolicy.NONE)
            {
                forceDirectory();
            }
            recoverEntries();
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
                dir.resolve(LOG_FILE), truncatedTailBytes, position, entries.size());
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
        return entries.size();
    }

    /**
     * Term of the entry at an index.
     *
     * @param index 0..lastIndex.
     * @return the term, 0 for index 0.
     */
    public long termAt(final long index)
    {
        return index == 0 ? 0 : entries.get((int)(index - 1)).term();
    }

    /**
     * The entry at an index.
     *
     * @param index 1..lastIndex.
     * @return the entry.
     */
    public Entry entryAt(final long index)
    {
        return entries.get((int)(index - 1));
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
            recordBytes.reset();
            long position = fileLength;
            final List<Long> newOffsets = new ArrayList<>(newEntries.size());
            for (final Entry entry : newEntries)
            {
                final int start = recordBytes.size();
                recordOut.writeInt(0);
                recordOut.writeInt(0);
                RaftCodec.writeEntry(recordOut, entry);
                newOffsets.add(position);
                position += recordBytes.size() - start;
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
            long at = fileLength;
            while (buffer.hasRemaining())
            {
                at += channel.write(buffer, at);
            }
            fileLength = position;
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

    /**
     * Remove the entries from {@code fromIndex} on (a conflicting suffix, section 5.3).
     *
     * @param fromIndex first index removed, 1..lastIndex.
     */
    public void truncateFrom(final long fromIndex)
    {
        final int keep = (int)(fromIndex - 1);
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
            return entries.size();
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
        return lo;
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
