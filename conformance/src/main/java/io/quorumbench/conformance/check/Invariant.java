package io.quorumbench.conformance.check;

import io.quorumbench.api.consensus.ProtocolNode;

/**
 * A safety property the {@link InvariantChecker} checks after every step of a simulation. A
 * protocol picks its list: Raft takes every {@link ReplicatedLogInvariant}, a protocol without
 * Raft's log structure (Multi-Paxos) the {@link ReplicatedLogInvariant#consensusNeutral()
 * consensus-neutral} ones, and a state machine may add its own (a lock service: one holder per
 * lock at any log position; fencing tokens increase).
 *
 * <p>The built-in {@link ReplicatedLogInvariant}s are checked by the checker's shared scan of the
 * logs; any other invariant is called on the hooks below, after the built-in checks, and reports a
 * violation with {@link InvariantChecker#violation}, which throws (or counts, in relaxed mode).
 * {@link #onApplied} runs before the built-in checks of that apply, {@link #afterStep} after the
 * built-in checks of that step.
 *
 * <p>Single-threaded, like the simulation. An invariant that keeps state returns a fresh instance
 * from {@link #forNewRun()}, which the checker calls once per run.
 */
public interface Invariant
{
    /**
     * The instance a new run checks with: {@code this} if the invariant keeps no state.
     *
     * @return an instance with no state of an earlier run.
     */
    default Invariant forNewRun()
    {
        return this;
    }

    /**
     * The property's name, as violations name it (e.g. {@code "election safety"}).
     *
     * @return the name.
     */
    String invariantName();

    /**
     * A node was rebuilt after a crash: forget its volatile state.
     *
     * @param checker the checker (nodes, reporting).
     * @param nodeId  the node.
     */
    default void onRestart(final InvariantChecker checker, final int nodeId)
    {
    }

    /**
     * A node was rebuilt after a crash, knowing whether the crash was a power loss (what the node had
     * appended but not forced is gone: under fsync {@code BATCH} that is allowed for anything the node
     * had not yet acknowledged).
     *
     * @param checker   the checker (nodes, reporting).
     * @param nodeId    the node.
     * @param powerLoss whether the crash lost what was not forced.
     */
    default void onRestart(final InvariantChecker checker, final int nodeId, final boolean powerLoss)
    {
        onRestart(checker, nodeId);
    }

    /**
     * A node's state machine was given a command.
     *
     * @param checker the checker (nodes, reporting).
     * @param nodeId  the node.
     * @param index   log index (or slot) given to the state machine.
     * @param command the command, a copy the invariant may keep.
     */
    default void onApplied(final InvariantChecker checker, final int nodeId, final long index, final byte[] command)
    {
    }

    /**
     * A step touched a live node (an event, or the full check after healing and at the end).
     *
     * @param checker the checker (nodes, reporting).
     * @param nodeId  the node.
     * @param node    its current incarnation.
     */
    default void afterStep(final InvariantChecker checker, final int nodeId, final ProtocolNode node)
    {
    }
}
