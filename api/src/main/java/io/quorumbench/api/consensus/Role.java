package io.quorumbench.api.consensus;

/** Role of a consensus node (Raft names; Multi-Paxos maps its proposer roles onto them). */
public enum Role
{
    /** Follows a leader, votes, times out into an election. */
    FOLLOWER,
    /** Raft pre-vote phase (thesis section 9.6): asks whether it could win before raising its term. */
    PRE_CANDIDATE,
    /** Asks for votes in a new term. */
    CANDIDATE,
    /** Accepts client commands and replicates them. */
    LEADER
}
