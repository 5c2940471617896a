package io.quorumbench.lockfree.raft.codec;

import io.quorumbench.lockfree.codec.FrameHeaderFlyweight;

/**
 * The Raft frame types, the {@code type} byte of the shared {@link FrameHeaderFlyweight}; each
 * names the body flyweight that follows the header. Another protocol numbers its own types.
 */
public final class RaftFrameType
{
    /** Type: pre-vote request (thesis section 9.6), body {@link VoteRequestFlyweight}. */
    public static final byte TYPE_PRE_VOTE = 1;
    /** Type: pre-vote response, body {@link VoteResponseFlyweight}. */
    public static final byte TYPE_PRE_VOTE_RESPONSE = 2;
    /** Type: RequestVote (section 5.2), body {@link VoteRequestFlyweight}. */
    public static final byte TYPE_REQUEST_VOTE = 3;
    /** Type: RequestVote response, body {@link VoteResponseFlyweight}. */
    public static final byte TYPE_REQUEST_VOTE_RESPONSE = 4;
    /** Type: AppendEntries (section 5.3), also the heartbeat, body {@link AppendEntriesFlyweight}. */
    public static final byte TYPE_APPEND_ENTRIES = 5;
    /** Type: AppendEntries response, body {@link AppendResponseFlyweight}. */
    public static final byte TYPE_APPEND_RESPONSE = 6;

    private RaftFrameType()
    {
    }
}
