package io.quorumbench.lockfree.paxos;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.paxos.Ballot;
import io.quorumbench.api.paxos.PaxosOptions;
import io.quorumbench.lockfree.codec.Crc32cChecksum;
import io.quorumbench.lockfree.codec.FrameHeaderFlyweight;
import io.quorumbench.lockfree.paxos.codec.AcceptedFlyweight;
import io.quorumbench.lockfree.paxos.codec.PaxosFrameType;
import io.quorumbench.lockfree.paxos.codec.PromiseFlyweight;
import io.quorumbench.lockfree.raft.HardStateFile;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.HEADER_LENGTH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Paxos rules of {@link PaxosCore}, one scenario each, on the deterministic pump. References
 * are to Lamport, "Paxos Made Simple" (PMS) and van Renesse and Altinbuken, "Paxos Made Moderately
 * Complex" (PMMC).
 */
class PaxosCoreTest
{
    private static final long MS = PaxosTestCluster.MS;
    private static final byte[] NO_OP = new byte[4];

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void seedLog(final PaxosTestCluster cluster, final int node, final long slot, final long ballot, final byte[] value)
    {
        try (MappedSlotLog log = new MappedSlotLog(cluster.dataDir(node), 1 << 20, 8 * 1024, new Crc32cChecksum()))
        {
            log.append(slot, ballot, new UnsafeBuffer(value), 0, value.length);
            log.force();
        }
    }

    /** Run the cluster until the one fast node (see {@code startAllWithCandidate}) leads. */
    private static void electAlone(final PaxosTestCluster cluster, final int node)
    {
        assertEquals(node, cluster.awaitLeader(3_000));
    }

    /**
     * PMS 2.2, P2c / PMMC "adopted": the new leader proposes, per slot, the value of the highest
     * ballot among the acceptors' answers, not its own value nor the first answer's.
     */
    @Test
    void shouldReproposeTheValueOfTheHighestAcceptedBallotFoundInPhase1()
    {
        try (PaxosTestCluster cluster = new PaxosTestCluster("adopt", 3))
        {
            final byte[] own = PaxosFrames.batch(bytes("own"));
            final byte[] highest = PaxosFrames.batch(bytes("highest"));
            seedLog(cluster, 0, 1, Ballot.of(1, 0), own);
            seedLog(cluster, 1, 1, Ballot.of(2, 2), highest);
            cluster.startAllWithCandidate(0);
            cluster.isolate(2, true);

            electAlone(cluster, 0);
            cluster.steps(5);

            assertArrayEquals(highest, cluster.nodes[0].acceptedValueAt(1));
            assertArrayEquals(highest, cluster.nodes[1].acceptedValueAt(1));
            assertEquals(1, cluster.nodes[0].commitSlot());
            assertArrayEquals(bytes("highest"), cluster.nodes[0].logCommandAt(1));
        }
    }

    /** PMS 2.2, P1a: an acceptor never accepts in a ballot below the one it promised, and says so. */
    @Test
    void shouldRefuseAnAcceptBelowItsPromise()
    {
        try (PaxosTestCluster cluster = new PaxosTestCluster("refuse", 3))
        {
            final long promised = Ballot.of(5, 2);
            try (HardStateFile file = new HardStateFile(createDir(cluster, 1), new Crc32cChecksum()))
            {
                file.store(promised, -1, true);
            }
            cluster.start(1);
            final PaxosCore acceptor = cluster.nodes[1];
            final long stale = Ballot.of(3, 0);

            acceptor.onMessage(0, PaxosFrames.accept(0, stale, 1, 0, PaxosFrames.batch(bytes("x"))), 0,
                PaxosFrames.accept(0, stale, 1, 0, PaxosFrames.batch(bytes("x"))).length);

            assertEquals(0, acceptor.acceptedBallotAt(1));
            assertNull(acceptor.acceptedValueAt(1));
            assertEquals(promised, acceptor.promisedBallot());
            final UnsafeBuffer answer = lastFrameTo(cluster, 0, PaxosFrameType.TYPE_ACCEPTED);
            final AcceptedFlyweight accepted = new AcceptedFlyweight().wrap(answer, HEADER_LENGTH);
            assertEquals(stale, accepted.ballot());
            assertEquals(promised, accepted.promised());

            // and at the promise it accepts
            final byte[] atPromise = PaxosFrames.accept(2, promised, 1, 0, PaxosFrames.batch(bytes("y")));
            acceptor.onMessage(2, atPromise, 0, atPromise.length);
            assertEquals(promised, acceptor.acceptedBallotAt(1));
            assertEquals(0, acceptor.rejectedFrames());
        }
    }

