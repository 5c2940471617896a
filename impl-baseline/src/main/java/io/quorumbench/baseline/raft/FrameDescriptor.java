package io.quorumbench.baseline.raft;

import io.quorumbench.baseline.codec.FrameHeaderDescriptor;

/**
 * Layout of a baseline Raft frame's body and of an encoded entry; the header in front of every
 * body is the shared {@link FrameHeaderDescriptor}, stamped with {@link #MAGIC} and
 * {@link #VERSION}. Big-endian (the {@code DataOutputStream} order) throughout.
 *
 * <p>Bodies, field by field in record-component order, are:
 * <pre>
 *  PreVote / RequestVote       : term u64, lastLogIndex u64, lastLogTerm u64
 *  PreVoteResponse / Response  : term u64, granted u8 (0|1)
 *  AppendEntries               : term u64, prevLogIndex u64, prevLogTerm u64, leaderCommit u64,
 *                                count u32, count x entry
 *  AppendEntriesResponse       : term u64, success u8, rejectedIndex u64, matchIndex u64,
 *                                conflictTerm u64, conflictIndex u64
 *  InstallSnapshot             : term u64, lastIncludedIndex u64, lastIncludedTerm u64, offset u32,
 *                                totalLength u32, chunkCrc u32 (CRC-32 of data), length u32, data
 *  InstallSnapshotResponse     : term u64, lastIncludedIndex u64, nextOffset u32, done u8 (0|1)
 *  entry                       : term u64, type u8, clientId u64, sequence u64, length u32, command
 * </pre>
 * A body is at most {@link FrameHeaderDescriptor#MAX_BODY_LENGTH}; entries per frame are capped
 * far below that by {@link RaftNode#MAX_APPEND_BYTES}.
 */
public final class FrameDescriptor
{
    /** "QBRF": quorumbench Raft frame. */
    public static final int MAGIC = 0x51425246;
    /** Wire version; a frame of another version is dropped. */
    public static final byte VERSION = 1;
    /** Encoded entry size before its command bytes. */
    public static final int ENTRY_HEADER_LENGTH = 8 + 1 + 8 + 8 + 4;

    private FrameDescriptor()
    {
    }
}
