package io.quorumbench.conformance.paxos;

import io.quorumbench.api.paxos.AcceptorView;
import io.quorumbench.api.paxos.Ballot;
import io.quorumbench.conformance.check.Invariant;
import io.quorumbench.conformance.check.InvariantChecker;

import java.util.HashMap;
import java.util.Map;

/**
 * An acceptor's promise and its accepted ballots never go backwards, within an incarnation and
 * across restarts: a Paxos acceptor that forgets a promise may accept a lower ballot's value after
 * promising not to, and one that forgets an accepted value may let a new leader miss a chosen
 * value. The {@link AcceptorView} shows the node's durable state, so after {@code crash} and a
 * restart it must show at least what was promised and accepted before.
 *
 * <p>Accepted ballots are not compared across a power loss: an acceptor that forces once per batch
 * of messages (group commit, fsync {@code BATCH}) answers an accept only after forcing it, so losing
 * an unforced accept tells no one anything that was not so, and {@link PaxosAgreementInvariant}
 * withdraws it from its count of acceptances; an answered accept lost would show as a value learned
 * as chosen and then replaced, which the history checks (committed entries, state machine safety,
 * linearizability) catch.
 * Promises are forced before the answer in every policy but {@code NONE} and are compared always.
 *
 * <p>Where the fsync policy does not make the state durable (power loss with fsync {@code NONE}),
 * the simulator runs the checker in relaxed mode: violations are counted, not thrown, as for every
 * other invariant. Slots below {@link AcceptorView#firstRetainedSlot()} are not checked.
 *
 * <p>Cost: one promise read per step, accepted ballots as {@link AcceptorScan} reads them.
 */
public final class AcceptorDurabilityInvariant extends AcceptorInvariant
{
    /** The invariant's name in violation messages. */
    public static final String NAME = "acceptor durability";

    private final Map<Integer, Long> highestPromise = new HashMap<>();

    /** {@inheritDoc} */
    @Override
    public Invariant forNewRun()
    {
        return new AcceptorDurabilityInvariant();
    }

    /** {@inheritDoc} */
    @Override
    public String invariantName()
    {
        return NAME;
    }

    @Override
    void afterStep(final InvariantChecker checker, final int nodeId, final AcceptorView view, final AcceptorScan scan)
    {
        final long promise = view.promisedBallot();
        final long before = highestPromise.getOrDefault(nodeId, Ballot.NONE);
        if (promise < before)
        {
            checker.violation(NAME, "promise went back from " + Ballot.toString(before) + " to " + Ballot.toString(promise),
                nodeId, -1, Ballot.round(promise));
        }
        highestPromise.put(nodeId, Math.max(before, promise));
        scan.scan(view, (slot, previous, ballot) ->
        {
            if (ballot < previous)
            {
                checker.violation(NAME, "accepted ballot at slot " + slot + " went back from " + Ballot.toString(previous) +
                    " to " + Ballot.toString(ballot), nodeId, slot, Ballot.round(ballot));
            }
        });
    }
}
