package io.quorumbench.lockfree.raft.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * Body of an AppendEntries request (section 5.3); with no entries it is the heartbeat.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     leader's term (int64)                     |
 *  +---------------------------------------------------------------+
 *  |                    prev log index (int64)                     |
 *  +---------------------------------------------------------------+
 *  |                    prev log term (int64)                      |
 *  +---------------------------------------------------------------+
 *  |                   leader commit (int64)                       |
 *  +---------------------------------------------------------------+
 *  |                     entry count (int32)                       |
 *  +---------------------------------------------------------------+
 *  |              entries length in bytes (int32)                  |
 *  +---------------------------------------------------------------+
 *  |  entry count LogRecordDescriptor records, back to back,      ...
 *  |  each padded to 8 bytes                                      ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Little-endian. Not thread-safe.
 */
public final class AppendEntriesFlyweight
{
    /** Offset of the term. */
    public static final int TERM_OFFSET = 0;
    /** Offset of prevLogIndex. */
    public static final int PREV_LOG_INDEX_OFFSET = 8;
    /** Offset of prevLogTerm. */
    public static final int PREV_LOG_TERM_OFFSET = 16;
    /** Offset of leaderCommit. */
    public static final int LEADER_COMMIT_OFFSET = 24;
    /** Offset of the entry count. */
    public static final int ENTRY_COUNT_OFFSET = 32;
    /** Offset of the entries' total length. */
    public static final int ENTRIES_LENGTH_OFFSET = 36;
    /** Offset of the first entry, also the length of the fixed part. */
    public static final int ENTRIES_OFFSET = 40;

    private DirectBuffer buffer;
    private int offset;

    /**
     * Wrap a body.
     *
     * @param buffer holding the body.
     * @param offset of the body's first byte.
     * @return this.
     */
    public AppendEntriesFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Write the fixed part; the entries are copied in by the caller after it.
     *
     * @param term          leader's term.
     * @param prevLogIndex  index of the entry before the first one sent.
     * @param prevLogTerm   its term.
     * @param leaderCommit  leader's commit index.
     * @param entryCount    number of entries.
     * @param entriesLength total bytes of the entries.
     * @return this.
     */
    public AppendEntriesFlyweight encode(
        final long term,
        final long prevLogIndex,
        final long prevLogTerm,
        final long leaderCommit,
        final int entryCount,
        final int entriesLength)
    {
        final MutableDirectBuffer out = (MutableDirectBuffer)buffer;
        out.putLong(offset + TERM_OFFSET, term, BYTE_ORDER);
        out.putLong(offset + PREV_LOG_INDEX_OFFSET, prevLogIndex, BYTE_ORDER);
        out.putLong(offset + PREV_LOG_TERM_OFFSET, prevLogTerm, BYTE_ORDER);
        out.putLong(offset + LEADER_COMMIT_OFFSET, leaderCommit, BYTE_ORDER);
        out.putInt(offset + ENTRY_COUNT_OFFSET, entryCount, BYTE_ORDER);
        out.putInt(offset + ENTRIES_LENGTH_OFFSET, entriesLength, BYTE_ORDER);
        return this;
    }

    /**
     * Leader's term.
     *
     * @return the term.
     */
    public long term()
    {
        return buffer.getLong(offset + TERM_OFFSET, BYTE_ORDER);
    }

    /**
     * prevLogIndex.
     *
     * @return the index.
     */
    public long prevLogIndex()
    {
        return buffer.getLong(offset + PREV_LOG_INDEX_OFFSET, BYTE_ORDER);
    }

    /**
     * prevLogTerm.
     *
     * @return the term.
     */
    public long prevLogTerm()
    {
        return buffer.getLong(offset + PREV_LOG_TERM_OFFSET, BYTE_ORDER);
    }

    /**
     * leaderCommit.
     *
     * @return the leader's commit index.
     */
    public long leaderCommit()
    {
        return buffer.getLong(offset + LEADER_COMMIT_OFFSET, BYTE_ORDER);
    }

    /**
     * Number of entries.
     *
     * @return the count.
     */
    public int entryCount()
    {
        return buffer.getInt(offset + ENTRY_COUNT_OFFSET, BYTE_ORDER);
    }

    /**
     * Total length of the entries in bytes.
     *
     * @return the length.
     */
    public int entriesLength()
    {
        return buffer.getInt(offset + ENTRIES_LENGTH_OFFSET, BYTE_ORDER);
    }
}
