package io.quorumbench.lockfree.raft.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * Body of a RequestVote or pre-vote response.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  term (int64): the voter's term; for a granted pre-vote the   |
 *  |  term of the request                                          |
 *  +---------------------------------------------------------------+
 *  |                  granted (int32, 0 or 1)                      |
 *  +---------------------------------------------------------------+
 *  |                     reserved (zero)                           |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Little-endian. Not thread-safe.
 */
public final class VoteResponseFlyweight
{
    /** Offset of the term. */
    public static final int TERM_OFFSET = 0;
    /** Offset of the granted flag. */
    public static final int GRANTED_OFFSET = 8;
    /** Body length in bytes. */
    public static final int BODY_LENGTH = 16;

    private DirectBuffer buffer;
    private int offset;

    /**
     * Wrap a body.
     *
     * @param buffer holding the body.
     * @param offset of the body's first byte.
     * @return this.
     */
    public VoteResponseFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Write the body.
     *
     * @param term    term.
     * @param granted whether the vote is granted.
     * @return this.
     */
    public VoteResponseFlyweight encode(final long term, final boolean granted)
    {
        final MutableDirectBuffer out = (MutableDirectBuffer)buffer;
        out.putLong(offset + TERM_OFFSET, term, BYTE_ORDER);
        out.putInt(offset + GRANTED_OFFSET, granted ? 1 : 0, BYTE_ORDER);
        out.putInt(offset + GRANTED_OFFSET + 4, 0, BYTE_ORDER);
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
     * Granted flag as sent; anything other than 0 or 1 is malformed.
     *
     * @return the raw flag.
     */
    public int grantedRaw()
    {
        return buffer.getInt(offset + GRANTED_OFFSET, BYTE_ORDER);
    }
}
