package io.quorumbench.conformance.paxos;

import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.paxos.AcceptorView;
import io.quorumbench.api.paxos.Ballot;
import io.quorumbench.conformance.check.Invariant;
import io.quorumbench.conformance.check.InvariantChecker;
import io.quorumbench.conformance.check.InvariantViolation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Paxos invariants fire on hand-made acceptor states that break them and stay quiet on healthy
 * ones (Lamport, "Paxos Made Simple": P2 and its refinements; acceptor state is stable storage).
 */
class PaxosInvariantsTest
{
    private static final long B1 = Ballot.of(1, 1);
    private static final long B2 = Ballot.of(2, 2);
    private static final long B3 = Ballot.of(3, 3);

    private final Map<Integer, FakeAcceptor> nodes = new HashMap<>();

    private InvariantChecker checker(final Invariant... invariants)
    {
        for (int id = 1; id <= 3; id++)
        {
            nodes.putIfAbsent(id, new FakeAcceptor(id));
        }
        final InvariantChecker checker = new InvariantChecker(new int[]{ 1, 2, 3 }, nodes::get, List.of(invariants));
        checker.context("[seed=13]");
        return checker;
    }

    private static void stepAll(final InvariantChecker checker)
    {
        for (int id = 1; id <= 3; id++)
        {
            checker.afterStep(id);
        }
    }

    @Test
    void shouldAcceptOneValueChosenAndReproposedInAHigherBallot()
    {
        final InvariantChecker checker = checker(new PaxosAgreementInvariant());
        nodes.get(1).accept(1, B1, "a").accept(2, B1, "b");
        nodes.get(2).accept(1, B1, "a");
        stepAll(checker);
        // A new leader re-proposes the chosen value (P2c) and fills slot 2 with whatever it found.
        nodes.get(2).accept(1, B2, "a").accept(2, B2, "b");
        nodes.get(3).accept(1, B2, "a").accept(2, B2, "b");
        assertDoesNotThrow(() -> stepAll(checker));
    }

    @Test
    void shouldFlagTwoValuesChosenAtOneSlot()
    {
        final InvariantChecker checker = checker(new PaxosAgreementInvariant());
        nodes.get(1).accept(1, B1, "a");
        nodes.get(2).accept(1, B1, "a");
        stepAll(checker);
        // Nodes 2 and 3 form another majority for "z" in a higher ballot; node 3 alone first trips P2b.
        nodes.get(2).accept(1, B2, "z");
        nodes.get(3).accept(1, B2, "z");
        final InvariantViolation v = assertThrows(InvariantViolation.class, () -> stepAll(checker));
        assertEquals(PaxosAgreementInvariant.NAME, v.invariant());
        assertEquals(1, v.index());
        assertTrue(v.getMessage().contains("seed=13"), v.getMessage());
    }

    @Test
    void shouldFlagTwoValuesChosenEvenWhenSeenInReverseBallotOrder()
    {
        final InvariantChecker checker = checker(new PaxosAgreementInvariant());
        checker.relaxed(true);
        nodes.get(2).accept(1, B2, "z");
        nodes.get(3).accept(1, B2, "z");
        checker.afterStep(2);
        checker.afterStep(3);
        nodes.get(1).accept(1, B1, "a");
        checker.afterStep(1);
        assertEquals(0, checker.relaxedViolations(), "nothing was chosen twice yet");
        // Node 2's earlier acceptance of "a" in B1 shows only now (a full scan): "a" chosen in B1 too.
        nodes.get(2).forget(1).accept(1, B1, "a");
        checker.afterStep(2);
        assertTrue(checker.relaxedViolations() > 0, "two values chosen at slot 1 must be flagged");
        assertTrue(checker.firstRelaxedViolation().contains("slot 1"), checker.firstRelaxedViolation());
    }

    @Test
    void shouldFlagAHigherBallotAcceptingAnotherValueAfterChoice()
    {
        final InvariantChecker checker = checker(new PaxosAgreementInvariant());
        nodes.get(1).accept(4, B1, "a");
        nodes.get(2).accept(4, B1, "a");
        stepAll(checker);
        // One acceptor taking another value in a later ballot is already a broken P2b, no majority needed.
        nodes.get(3).accept(4, B3, "x");
        final InvariantViolation v = assertThrows(InvariantViolation.class, () -> checker.afterStep(3));
        assertTrue(v.getMessage().contains("P2b"), v.getMessage());
        assertEquals(4, v.index());
    }

