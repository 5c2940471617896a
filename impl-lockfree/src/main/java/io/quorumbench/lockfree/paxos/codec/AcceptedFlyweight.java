package io.quorumbench.lockfree.paxos.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * Body of a phase 2b Accepted: the acceptor accepted every slot from firstSlot to lastSlot in ballot, or (promised above ballot) refused; it also reports its own commit point so the leader can send a lagging acceptor what it misses.
 *
 * <pre>
 *   +---------------------------------------------------------------+
 *   |  ballot (int64)                                               |
 *   +---------------------------------------------------------------+
 *   |  promised (int64)                                             |
 *   +---------------------------------------------------------------+
 *   |  firstSlot (int64)                                            |
 *   +---------------------------------------------------------------+
 *   |  lastSlot (int64)                                             |
 *   +---------------------------------------------------------------+
 *   |  acceptorCommit (int64)                                       |
 *   +---------------------------------------------------------------+
 * </pre>
 *
 * Little-endian. Not thread-safe.
 */
public final class AcceptedFlyweight
{
    /** Offset of the the ballot of the accepts answered. */
    public static final int BALLOT_OFFSET = 0;
    /** Offset of the the acceptor's promised ballot; above ballot means refused. */
    public static final int PROMISED_OFFSET = 8;
    /** Offset of the first slot accepted. */
    public static final int FIRST_SLOT_OFFSET = 16;
    /** Offset of the last slot accepted. */
    public static final int LAST_SLOT_OFFSET = 24;
    /** Offset of the highest slot the acceptor knows chosen, contiguously. */
    public static final int ACCEPTOR_COMMIT_OFFSET = 32;
    /** Body length in bytes. */
    public static final int BODY_LENGTH = 40;

    private DirectBuffer buffer;
    private int offset;

    /**
     * Wrap a body for reading or (if the buffer is mutable) writing.
     *
     * @param buffer holding the body.
     * @param offset of the body's first byte.
     * @return this.
     */
    public AcceptedFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Write the fixed fields.
     *
     * @param ballot the the ballot of the accepts answered.
     * @param promised the the acceptor's promised ballot; above ballot means refused.
     * @param firstSlot the first slot accepted.
     * @param lastSlot the last slot accepted.
     * @param acceptorCommit the highest slot the acceptor knows chosen, contiguously.
     * @return this.
     */
    public AcceptedFlyweight encode(final long ballot, final long promised, final long firstSlot, final long lastSlot, final long acceptorCommit)
    {
        final MutableDirectBuffer out = (MutableDirectBuffer)buffer;
        out.putLong(offset + BALLOT_OFFSET, ballot, BYTE_ORDER);
        out.putLong(offset + PROMISED_OFFSET, promised, BYTE_ORDER);
        out.putLong(offset + FIRST_SLOT_OFFSET, firstSlot, BYTE_ORDER);
        out.putLong(offset + LAST_SLOT_OFFSET, lastSlot, BYTE_ORDER);
        out.putLong(offset + ACCEPTOR_COMMIT_OFFSET, acceptorCommit, BYTE_ORDER);
        return this;
    }

    /**
     * The the ballot of the accepts answered.
     *
     * @return the value as encoded.
     */
    public long ballot()
    {
        return buffer.getLong(offset + BALLOT_OFFSET, BYTE_ORDER);
    }

    /**
     * The the acceptor's promised ballot; above ballot means refused.
     *
     * @return the value as encoded.
     */
    public long promised()
    {
        return buffer.getLong(offset + PROMISED_OFFSET, BYTE_ORDER);
    }

    /**
     * The first slot accepted.
     *
     * @return the value as encoded.
     */
    public long firstSlot()
    {
        return buffer.getLong(offset + FIRST_SLOT_OFFSET, BYTE_ORDER);
    }

    /**
     * The last slot accepted.
     *
     * @return the value as encoded.
     */
    public long lastSlot()
    {
        return buffer.getLong(offset + LAST_SLOT_OFFSET, BYTE_ORDER);
    }

    /**
     * The highest slot the acceptor knows chosen, contiguously.
     *
     * @return the value as encoded.
     */
    public long acceptorCommit()
    {
        return buffer.getLong(offset + ACCEPTOR_COMMIT_OFFSET, BYTE_ORDER);
    }
}
