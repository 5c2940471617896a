package io.quorumbench.lockfree.raft.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * Body of an AppendEntries response, with the conflict hints of the fast back-off
 * (section 5.3, last paragraphs).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    follower's term (int64)                    |
 *  +---------------------------------------------------------------+
 *  |  index (int64): on success the last index now known to match  |
 *  |  the leader; on reject the prevLogIndex that failed the check |
 *  +---------------------------------------------------------------+
 *  |  conflict index (int64): first index of the conflicting term, |
 *  |  or the follower's last index + 1 when its log is too short   |
 *  +---------------------------------------------------------------+
 *  |  conflict term (int64): follower's term at the rejected index,|
 *  |  0 when its log is too short                                  |
 *  +---------------------------------------------------------------+
 *  |                  success (int32, 0 or 1)                      |
 *  +---------------------------------------------------------------+
 *  |                     reserved (zero)                           |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Little-endian. Not thread-safe.
 */
public final class AppendResponseFlyweight
{
    /** Offset of the term. */
    public static final int TERM_OFFSET = 0;
    /** Offset of the index. */
    public static final int INDEX_OFFSET = 8;
    /** Offset of the conflict index. */
    public static final int CONFLICT_INDEX_OFFSET = 16;
    /** Offset of the conflict term. */
    public static final int CONFLICT_TERM_OFFSET = 24;
    /** Offset of the success flag. */
    public static final int SUCCESS_OFFSET = 32;
    /** Body length in bytes. */
    public static final int BODY_LENGTH = 40;

    private DirectBuffer buffer;
    private int offset;

    /**
     * Wrap a body.
     *
     * @param buffer holding the body.
     * @param offset of the body's first byte.
     * @return this.
     */
    public AppendResponseFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Write the body.
     *
     * @param term          follower's term.
     * @param success       whether the consistency check passed.
     * @param index         matched index (success) or rejected prevLogIndex.
     * @param conflictIndex conflict hint index.
     * @param conflictTerm  conflict hint term.
     * @return this.
     */
    public AppendResponseFlyweight encode(
        final long term, final boolean success, final long index, final long conflictIndex, final long conflictTerm)
    {
        final MutableDirectBuffer out = (MutableDirectBuffer)buffer;
        out.putLong(offset + TERM_OFFSET, term, BYTE_ORDER);
        out.putLong(offset + INDEX_OFFSET, index, BYTE_ORDER);
        out.putLong(offset + CONFLICT_INDEX_OFFSET, conflictIndex, BYTE_ORDER);
        out.putLong(offset + CONFLICT_TERM_OFFSET, conflictTerm, BYTE_ORDER);
        out.putInt(offset + SUCCESS_OFFSET, success ? 1 : 0, BYTE_ORDER);
        out.putInt(offset + SUCCESS_OFFSET + 4, 0, BYTE_ORDER);
        return this;
    }

    /**
     * Follower's term.
     *
     * @return the term.
     */
    public long term()
    {
        return buffer.getLong(offset + TERM_OFFSET, BYTE_ORDER);
    }

    /**
     * Matched index on success, rejected prevLogIndex on reject.
     *
     * @return the index.
     */
    public long index()
    {
        return buffer.getLong(offset + INDEX_OFFSET, BYTE_ORDER);
    }

    /**
     * Conflict hint index.
     *
     * @return the index.
     */
    public long conflictIndex()
    {
        return buffer.getLong(offset + CONFLICT_INDEX_OFFSET, BYTE_ORDER);
    }

    /**
     * Conflict hint term.
     *
     * @return the term.
     */
    public long conflictTerm()
    {
        return buffer.getLong(offset + CONFLICT_TERM_OFFSET, BYTE_ORDER);
    }

    /**
     * Success flag as sent; anything other than 0 or 1 is malformed.
     *
     * @return the raw flag.
     */
    public int successRaw()
    {
        return buffer.getInt(offset + SUCCESS_OFFSET, BYTE_ORDER);
    }
}
