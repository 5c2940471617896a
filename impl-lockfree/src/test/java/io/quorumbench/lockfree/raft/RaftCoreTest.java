package io.quorumbench.lockfree.raft;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.lockfree.codec.FrameHeaderFlyweight;
import io.quorumbench.lockfree.raft.codec.RaftFrameType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour of {@link RaftCore} on a deterministic in-memory message pump; sections cite the Raft paper. */
class RaftCoreTest
{
    private static byte[] command(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void shouldElectExactlyOneLeaderAndReplicateCommands()
    {
        // Reference: section 5.2 (election safety) and 5.3 (log replication).
        try (RaftTestCluster cluster = new RaftTestCluster("elect", 3))
        {
            final int leader = cluster.awaitLeader(2_000);
            int leaders = 0;
            for (int i = 0; i < 3; i++)
            {
                if (cluster.nodes[i].role() == Role.LEADER)
                {
                    leaders++;
                }
                else
                {
                    assertEquals(Role.FOLLOWER, cluster.nodes[i].role());
                }
            }
            assertEquals(1, leaders);

            for (int seq = 1; seq <= 500; seq++)
            {
                final byte[] bytes = command("c" + seq);
                cluster.nodes[leader].onClientCommand(1, seq, bytes, 0, bytes.length);
                if (seq % 50 == 0)
                {
                    cluster.step();
                }
            }
            cluster.run(200);
            assertEquals(500, cluster.responses[leader].committed);
            for (int i = 0; i < 3; i++)
            {
                assertEquals(501, cluster.nodes[i].lastLogIndex(), "no-op + 500 commands on node " + i);
                assertEquals(500, cluster.machines[i].applied);
                assertEquals(cluster.machines[leader].checksum, cluster.machines[i].checksum);
            }
            assertArrayEquals(command("c7"), cluster.nodes[(leader + 1) % 3].logCommandAt(8));
        }
    }

    @Test
    void shouldAnswerNotLeaderWithHint()
    {
        try (RaftTestCluster cluster = new RaftTestCluster("hint", 3))
        {
            final int leader = cluster.awaitLeader(2_000);
            cluster.run(100);
            final int follower = (leader + 1) % 3;
            cluster.nodes[follower].onClientCommand(9, 1, command("x"), 0, 1);
            assertEquals("NOT_LEADER 9/1 hint=" + leader, cluster.responses[follower].events.get(0));
        }
    }

    @Test
    void shouldRejectOversizeCommand()
    {
        try (RaftTestCluster cluster = new RaftTestCluster("oversize", 3))
        {
            final int leader = cluster.awaitLeader(2_000);
            cluster.nodes[leader].onClientCommand(9, 1, new byte[1025], 0, 1025);
            assertTrue(cluster.responses[leader].events.get(0).startsWith("INVALID_COMMAND 9/1"));
        }
    }

    @Test
    void shouldApplyRetriedCommandOnceAndAnswerWithFirstResult()
    {
        // Reference: thesis section 6.3 (client sessions make commands idempotent).
        try (RaftTestCluster cluster = new RaftTestCluster("dedup", 3))
        {
            final int leader = cluster.awaitLeader(2_000);
            cluster.nodes[leader].onClientCommand(5, 1, command("a"), 0, 1);
            cluster.nodes[leader].onClientCommand(5, 1, command("a"), 0, 1);
            cluster.run(50);
            cluster.nodes[leader].onClientCommand(5, 1, command("a"), 0, 1);
            cluster.run(50);
            for (int i = 0; i < 3; i++)
            {
                assertEquals(1, cluster.machines[i].applied, "node " + i);
            }
            assertEquals(3, cluster.responses[leader].committed);
            assertEquals(1, cluster.responses[leader].lastResult);
        }
    }

    @Test
    void shouldApplyARetriedCommandAfterLaterSequencesOfTheSameClientCommitted()
    {
        // Thesis 6.3 with a pipelining client: seq 1 bounced (NOT_LEADER) while seq 2 committed;
        // the retry of seq 1 must still be applied, exactly once. Found by the UDP node test.
        try (RaftTestCluster cluster = new RaftTestCluster("window", 3))
        {
            final int leader = cluster.awaitLeader(2_000);
            cluster.run(100);
            cluster.nodes[(leader + 1) % 3].onClientCommand(6, 1, command("one"), 0, 3);
            cluster.nodes[leader].onClientCommand(6, 2, command("two"), 0, 3);
            cluster.run(50);
            cluster.nodes[leader].onClientCommand(6, 1, command("one"), 0, 3);
            cluster.nodes[leader].onClientCommand(6, 1, command("one"), 0, 3);
            cluster.run(50);
            for (int i = 0; i < 3; i++)
            {
                assertEquals(2, cluster.machines[i].applied, "node " + i);
            }
            assertEquals(3, cluster.responses[leader].committed, "seq 2, seq 1, and seq 1's retry from the session");
            cluster.nodes[leader].onClientCommand(6, 2, command("two"), 0, 3);
            assertEquals(4, cluster.responses[leader].committed, "an applied retry is answered at once");
        }
    }

    @Test
    void shouldNotLetAPartitionedFollowerRaiseTheTermWithPreVote()
    {
        // Reference: thesis section 9.6 (pre-vote) and 4.2.3 (disruptive servers).
        try (RaftTestCluster cluster = new RaftTestCluster("prevote", 3))
        {
            final int leader = cluster.awaitLeader(2_000);
            final long term = cluster.nodes[leader].term();
            final int follower = (leader + 1) % 3;
            cluster.isolate(follower, true);
            cluster.run(3_000);
            assertEquals(term, cluster.nodes[follower].term(), "isolated follower must not raise its term");
            assertTrue(cluster.nodes[follower].role() == Role.PRE_CANDIDATE);
            cluster.isolate(follower, false);
            cluster.run(500);
            assertEquals(leader, cluster.leader());
            assertEquals(term, cluster.nodes[leader].term());
            assertEquals(Role.FOLLOWER, cluster.nodes[follower].role());
        }
    }

    @Test
    void shouldReplaceUncommittedEntriesOfADeposedLeader()
    {
        // Reference: section 5.3 (a follower's conflicting entries are overwritten), 5.4.2, and
        // LEADERSHIP_LOST for the old leader's pending commands.
        try (RaftTestCluster cluster = new RaftTestCluster("conflict", 3))
        {
            final int oldLeader = cluster.awaitLeader(2_000);
            cluster.nodes[oldLeader].onClientCommand(1, 1, command("kept"), 0, 4);
            cluster.run(50);
            assertEquals(1, cluster.responses[oldLeader].committed);

            cluster.isolate(oldLeader, true);
            for (int seq = 2; seq <= 20; seq++)
            {
                cluster.nodes[oldLeader].onClientCommand(1, seq, command("lost"), 0, 4);
            }
            cluster.run(100);
            assertEquals(1, cluster.responses[oldLeader].committed, "no quorum, nothing commits");

            int newLeader = -1;
            for (int i = 0; i < 2_000 && newLeader < 0; i++)
            {
                cluster.step();
                for (int n = 0; n < 3; n++)
                {
                    if (n != oldLeader && cluster.nodes[n].role() == Role.LEADER)
                    {
                        newLeader = n;
                    }
                }
            }
            assertTrue(newLeader >= 0, "majority side elects a leader");
            assertTrue(cluster.nodes[newLeader].term() > cluster.nodes[oldLeader].term());
            cluster.nodes[newLeader].onClientCommand(2, 1, command("new"), 0, 3);
            cluster.run(50);
            assertEquals(1, cluster.responses[newLeader].committed);

            cluster.isolate(oldLeader, false);
            cluster.run(500);
            assertEquals(Role.FOLLOWER, cluster.nodes[oldLeader].role());
            final long last = cluster.nodes[newLeader].lastLogIndex();
            assertEquals(last, cluster.nodes[oldLeader].lastLogIndex());
            for (long index = 1; index <= last; index++)
            {
                assertEquals(cluster.nodes[newLeader].logTermAt(index), cluster.nodes[oldLeader].logTermAt(index));
                assertArrayEquals(cluster.nodes[newLeader].logCommandAt(index), cluster.nodes[oldLeader].logCommandAt(index));
            }
            assertEquals(2, cluster.machines[oldLeader].applied, "kept + new, never the lost ones");
            long lost = cluster.responses[oldLeader].events.stream().filter(e -> e.startsWith("LEADERSHIP_LOST")).count();
            assertEquals(19, lost, "every pending command of the deposed leader is answered as unknown");
        }
    }

    @Test
    void shouldCatchUpALaggingFollowerWithFastBackOff()
    {
        // Reference: section 5.3, the optimization of the final paragraphs (conflict term hints).
        final RaftTuning tuning = new RaftTuning().segmentLength(1 << 20).maxBatchBytes(512).maxInflightBatches(4).conclude();
        try (RaftTestCluster cluster = new RaftTestCluster("catchup", 3, FsyncPolicy.NONE, tuning))
        {
            final int leader = cluster.awaitLeader(2_000);
            final int lagging = (leader + 2) % 3;
            cluster.isolate(lagging, true);
            for (int seq = 1; seq <= 2_000; seq++)
            {
                final byte[] bytes = command("payload-" + seq);
                cluster.nodes[leader].onClientCommand(3, seq, bytes, 0, bytes.length);
                if (seq % 100 == 0)
                {
                    cluster.step();
                }
            }
            cluster.run(100);
            assertEquals(2_000, cluster.responses[leader].committed);
            cluster.isolate(lagging, false);
            cluster.run(1_000);
            assertEquals(cluster.nodes[leader].lastLogIndex(), cluster.nodes[lagging].lastLogIndex());
            assertEquals(2_000, cluster.machines[lagging].applied);
            assertEquals(cluster.machines[leader].checksum, cluster.machines[lagging].checksum);
        }
    }

    @Test
    void shouldRecoverCommittedEntriesAfterPowerLossWithBatchFsync()
    {
        // Reference: section 5.1 (persistent state) and figure 2; BATCH acks only forced entries.
        try (RaftTestCluster cluster = new RaftTestCluster("powerloss", 3, FsyncPolicy.BATCH,
            new RaftTuning().segmentLength(1 << 20).conclude()))
        {
            final int leader = cluster.awaitLeader(2_000);
            for (int seq = 1; seq <= 300; seq++)
            {
                final byte[] bytes = command("p" + seq);
                cluster.nodes[leader].onClientCommand(4, seq, bytes, 0, bytes.length);
            }
            cluster.run(100);
            assertEquals(300, cluster.responses[leader].committed);
            final long term = cluster.nodes[leader].term();
            for (int i = 0; i < 3; i++)
            {
                cluster.crash(i, true);
            }
            for (int i = 0; i < 3; i++)
            {
                cluster.start(i);
                assertTrue(cluster.nodes[i].lastLogIndex() >= 1);
                assertTrue(cluster.nodes[i].term() >= term);
            }
            final int newLeader = cluster.awaitLeader(3_000);
            cluster.run(200);
            for (int i = 0; i < 3; i++)
            {
                assertEquals(300, cluster.machines[i].applied, "node " + i + " re-applies every committed command");
            }
            cluster.nodes[newLeader].onClientCommand(4, 301, command("p301"), 0, 4);
            cluster.run(100);
            assertEquals(1, cluster.responses[newLeader].committed);
        }
    }

    @Test
    void shouldRepairFollowerThatLostAcknowledgedEntriesWithoutFsync()
    {
        // Regression (conformance power-loss plan, fsync NONE, seed 621393842548): a follower that
        // lost entries it had acknowledged kept rejecting the heartbeat's consistency check at its
        // old matchIndex (section 5.3), the leader took every such rejection for a stale one, and the
        // follower never caught up. Liveness, not safety, is at stake: NONE promises nothing on power
        // loss.
        try (RaftTestCluster cluster = new RaftTestCluster("lostacked", 3))
        {
            final int leader = cluster.awaitLeader(2_000);
            for (int seq = 1; seq <= 10; seq++)
            {
                final byte[] bytes = command("p" + seq);
                cluster.nodes[leader].onClientCommand(4, seq, bytes, 0, bytes.length);
            }
            cluster.run(100);
            assertEquals(10, cluster.responses[leader].committed);
            final int victim = (leader + 1) % 3;
            assertEquals(11, cluster.nodes[victim].lastLogIndex());
            cluster.crash(victim, true);
            cluster.start(victim);
            assertEquals(0, cluster.nodes[victim].lastLogIndex(), "fsync NONE: the power loss took the whole log");
            cluster.run(500);
            assertEquals(Role.LEADER, cluster.nodes[leader].role());
            assertEquals(11, cluster.nodes[victim].lastLogIndex(), "the follower is repaired from the leader's log");
            assertEquals(cluster.nodes[leader].logTermAt(11), cluster.nodes[victim].logTermAt(11));
            assertEquals(10, cluster.machines[victim].applied);
            assertEquals(cluster.machines[leader].checksum, cluster.machines[victim].checksum);
        }
    }

    @Test
    void shouldDropCorruptForeignAndTruncatedFramesAndCountThem()
    {
        try (RaftTestCluster cluster = new RaftTestCluster("corrupt", 3))
        {
            final int leader = cluster.awaitLeader(2_000);
            final int follower = (leader + 1) % 3;
            final RaftCore node = cluster.nodes[follower];
            final long termBefore = node.term();

            node.onMessage(leader, new byte[3], 0, 3);
            assertEquals(1, node.rejectedFrames());

            final byte[] frame = validVoteRequest(leader, termBefore + 5);
            final byte[] flipped = frame.clone();
            flipped[flipped.length - 1] ^= 0x40;
            node.onMessage(leader, flipped, 0, flipped.length);
            assertEquals(2, node.rejectedFrames(), "bad checksum");

            final byte[] foreign = frame.clone();
            foreign[FrameHeaderFlyweight.CLUSTER_ID_OFFSET] = 99;
            node.onMessage(leader, foreign, 0, foreign.length);
            assertEquals(3, node.rejectedFrames(), "foreign cluster");

            node.onMessage(leader, frame, 0, frame.length - 8);
            assertEquals(4, node.rejectedFrames(), "truncated");

            node.onMessage(17, frame, 0, frame.length);
            assertEquals(5, node.rejectedFrames(), "unknown sender");

            node.onMessage(leader, frame, 2, frame.length);
            assertEquals(6, node.rejectedFrames(), "length beyond the array");

            final byte[] absurd = frame.clone();
            absurd[FrameHeaderFlyweight.BODY_LENGTH_OFFSET + 3] = 0x7F;
            node.onMessage(leader, absurd, 0, absurd.length);
            assertEquals(7, node.rejectedFrames(), "absurd body length");

            assertEquals(termBefore, node.term(), "no rejected frame changed state");
            cluster.run(200);
            assertEquals(leader, cluster.leader());
        }
    }

    @Test
    void shouldRejectAFrameWhoseTypeByteWasFlipped()
    {
        // Regression, conformance shouldRejectFramesWithAFlippedByteAndKeepWorking seed 12: the CRC
        // covered only the body, so a 40-byte AppendResponse with its type flipped to AppendEntries
        // parsed as a valid heartbeat. The checksum now covers the header as well.
        try (RaftTestCluster cluster = new RaftTestCluster("retype", 3))
        {
            final int leader = cluster.awaitLeader(2_000);
            final RaftCore follower = cluster.nodes[(leader + 1) % 3];
            final byte[] frame = validVoteRequest(leader, follower.term() + 5);
            for (final int offset : new int[]{
                FrameHeaderFlyweight.TYPE_OFFSET, FrameHeaderFlyweight.VERSION_OFFSET, FrameHeaderFlyweight.RESERVED_OFFSET})
            {
                final long before = follower.rejectedFrames();
                final byte[] flipped = frame.clone();
                flipped[offset] ^= 0x01;
                follower.onMessage(leader, flipped, 0, flipped.length);
                assertEquals(before + 1, follower.rejectedFrames(), "flip at header offset " + offset);
            }
            final long before = follower.rejectedFrames();
            final byte[] retyped = frame.clone();
            retyped[FrameHeaderFlyweight.TYPE_OFFSET] = RaftFrameType.TYPE_PRE_VOTE;
            follower.onMessage(leader, retyped, 0, retyped.length);
            assertEquals(before + 1, follower.rejectedFrames(), "a request vote re-typed as pre-vote");
            assertEquals(leader, cluster.leader());
        }
    }

    private static byte[] validVoteRequest(final int from, final long term)
    {
        final byte[] frame = new byte[FrameHeaderFlyweight.HEADER_LENGTH + 24];
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(frame);
        new io.quorumbench.lockfree.raft.codec.VoteRequestFlyweight().wrap(buffer, FrameHeaderFlyweight.HEADER_LENGTH)
            .encode(term, 0, 0);
        new FrameHeaderFlyweight().wrapForEncode(buffer, 0)
            .encode(RaftFrameType.TYPE_REQUEST_VOTE, RaftTestCluster.CLUSTER_ID, from, 24, 0);
        final int crc = new io.quorumbench.lockfree.codec.Crc32cChecksum()
            .compute(buffer, 0, FrameHeaderFlyweight.CHECKSUM_OFFSET, FrameHeaderFlyweight.CHECKSUM_OFFSET + 4, frame.length - 20);
        buffer.putInt(FrameHeaderFlyweight.CHECKSUM_OFFSET, crc, FrameHeaderFlyweight.BYTE_ORDER);
        return frame;
    }
}
