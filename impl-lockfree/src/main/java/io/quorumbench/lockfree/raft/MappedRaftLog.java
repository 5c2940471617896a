package io.quorumbench.lockfree.raft;

import io.quorumbench.lockfree.codec.Crc32cChecksum;
import io.quorumbench.lockfree.raft.codec.LogRecordDescriptor;
import io.quorumbench.lockfree.storage.MappingPretoucher;
import io.quorumbench.lockfree.storage.NextSegment;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Future;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * The Raft log, off-heap in memory-mapped segment files of {@link LogRecordDescriptor} records.
 *
 * <p><b>Layout</b>: files {@code raft-log-NNNNNNNN.seg}, each exactly {@code segmentLength}
 * bytes, created sparse (zero filled). Records never straddle segments: a record that does not
 * fit is preceded by a {@link LogRecordDescriptor#PADDING} marker and goes to the next segment.
 * A logical position is {@code segment * segmentLength + offset}. The position and term of every
 * entry live in an off-heap index of 16-byte slots indexed by log index, so {@link #termAt(long)}
 * never reads the log records. The index grows in fixed chunks of {@link #INDEX_CHUNK_ENTRIES}
 * slots, each a sparse memory-mapped file ({@code raft-index-NNNNNNNN.idx}) deleted as soon as
 * it is mapped (the index is derived: recovery rebuilds it from the records). Nothing is copied
 * when it grows and nothing lands on the Java heap per entry: the only allocation is a few
 * small objects per chunk (a mapping and its buffer), i.e. well under 0.01 byte per entry.
 * Truncated chunks stay mapped for reuse until {@link #close()}.
 *
 * <p><b>Recovery</b>: segments are scanned from the first; the log ends at the first all-zero
 * header, the first record whose length, bounds or CRC32C is wrong (a torn tail), or the first
 * record whose term is lower than its predecessor's. Whatever follows is zeroed and later
 * segments deleted, so a torn or stale record can never reappear.
 *
 * <p><b>Durability</b>: {@link #force()} msyncs exactly the bytes appended since the last force
 * and records the forced position in memory; {@link #crash(boolean)} with power loss cuts the
 * files back to it. Truncation zeroes what it cuts and, when {@code syncTruncation}, forces the
 * zeroes before returning, so a power loss cannot bring back a truncated suffix.
 *
 * <p><b>Pre-touch</b>: when enabled, the next segment and the next index chunk are created,
 * mapped and their pages touched on a background thread ({@link MappingPretoucher}) as soon as
 * the previous one is taken, so the node thread writes to pages that are already present. A
 * prepared segment file holds only zeros, which recovery treats as past the end of the log.
 *
 * <p>Not thread-safe: owned by one node thread.
 */
public final class MappedRaftLog implements AutoCloseable
{
    private static final String SEGMENT_PREFIX = "raft-log-";
    private static final String SEGMENT_SUFFIX = ".seg";
    private static final String INDEX_PREFIX = "raft-index-";
    private static final String INDEX_SUFFIX = ".idx";

    /** Index slots per index chunk (a power of two); 16 bytes each, so a chunk maps 4 MiB. */
    public static final int INDEX_CHUNK_ENTRIES = 1 << 18;
    private static final int INDEX_CHUNK_SHIFT = Integer.numberOfTrailingZeros(INDEX_CHUNK_ENTRIES);
    private static final int INDEX_CHUNK_MASK = INDEX_CHUNK_ENTRIES - 1;
    private static final int INDEX_SLOT_LENGTH = 2 * Long.BYTES;
    private static final int INDEX_TERM_OFFSET = Long.BYTES;
    private static final long INDEX_CHUNK_LENGTH = (long)INDEX_CHUNK_ENTRIES * INDEX_SLOT_LENGTH;

    private final Path dir;
    private final int segmentLength;
    private final int maxCommandLength;
    private final boolean syncTruncation;
    private final Crc32cChecksum crc;
    private final ArrayList<MappedByteBuffer> mappings = new ArrayList<>();
    private final ArrayList<UnsafeBuffer> segments = new ArrayList<>();

    private final ArrayList<MappedByteBuffer> indexMappings = new ArrayList<>();
    private final ArrayList<UnsafeBuffer> indexChunks = new ArrayList<>();
    private int indexFileCounter;
    private final boolean preTouch;
    private final NextSegment nextSegment;
    private Future<MappedByteBuffer> nextIndexChunk;
    private long lastIndex;
    private long appendPosition;
    private long forcedPosition;
    private long forcedIndex;
    private boolean closed;

    /**
     * Open (and recover) the log in a directory.
     *
     * @param dir              directory of the segment files, created if absent.
     * @param segmentLength    bytes per segment file; must hold the largest record.
     * @param maxCommandLength largest command accepted, in bytes.
     * @param initialCapacity  entries the index holds before it maps a second chunk; it maps
     *                         {@code ceil(initialCapacity / INDEX_CHUNK_ENTRIES)} chunks up front.
     * @param syncTruncation   whether truncation forces its zeroes to disk.
     * @param preTouch         whether the next segment and index chunk are created, mapped and
     *                         their pages touched ahead of need on a background thread
     *                         ({@link MappingPretoucher}), so appends take no page faults.
     * @param crc              checksum helper of the owning thread.
     */
    public MappedRaftLog(
        final Path dir,
        final int segmentLength,
        final int maxCommandLength,
        final int initialCapacity,
        final boolean syncTruncation,
        final boolean preTouch,
        final Crc32cChecksum crc)
    {
        if (LogRecordDescriptor.recordLength(maxCommandLength) + LogRecordDescriptor.HEADER_LENGTH > segmentLength)
        {
            throw new IllegalArgumentException("segmentLength " + segmentLength +
                " cannot hold a record of maxCommandLength " + maxCommandLength);
        }
        this.dir = dir;
        this.segmentLength = segmentLength;
        this.maxCommandLength = maxCommandLength;
        this.syncTruncation = syncTruncation;
        this.preTouch = preTouch;
        this.nextSegment = new NextSegment(this::segmentFile, segmentLength);
        this.crc = crc;
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create log directory " + dir, ex);
        }
        deleteStaleIndexFiles();
        final long chunks = (Math.max(1L, initialCapacity) + INDEX_CHUNK_ENTRIES - 1) / INDEX_CHUNK_ENTRIES;
        for (long c = 0; c < chunks; c++)
        {
            mapIndexChunk();
        }
        recover();
        if (preTouch)
        {
            nextSegment.prepare(segments.size());
        }
    }

    /**
     * Index of the last entry.
     *
     * @return the last index, 0 when empty.
     */
    public long lastIndex()
    {
        return lastIndex;
    }

    /**
     * Term of the last entry.
     *
     * @return the term, 0 when empty.
     */
    public long lastTerm()
    {
        return termAt(lastIndex);
    }

    /**
     * Index of the last entry covered by a {@link #force()}.
     *
     * @return the forced index.
     */
    public long forcedIndex()
    {
        return forcedIndex;
    }

    /**
     * Term of an entry.
     *
     * @param index 0..{@link #lastIndex()}.
     * @return its term, 0 for index 0 or an index beyond the log.
     */
    public long termAt(final long index)
    {
        if (index <= 0 || index > lastIndex)
        {
            return 0;
        }
        return indexTerm(index - 1);
    }

    /**
     * The segment buffer holding an entry; use with {@link #offset(long)}.
     *
     * @param index 1..{@link #lastIndex()}.
     * @return the buffer.
     */
    public UnsafeBuffer buffer(final long index)
    {
        return segments.get((int)(indexPosition(index - 1) / segmentLength));
    }

    /**
     * Offset of an entry's record in its {@link #buffer(long)}.
     *
     * @param index 1..{@link #lastIndex()}.
     * @return the offset.
     */
    public int offset(final long index)
    {
        return (int)(indexPosition(index - 1) % segmentLength);
    }

    /**
     * Length of an entry's record in bytes, padding included.
     *
     * @param index 1..{@link #lastIndex()}.
     * @return the record length.
     */
    public int recordLength(final long index)
    {
        return LogRecordDescriptor.recordLength(LogRecordDescriptor.commandLength(buffer(index), offset(index)));
    }

    /**
     * Append an entry from its parts.
     *
     * @param term          entry term.
     * @param clientId      client id.
     * @param sequence      client sequence.
     * @param flags         record flags.
     * @param command       buffer holding the command.
     * @param commandOffset first command byte.
     * @param commandLength command length.
     * @return the new entry's index.
     */
    public long append(
        final long term,
        final long clientId,
        final long sequence,
        final int flags,
        final DirectBuffer command,
        final int commandOffset,
        final int commandLength)
    {
        final int recordLength = LogRecordDescriptor.recordLength(commandLength);
        final long position = reserve(recordLength);
        final UnsafeBuffer segment = segments.get((int)(position / segmentLength));
        final int offset = (int)(position % segmentLength);
        if (commandLength > 0)
        {
            segment.putBytes(offset + LogRecordDescriptor.HEADER_LENGTH, command, commandOffset, commandLength);
        }
        LogRecordDescriptor.encodeHeader(segment, offset, term, clientId, sequence, flags, commandLength, crc);
        return index(position, recordLength, term);
    }

    /**
     * Append a record received from the leader, already validated by
     * {@link LogRecordDescriptor#validate}.
     *
     * @param src          buffer holding the record.
     * @param srcOffset    record start.
     * @param recordLength record length, padding included.
     * @return the new entry's index.
     */
    public long appendRecord(final DirectBuffer src, final int srcOffset, final int recordLength)
    {
        final long position = reserve(recordLength);
        final UnsafeBuffer segment = segments.get((int)(position / segmentLength));
        segment.putBytes((int)(position % segmentLength), src, srcOffset, recordLength);
        return index(position, recordLength, LogRecordDescriptor.term(src, srcOffset));
    }

    /**
     * Remove the entries from {@code index} on (section 5.3: a conflicting entry and all that
     * follow it), zeroing their bytes.
     *
     * @param index first index to remove, 1..{@link #lastIndex()}.
     */
    public void truncateFrom(final long index)
    {
        if (index > lastIndex)
        {
            return;
        }
        final long position = indexPosition(index - 1);
        zeroRange(position, appendPosition, syncTruncation);
        appendPosition = position;
        lastIndex = index - 1;
        forcedPosition = Math.min(forcedPosition, position);
        forcedIndex = Math.min(forcedIndex, lastIndex);
    }

    /**
     * Force everything appended since the last force to disk (group commit: one call covers
     * every entry appended before it).
     *
     * @return true if anything was forced.
     */
    public boolean force()
    {
        if (forcedPosition == appendPosition)
        {
            forcedIndex = lastIndex;
            return false;
        }
        long position = forcedPosition;
        while (position < appendPosition)
        {
            final int segment = (int)(position / segmentLength);
            final int offset = (int)(position % segmentLength);
            final long segmentEnd = (long)(segment + 1) * segmentLength;
            final int length = (int)(Math.min(segmentEnd, appendPosition) - position);
            mappings.get(segment).force(offset, length);
            position += length;
        }
        forcedPosition = appendPosition;
        forcedIndex = lastIndex;
        return true;
    }

    /**
     * Release the mappings as a killed process would; with power loss, first cut the files back
     * to the last forced position.
     *
     * @param powerLoss whether un-forced bytes are lost.
     */
    public void crash(final boolean powerLoss)
    {
        if (closed)
        {
            return;
        }
        if (powerLoss)
        {
            zeroRange(forcedPosition, appendPosition, false);
        }
        release(false);
    }

    /** Release the mappings; the caller forces first if its policy requires. */
    @Override
    public void close()
    {
        if (!closed)
        {
            release(true);
        }
    }

    private void release(final boolean deletePrepared)
    {
        closed = true;
        // A preparation owns its file until done; wait for it so nothing touches the directory
        // after we return. A clean close leaves exactly the log; a crash leaves the prepared
        // segment as a killed process would: all zeros, which recovery treats as past the end.
        nextSegment.discard(deletePrepared);
        if (null != nextIndexChunk)
        {
            MappingPretoucher.discard(nextIndexChunk, null);
            nextIndexChunk = null;
        }
        for (final MappedByteBuffer mapping : mappings)
        {
            IoUtil.unmap(mapping);
        }
        mappings.clear();
        segments.clear();
        for (final MappedByteBuffer mapping : indexMappings)
        {
            IoUtil.unmap(mapping);
        }
        indexMappings.clear();
        indexChunks.clear();
    }

    private long reserve(final int recordLength)
    {
        long position = appendPosition;
        int segment = (int)(position / segmentLength);
        int offset = (int)(position % segmentLength);
        if (segment < segments.size() && offset + recordLength > segmentLength)
        {
            if (offset + LogRecordDescriptor.HEADER_LENGTH <= segmentLength)
            {
                segments.get(segment).putInt(offset, LogRecordDescriptor.PADDING, BYTE_ORDER);
            }
            segment++;
            offset = 0;
            position = (long)segment * segmentLength;
        }
        if (segment >= segments.size())
        {
            mapSegment(segment, true);
        }
        appendPosition = position + recordLength;
        return position;
    }

    private long index(final long position, final int recordLength, final long term)
    {
        final long slot = lastIndex;
        final int chunk = (int)(slot >>> INDEX_CHUNK_SHIFT);
        if (chunk == indexChunks.size())
        {
            mapIndexChunk();
        }
        final UnsafeBuffer buffer = indexChunks.get(chunk);
        final int offset = (int)(slot & INDEX_CHUNK_MASK) * INDEX_SLOT_LENGTH;
        buffer.putLong(offset, position);
        buffer.putLong(offset + INDEX_TERM_OFFSET, term);
        lastIndex++;
        return lastIndex;
    }

    private long indexPosition(final long slot)
    {
        return indexChunks.get((int)(slot >>> INDEX_CHUNK_SHIFT))
            .getLong((int)(slot & INDEX_CHUNK_MASK) * INDEX_SLOT_LENGTH);
    }

    private long indexTerm(final long slot)
    {
        return indexChunks.get((int)(slot >>> INDEX_CHUNK_SHIFT))
            .getLong((int)(slot & INDEX_CHUNK_MASK) * INDEX_SLOT_LENGTH + INDEX_TERM_OFFSET);
    }

    private void mapIndexChunk()
    {
        // A fresh name each time: the file is unlinked once mapped (the mapping outlives it), so
        // nothing is left behind however the process ends, and a name is never reused while a
        // previous chunk of it could still be open.
        MappedByteBuffer mapping = null;
        if (null != nextIndexChunk)
        {
            mapping = MappingPretoucher.take(nextIndexChunk);
            nextIndexChunk = null;
        }
        if (null == mapping)
        {
            final File file = indexFile(indexFileCounter++);
            mapping = IoUtil.mapNewFile(file, INDEX_CHUNK_LENGTH, false);
            IoUtil.deleteIfExists(file);
        }
        indexMappings.add(mapping);
        indexChunks.add(new UnsafeBuffer(mapping));
        if (preTouch)
        {
            final int number = indexFileCounter++;
            nextIndexChunk = MappingPretoucher.prepare(() -> indexFile(number), INDEX_CHUNK_LENGTH, true);
        }
    }

    private File indexFile(final int number)
    {
        return dir.resolve(String.format("%s%08d%s", INDEX_PREFIX, number, INDEX_SUFFIX)).toFile();
    }

    private void deleteStaleIndexFiles()
    {
        final File[] stale = dir.toFile().listFiles((d, name) -> name.startsWith(INDEX_PREFIX) && name.endsWith(INDEX_SUFFIX));
        if (null != stale)
        {
            for (final File file : stale)
            {
                IoUtil.deleteIfExists(file);
            }
        }
    }

    private void zeroRange(final long from, final long to, final boolean sync)
    {
        long position = from;
        while (position < to)
        {
            final int segment = (int)(position / segmentLength);
            final int offset = (int)(position % segmentLength);
            final long segmentEnd = (long)(segment + 1) * segmentLength;
            final int length = (int)(Math.min(segmentEnd, to) - position);
            if (segment < segments.size())
            {
                segments.get(segment).setMemory(offset, length, (byte)0);
                if (sync)
                {
                    mappings.get(segment).force(offset, length);
                }
            }
            position += length;
        }
        // A padding marker just before 'from' may now precede nothing; it is harmless (recovery
        // moves to the next segment and finds it empty or absent). Later whole segments go.
        final int firstUnused = (int)((from + segmentLength - 1) / segmentLength);
        while (segments.size() > Math.max(firstUnused, 1))
        {
            final int last = segments.size() - 1;
            IoUtil.unmap(mappings.remove(last));
            segments.remove(last);
            IoUtil.deleteIfExists(segmentFile(last));
        }
        if (nextSegment.isStale(segments.size()))
        {
            // The prepared segment no longer follows the log; leave no stale file past its end.
            nextSegment.discard(true);
            nextSegment.prepare(segments.size());
        }
    }

    private void mapSegment(final int segment, final boolean create)
    {
        MappedByteBuffer mapping = create ? nextSegment.take(segment) : null;
        if (null == mapping)
        {
            final File file = segmentFile(segment);
            mapping = create && !file.exists() ?
                IoUtil.mapNewFile(file, segmentLength, false) : IoUtil.mapExistingFile(file, "raft log segment");
        }
        mapping.order(BYTE_ORDER);
        mappings.add(mapping);
        segments.add(new UnsafeBuffer(mapping));
        if (create && preTouch)
        {
            nextSegment.prepare(segment + 1);
        }
    }

    private File segmentFile(final int segment)
    {
        return dir.resolve(String.format("%s%08d%s", SEGMENT_PREFIX, segment, SEGMENT_SUFFIX)).toFile();
    }

    private void recover()
    {
        int segment = 0;
        long lastTerm = 0;
        long end = 0;
        boolean done = false;
        while (!done && segmentFile(segment).exists())
        {
            if (segmentFile(segment).length() != segmentLength)
            {
                break;
            }
            mapSegment(segment, false);
            final UnsafeBuffer buffer = segments.get(segment);
            int offset = 0;
            end = (long)segment * segmentLength;
            while (true)
            {
                if (offset + LogRecordDescriptor.HEADER_LENGTH > segmentLength ||
                    buffer.getInt(offset, BYTE_ORDER) == LogRecordDescriptor.PADDING)
                {
                    end = (long)(segment + 1) * segmentLength;
                    break;
                }
                final int recordLength = LogRecordDescriptor.validate(
                    buffer, offset, segmentLength - offset, maxCommandLength, crc);
                final long term = recordLength > 0 ? LogRecordDescriptor.term(buffer, offset) : 0;
                if (recordLength < 0 || term < lastTerm)
                {
                    end = (long)segment * segmentLength + offset;
                    done = true;
                    break;
                }
                lastTerm = term;
                appendPosition = (long)segment * segmentLength + offset;
                index(appendPosition, recordLength, term);
                offset += recordLength;
                end = (long)segment * segmentLength + offset;
            }
            segment++;
        }
        appendPosition = end;
        // Cut a torn or stale tail and drop segments after it, so the log is exactly what we index.
        // Zero only up to the last non-zero word so a sparse segment is not filled in.
        long dirtyEnd = end;
        final int endSegment = (int)(end / segmentLength);
        if (endSegment < segments.size())
        {
            final UnsafeBuffer buffer = segments.get(endSegment);
            for (int offset = segmentLength - 8; offset >= (int)(end % segmentLength); offset -= 8)
            {
                if (buffer.getLong(offset) != 0)
                {
                    dirtyEnd = (long)endSegment * segmentLength + offset + 8;
                    break;
                }
            }
        }
        zeroRange(end, Math.max(dirtyEnd, end), false);
        int extra = segments.size();
        while (segmentFile(extra).exists())
        {
            IoUtil.deleteIfExists(segmentFile(extra));
            extra++;
        }
        forcedPosition = appendPosition;
        forcedIndex = lastIndex;
    }
}