    @Test
    void shouldNotCountAnAcceptAPowerLossTookBeforeItWasForced()
    {
        final InvariantChecker checker = checker(new PaxosAgreementInvariant());
        // Seed 134523750311 of power loss, fsync BATCH, on the tuned Paxos: leader 2 appends "a" at
        // slot 76 and sends it; node 1 accepts and forces it; the power goes at node 2 before its
        // group commit forced its own accept (counted only after the force), so "a" was never chosen.
        acceptAtNodes2And1ThenPowerLossAtNode2(checker, new FakeAcceptor(2).promise(B2));
        // Node 3 leads with the promises of 2 and 3, neither holding slot 76, and proposes another value.
        nodes.get(2).accept(76, B3, "z");
        nodes.get(3).accept(76, B3, "z");
        assertDoesNotThrow(() -> stepAll(checker));
    }

    @Test
    void shouldStillFlagAnotherValueAfterAChoiceThatSurvivedAPowerLoss()
    {
        final InvariantChecker checker = checker(new PaxosAgreementInvariant());
        // The forced accept survives the power loss: "a" stays chosen, another value is a broken P2b.
        acceptAtNodes2And1ThenPowerLossAtNode2(checker, new FakeAcceptor(2).promise(B2).accept(76, B2, "a"));
        nodes.get(3).accept(76, B3, "z");
        final InvariantViolation v = assertThrows(InvariantViolation.class, () -> checker.afterStep(3));
        assertTrue(v.getMessage().contains("P2b"), v.getMessage());
    }

    private void acceptAtNodes2And1ThenPowerLossAtNode2(final InvariantChecker checker, final FakeAcceptor recovered)
    {
        nodes.get(2).accept(76, B2, "a");
        nodes.get(1).accept(76, B2, "a");
        stepAll(checker);
        nodes.put(2, recovered);
        checker.onRestart(2, true);
        checker.afterStep(2);
    }

    @Test
    void shouldKeepAChoiceWhoseLostAcceptWasNotNeeded()
    {
        final InvariantChecker checker = checker(new PaxosAgreementInvariant());
        // All three accepted "a"; node 2 loses its unforced accept, nodes 1 and 3 still make a majority.
        nodes.get(1).accept(5, B2, "a");
        nodes.get(2).accept(5, B2, "a");
        nodes.get(3).accept(5, B2, "a");
        stepAll(checker);
        nodes.put(2, new FakeAcceptor(2).promise(B2));
        checker.onRestart(2, true);
        checker.afterStep(2);
        nodes.get(2).accept(5, B3, "z");
        final InvariantViolation v = assertThrows(InvariantViolation.class, () -> checker.afterStep(2));
        assertTrue(v.getMessage().contains("P2b"), v.getMessage());
    }

    @Test
    void shouldFlagTwoValuesInOneBallotAtOneSlot()
    {
        final InvariantChecker checker = checker(new PaxosAgreementInvariant());
        nodes.get(1).accept(1, B1, "a");
        nodes.get(2).accept(1, B1, "b");
        checker.afterStep(1);
        final InvariantViolation v = assertThrows(InvariantViolation.class, () -> checker.afterStep(2));
        assertTrue(v.getMessage().contains("two values accepted"), v.getMessage());
    }

    @Test
    void shouldSeeAnAcceptFarBelowTheScanWindowWithinAFullScanPeriod()
    {
        final InvariantChecker checker = checker(new PaxosAgreementInvariant());
        for (int slot = 1; slot <= AcceptorScan.WINDOW_SLOTS * 2; slot++)
        {
            nodes.get(1).accept(slot, B1, "v" + slot);
            nodes.get(2).accept(slot, B1, "v" + slot);
            nodes.get(3).accept(slot, B1, "v" + slot);
        }
        nodes.get(3).promise(B3);
        stepAll(checker);
        // Slot 1 is far below the window and the promise does not change: the periodic full scan must see it.
        nodes.get(3).accept(1, B3, "other");
        final InvariantViolation v = assertThrows(InvariantViolation.class, () ->
        {
            for (int i = 0; i < AcceptorScan.FULL_SCAN_EVERY; i++)
            {
                checker.afterStep(3);
            }
        });
        assertEquals(1, v.index());
    }

    @Test
    void shouldFlagANodeWithoutAnAcceptorView()
    {
        final FakeNode plain = new FakeNode(1);
        final InvariantChecker checker = new InvariantChecker(new int[]{ 1 }, id -> plain, List.of(new PaxosAgreementInvariant()));
        final InvariantViolation v = assertThrows(InvariantViolation.class, () -> checker.afterStep(1));
        assertTrue(v.getMessage().contains("AcceptorView"), v.getMessage());
    }

    @Test
    void shouldFlagAPromiseLostAcrossARestart()
    {
        final InvariantChecker checker = checker(new AcceptorDurabilityInvariant());
        nodes.get(1).promise(B2);
        checker.afterStep(1);
        // Restart from a data directory that forgot the promise.
        nodes.put(1, new FakeAcceptor(1).promise(B1));
        checker.onRestart(1);
        final InvariantViolation v = assertThrows(InvariantViolation.class, () -> checker.afterStep(1));
        assertEquals(AcceptorDurabilityInvariant.NAME, v.invariant());
        assertTrue(v.getMessage().contains("promise went back"), v.getMessage());
    }