    /**
     * PMS 2.2 / "Paxos Made Live" 4: an acceptor's promise is on stable storage before the promise
     * is sent, so a power loss right after the answer cannot make it promise a lower ballot again.
     */
    @Test
    void shouldForceThePromiseBeforeAnswering()
    {
        try (PaxosTestCluster cluster = new PaxosTestCluster("promise", 3, FsyncPolicy.BATCH,
            new PaxosTuning().segmentLength(1 << 20).conclude()))
        {
            cluster.start(1);
            final long ballot = Ballot.of(4, 0);
            final byte[] prepare = PaxosFrames.prepare(0, ballot, 1);
            cluster.nodes[1].onMessage(0, prepare, 0, prepare.length);
            final PromiseFlyweight promise = new PromiseFlyweight()
                .wrap(lastFrameTo(cluster, 0, PaxosFrameType.TYPE_PROMISE), HEADER_LENGTH);
            assertEquals(ballot, promise.promised());

            cluster.crash(1, true);
            cluster.start(1);

            assertEquals(ballot, cluster.nodes[1].promisedBallot());
        }
    }

    /**
     * PMMC 3 (the leader fills gaps): a hole below a slot phase 1 reported is proposed as a no-op
     * before any new command, so the log has no gap and what follows can be applied.
     */
    @Test
    void shouldFillHolesWithNoOpsBeforeNewCommands()
    {
        try (PaxosTestCluster cluster = new PaxosTestCluster("holes", 3))
        {
            final byte[] value = PaxosFrames.batch(bytes("two"));
            seedLog(cluster, 0, 2, Ballot.of(1, 1), value);
            cluster.startAllWithCandidate(0);

            electAlone(cluster, 0);
            cluster.nodes[0].onClientCommand(5, 1, bytes("new"), 0, 3);
            cluster.steps(5);

            final PaxosCore leader = cluster.nodes[0];
            assertArrayEquals(NO_OP, leader.acceptedValueAt(1));
            assertArrayEquals(value, leader.acceptedValueAt(2));
            assertEquals(3, leader.commitSlot());
            assertEquals(2, leader.commitIndex());
            assertArrayEquals(bytes("two"), leader.logCommandAt(1));
            assertArrayEquals(bytes("new"), leader.logCommandAt(2));
            assertEquals(1, cluster.answers[0].committed);
            for (int i = 0; i < 3; i++)
            {
                assertArrayEquals(NO_OP, cluster.nodes[i].acceptedValueAt(1));
            }
        }
    }

    /** PMMC 3 (replicas perform decisions in slot order): a chosen slot after a hole waits for it. */
    @Test
    void shouldNeverApplyPastAHole()
    {
        try (PaxosTestCluster cluster = new PaxosTestCluster("gap", 3))
        {
            cluster.start(1);
            final PaxosCore follower = cluster.nodes[1];
            final long ballot = Ballot.of(1, 0);
            final byte[] second = PaxosFrames.accept(0, ballot, 2, 2, PaxosFrames.batch(bytes("b")));
            follower.onMessage(0, second, 0, second.length);

            assertEquals(ballot, follower.acceptedBallotAt(2));
            assertEquals(0, follower.commitSlot());
            assertEquals(0, follower.lastApplied());
            assertEquals(0, cluster.machines[1].count());

            final byte[] first = PaxosFrames.accept(0, ballot, 1, 2, PaxosFrames.batch(bytes("a")));
            follower.onMessage(0, first, 0, first.length);

            assertEquals(2, follower.commitSlot());
            assertEquals(2, cluster.machines[1].count());
            assertArrayEquals(bytes("a"), follower.logCommandAt(1));
            assertArrayEquals(bytes("b"), follower.logCommandAt(2));
        }
    }

