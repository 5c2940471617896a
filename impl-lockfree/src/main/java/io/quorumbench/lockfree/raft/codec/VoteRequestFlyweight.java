package io.quorumbench.lockfree.raft.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * Body of a RequestVote (section 5.2) or pre-vote (thesis section 9.6) request.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  term (int64): the candidate's term, or for a pre-vote the    |
 *  |  term it would campaign in (its current term + 1)             |
 *  +---------------------------------------------------------------+
 *  |                   last log index (int64)                      |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   last log term (int64)                       |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Little-endian. Not thread-safe.
 */
public final class VoteRequestFlyweight
{
    /** Offset of the term. */
    public static final int TERM_OFFSET = 0;
    /** Offset of the last log index. */
    public static final int LAST_LOG_INDEX_OFFSET = 8;
    /** Offset of the last log term. */
    public static final int LAST_LOG_TERM_OFFSET = 16;
    /** Body length in bytes. */
    public static final int BODY_LENGTH = 24;

    private DirectBuffer buffer;
    private int offset;

    /**
     * Wrap a body.
     *
     * @param buffer holding the body.
     * @param offset of the body's first byte.
     * @return this.
     */
    public VoteRequestFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Write the body.
     *
     * @param term         term.
     * @param lastLogIndex candidate's last log index.
     * @param lastLogTerm  candidate's last log term.
     * @return this.
     */
    public VoteRequestFlyweight encode(final long term, final long lastLogIndex, final long lastLogTerm)
    {
        final MutableDirectBuffer out = (MutableDirectBuffer)buffer;
        out.putLong(offset + TERM_OFFSET, term, BYTE_ORDER);
        out.putLong(offset + LAST_LOG_INDEX_OFFSET, lastLogIndex, BYTE_ORDER);
        out.putLong(offset + LAST_LOG_TERM_OFFSET, lastLogTerm, BYTE_ORDER);
        return this;
    }

    /**
     * Term.
     *
     * @return the term.
     */
    public long term()
    {
        return buffer.getLong(offset + TERM_OFFSET, BYTE_ORDER);
    }

    /**
     * Candidate's last log index.
     *
     * @return the index.
     */
    public long lastLogIndex()
    {
        return buffer.getLong(offset + LAST_LOG_INDEX_OFFSET, BYTE_ORDER);
    }

    /**
     * Candidate's last log term.
     *
     * @return the term.
     */
    public long lastLogTerm()
    {
        return buffer.getLong(offset + LAST_LOG_TERM_OFFSET, BYTE_ORDER);
    }
}
