package io.quorumbench.baseline.raft;

/**
 * Layout of a baseline Raft frame and of an encoded entry. Big-endian (the
 * {@code DataOutputStream} order) throughout.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                         magic 'QBRF'                          |
 *  +---------------+---------------+-------------------------------+
 *  |    version    |     type      |                               |
 *  +---------------+---------------+                               |
 *  |                          cluster id                           |
 *  +                               +-------------------------------+
 *  |                               |                               |
 *  +-------------------------------+                               |
 *  |                        from node id                           |
 *  +                               +-------------------------------+
 *  |                               |                               |
 *  +-------------------------------+                               |
 *  |                        body length                            |
 *  +                               +-------------------------------+
 *  |                               |                               |
 *  +-------------------------------+                               |
 *  |            CRC32 of bytes 0..17 and of the body               |
 *  +                               +-------------------------------+
 *  |                               |   body (message fields) ...   |
 *  +-------------------------------+-------------------------------+
 * </pre>
 *
 * <p>The CRC covers the header too, so a flipped bit in the type, cluster or sender is caught,
 * not misread. Bodies, field by field in record-component order, are:
 * <pre>
 *  PreVote / RequestVote       : term u64, lastLogIndex u64, lastLogTerm u64
 *  PreVoteResponse / Response  : term u64, granted u8 (0|1)
 *  AppendEntries               : term u64, prevLogIndex u64, prevLogTerm u64, leaderCommit u64,
 *                                count u32, count x entry
 *  AppendEntriesResponse       : term u64, success u8, rejectedIndex u64, matchIndex u64,
 *                                conflictTerm u64, conflictIndex u64
 *  entry                       : term u64, type u8, clientId u64, sequence u64, length u32, command
 * </pre>
 */
public final class FrameDescriptor
{
    /** "QBRF": quorumbench Raft frame. */
    public static final int MAGIC = 0x51425246;
    /** Wire version; a frame of another version is dropped. */
    public static final byte VERSION = 1;
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the version. */
    public static final int VERSION_OFFSET = 4;
    /** Offset of the type. */
    public static final int TYPE_OFFSET = 5;
    /** Offset of the cluster id. */
    public static final int CLUSTER_ID_OFFSET = 6;
    /** Offset of the sender id. */
    public static final int FROM_OFFSET = 10;
    /** Offset of the body length. */
    public static final int BODY_LENGTH_OFFSET = 14;
    /** Offset of the CRC32. */
    public static final int CRC_OFFSET = 18;
    /** Header length; the body follows. */
    public static final int HEADER_LENGTH = 22;
    /** Encoded entry size before its command bytes. */
    public static final int ENTRY_HEADER_LENGTH = 8 + 1 + 8 + 8 + 4;
    /**
     * Largest body accepted: far above any legal frame (entries per frame are capped by
     * {@link RaftNode#MAX_APPEND_BYTES}), so only garbage exceeds it.
     */
    public static final int MAX_BODY_LENGTH = 64 * 1024 * 1024;

    private FrameDescriptor()
    {
    }
}
