package io.quorumbench.conformance.paxos;

import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.paxos.AcceptorView;
import io.quorumbench.conformance.check.Invariant;
import io.quorumbench.conformance.check.InvariantChecker;

import java.util.HashMap;
import java.util.Map;

/**
 * What the Paxos invariants share: they read each node as an {@link AcceptorView}, through one
 * {@link AcceptorScan} per node kept for the whole run, and report a node that is not an acceptor
 * view as a violation (a Paxos invariant that cannot read the acceptors must not pass).
 */
abstract class AcceptorInvariant implements Invariant
{
    private final Map<Integer, AcceptorScan> scans = new HashMap<>();

    /** {@inheritDoc} */
    @Override
    public final void afterStep(final InvariantChecker checker, final int nodeId, final ProtocolNode node)
    {
        if (!(node instanceof AcceptorView view))
        {
            checker.violation(invariantName(), "node " + nodeId + " (" + node.getClass().getName() +
                ") does not implement AcceptorView: the invariant cannot be decided", nodeId, -1, -1);
            return;
        }
        afterStep(checker, nodeId, view, scans.computeIfAbsent(nodeId, id -> new AcceptorScan()));
    }

    /**
     * After a power loss the node's accepted slots are read afresh: under fsync {@code BATCH} an
     * acceptor may lose an accept it appended but had not forced, because it answers only after the
     * force (group commit), so no one learned of it. Its promise is forced before any answer and is
     * still checked across the restart by {@link AcceptorDurabilityInvariant}.
     */
    @Override
    public void onRestart(final InvariantChecker checker, final int nodeId, final boolean powerLoss)
    {
        if (powerLoss)
        {
            scans.remove(nodeId);
        }
    }

    /**
     * Check one node's acceptor after a step.
     *
     * @param checker the checker (members, reporting).
     * @param nodeId  the node.
     * @param view    its acceptor.
     * @param scan    the node's scan state, to read the slots that changed.
     */
    abstract void afterStep(InvariantChecker checker, int nodeId, AcceptorView view, AcceptorScan scan);
}
