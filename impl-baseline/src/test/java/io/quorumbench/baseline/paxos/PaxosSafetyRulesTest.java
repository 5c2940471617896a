package io.quorumbench.baseline.paxos;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.paxos.Ballot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static io.quorumbench.baseline.paxos.PaxosHarness.batch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per Multi-Paxos rule a classic bug breaks, each on node 1 driven by hand-made frames
 * ({@link PaxosHarness}). Each names the rule (Lamport, "Paxos Made Simple", section 2; van Renesse
 * and Altinbuken, "Paxos Made Moderately Complex") and the planted {@link PaxosMutation} it catches;
 * conformance/README.md records which of these the seeded kit catches too.
 */
class PaxosSafetyRulesTest
{
    @TempDir
    Path dir;

    /** Node 1 becomes leader of the ballot it prepares with the promise of node 2 (a majority with itself). */
    private static long becomeLeader(final PaxosHarness h, final List<PaxosMessage.AcceptedSlot> reported)
    {
        final long ballot = h.timeOut();
        h.deliver(2, new PaxosMessage.Promise(ballot, true, ballot, 0, reported));
        assertEquals(Role.LEADER, h.node.role());
        return ballot;
    }

    /**
     * P2c (Paxos Made Simple 2.2): the new leader proposes the value of the <em>highest-numbered</em>
     * proposal among the majority's promises, not its own or the first one. Catches
     * {@link PaxosMutation#LEADER_TAKES_FIRST_REPLY}.
     */
    @Test
    void shouldReproposeTheValueOfTheHighestAcceptedBallot()
    {
        try (PaxosHarness h = new PaxosHarness(dir, FsyncPolicy.BATCH))
        {
            // Node 1 accepted A in ballot 1.2; node 2 later accepted B in ballot 1.3 (which may be chosen).
            h.deliver(2, new PaxosMessage.Accept(Ballot.of(1, 2), 1, 0, batch(7, 1, "A")));
            h.sent.clear();
            becomeLeader(h, List.of(new PaxosMessage.AcceptedSlot(1, Ballot.of(1, 3), batch(7, 2, "B"))));
            final PaxosMessage.Accept accept = h.lastSent(PaxosMessage.Accept.class);
            assertEquals(1, accept.slot());
            assertArrayEquals(batch(7, 2, "B"), accept.value());
        }
    }

    /**
     * P1a: an acceptor accepts a proposal numbered n only if it has not promised a higher number.
     * Catches {@link PaxosMutation#ACCEPT_IGNORES_PROMISE}.
     */
    @Test
    void shouldRefuseAnAcceptBelowThePromise()
    {
        try (PaxosHarness h = new PaxosHarness(dir, FsyncPolicy.BATCH))
        {
            h.deliver(2, new PaxosMessage.Prepare(Ballot.of(3, 2), 1));
            h.deliver(3, new PaxosMessage.Accept(Ballot.of(2, 3), 1, 0, batch(7, 1, "late")));
            final PaxosMessage.Accepted answer = h.lastSent(PaxosMessage.Accepted.class);
            assertFalse(answer.ok());
            assertEquals(Ballot.of(3, 2), answer.promised());
            assertEquals(Ballot.NONE, h.node.acceptedBallotAt(1));
        }
    }

    /**
     * Acceptors keep their promise in stable storage (Paxos Made Simple 2.3: "an acceptor must
     * remember this information even if it fails and then restarts"); with fsync BATCH a power
     * loss after the answer left must not lose it. Catches {@link PaxosMutation#PROMISE_NOT_PERSISTED}.
     */
    @Test
    void shouldKeepAPromiseAcrossPowerLossOnceAnswered()
    {
        try (PaxosHarness h = new PaxosHarness(dir, FsyncPolicy.BATCH))
        {
            h.deliver(2, new PaxosMessage.Prepare(Ballot.of(5, 2), 1));
            assertTrue(h.lastSent(PaxosMessage.Promise.class).ok());
            h.restart(true);
            assertEquals(Ballot.of(5, 2), h.node.promisedBallot());
            h.deliver(3, new PaxosMessage.Accept(Ballot.of(4, 3), 1, 0, batch(7, 1, "x")));
            assertFalse(h.lastSent(PaxosMessage.Accepted.class).ok());
        }
    }

