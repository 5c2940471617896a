package io.quorumbench.conformance.check;

import java.util.List;

/**
 * The properties of a replicated log that {@link InvariantChecker} checks in one shared scan of
 * every node's log (Raft paper figure 3). Which apply is the protocol's choice:
 * {@link #raft()} for Raft, {@link #consensusNeutral()} for any consensus protocol that commits a
 * log of commands (Multi-Paxos included), whose logs need not match Raft's.
 */
public enum ReplicatedLogInvariant implements Invariant
{
    /** At most one leader per term, over the whole run (Raft §5.2). */
    ELECTION_SAFETY("election safety"),
    /**
     * Two logs with an entry of the same index and term hold the same command there and the same
     * term just before it, hence the same prefix (Raft §5.3).
     */
    LOG_MATCHING("log matching"),
    /** An entry known committed while some node was in term T is in the log of every leader of a later term (Raft §5.4). */
    LEADER_COMPLETENESS("leader completeness"),
    /**
     * A node's committed entries never change and its log is never cut below its commit index; per
     * node incarnation the commit index never decreases and {@code lastApplied <= commitIndex <= lastLogIndex}.
     * Violations are named {@code state machine safety}, {@code commit monotonicity} and {@code commit bounds}.
     */
    COMMITTED_ENTRIES_NEVER_CHANGE("committed entries never change"),
    /**
     * One command per committed index across all nodes, committed indexes contiguous; every node
     * applies the same command at an index, in increasing index order, and none skips an index
     * another node applied (Raft §5.4.3).
     */
    STATE_MACHINE_SAFETY("state machine safety");

    private final String invariantName;

    ReplicatedLogInvariant(final String invariantName)
    {
        this.invariantName = invariantName;
    }

    @Override
    public String invariantName()
    {
        return invariantName;
    }

    /**
     * Every property: what Raft guarantees.
     *
     * @return the list.
     */
    public static List<Invariant> raft()
    {
        return List.of(ELECTION_SAFETY, LOG_MATCHING, LEADER_COMPLETENESS, COMMITTED_ENTRIES_NEVER_CHANGE, STATE_MACHINE_SAFETY);
    }

    /**
     * What every consensus protocol that commits a log guarantees, Raft's log structure aside.
     *
     * @return the list.
     */
    public static List<Invariant> consensusNeutral()
    {
        return List.of(COMMITTED_ENTRIES_NEVER_CHANGE, STATE_MACHINE_SAFETY);
    }
}
