package io.quorumbench.lockfree.paxos.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * Body of a leader's heartbeat: its ballot and commit point.
 *
 * <pre>
 *   +---------------------------------------------------------------+
 *   |  ballot (int64)                                               |
 *   +---------------------------------------------------------------+
 *   |  commitSlot (int64)                                           |
 *   +---------------------------------------------------------------+
 * </pre>
 *
 * Little-endian. Not thread-safe.
 */
public final class HeartbeatFlyweight
{
    /** Offset of the the leader's ballot. */
    public static final int BALLOT_OFFSET = 0;
    /** Offset of the highest slot the leader knows chosen, contiguously. */
    public static final int COMMIT_SLOT_OFFSET = 8;
    /** Body length in bytes. */
    public static final int BODY_LENGTH = 16;

    private DirectBuffer buffer;
    private int offset;

    /**
     * Wrap a body for reading or (if the buffer is mutable) writing.
     *
     * @param buffer holding the body.
     * @param offset of the body's first byte.
     * @return this.
     */
    public HeartbeatFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Write the fixed fields.
     *
     * @param ballot the the leader's ballot.
     * @param commitSlot the highest slot the leader knows chosen, contiguously.
     * @return this.
     */
    public HeartbeatFlyweight encode(final long ballot, final long commitSlot)
    {
        final MutableDirectBuffer out = (MutableDirectBuffer)buffer;
        out.putLong(offset + BALLOT_OFFSET, ballot, BYTE_ORDER);
        out.putLong(offset + COMMIT_SLOT_OFFSET, commitSlot, BYTE_ORDER);
        return this;
    }

    /**
     * The the leader's ballot.
     *
     * @return the value as encoded.
     */
    public long ballot()
    {
        return buffer.getLong(offset + BALLOT_OFFSET, BYTE_ORDER);
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