    /**
     * Phase 1b reports every accepted value from the asked slot on, chosen ones included: a new
     * leader that lags does not know they are chosen and would fill them with no-ops. Catches
     * {@link PaxosMutation#PHASE1_OMITS_CHOSEN}.
     */
    @Test
    void shouldReportChosenSlotsInThePromise()
    {
        try (PaxosHarness h = new PaxosHarness(dir, FsyncPolicy.BATCH))
        {
            final long leader = Ballot.of(1, 2);
            h.deliver(2, new PaxosMessage.Accept(leader, 1, 0, batch(7, 1, "x")));
            h.deliver(2, new PaxosMessage.Commit(leader, 1, List.of()));
            assertEquals(1, h.node.chosenPrefix());
            // The leader falls silent (a node still hearing it refuses any Prepare: leader stickiness).
            final long ownBallot = h.timeOut();
            h.deliver(3, new PaxosMessage.Prepare(Ballot.of(Ballot.round(ownBallot) + 1, 3), 1));
            final PaxosMessage.Promise promise = h.lastSent(PaxosMessage.Promise.class);
            assertTrue(promise.ok());
            assertEquals(1, promise.accepted().size());
            assertEquals(1, promise.accepted().get(0).slot());
            assertEquals(leader, promise.accepted().get(0).ballot());
        }
    }

    /**
     * Replicas execute in slot order (Paxos Made Moderately Complex, the replica's {@code perform}
     * loop): slot 2 chosen does not run before slot 1 is known. Catches
     * {@link PaxosMutation#EXECUTE_PAST_HOLE}.
     */
    @Test
    void shouldNotExecutePastAHole()
    {
        try (PaxosHarness h = new PaxosHarness(dir, FsyncPolicy.BATCH))
        {
            final long leader = Ballot.of(1, 2);
            h.deliver(2, new PaxosMessage.Accept(leader, 2, 0, batch(7, 2, "second")));
            h.deliver(2, new PaxosMessage.Commit(leader, 2, List.of(new PaxosMessage.ChosenSlot(2, batch(7, 2, "second")))));
            assertEquals(0, h.node.lastApplied());
            assertEquals(List.of(), h.stateMachine.applied);
            h.deliver(2, new PaxosMessage.Commit(leader, 2, List.of(new PaxosMessage.ChosenSlot(1, batch(7, 1, "first")))));
            assertEquals(List.of("first", "second"), h.stateMachine.applied);
        }
    }

    /**
     * A new leader fills every slot no acceptor of its majority reported with a no-op before new
     * commands, or execution stops at the hole for ever (Paxos Made Moderately Complex, section 3).
     * Catches {@link PaxosMutation#HOLES_NOT_FILLED}.
     */
    @Test
    void shouldFillHolesWithNoOpsOnTakeover()
    {
        try (PaxosHarness h = new PaxosHarness(dir, FsyncPolicy.BATCH))
        {
            final long ballot = becomeLeader(h, List.of(new PaxosMessage.AcceptedSlot(3, Ballot.of(1, 2), batch(7, 3, "c"))));
            final List<PaxosMessage.Accept> accepts = h.sentOf(PaxosMessage.Accept.class).stream()
                .filter(a -> a.ballot() == ballot).toList();
            assertEquals(List.of(1L, 1L, 2L, 2L, 3L, 3L), accepts.stream().map(PaxosMessage.Accept::slot).sorted().toList());
            for (final PaxosMessage.Accept a : accepts)
            {
                assertArrayEquals(a.slot() == 3 ? batch(7, 3, "c") : SlotValue.noop(), a.value(), "slot " + a.slot());
            }
        }
    }