    @Test
    void shouldFlagAnAcceptedBallotLostAcrossARestart()
    {
        final InvariantChecker checker = checker(new AcceptorDurabilityInvariant());
        nodes.get(1).accept(1, B1, "a").accept(1, B2, "b");
        checker.afterStep(1);
        nodes.put(1, new FakeAcceptor(1).promise(B2).accept(1, B1, "a"));
        checker.onRestart(1);
        final InvariantViolation v = assertThrows(InvariantViolation.class, () -> checker.afterStep(1));
        assertTrue(v.getMessage().contains("slot 1 went back"), v.getMessage());
    }

    @Test
    void shouldLetAPowerLossTakeUnforcedAcceptsButNeverAPromise()
    {
        final InvariantChecker checker = checker(new AcceptorDurabilityInvariant());
        nodes.get(1).promise(B2).accept(1, B1, "a").accept(1, B2, "b");
        checker.afterStep(1);
        // Group commit: the accept in B2 was appended, not yet forced nor answered, when the power went.
        nodes.put(1, new FakeAcceptor(1).promise(B2).accept(1, B1, "a"));
        checker.onRestart(1, true);
        assertDoesNotThrow(() -> checker.afterStep(1));

        nodes.get(1).accept(1, B2, "b");
        checker.afterStep(1);
        nodes.put(1, new FakeAcceptor(1).promise(B1));
        checker.onRestart(1, true);
        final InvariantViolation v = assertThrows(InvariantViolation.class, () -> checker.afterStep(1));
        assertTrue(v.getMessage().contains("promise went back"), v.getMessage());
    }

    @Test
    void shouldAcceptDurableStateRestoredOnRestart()
    {
        final InvariantChecker checker = checker(new AcceptorDurabilityInvariant(), new PaxosAgreementInvariant());
        nodes.get(1).promise(B2).accept(1, B2, "a");
        checker.afterStep(1);
        nodes.put(1, new FakeAcceptor(1).promise(B2).accept(1, B2, "a"));
        checker.onRestart(1);
        assertDoesNotThrow(() -> checker.afterStep(1));
    }

    /** A node that is no acceptor: only the {@link ProtocolNode} contract, all zeros. */
    private static class FakeNode implements ProtocolNode
    {
        private final int id;

        FakeNode(final int id)
        {
            this.id = id;
        }

        @Override
        public int nodeId()
        {
            return id;
        }

        @Override
        public void onMessage(final int fromNodeId, final byte[] frame, final int offset, final int length)
        {
        }

        @Override
        public void onTick(final long nowNs)
        {
        }

        @Override
        public void onClientCommand(final long clientId, final long sequence, final byte[] command, final int offset, final int length)
        {
        }

        @Override
        public Role role()
        {
            return Role.FOLLOWER;
        }

        @Override
        public long term()
        {
            return 0;
        }

        @Override
        public int leaderId()
        {
            return -1;
        }

        @Override
        public long commitIndex()
        {
            return 0;
        }

        @Override
        public long lastApplied()
        {
            return 0;
        }

        @Override
        public long lastLogIndex()
        {
            return 0;
        }

        @Override
        public long logTermAt(final long index)
        {
            return 0;
        }

        @Override
        public byte[] logCommandAt(final long index)
        {
            return new byte[0];
        }

        @Override
        public long rejectedFrames()
        {
            return 0;
        }

        @Override
        public void crash(final boolean powerLoss)
        {
        }

        @Override
        public void close()
        {
        }
    }

    /** A scripted acceptor: promise and accepted values set by the test. */
    private static final class FakeAcceptor extends FakeNode implements AcceptorView
    {
        private final TreeMap<Long, Long> ballots = new TreeMap<>();
        private final TreeMap<Long, byte[]> values = new TreeMap<>();
        private long promised;

        FakeAcceptor(final int id)
        {
            super(id);
        }

        FakeAcceptor promise(final long ballot)
        {
            promised = Math.max(promised, ballot);
            return this;
        }

        FakeAcceptor accept(final long slot, final long ballot, final String value)
        {
            promise(ballot);
            ballots.put(slot, ballot);
            values.put(slot, value.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        FakeAcceptor forget(final long slot)
        {
            ballots.remove(slot);
            values.remove(slot);
            return this;
        }

        @Override
        public long promisedBallot()
        {
            return promised;
        }

        @Override
        public long acceptedBallotAt(final long slot)
        {
            return ballots.getOrDefault(slot, Ballot.NONE);
        }

        @Override
        public byte[] acceptedValueAt(final long slot)
        {
            final byte[] value = values.get(slot);
            return null == value ? null : value.clone();
        }

        @Override
        public long highestAcceptedSlot()
        {
            return ballots.isEmpty() ? 0 : ballots.lastKey();
        }
    }
}
