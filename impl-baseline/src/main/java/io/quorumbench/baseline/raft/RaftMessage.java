package io.quorumbench.baseline.raft;

import java.util.List;

/**
 * The Raft RPCs as plain records (Raft paper figure 2, plus pre-vote from thesis section 9.6).
 * Every message carries the sender's term; the sender id travels in the frame header.
 */
public sealed interface RaftMessage
{
    /** Frame type codes, one per message kind. */
    byte PRE_VOTE = 1;
    /** Frame type of {@link PreVoteResponse}. */
    byte PRE_VOTE_RESPONSE = 2;
    /** Frame type of {@link RequestVote}. */
    byte REQUEST_VOTE = 3;
    /** Frame type of {@link RequestVoteResponse}. */
    byte REQUEST_VOTE_RESPONSE = 4;
    /** Frame type of {@link AppendEntries}. */
    byte APPEND_ENTRIES = 5;
    /** Frame type of {@link AppendEntriesResponse}. */
    byte APPEND_ENTRIES_RESPONSE = 6;
    /** Type of {@link InstallSnapshot}. */
    byte INSTALL_SNAPSHOT = 7;
    /** Type of {@link InstallSnapshotResponse}. */
    byte INSTALL_SNAPSHOT_RESPONSE = 8;

    /**
     * Term carried by the message.
     *
     * @return the term.
     */
    long term();

    /**
     * The frame type code.
     *
     * @return one of the constants above.
     */
    byte type();

    /**
     * "Could I win an election in {@code term}?" Does not change the receiver's term (thesis 9.6).
     *
     * @param term         the term the sender would campaign in (its current term + 1).
     * @param lastLogIndex sender's last log index.
     * @param lastLogTerm  term of the sender's last entry.
     */
    record PreVote(long term, long lastLogIndex, long lastLogTerm) implements RaftMessage
    {
        @Override
        public byte type()
        {
            return PRE_VOTE;
        }
    }

    /**
     * Answer to {@link PreVote}.
     *
     * @param term    the pre-vote's term if granted, else the receiver's current term.
     * @param granted whether the receiver would vote.
     */
    record PreVoteResponse(long term, boolean granted) implements RaftMessage
    {
        @Override
        public byte type()
        {
            return PRE_VOTE_RESPONSE;
        }
    }

    /**
     * RequestVote RPC (section 5.2).
     *
     * @param term         candidate's term.
     * @param lastLogIndex candidate's last log index.
     * @param lastLogTerm  term of the candidate's last entry.
     */
    record RequestVote(long term, long lastLogIndex, long lastLogTerm) implements RaftMessage
    {
        @Override
        public byte type()
        {
            return REQUEST_VOTE;
        }
    }

    /**
     * Answer to {@link RequestVote}.
     *
     * @param term    receiver's current term.
     * @param granted whether the vote was granted.
     */
    record RequestVoteResponse(long term, boolean granted) implements RaftMessage
    {
        @Override
        public byte type()
        {
            return REQUEST_VOTE_RESPONSE;
        }
    }

    /**
     * AppendEntries RPC (section 5.3); empty {@code entries} is a heartbeat.
     *
     * @param term         leader's term.
     * @param prevLogIndex index of the entry before the first new one.
     * @param prevLogTerm  term of that entry.
     * @param leaderCommit leader's commit index.
     * @param entries      entries to store, possibly none.
     */
    record AppendEntries(long term, long prevLogIndex, long prevLogTerm, long leaderCommit, List<Entry> entries)
        implements RaftMessage
    {
        @Override
        public byte type()
        {
            return APPEND_ENTRIES;
        }
    }

    /**
     * Answer to {@link AppendEntries}. On rejection the hints implement the fast back-off the paper
     * sketches at the end of section 5.3: the leader skips a whole conflicting term per round trip.
     *
     * @param term          receiver's current term.
     * @param success       whether the entries were stored.
     * @param rejectedIndex the request's {@code prevLogIndex}, so a stale rejection can be told apart.
     * @param matchIndex    on success, the index up to which the receiver's log matches the leader's.
     * @param conflictTerm  on rejection, the receiver's term at {@code prevLogIndex}, 0 if it has no entry there.
     * @param conflictIndex on rejection, the first index of {@code conflictTerm} in the receiver's log, or its
     *                      last index + 1 when its log is too short.
     */
    record AppendEntriesResponse(
        long term, boolean success, long rejectedIndex, long matchIndex, long conflictTerm, long conflictIndex)
        implements RaftMessage
    {
        @Override
        public byte type()
        {
            return APPEND_ENTRIES_RESPONSE;
        }
    }

    /**
     * One chunk of the leader's snapshot (Raft section 7), for a follower whose next entry the
     * leader no longer holds.
     *
     * @param term              leader's term.
     * @param lastIncludedIndex index of the last entry the snapshot covers.
     * @param lastIncludedTerm  its term.
     * @param offset            position of {@code data} in the image.
     * @param totalLength       length of the whole image.
     * @param chunkCrc          CRC-32 of {@code data}; a chunk that does not match is rejected.
     * @param data              the chunk.
     */
    record InstallSnapshot(
        long term, long lastIncludedIndex, long lastIncludedTerm, int offset, int totalLength, int chunkCrc, byte[] data)
        implements RaftMessage
    {
        @Override
        public byte type()
        {
            return INSTALL_SNAPSHOT;
        }
    }

    /**
     * A follower's answer to a chunk: how far it holds the image, so the transfer resumes there.
     *
     * @param term              follower's term.
     * @param lastIncludedIndex the snapshot the answer is about.
     * @param nextOffset        the image offset the follower wants next.
     * @param done              the follower holds the snapshot (installed now or already covered).
     */
    record InstallSnapshotResponse(long term, long lastIncludedIndex, int nextOffset, boolean done) implements RaftMessage
    {
        @Override
        public byte type()
        {
            return INSTALL_SNAPSHOT_RESPONSE;
        }
    }
}