    /**
     * Phase 2: a value is chosen by a majority of acceptors accepting <em>this</em> proposal; an ack
     * of an earlier ballot (even the leader's own) says nothing about it. Catches
     * {@link PaxosMutation#STALE_BALLOT_ACKS}.
     */
    @Test
    void shouldNotCountAnAckOfAnEarlierBallot()
    {
        try (PaxosHarness h = new PaxosHarness(dir, FsyncPolicy.BATCH))
        {
            final long first = becomeLeader(h, List.of());
            h.node.onClientCommand(7, 1, "A".getBytes(StandardCharsets.UTF_8), 0, 1);
            h.tick(1);
            // Deposed before anything is chosen, then elected again in a higher ballot.
            h.deliver(3, new PaxosMessage.Prepare(Ballot.of(Ballot.round(first) + 1, 3), 1));
            final long second = becomeLeader(h, List.of(new PaxosMessage.AcceptedSlot(1, Ballot.of(Ballot.round(first) + 1, 3),
                batch(8, 1, "B"))));
            h.tick(1);
            assertEquals(0, h.node.chosenPrefix());
            h.deliver(2, new PaxosMessage.Accepted(first, 1, true, first, 0));
            assertEquals(0, h.node.chosenPrefix(), "an ack of ballot " + Ballot.toString(first) + " chose slot 1 in " +
                Ballot.toString(second));
            h.deliver(2, new PaxosMessage.Accepted(second, 1, true, second, 0));
            assertEquals(1, h.node.chosenPrefix());
        }
    }

    /**
     * A retried command chosen in two slots takes effect once (client sessions, Raft thesis 6.3;
     * Paxos Made Moderately Complex's replicas skip a command already performed). Catches
     * {@link PaxosMutation#NO_SESSION_DEDUP}.
     */
    @Test
    void shouldApplyACommandChosenInTwoSlotsOnce()
    {
        try (PaxosHarness h = new PaxosHarness(dir, FsyncPolicy.BATCH))
        {
            final long leader = Ballot.of(1, 2);
            h.deliver(2, new PaxosMessage.Commit(leader, 2, List.of(
                new PaxosMessage.ChosenSlot(1, batch(7, 1, "put")), new PaxosMessage.ChosenSlot(2, batch(7, 1, "put")))));
            assertEquals(List.of("put"), h.stateMachine.applied);
            assertEquals(2, h.node.lastApplied());
        }
    }

    /**
     * Leader stickiness (the check of Raft's pre-vote, thesis 4.2.3, applied to phase 1): a node that
     * hears a live leader refuses a Prepare, so a node back from a partition cannot depose the leader
     * elected meanwhile. Refusing is always safe; liveness comes back when the leader falls silent.
     */
    @Test
    void shouldRefuseAPrepareWhileHearingALiveLeader()
    {
        try (PaxosHarness h = new PaxosHarness(dir, FsyncPolicy.BATCH))
        {
            final long leader = Ballot.of(1, 2);
            h.deliver(2, new PaxosMessage.Accept(leader, 1, 0, batch(7, 1, "x")));
            final long promisedBefore = h.node.promisedBallot();

            h.deliver(3, new PaxosMessage.Prepare(Ballot.of(9, 3), 1));

            assertFalse(h.lastSent(PaxosMessage.Promise.class).ok());
            assertEquals(promisedBefore, h.node.promisedBallot(), "nothing promised to the returning node");
        }
    }

    /**
     * A candidate promises its own ballot only with a majority in hand: a node cut off alone runs
     * election after election without raising its promise, so after the heal it still accepts the
     * leader elected meanwhile (whose ballot may be lower than the lone node's last round).
     */
    @Test
    void shouldNotRaiseItsOwnPromiseAsALoneCandidate()
    {
        try (PaxosHarness h = new PaxosHarness(dir, FsyncPolicy.BATCH))
        {
            h.timeOut();
            h.timeOut();
            final long lastOwnRound = Ballot.round(h.timeOut());
            assertEquals(Ballot.NONE, h.node.promisedBallot(), "three lone elections promised nothing");

            final long leader = Ballot.of(lastOwnRound - 1, 2);
            h.deliver(2, new PaxosMessage.Accept(leader, 1, 0, batch(7, 1, "x")));

            assertEquals(leader, h.node.acceptedBallotAt(1), "the leader elected meanwhile is accepted");
        }
    }
}