    /**
     * A follower does not take the leader's commit point for a slot it accepted in an older ballot:
     * that value may not be the chosen one.
     */
    @Test
    void shouldNotLearnACommitForAValueOfAnotherBallot()
    {
        try (PaxosTestCluster cluster = new PaxosTestCluster("learn", 3))
        {
            cluster.start(1);
            final PaxosCore follower = cluster.nodes[1];
            final byte[] old = PaxosFrames.accept(0, Ballot.of(1, 0), 1, 0, PaxosFrames.batch(bytes("old")));
            follower.onMessage(0, old, 0, old.length);
            final byte[] newer = PaxosFrames.accept(2, Ballot.of(2, 2), 2, 2, PaxosFrames.batch(bytes("new")));
            follower.onMessage(2, newer, 0, newer.length);

            assertEquals(0, follower.commitSlot());
            assertEquals(0, cluster.machines[1].count());
        }
    }

    /** PMMC 3 (a commander counts only p2b messages of its own ballot): stale accepts choose nothing. */
    @Test
    void shouldNotCountAcceptsOfAnEarlierBallot()
    {
        try (PaxosTestCluster cluster = new PaxosTestCluster("stale", 3))
        {
            try (HardStateFile file = new HardStateFile(createDir(cluster, 0), new Crc32cChecksum()))
            {
                file.store(Ballot.of(3, 0), -1, true);
            }
            cluster.startAllWithCandidate(0);
            electAlone(cluster, 0);
            cluster.steps(2);
            final PaxosCore leader = cluster.nodes[0];
            final long ballot = leader.promisedBallot();
            cluster.isolate(0, true);
            leader.onClientCommand(5, 1, bytes("c"), 0, 1);
            cluster.nowNs += MS;
            leader.onTick(cluster.nowNs);
            final long slot = leader.commitSlot() + 1;
            assertEquals(ballot, leader.acceptedBallotAt(slot));

            final long earlier = Ballot.of(Ballot.round(ballot) - 1, 0);
            for (int from = 1; from <= 2; from++)
            {
                final byte[] stale = PaxosFrames.accepted(from, earlier, earlier, slot, slot);
                leader.onMessage(from, stale, 0, stale.length);
            }
            assertEquals(slot - 1, leader.commitSlot());
            assertEquals(0, cluster.answers[0].committed);

            final byte[] current = PaxosFrames.accepted(1, ballot, ballot, slot, slot);
            leader.onMessage(1, current, 0, current.length);
            assertEquals(slot, leader.commitSlot());
            assertEquals(1, cluster.answers[0].committed);
        }
    }

    /** Exactly-once (Raft thesis 6.3, as sessions): a retry chosen in a second slot applies once. */
    @Test
    void shouldApplyARetriedCommandOnceEvenIfChosenInTwoSlots()
    {
        try (PaxosTestCluster cluster = new PaxosTestCluster("retry", 3))
        {
            cluster.startAll();
            final int leader = cluster.awaitLeader(2_000);
            final long before = cluster.nodes[leader].commitSlot();
            cluster.nodes[leader].onClientCommand(5, 1, bytes("once"), 0, 4);
            cluster.nowNs += MS;
            cluster.nodes[leader].onTick(cluster.nowNs);
            cluster.nodes[leader].onClientCommand(5, 1, bytes("once"), 0, 4);
            cluster.steps(10);

            assertEquals(before + 2, cluster.nodes[leader].commitSlot());
            assertEquals(2, cluster.nodes[leader].commitIndex());
            for (int i = 0; i < 3; i++)
            {
                assertEquals(1, cluster.machines[i].count(), "node " + i);
            }
            assertEquals(2, cluster.answers[leader].committed);
        }
    }

