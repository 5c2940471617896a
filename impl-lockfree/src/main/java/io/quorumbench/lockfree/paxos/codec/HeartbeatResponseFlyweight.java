package io.quorumbench.lockfree.paxos.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * Body of the answer to a heartbeat: the acceptor's promise (above the ballot: the leader is stale) and commit point (below the leader's: send it what it misses).
 *
 * <pre>
 *   +---------------------------------------------------------------+
 *   |  ballot (int64)                                               |
 *   +---------------------------------------------------------------+
 *   |  promised (int64)                                             |
 *   +---------------------------------------------------------------+
 *   |  acceptorCommit (int64)                                       |
 *   +---------------------------------------------------------------+
 * </pre>
 *
 * Little-endian. Not thread-safe.
 */
public final class HeartbeatResponseFlyweight
{
    /** Offset of the the heartbeat's ballot. */
    public static final int BALLOT_OFFSET = 0;
    /** Offset of the the acceptor's promised ballot. */
    public static final int PROMISED_OFFSET = 8;
    /** Offset of the highest slot the acceptor knows chosen, contiguously. */
    public static final int ACCEPTOR_COMMIT_OFFSET = 16;
    /** Body length in bytes. */
    public static final int BODY_LENGTH = 24;

    private DirectBuffer buffer;
    private int offset;

    /**
     * Wrap a body for reading or (if the buffer is mutable) writing.
     *
     * @param buffer holding the body.
     * @param offset of the body's first byte.
     * @return this.
     */
    public HeartbeatResponseFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Write the fixed fields.
     *
     * @param ballot the the heartbeat's ballot.
     * @param promised the the acceptor's promised ballot.
     * @param acceptorCommit the highest slot the acceptor knows chosen, contiguously.
     * @return this.
     */
    public HeartbeatResponseFlyweight encode(final long ballot, final long promised, final long acceptorCommit)
    {
        final MutableDirectBuffer out = (MutableDirectBuffer)buffer;
        out.putLong(offset + BALLOT_OFFSET, ballot, BYTE_ORDER);
        out.putLong(offset + PROMISED_OFFSET, promised, BYTE_ORDER);
        out.putLong(offset + ACCEPTOR_COMMIT_OFFSET, acceptorCommit, BYTE_ORDER);
        return this;
    }

    /**
     * The the heartbeat's ballot.
     *
     * @return the value as encoded.
     */
    public long ballot()
    {
        return buffer.getLong(offset + BALLOT_OFFSET, BYTE_ORDER);
    }

    /**
     * The the acceptor's promised ballot.
     *
     * @return the value as encoded.
     */
    public long promised()
    {
        return buffer.getLong(offset + PROMISED_OFFSET, BYTE_ORDER);
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
