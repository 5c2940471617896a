package io.quorumbench.lockfree.paxos;

import io.quorumbench.lockfree.codec.Crc32cChecksum;
import io.quorumbench.lockfree.paxos.codec.SlotRecordDescriptor;
import io.quorumbench.lockfree.storage.MappingPretoucher;
import io.quorumbench.lockfree.storage.NextSegment;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * The acceptor's durable log of accepted values, with holes: slot → (ballot, value).
 *
 * <p><b>Layout</b>: an append-only sequence of {@link SlotRecordDescriptor} records in memory-mapped
 * segment files {@code paxos-log-NNNNNNNN.seg} of {@code segmentLength} bytes, created sparse. A
 * slot accepted again in a higher ballot gets a new record; the newest record of a slot wins.
 * Slots arrive in any order, so a slot never accepted is simply a slot without a record (a hole).
 * Records never straddle segments: one that does not fit is preceded by a padding marker.
 *
 * <p><b>Index</b>: per slot the position of its newest record (+1, so 0 is a hole), its ballot,
 * and a volatile field the core uses (the number of commands chosen before the slot), in off-heap
 * chunks of {@link #INDEX_CHUNK_SLOTS} slots allocated as slots grow: nothing on the Java heap per
 * slot. The index is derived and rebuilt from the records on open.
 *
 * <p><b>Recovery</b>: segments are scanned in order; the log ends at the first record that is
 * all zero, torn or fails its CRC32C. What follows is zeroed and later segments deleted.
 *
 * <p><b>Pre-touch</b>: with {@code preTouch} the next segment file is created, mapped and its pages
 * touched on a background thread ({@link MappingPretoucher}) from the moment the log opens and
 * again whenever a segment is taken, so appends never take the page faults of fresh pages. Without
 * it, each roll-over into a fresh 16 MiB segment faulted 4,096 pages on the node thread: at
 * 125k commands/s in-process p99 was 8.8 ms against the Raft log's 37 µs in the same session.
 *
 * <p><b>Durability</b>: {@link #force()} msyncs the bytes appended since the last force;
 * {@link #crash(boolean)} with power loss cuts the files back to the last forced position.
 *
 * <p>Not thread-safe: owned by one node thread.
 */
public final class MappedSlotLog implements AutoCloseable
{
    /** Slots per index chunk (a power of two). */
    public static final int INDEX_CHUNK_SLOTS = 1 << 16;
    private static final int CHUNK_SHIFT = Integer.numberOfTrailingZeros(INDEX_CHUNK_SLOTS);
    private static final int CHUNK_MASK = INDEX_CHUNK_SLOTS - 1;
    private static final int ENTRY_LENGTH = 3 * Long.BYTES;
    private static final int POSITION_OFFSET = 0;
    private static final int BALLOT_OFFSET = 8;
    private static final int MARK_OFFSET = 16;
    private static final String PREFIX = "paxos-log-";
    private static final String SUFFIX = ".seg";

    private final Path dir;
    private final int segmentLength;
    private final int maxValueLength;
    private final Crc32cChecksum crc;
    private final boolean preTouch;
    private final NextSegment nextSegment;
    private final ArrayList<MappedByteBuffer> mappings = new ArrayList<>();
    private final ArrayList<UnsafeBuffer> segments = new ArrayList<>();
    private final ArrayList<UnsafeBuffer> indexChunks = new ArrayList<>();
    private long appendPosition;
    private long forcedPosition;
    private long highestSlot;
    private long maxBallot;
    private boolean closed;

    /**
     * Open (and recover) the log in a directory.
     *
     * @param dir            directory of the segments, created if absent.
     * @param segmentLength  bytes per segment; must hold the largest record.
     * @param maxValueLength largest value accepted, bytes.
     * @param crc            checksum helper of the owning thread.
     */
    public MappedSlotLog(final Path dir, final int segmentLength, final int maxValueLength, final Crc32cChecksum crc)
    {
        this(dir, segmentLength, maxValueLength, crc, false);
    }

    /**
     * Open (and recover) the log in a directory.
     *
     * @param dir            directory of the segments, created if absent.
     * @param segmentLength  bytes per segment; must hold the largest record.
     * @param maxValueLength largest value accepted, bytes.
     * @param crc            checksum helper of the owning thread.
     * @param preTouch       whether the next segment is created, mapped and touched in the
     *                       background ahead of need ({@link MappingPretoucher}).
     */
    public MappedSlotLog(
        final Path dir,
        final int segmentLength,
        final int maxValueLength,
        final Crc32cChecksum crc,
        final boolean preTouch)
    {
        if (SlotRecordDescriptor.recordLength(maxValueLength) + SlotRecordDescriptor.HEADER_LENGTH > segmentLength)
        {
            throw new IllegalArgumentException(
                "segmentLength " + segmentLength + " cannot hold a value of " + maxValueLength + " bytes");
        }
        this.dir = dir;
        this.segmentLength = segmentLength;
        this.maxValueLength = maxValueLength;
        this.crc = crc;
        this.preTouch = preTouch;
        this.nextSegment = new NextSegment(this::segmentFile, segmentLength);
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create log directory " + dir, ex);
        }
        indexChunk(1);
        recover();
        if (preTouch)
        {
            nextSegment.prepare(segments.size());
        }
    }

    /**
     * Highest slot holding a record.
     *
     * @return the slot, 0 if none.
     */
    public long highestSlot()
    {
        return highestSlot;
    }

    /**
     * Highest ballot of any record (an acceptor's promise is at least this).
     *
     * @return the packed ballot, 0 if none.
     */
    public long maxBallot()
    {
        return maxBallot;
    }

    /**
     * Ballot a slot was last accepted in.
     *
     * @param slot slot >= 1.
     * @return the packed ballot, 0 for a hole.
     */
    public long ballotAt(final long slot)
    {
        if (slot < 1 || slot > highestSlot)
        {
            return 0;
        }
        return entryChunk(slot).getLong(entryOffset(slot) + BALLOT_OFFSET, BYTE_ORDER);
    }

    /**
     * The buffer holding a slot's newest record; {@link #recordOffset(long)} gives where.
     *
     * @param slot a slot that is not a hole.
     * @return the segment buffer.
     */
    public UnsafeBuffer recordBuffer(final long slot)
    {
        return segments.get((int)(position(slot) / segmentLength));
    }

    /**
     * Offset of a slot's newest record in {@link #recordBuffer(long)}.
     *
     * @param slot a slot that is not a hole.
     * @return the offset.
     */
    public int recordOffset(final long slot)
    {
        return (int)(position(slot) % segmentLength);
    }

    /**
     * A value the core keeps per slot while the node runs (not persisted, reset on open).
     *
     * @param slot slot in 1..{@link #highestSlot()}.
     * @return the value, 0 if never set.
     */
    public long mark(final long slot)
    {
        return entryChunk(slot).getLong(entryOffset(slot) + MARK_OFFSET, BYTE_ORDER);
    }

    /**
     * Set the per-slot value of {@link #mark(long)}.
     *
     * @param slot  slot in 1..{@link #highestSlot()}.
     * @param value the value.
     */
    public void mark(final long slot, final long value)
    {
        entryChunk(slot).putLong(entryOffset(slot) + MARK_OFFSET, value, BYTE_ORDER);
    }

    /**
     * Append a record for a value accepted in a ballot.
     *
     * @param slot        slot >= 1.
     * @param ballot      ballot.
     * @param value       buffer holding the value.
     * @param valueOffset first byte.
     * @param valueLength value bytes, at most the maximum.
     */
    public void append(
        final long slot, final long ballot, final DirectBuffer value, final int valueOffset, final int valueLength)
    {
        final int length = SlotRecordDescriptor.recordLength(valueLength);
        final UnsafeBuffer segment = reserve(length);
        final int offset = (int)(appendPosition % segmentLength);
        SlotRecordDescriptor.encode(segment, offset, slot, ballot, value, valueOffset, valueLength, crc);
        index(slot, ballot, appendPosition);
        appendPosition += length;
    }

    /**
     * Append a record as it arrived (already validated), e.g. from a phase 2a frame.
     *
     * @param buffer holding the record.
     * @param offset first byte.
     * @param length record length.
     */
    public void appendRecord(final DirectBuffer buffer, final int offset, final int length)
    {
        final UnsafeBuffer segment = reserve(length);
        segment.putBytes((int)(appendPosition % segmentLength), buffer, offset, length);
        index(SlotRecordDescriptor.slot(buffer, offset), SlotRecordDescriptor.ballot(buffer, offset), appendPosition);
        appendPosition += length;
    }

    /** Force what was appended since the last force to disk. */
    public void force()
    {
        while (forcedPosition < appendPosition)
        {
            final int segment = (int)(forcedPosition / segmentLength);
            final int from = (int)(forcedPosition % segmentLength);
            final long segmentEnd = (long)(segment + 1) * segmentLength;
            final int to = (int)(Math.min(appendPosition, segmentEnd) - (long)segment * segmentLength);
            mappings.get(segment).force(from, to - from);
            forcedPosition = Math.min(appendPosition, segmentEnd);
        }
    }

    /**
     * Whether everything appended is forced.
     *
     * @return true if nothing is pending.
     */
    public boolean isForced()
    {
        return forcedPosition >= appendPosition;
    }

    /**
     * Release the files as a killed process would; with power loss, cut them back to the last
     * forced position first.
     *
     * @param powerLoss whether un-forced appends are lost.
     */
    public void crash(final boolean powerLoss)
    {
        if (closed)
        {
            return;
        }
        if (powerLoss)
        {
            zeroRange(forcedPosition, appendPosition);
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
        // A preparation owns its file until done: wait for it so nothing touches the directory
        // after we return. A clean close leaves exactly the log; a crash leaves the prepared
        // segment as a killed process would, all zeros, which recovery treats as past the end.
        nextSegment.discard(deletePrepared);
        for (final MappedByteBuffer mapping : mappings)
        {
            IoUtil.unmap(mapping);
        }
        mappings.clear();
        segments.clear();
        indexChunks.clear();
    }

    private long position(final long slot)
    {
        final long stored = entryChunk(slot).getLong(entryOffset(slot) + POSITION_OFFSET, BYTE_ORDER);
        if (0 == stored)
        {
            throw new IllegalArgumentException("slot " + slot + " is a hole");
        }
        return stored - 1;
    }

    private void index(final long slot, final long ballot, final long position)
    {
        final UnsafeBuffer chunk = indexChunk(slot);
        final int offset = entryOffset(slot);
        chunk.putLong(offset + POSITION_OFFSET, position + 1, BYTE_ORDER);
        chunk.putLong(offset + BALLOT_OFFSET, ballot, BYTE_ORDER);
        highestSlot = Math.max(highestSlot, slot);
        maxBallot = Math.max(maxBallot, ballot);
    }

    private UnsafeBuffer entryChunk(final long slot)
    {
        return indexChunks.get((int)(slot >>> CHUNK_SHIFT));
    }

    private static int entryOffset(final long slot)
    {
        return (int)(slot & CHUNK_MASK) * ENTRY_LENGTH;
    }

    private UnsafeBuffer indexChunk(final long slot)
    {
        final int chunk = (int)(slot >>> CHUNK_SHIFT);
        while (indexChunks.size() <= chunk)
        {
            // Off-heap and zeroed: a few small objects per 65,536 slots, nothing per slot.
            indexChunks.add(new UnsafeBuffer(ByteBuffer.allocateDirect(INDEX_CHUNK_SLOTS * ENTRY_LENGTH)));
        }
        return indexChunks.get(chunk);
    }

    private UnsafeBuffer reserve(final int length)
    {
        int segment = (int)(appendPosition / segmentLength);
        final int offset = (int)(appendPosition % segmentLength);
        if (segment < segments.size() && offset + length + SlotRecordDescriptor.HEADER_LENGTH > segmentLength)
        {
            segments.get(segment).putInt(offset + SlotRecordDescriptor.VALUE_LENGTH_OFFSET, SlotRecordDescriptor.PADDING,
                BYTE_ORDER);
            segment++;
            appendPosition = (long)segment * segmentLength;
        }
        while (segments.size() <= segment)
        {
            mapSegment(segments.size(), true);
        }
        return segments.get(segment);
    }

    private void mapSegment(final int number, final boolean create)
    {
        MappedByteBuffer mapping = create ? nextSegment.take(number) : null;
        if (null == mapping)
        {
            final File file = segmentFile(number);
            mapping = create && !file.exists() ?
                IoUtil.mapNewFile(file, segmentLength, false) : IoUtil.mapExistingFile(file, "paxos log segment");
        }
        mappings.add(mapping);
        segments.add(new UnsafeBuffer(mapping));
        if (create && preTouch)
        {
            nextSegment.prepare(number + 1);
        }
    }

    private File segmentFile(final int number)
    {
        return dir.resolve(String.format("%s%08d%s", PREFIX, number, SUFFIX)).toFile();
    }

    private void recover()
    {
        int number = 0;
        while (segmentFile(number).exists() && segmentFile(number).length() == segmentLength)
        {
            mapSegment(number, false);
            number++;
        }
        long position = 0;
        scan:
        for (int s = 0; s < segments.size(); s++)
        {
            final UnsafeBuffer segment = segments.get(s);
            int offset = 0;
            position = (long)s * segmentLength;
            while (offset + SlotRecordDescriptor.HEADER_LENGTH <= segmentLength)
            {
                if (SlotRecordDescriptor.PADDING == SlotRecordDescriptor.valueLength(segment, offset))
                {
                    position = (long)(s + 1) * segmentLength;
                    continue scan;
                }
                final int length = SlotRecordDescriptor.validate(segment, offset, segmentLength - offset, maxValueLength, crc);
                if (length < 0)
                {
                    break scan;
                }
                final long slot = SlotRecordDescriptor.slot(segment, offset);
                final long ballot = SlotRecordDescriptor.ballot(segment, offset);
                if (ballot >= ballotAt(slot))
                {
                    index(slot, ballot, position);
                }
                offset += length;
                position += length;
            }
            break;
        }
        appendPosition = position;
        forcedPosition = position;
        if (!segments.isEmpty() && position < (long)segments.size() * segmentLength)
        {
            // A torn record reaches at most one largest record past the end; zeroing only that
            // much keeps the sparse segment sparse.
            final long segmentEnd = (position / segmentLength + 1) * segmentLength;
            zeroRange(position, Math.min(segmentEnd,
                position + SlotRecordDescriptor.recordLength(maxValueLength) + SlotRecordDescriptor.HEADER_LENGTH));
        }
        // Segments past the end hold nothing valid; a stale record there must never reappear.
        final int keep = appendPosition == 0 ? 0 : (int)((appendPosition - 1) / segmentLength) + 1;
        while (segments.size() > Math.max(keep, 1))
        {
            final int last = segments.size() - 1;
            IoUtil.unmap(mappings.remove(last));
            segments.remove(last);
            IoUtil.delete(segmentFile(last), true);
        }
        for (int n = segments.size(); segmentFile(n).exists(); n++)
        {
            IoUtil.delete(segmentFile(n), true);
        }
    }

    private void zeroRange(final long from, final long to)
    {
        long position = from;
        while (position < to)
        {
            final int segment = (int)(position / segmentLength);
            if (segment >= segments.size())
            {
                return;
            }
            final int start = (int)(position % segmentLength);
            final int end = (int)(Math.min(to, (long)(segment + 1) * segmentLength) - (long)segment * segmentLength);
            segments.get(segment).setMemory(start, end - start, (byte)0);
            position = (long)segment * segmentLength + end;
        }
    }
}