    /**
     * Batching under a full window: closed batches wait in the leader's ring (up to
     * {@code MIN_PENDING_BATCHES}) instead of being refused, and go out as slots are chosen.
     */
    @Test
    void shouldHoldFullBatchesWhileTheWindowIsFull()
    {
        final PaxosTuning tuning = new PaxosTuning().segmentLength(1 << 20).windowSlots(1).maxBatchBytes(256).conclude();
        try (PaxosTestCluster cluster = new PaxosTestCluster("window", 3, FsyncPolicy.NONE, tuning).startAll())
        {
            final int leader = cluster.awaitLeader(2_000);
            cluster.steps(5);
            final PaxosCore node = cluster.nodes[leader];
            final byte[] command = new byte[32];
            node.onClientCommand(5, 1, command, 0, command.length);
            cluster.nowNs += MS;
            node.onTick(cluster.nowNs);
            final long inFlight = node.commitSlot() + 1;
            assertEquals(node.promisedBallot(), node.acceptedBallotAt(inFlight));
            for (int sequence = 2; sequence <= 101; sequence++)
            {
                node.onClientCommand(5, sequence, command, 0, command.length);
            }
            assertEquals(0, cluster.answers[leader].rejected);
            assertEquals(0, node.acceptedBallotAt(inFlight + 1));

            cluster.steps(200);

            assertEquals(101, cluster.answers[leader].committed);
            // a value holds at most max(256, one largest command) = 1048 bytes: 20 commands of 52
            assertTrue(node.commitSlot() >= inFlight + 5, "five batches or more after the first");
            for (int i = 0; i < 3; i++)
            {
                assertEquals(101, cluster.machines[i].count(), "node " + i);
            }
        }
    }

    /** {@code batch=1}: every client command gets a slot of its own, even when many arrive in one duty cycle. */
    @Test
    void shouldPutOneCommandPerSlotWithBatchOne()
    {
        assertEquals(10, slotsForTenCommands(new PaxosOptions(1, 64)));
        // adaptive (the default): the ten go out together at the end of the duty cycle
        assertEquals(1, slotsForTenCommands(new PaxosOptions(PaxosOptions.ADAPTIVE_BATCH, 64)));
        // batch=4: 4 + 4 + 2
        assertEquals(3, slotsForTenCommands(new PaxosOptions(4, 64)));
    }

    private static long slotsForTenCommands(final PaxosOptions options)
    {
        final PaxosTuning tuning = new PaxosTuning().segmentLength(1 << 20).options(options).conclude();
        try (PaxosTestCluster cluster = new PaxosTestCluster("batch", 3, FsyncPolicy.NONE, tuning).startAll())
        {
            final int leader = cluster.awaitLeader(2_000);
            cluster.steps(5);
            final PaxosCore node = cluster.nodes[leader];
            final long before = node.commitSlot();
            final byte[] command = new byte[16];
            for (int sequence = 1; sequence <= 10; sequence++)
            {
                node.onClientCommand(7, sequence, command, 0, command.length);
            }
            cluster.steps(20);
            assertEquals(10, cluster.answers[leader].committed);
            return node.commitSlot() - before;
        }
    }

    /** {@code window=1}: the leader never has a second slot in phase 2 before the first is chosen. */
    @Test
    void shouldNeverHaveTwoSlotsInFlightWithWindowOne()
    {
        assertEquals(1, mostSlotsInFlight(new PaxosOptions(1, 1)));
        assertEquals(8, mostSlotsInFlight(new PaxosOptions(1, 8)));
    }

    private static long mostSlotsInFlight(final PaxosOptions options)
    {
        final PaxosTuning tuning = new PaxosTuning().segmentLength(1 << 20).options(options).conclude();
        try (PaxosTestCluster cluster = new PaxosTestCluster("window1", 3, FsyncPolicy.NONE, tuning).startAll())
        {
            final int leader = cluster.awaitLeader(2_000);
            cluster.steps(5);
            final PaxosCore node = cluster.nodes[leader];
            final long before = node.commitSlot();
            final byte[] command = new byte[16];
            for (int sequence = 1; sequence <= 20; sequence++)
            {
                node.onClientCommand(7, sequence, command, 0, command.length);
            }
            long most = 0;
            for (int i = 0; i < 200 && node.commitSlot() < before + 20; i++)
            {
                long proposed = node.commitSlot();
                while (node.acceptedBallotAt(proposed + 1) == node.promisedBallot())
                {
                    proposed++;
                }
                most = Math.max(most, proposed - node.commitSlot());
                cluster.step();
            }
            assertEquals(before + 20, node.commitSlot());
            assertEquals(20, cluster.answers[leader].committed);
            return most;
        }
    }

