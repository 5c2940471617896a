package io.quorumbench.baseline.raft;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.conformance.soak.SoakScale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Randomized fault simulation of the core on the in-test pump, until the shared conformance kit
 * covers it: drops, duplicates, reordering, delay, corruption, partitions, crashes and restarts
 * (with power loss under BATCH and ALWAYS), with the Raft safety properties checked every
 * simulated millisecond and liveness checked after healing. A failing seed is in the message and
 * replays exactly.
 */
class RandomizedSimulationTest
{
    private static final long SIM_MS = 3_000;

    @TempDir
    Path dir;

    record Committed(long term, byte[] command)
    {
    }

    static LongStream defaultSeeds()
    {
        return LongStream.rangeClosed(1, 5);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("defaultSeeds")
    void shouldStaySafeAndLiveUnderRandomFaults(final long seed) throws Exception
    {
        final FsyncPolicy[] policies = { FsyncPolicy.BATCH, FsyncPolicy.ALWAYS };
        simulate(seed, policies[(int)(seed % 2)], seed % 3 == 0 ? 5 : 3);
    }

    /**
     * Seeds 100.. ({@link SoakScale#seedsFrom(long, int, int)}): 300 in the soak, 3 in the default
     * build's slice (100, 101, 102 cover both fsync policies and both cluster sizes);
     * {@code -Dqb.seed=S} replays one.
     */
    @Tag("slow")
    @Test
    @Timeout(1800)
    void shouldStaySafeAndLiveUnderRandomFaultsManySeeds() throws Exception
    {
        for (final long seed : SoakScale.seedsFrom(100, 300, 3))
        {
            simulate(seed, seed % 2 == 0 ? FsyncPolicy.BATCH : FsyncPolicy.ALWAYS, seed % 3 == 0 ? 5 : 3);
        }
    }

    private void simulate(final long seed, final FsyncPolicy policy, final int size) throws Exception
    {
        // fsync on tmpfs is free: the simulation tests logic, DurabilityTest tests the disk.
        final Path shm = Path.of("/dev/shm");
        final Path root = Files.isDirectory(shm) && Files.isWritable(shm) ?
            Files.createTempDirectory(shm, "qb-raftb-seed-" + seed + "-") : Files.createTempDirectory(dir, "seed-" + seed + "-");
        try
        {
            simulateIn(root, seed, policy, size);
        }
        finally
        {
            try (Stream<Path> paths = Files.walk(root))
            {
                for (final Path p : paths.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void simulateIn(final Path root, final long seed, final FsyncPolicy policy, final int size)
    {
        final Random random = new Random(seed);
        final String context = "seed=" + seed + " policy=" + policy + " size=" + size;
        try (TestCluster c = new TestCluster(root, size, policy))
        {
            final Checker checker = new Checker();
            final int clients = 3;
            final long[] nextSeq = new long[clients];
            final long[] sentAtMs = new long[clients];
            final boolean[] outstanding = new boolean[clients];
            final Set<String> acknowledged = new HashSet<>();
            int outcomesSeen = 0;

            for (long ms = 0; ms < SIM_MS + 3_000; ms++)
            {
                final boolean faulty = ms < SIM_MS;
                // Faults: partitions, crashes and restarts.
                if (faulty && random.nextInt(400) == 0)
                {
                    c.isolated.clear();
                    if (random.nextBoolean())
                    {
                        c.isolated.add(1 + random.nextInt(size));
                    }
                }
                if (faulty && random.nextInt(600) == 0)
                {
                    final int victim = 1 + random.nextInt(size);
                    if (c.node(victim) != null && countLive(c) > size / 2 + 1)
                    {
                        c.crash(victim, random.nextBoolean());
                    }
                }
                for (int id = 1; id <= size; id++)
                {
                    if (c.node(id) == null && (!faulty || random.nextInt(200) == 0))
                    {
                        c.start(id);
                    }
                }
                if (!faulty)
                {
                    c.isolated.clear();
                }

                // Clients: one outstanding command each, retried with the same sequence until answered.
                for (int k = 0; k < clients; k++)
                {
                    final boolean timedOut = outstanding[k] && ms - sentAtMs[k] > 100;
                    final boolean quiet = ms > SIM_MS + 2_000;
                    if ((!quiet && !outstanding[k] && random.nextInt(5) == 0) || timedOut)
                    {
                        if (!outstanding[k])
                        {
                            nextSeq[k]++;
                            outstanding[k] = true;
                        }
                        final RaftNode target = pickTarget(c, random, size);
                        if (target != null)
                        {
                            final byte[] cmd = ("c" + k + "-" + nextSeq[k]).getBytes(StandardCharsets.UTF_8);
                            sentAtMs[k] = ms;
                            target.onClientCommand(k, nextSeq[k], cmd, 0, cmd.length);
                        }
                    }
                }

                runOneMs(c, random, faulty);

                for (; outcomesSeen < c.allOutcomes.size(); outcomesSeen++)
                {
                    final TestCluster.Outcome o = c.allOutcomes.get(outcomesSeen);
                    final int k = (int)o.clientId();
                    if (o.sequence() == nextSeq[k] && outstanding[k])
                    {
                        if (o.committed())
                        {
                            outstanding[k] = false;
                            acknowledged.add("c" + k + "-" + o.sequence());
                        }
                        else
                        {
                            sentAtMs[k] = ms - 100; // retry on the next millisecond
                        }
                    }
                }
                checkInvariants(c, size, checker, context + " at ms " + ms);
                checkLeaderCompleteness(c, checker, context + " at ms " + ms);
            }

            // Liveness after healing: one leader, everyone converged, every client answered.
            for (int k = 0; k < clients; k++)
            {
                assertTrue(!outstanding[k], context + ": client " + k + " never got sequence " + nextSeq[k] + " answered");
            }
            final RaftNode leader = c.leader();
            assertTrue(leader != null, context + ": no leader after healing");
            for (int id = 1; id <= size; id++)
            {
                assertEquals(leader.commitIndex(), c.node(id).commitIndex(), context + ": node " + id + " commit index");
            }
            // Exactly once: every acknowledged command applied exactly once on every node.
            for (int id = 1; id <= size; id++)
            {
                final List<String> applied = new ArrayList<>();
                for (final byte[] cmd : c.stateMachines[id].applied.values())
                {
                    applied.add(new String(cmd, StandardCharsets.UTF_8));
                }
                assertEquals(new HashSet<>(applied).size(), applied.size(), context + ": node " + id + " applied a command twice");
                assertTrue(applied.containsAll(acknowledged), context + ": node " + id + " misses acknowledged commands");
            }
        }
    }

    private static int countLive(final TestCluster c)
    {
        int live = 0;
        for (int id = 1; id <= c.size; id++)
        {
            if (c.node(id) != null)
            {
                live++;
            }
        }
        return live;
    }

    private static RaftNode pickTarget(final TestCluster c, final Random random, final int size)
    {
        if (random.nextInt(4) != 0)
        {
            for (int id = 1; id <= size; id++)
            {
                if (c.node(id) != null && c.node(id).role() == Role.LEADER)
                {
                    return c.node(id);
                }
            }
        }
        return c.node(1 + random.nextInt(size));
    }

    private static void runOneMs(final TestCluster c, final Random random, final boolean faulty)
    {
        c.nowNs += TestCluster.MS;
        for (int id = 1; id <= c.size; id++)
        {
            if (c.node(id) != null)
            {
                c.node(id).onTick(c.nowNs);
            }
        }
        final List<TestCluster.Frame> delayed = new ArrayList<>();
        for (int round = 0; round < 50 && !c.network.isEmpty(); round++)
        {
            final List<TestCluster.Frame> batch = new ArrayList<>(c.network);
            c.network.clear();
            if (faulty)
            {
                Collections.shuffle(batch, random);
            }
            for (final TestCluster.Frame f : batch)
            {
                if (c.isolated.contains(f.from()) || c.isolated.contains(f.to()) || c.node(f.to()) == null)
                {
                    continue;
                }
                byte[] bytes = f.bytes();
                if (faulty)
                {
                    final int dice = random.nextInt(100);
                    if (dice < 5)
                    {
                        continue;
                    }
                    if (dice < 10)
                    {
                        delayed.add(f);
                        continue;
                    }
                    if (dice < 12)
                    {
                        bytes = bytes.clone();
                        bytes[random.nextInt(bytes.length)] ^= (byte)(1 + random.nextInt(255));
                    }
                    else if (dice < 15)
                    {
                        c.node(f.to()).onMessage(f.from(), bytes, 0, bytes.length);
                        if (c.node(f.to()) == null)
                        {
                            continue;
                        }
                    }
                }
                c.node(f.to()).onMessage(f.from(), bytes, 0, bytes.length);
            }
        }
        c.network.addAll(delayed);
    }

    /** Incremental checker state, so each step costs only what changed. */
    static final class Checker
    {
        final List<Committed> committed = new ArrayList<>();
        /** Term of the node whose commit index first revealed each committed entry: at least its commit term. */
        final List<Long> revealedInTerm = new ArrayList<>();
        final Map<Long, Integer> leaderOfTerm = new HashMap<>();
        final Map<RaftNode, Long> checkedCommit = new IdentityHashMap<>();
        final Map<TestCluster.RecordingStateMachine, Long> checkedApplied = new IdentityHashMap<>();
    }

    private static void checkInvariants(final TestCluster c, final int size, final Checker k, final String context)
    {
        for (int id = 1; id <= size; id++)
        {
            final RaftNode n = c.node(id);
            if (n == null)
            {
                continue;
            }
            // Election safety (5.2): at most one leader per term, ever.
            if (n.role() == Role.LEADER)
            {
                final Integer previous = k.leaderOfTerm.putIfAbsent(n.term(), id);
                assertTrue(previous == null || previous == id,
                    context + ": two leaders in term " + n.term() + ": " + previous + " and " + id);
            }
            // Log matching + state machine safety: committed prefixes agree everywhere.
            final long commit = n.commitIndex();
            assertTrue(commit <= n.lastLogIndex(), context + ": node " + id + " commit beyond log");
            for (long i = k.checkedCommit.getOrDefault(n, 0L) + 1; i <= commit; i++)
            {
                final Committed entry = new Committed(n.logTermAt(i), n.logCommandAt(i));
                if (i > k.committed.size())
                {
                    k.committed.add(entry);
                    k.revealedInTerm.add(n.term());
                }
                else
                {
                    final Committed known = k.committed.get((int)(i - 1));
                    assertTrue(known.term() == entry.term() && Arrays.equals(known.command(), entry.command()),
                        context + ": node " + id + " committed a different entry at " + i);
                }
            }
            k.checkedCommit.put(n, Math.max(commit, k.checkedCommit.getOrDefault(n, 0L)));
            final TestCluster.RecordingStateMachine sm = c.stateMachines[id];
            for (final Map.Entry<Long, byte[]> applied : sm.applied.tailMap(k.checkedApplied.getOrDefault(sm, 0L), false).entrySet())
            {
                final long index = applied.getKey();
                assertTrue(index <= k.committed.size() && Arrays.equals(k.committed.get((int)(index - 1)).command(), applied.getValue()),
                    context + ": node " + id + " applied something else at " + index);
                k.checkedApplied.put(sm, index);
            }
        }
    }

    private static void checkLeaderCompleteness(final TestCluster c, final Checker k, final String context)
    {
        // Leader completeness (5.4): a leader of term L holds every entry committed in a term before L.
        for (int id = 1; id <= c.size; id++)
        {
            final RaftNode n = c.node(id);
            if (n == null || n.role() != Role.LEADER)
            {
                continue;
            }
            for (int i = k.committed.size(); i >= 1; i--)
            {
                if (k.revealedInTerm.get(i - 1) < n.term())
                {
                    assertTrue(n.lastLogIndex() >= i, context + ": leader " + id + " of term " + n.term() + " misses committed " + i);
                    assertEquals(k.committed.get(i - 1).term(), n.logTermAt(i), context + ": leader " + id + " at " + i);
                    break; // log matching covers the prefix
                }
            }
        }
    }
}
