package io.quorumbench.lockfree.paxos.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * Body of a phase 2a Accept: the leader's commit point and one slot record whose ballot is the proposal's ballot (piggy-backing the commit point, as Raft's leaderCommit).
 *
 * <pre>
 *   +---------------------------------------------------------------+
 *   |  commitSlot (int64)                                           |
 *   +---------------------------------------------------------------+
 *   |  one slot record (SlotRecordDescriptor) ...                   ...
 * </pre>
 *
 * Little-endian. Not thread-safe.
 */
public final class AcceptFlyweight
{
    /** Offset of the highest slot the leader knows chosen, contiguously. */
    public static final int COMMIT_SLOT_OFFSET = 0;
    /** Length of the fixed part in bytes; the records follow. */
    public static final int HEADER_LENGTH = 8;

    private DirectBuffer buffer;
    private int offset;

    /**
     * Wrap a body for reading or (if the buffer is mutable) writing.
     *
     * @param buffer holding the body.
     * @param offset of the body's first byte.
     * @return this.
     */
    public AcceptFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Write the fixed fields.
     *
     * @param commitSlot the highest slot the leader knows chosen, contiguously.
     * @return this.
     */
    public AcceptFlyweight encode(final long commitSlot)
    {
        final MutableDirectBuffer out = (MutableDirectBuffer)buffer;
        out.putLong(offset + COMMIT_SLOT_OFFSET, commitSlot, BYTE_ORDER);
        return this;
    }

    /**
     * The highest slot the leader knows chosen, contiguously.
     *
     * @return the value as encoded.
     */
    public long commitSlot()
    {
        return buffer.getLong(offset + COMMIT_SLOT_OFFSET, BYTE_ORDER);
    }
}