    /**
     * A slow acceptor is not flooded: per heartbeat the leader resends it at most
     * {@code RETRANSMIT_SLOTS} unanswered accepts, not its whole window (over UDP that filled the
     * Aeron backlog).
     */
    @Test
    void shouldResendOnlyAFewUnansweredAcceptsPerHeartbeat()
    {
        try (PaxosTestCluster cluster = new PaxosTestCluster("resend", 3).startAll())
        {
            final int leader = cluster.awaitLeader(2_000);
            cluster.steps(5);
            final PaxosCore node = cluster.nodes[leader];
            final int follower = (leader + 1) % 3;
            for (int i = 0; i < 3; i++)
            {
                cluster.cut(i, leader, true);
            }
            for (int sequence = 1; sequence <= 40; sequence++)
            {
                node.onClientCommand(5, sequence, bytes("c"), 0, 1);
                cluster.nowNs += 10_000;
                node.onTick(cluster.nowNs);
            }
            cluster.deliverAll();
            int most = 0;
            for (int ms = 0; ms < 120; ms++)
            {
                cluster.nowNs += MS;
                node.onTick(cluster.nowNs);
                int accepts = 0;
                for (int i = 0; i < cluster.queued(); i++)
                {
                    if (cluster.queuedTo(i) == follower &&
                        cluster.queuedFrame(i).getByte(FrameHeaderFlyweight.TYPE_OFFSET) == PaxosFrameType.TYPE_ACCEPT)
                    {
                        accepts++;
                    }
                }
                most = Math.max(most, accepts);
                cluster.deliverAll();
            }
            assertTrue(most > 0, "unanswered accepts are resent");
            assertTrue(most <= PaxosCore.RETRANSMIT_SLOTS, most + " accepts resent in one tick");
        }
    }

    /** Check-quorum: a leader that hears no majority for an election timeout steps down. */
    @Test
    void shouldStepDownWhenCutOffFromAMajority()
    {
        try (PaxosTestCluster cluster = new PaxosTestCluster("quorum", 3))
        {
            cluster.startAll();
            final int leader = cluster.awaitLeader(2_000);
            cluster.isolate(leader, true);
            cluster.steps(700);
            assertEquals(Role.FOLLOWER, cluster.nodes[leader].role());
        }
    }

    /** Lagging replicas catch up: a node cut off while slots were chosen learns them after healing. */
    @Test
    void shouldCatchUpALaggingReplicaAfterHealingAndAfterARestart()
    {
        try (PaxosTestCluster cluster = new PaxosTestCluster("catchup", 3))
        {
            cluster.startAll();
            final int leader = cluster.awaitLeader(2_000);
            final int lagging = (leader + 1) % 3;
            cluster.isolate(lagging, true);
            long sequence = 0;
            for (int i = 0; i < 500; i++)
            {
                cluster.nodes[leader].onClientCommand(5, ++sequence, bytes("c" + i), 0, 2);
                cluster.step();
            }
            assertEquals(500, cluster.machines[leader].count());
            assertEquals(0, cluster.machines[lagging].count());
            cluster.isolate(lagging, false);
            cluster.steps(400);
            assertEquals(Role.LEADER, cluster.nodes[leader].role());
            assertEquals(cluster.nodes[leader].commitSlot(), cluster.nodes[lagging].commitSlot());
            assertEquals(500, cluster.machines[lagging].count());

            cluster.crash(lagging, false);
            cluster.start(lagging);
            cluster.steps(400);
            assertEquals(cluster.nodes[leader].commitSlot(), cluster.nodes[lagging].commitSlot());
            assertEquals(500, cluster.machines[lagging].count());
        }
    }

    private static java.nio.file.Path createDir(final PaxosTestCluster cluster, final int node)
    {
        try
        {
            return java.nio.file.Files.createDirectories(cluster.dataDir(node));
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static UnsafeBuffer lastFrameTo(final PaxosTestCluster cluster, final int to, final byte type)
    {
        UnsafeBuffer found = null;
        for (int i = 0; i < cluster.queued(); i++)
        {
            final UnsafeBuffer frame = cluster.queuedFrame(i);
            if (cluster.queuedTo(i) == to && frame.getByte(FrameHeaderFlyweight.TYPE_OFFSET) == type)
            {
                found = frame;
            }
        }
        assertTrue(null != found, "no frame of type " + type + " to " + to);
        return found;
    }
}
