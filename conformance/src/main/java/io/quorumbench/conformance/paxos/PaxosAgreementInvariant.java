package io.quorumbench.conformance.paxos;

import io.quorumbench.api.paxos.AcceptorView;
import io.quorumbench.api.paxos.Ballot;
import io.quorumbench.conformance.check.Invariant;
import io.quorumbench.conformance.check.InvariantChecker;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The agreement oracle of Multi-Paxos, decided from what the acceptors accepted rather than from
 * what any leader believes. After every step it reads the stepping node's {@link AcceptorView}
 * (through {@link AcceptorScan}) and records, per slot and ballot, which acceptors accepted which
 * value. A value is <em>chosen</em> at a slot once a majority of the members accepted it in one
 * ballot. Violations:
 * <ul>
 *   <li>two different values accepted at one slot in one ballot (a ballot has one proposer, which
 *       proposes one value per slot: "Paxos Made Simple", P2a's premise);</li>
 *   <li>two different values chosen at one slot (agreement, the safety property);</li>
 *   <li>once {@code v} is chosen at ballot {@code b}, some acceptor accepted another value at that
 *       slot in a ballot above {@code b} (P2b: every higher-ballot proposal carries {@code v}). This
 *       is stronger than agreement: it fires as soon as one acceptor takes the wrong value, before a
 *       second value gathers a majority.</li>
 * </ul>
 * A node that does not implement {@link AcceptorView} is reported too: a Paxos invariant that
 * cannot read the acceptors must not pass.
 *
 * <p><b>Power loss</b>: an acceptance counts only while the acceptor still holds it. After a power
 * loss, the acceptances of that node which its recovered acceptor no longer shows are withdrawn,
 * and what is chosen at their slots is decided again from the acceptances that remain. Under the
 * kit's durability rule a power loss may take only an accept that was neither forced nor answered
 * (group commit, fsync {@code BATCH}: the acceptor answers after the force, and a leader counts its
 * own accept after the force), so no one could have learned a choice that needed it, and a new
 * leader may legitimately propose another value at that slot. An accept lost although it was
 * answered is a durability bug that shows as soon as the value it helped choose was learned: the
 * history checks (committed entries, state machine safety, linearizability) catch it.
 *
 * <p>Cost: see {@link AcceptorScan}; values are copied only for slots whose ballot changed.
 */
public final class PaxosAgreementInvariant extends AcceptorInvariant
{
    /** The invariant's name in violation messages. */
    public static final String NAME = "paxos agreement";

    /** What was accepted at one slot, and whether a value is chosen there. */
    private static final class SlotRecord
    {
        /** ballot -> the value accepted in it and the acceptors that accepted it. */
        final TreeMap<Long, Acceptance> byBallot = new TreeMap<>();
        byte[] chosenValue;
        long chosenBallot = Ballot.NONE;
    }

    private static final class Acceptance
    {
        final byte[] value;
        final Set<Integer> acceptors = new HashSet<>();

        Acceptance(final byte[] value)
        {
            this.value = value;
        }
    }

    private final Map<Long, SlotRecord> slots = new HashMap<>();
    private final Set<Integer> restartedAfterPowerLoss = new HashSet<>();

    /** {@inheritDoc} */
    @Override
    public Invariant forNewRun()
    {
        return new PaxosAgreementInvariant();
    }

    /** {@inheritDoc} */
    @Override
    public String invariantName()
    {
        return NAME;
    }

    /**
     * {@inheritDoc}
     *
     * <p>After a power loss, the node's acceptances its recovered acceptor no longer shows are
     * withdrawn at its next step, before anything it says can reach another node.
     */
    @Override
    public void onRestart(final InvariantChecker checker, final int nodeId, final boolean powerLoss)
    {
        super.onRestart(checker, nodeId, powerLoss);
        if (powerLoss)
        {
            restartedAfterPowerLoss.add(nodeId);
        }
    }

    @Override
    void afterStep(final InvariantChecker checker, final int nodeId, final AcceptorView view, final AcceptorScan scan)
    {
        final int majority = checker.nodeIds().length / 2 + 1;
        if (restartedAfterPowerLoss.remove(nodeId))
        {
            withdrawLostAcceptances(nodeId, view, majority);
        }
        scan.scan(view, (slot, previous, ballot) ->
        {
            if (ballot != Ballot.NONE)
            {
                final byte[] value = view.acceptedValueAt(slot);
                onAccepted(checker, nodeId, slot, ballot, null == value ? new byte[0] : value, majority);
            }
        });
    }

    private void withdrawLostAcceptances(final int nodeId, final AcceptorView view, final int majority)
    {
        final long firstRetained = view.firstRetainedSlot();
        final long highest = view.highestAcceptedSlot();
        for (final Map.Entry<Long, SlotRecord> entry : slots.entrySet())
        {
            final long slot = entry.getKey();
            if (slot < firstRetained)
            {
                // Compacted away, not lost: a slot is compacted only once chosen and applied.
                continue;
            }
            // An acceptor's ballots at a slot only grow: every acceptance above the one it still
            // shows was appended after it and lost with the power.
            final SlotRecord record = entry.getValue();
            boolean withdrawn = false;
            final long kept = slot <= highest ? view.acceptedBallotAt(slot) : Ballot.NONE;
            final Iterator<Acceptance> later = record.byBallot.tailMap(kept, false).values().iterator();
            while (later.hasNext())
            {
                final Acceptance acceptance = later.next();
                if (acceptance.acceptors.remove(nodeId))
                {
                    withdrawn = true;
                    if (acceptance.acceptors.isEmpty())
                    {
                        later.remove();
                    }
                }
            }
            if (withdrawn)
            {
                record.chosenValue = null;
                record.chosenBallot = Ballot.NONE;
                for (final Map.Entry<Long, Acceptance> ballot : record.byBallot.entrySet())
                {
                    if (ballot.getValue().acceptors.size() >= majority)
                    {
                        record.chosenValue = ballot.getValue().value;
                        record.chosenBallot = ballot.getKey();
                        break;
                    }
                }
            }
        }
    }

    private void onAccepted(
        final InvariantChecker checker, final int nodeId, final long slot, final long ballot, final byte[] value, final int majority)
    {
        final SlotRecord record = slots.computeIfAbsent(slot, s -> new SlotRecord());
        final Acceptance acceptance = record.byBallot.computeIfAbsent(ballot, b -> new Acceptance(value));
        if (!Arrays.equals(acceptance.value, value))
        {
            checker.violation(NAME, "two values accepted at slot " + slot + " in ballot " + Ballot.toString(ballot) +
                " (node " + nodeId + " differs from nodes " + acceptance.acceptors + ")", nodeId, slot, Ballot.round(ballot));
            return;
        }
        acceptance.acceptors.add(nodeId);
        if (null != record.chosenValue && ballot > record.chosenBallot && !Arrays.equals(record.chosenValue, value))
        {
            checker.violation(NAME, "node " + nodeId + " accepted another value at slot " + slot + " in ballot " +
                Ballot.toString(ballot) + " after a value was chosen there in ballot " + Ballot.toString(record.chosenBallot) +
                " (P2b)", nodeId, slot, Ballot.round(ballot));
        }
        if (acceptance.acceptors.size() >= majority)
        {
            onChosen(checker, nodeId, slot, ballot, record, acceptance);
        }
    }

    private void onChosen(
        final InvariantChecker checker, final int nodeId, final long slot, final long ballot, final SlotRecord record,
        final Acceptance acceptance)
    {
        if (null == record.chosenValue)
        {
            record.chosenValue = acceptance.value;
            record.chosenBallot = ballot;
            // Acceptances at higher ballots seen before this one completed the majority must agree too (P2b).
            for (final Map.Entry<Long, Acceptance> later : record.byBallot.tailMap(ballot, false).entrySet())
            {
                if (!Arrays.equals(later.getValue().value, acceptance.value))
                {
                    checker.violation(NAME, "nodes " + later.getValue().acceptors + " accepted another value at slot " + slot +
                        " in ballot " + Ballot.toString(later.getKey()) + " above ballot " + Ballot.toString(ballot) +
                        " in which a value was chosen (P2b)", nodeId, slot, Ballot.round(later.getKey()));
                }
            }
            return;
        }
        if (!Arrays.equals(record.chosenValue, acceptance.value))
        {
            checker.violation(NAME, "two values chosen at slot " + slot + ": in ballot " + Ballot.toString(record.chosenBallot) +
                " and in ballot " + Ballot.toString(ballot) + " by nodes " + acceptance.acceptors, nodeId, slot, Ballot.round(ballot));
        }
        if (ballot < record.chosenBallot)
        {
            record.chosenBallot = ballot;
            record.chosenValue = acceptance.value;
        }
    }
}
