package io.quorumbench.lockfree.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.Role;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded fault simulation of the core until the shared conformance kit runs it: drop, duplicate,
 * reorder and corrupt frames, partitions, process crashes and restarts, on 5 nodes with
 * fsync NONE
 * (process crashes keep the page cache; power loss under BATCH is covered by {@code RaftCoreTest},
 * since a real msync per simulated millisecond makes a long simulation disk bound). After every step it checks election safety (5.2: at most one leader per term),
 * log matching of committed prefixes (5.3, 5.4: no node ever holds a different term at a
 * committed index), and state machine safety (every node that applied k commands applied the
 * same k). At the end the faults stop and the cluster must make progress. A failing seed is in
 * the assertion message and replays exactly.
 */
class RaftFaultSimulationTest
{
    private static final int NODES = 5;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldStaySafeAndLiveUnderFaults(final long seed)
    {
        simulate(seed, 5_000);
    }

    @Test
    @Tag("slow")
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void shouldStaySafeAndLiveUnderFaultsForManySeeds()
    {
        for (long seed = 100; seed < 400; seed++)
        {
            simulate(seed, 10_000);
        }
    }

    private static void simulate(final long seed, final int steps)
    {
        final RaftTuning tuning = new RaftTuning().segmentLength(1 << 20).maxBatchBytes(1024).maxInflightBatches(4).conclude();
        try (RaftTestCluster cluster = new RaftTestCluster("sim" + seed, NODES, FsyncPolicy.NONE, tuning))
        {
            final SplittableRandom random = new SplittableRandom(seed);
            cluster.faultRandom = new SplittableRandom(seed * 31 + 7);
            cluster.dropProbability = 0.05;
            cluster.duplicateProbability = 0.03;
            cluster.reorderProbability = 0.10;
            cluster.corruptProbability = 0.01;
            for (int i = 0; i < NODES; i++)
            {
                cluster.responses[i].record = false;
            }

            final Map<Long, Integer> leaderOfTerm = new HashMap<>();
            final long[] committedTerms = new long[1 << 20];
            final Map<Long, Long> checksumAtCount = new HashMap<>();
            final int[] downUntil = new int[NODES];
            long seq = 0;
            final byte[] command = new byte[24];

            for (int step = 0; step < steps; step++)
            {
                // Faults: crash / restart, partitions.
                if (random.nextInt(400) == 0)
                {
                    final int victim = random.nextInt(NODES);
                    if (!cluster.crashed[victim])
                    {
                        cluster.crash(victim, false);
                        downUntil[victim] = step + 50 + random.nextInt(500);
                    }
                }
                for (int i = 0; i < NODES; i++)
                {
                    if (cluster.crashed[i] && step >= downUntil[i])
                    {
                        cluster.start(i);
                        cluster.responses[i].record = false;
                    }
                }
                if (random.nextInt(300) == 0)
                {
                    cluster.isolate(random.nextInt(NODES), true);
                }
                if (random.nextInt(200) == 0)
                {
                    for (int i = 0; i < NODES; i++)
                    {
                        cluster.isolate(i, false);
                    }
                }

                // Load: the leader gets a few commands per ms.
                final int leader = cluster.leader();
                if (leader >= 0)
                {
                    final int n = random.nextInt(4);
                    for (int k = 0; k < n; k++)
                    {
                        seq++;
                        command[0] = (byte)seq;
                        command[1] = (byte)(seq >>> 8);
                        cluster.nodes[leader].onClientCommand(1 + random.nextInt(3), seq, command, 0, 1 + random.nextInt(24));
                    }
                }
                cluster.step();
                check(seed, step, cluster, leaderOfTerm, committedTerms, checksumAtCount);
            }

            // Heal everything and demand progress (liveness after faults stop).
            cluster.faultRandom = null;
            for (int i = 0; i < NODES; i++)
            {
                cluster.isolate(i, false);
                if (cluster.crashed[i])
                {
                    cluster.start(i);
                }
            }
            final int leader = cluster.awaitLeader(5_000);
            cluster.responses[leader].record = true;
            cluster.nodes[leader].onClientCommand(99, 1, command, 0, 8);
            cluster.run(300);
            check(seed, steps, cluster, leaderOfTerm, committedTerms, checksumAtCount);
            assertTrue(cluster.responses[leader].events.stream().anyMatch(e -> e.startsWith("committed 99/1@")),
                "seed " + seed + ": no progress after healing: " + cluster.responses[leader].events);
            final long lastApplied = cluster.nodes[leader].lastApplied();
            for (int i = 0; i < NODES; i++)
            {
                assertEquals(lastApplied, cluster.nodes[i].lastApplied(), "seed " + seed + ": node " + i + " caught up");
            }
            assertTrue(cluster.corrupted == 0 || totalRejected(cluster) > 0, "seed " + seed + ": corrupt frames counted");
        }
    }

    private static long totalRejected(final RaftTestCluster cluster)
    {
        long total = 0;
        for (final RaftCore node : cluster.nodes)
        {
            total += node.rejectedFrames();
        }
        return total;
    }

    private static void check(
        final long seed,
        final int step,
        final RaftTestCluster cluster,
        final Map<Long, Integer> leaderOfTerm,
        final long[] committedTerms,
        final Map<Long, Long> checksumAtCount)
    {
        for (int i = 0; i < cluster.size; i++)
        {
            if (cluster.crashed[i])
            {
                continue;
            }
            final RaftCore node = cluster.nodes[i];
            if (node.role() == Role.LEADER)
            {
                final Integer previous = leaderOfTerm.putIfAbsent(node.term(), i);
                if (null != previous && previous != i)
                {
                    fail("seed " + seed + " step " + step + ": two leaders in term " + node.term() + ": " + previous + ", " + i);
                }
            }
            final long commit = node.commitIndex();
            for (long index = Math.max(1, commit - 64); index <= commit; index++)
            {
                final long term = node.logTermAt(index);
                if (committedTerms[(int)index] == 0)
                {
                    committedTerms[(int)index] = term;
                }
                else if (committedTerms[(int)index] != term)
                {
                    fail("seed " + seed + " step " + step + ": node " + i + " has term " + term + " at committed index " +
                        index + ", expected " + committedTerms[(int)index]);
                }
            }
            final CountingStateMachine machine = cluster.machines[i];
            final Long expected = checksumAtCount.putIfAbsent(machine.applied, machine.checksum);
            if (null != expected && expected != machine.checksum)
            {
                fail("seed " + seed + " step " + step + ": node " + i + " applied a different sequence of " +
                    machine.applied + " commands");
            }
        }
    }
}
