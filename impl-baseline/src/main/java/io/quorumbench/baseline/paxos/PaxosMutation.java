package io.quorumbench.baseline.paxos;

/**
 * Classic Multi-Paxos bugs that can be planted in a {@link PaxosNode} to check that the
 * conformance kit and the unit tests catch them. Only tests set them (through the package-private
 * {@link BaselinePaxosFactory#withMutations}); production nodes never run with one.
 */
enum PaxosMutation
{
    /** A new leader takes the value of the first promise that reports one, not the highest-ballot one. */
    LEADER_TAKES_FIRST_REPLY,
    /** An acceptor accepts a phase 2a without checking it against its promise. */
    ACCEPT_IGNORES_PROMISE,
    /** A promise is answered but never written to the acceptor log. */
    PROMISE_NOT_PERSISTED,
    /** An acceptor leaves the slots it knows chosen out of its phase 1b answer. */
    PHASE1_OMITS_CHOSEN,
    /** A replica executes a chosen slot although an earlier slot is still unknown. */
    EXECUTE_PAST_HOLE,
    /** A new leader does not fill holes with no-ops. */
    HOLES_NOT_FILLED,
    /** The leader counts phase 2b acks of an earlier ballot of its own for the current proposal. */
    STALE_BALLOT_ACKS,
    /** A command chosen in two slots (a retry) is applied twice. */
    NO_SESSION_DEDUP
}
