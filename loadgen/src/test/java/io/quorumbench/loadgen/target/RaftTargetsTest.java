package io.quorumbench.loadgen.target;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.loadgen.engine.Arrivals;
import io.quorumbench.loadgen.engine.LoadRun;
import io.quorumbench.loadgen.engine.RunConfig;
import io.quorumbench.loadgen.engine.RunResult;
import io.quorumbench.loadgen.workload.KeyDistribution;
import io.quorumbench.loadgen.workload.kv.ConformanceHistoryChecker;
import io.quorumbench.loadgen.workload.kv.KvWorkload;
import io.quorumbench.api.fault.FaultInjector;
import io.quorumbench.loadgen.fault.FaultSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.baseline.raft.host.RaftServer;
import io.quorumbench.api.results.CheckVerdict;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A short KV run through each embedded Raft cluster: answers arrive, history checks, nothing lost, nothing leaks. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RaftTargetsTest
{
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private RunResult run(final LoadTarget target)
    {
        return run(target, dir);
    }

    private RunResult run(final LoadTarget target, final Path out)
    {
        // a low rate: this checks plumbing and verdicts on a shared machine, not speed
        final RunConfig config = new RunConfig(500, Arrivals.CONSTANT, 1_500 * MS, 300 * MS, 2, 1024, 10_000 * MS, 9, false);
        final KvWorkload workload = new KvWorkload(200, KeyDistribution.UNIFORM, 0.99, 0.4, 0.2, 32, 8, 100_000,
            new ConformanceHistoryChecker(out.resolve("history.jsonl")));
        try (target)
        {
            return new LoadRun(config, target, workload, out, new PrintStream(OutputStream.nullOutputStream())).execute();
        }
    }

    private static Set<String> threadsStartingWith(final String... prefixes)
    {
        final Set<String> names = new HashSet<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            for (final String prefix : prefixes)
            {
                if (thread.isAlive() && thread.getName().startsWith(prefix))
                {
                    names.add(thread.getName());
                }
            }
        }
        return names;
    }

    private void assertChecked(final RunResult result)
    {
        assertTrue(result.ok() > 0, "answers arrived");
        assertEquals(CheckVerdict.PASS, result.verification().readBack().verdict(), result.verification().details().toString());
        assertEquals(CheckVerdict.PASS, result.verification().history().verdict(), result.verification().details().toString());
        assertEquals(0L, result.verification().lostAckedWrites());
        assertTrue(Files.exists(dir.resolve("history.jsonl")));
        assertEquals(Set.of(), threadsStartingWith("qb-sender-", "qb-baseline-client-"), "every thread stopped");
    }

    @Test
    void shouldRunKvThroughTheLockfreeCluster()
    {
        final LockfreeRaftTarget target = new LockfreeRaftTarget(3, FsyncPolicy.NONE, 256, 64);
        assertChecked(run(target));
    }

    /** KV state machines (64-byte values) that show each command to {@code onApply} before applying it. */
    private static java.util.function.IntFunction<io.quorumbench.api.consensus.StateMachine> observedKv(
        final java.util.function.ObjIntConsumer<byte[]> onApply)
    {
        return id ->
        {
            final KvStateMachine kv = new KvStateMachine(KvStateMachine.DEFAULT_MAX_KEY_LENGTH, 64);
            return new io.quorumbench.api.consensus.StateMachine()
            {
                @Override
                public int apply(final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
                {
                    onApply.accept(command, offset);
                    return kv.apply(logIndex, command, offset, length, result);
                }

                @Override
                public int maxResultLength()
                {
                    return kv.maxResultLength();
                }
            };
        };
    }

    @ParameterizedTest(name = "cluster on the sender thread: {0}")
    @ValueSource(booleans = {true, false})
    void shouldNeverStampAnAnswerBeforeItsCommandWasApplied(final boolean onSender)
    {
        final int count = 2_000;
        // when each command was first applied on any replica: its answer cannot be complete before that
        final java.util.concurrent.atomic.AtomicLongArray firstApplyNs = new java.util.concurrent.atomic.AtomicLongArray(count);
        final java.util.function.IntFunction<io.quorumbench.api.consensus.StateMachine> observed = observedKv((command, offset) ->
        {
            final int key = (int)java.nio.ByteBuffer.wrap(command, io.quorumbench.api.kv.KvCommand.keyOffset(offset), 8).getLong();
            firstApplyNs.compareAndSet(key, 0, System.nanoTime());
        });
        try (LockfreeRaftTarget target = new LockfreeRaftTarget(3, FsyncPolicy.NONE, 256, 64, true, onSender, dir,
            LockfreeRaftTarget.DEFAULT_MAX_IN_FLIGHT, observed))
        {
            final ClientSession session = target.openSession(0);
            final byte[] command = new byte[256];
            final long[] completed = new long[count];
            final CompletionHandler handler = (requestId, outcome, completedNs, result, offset, length) ->
            {
                assertEquals(CompletionHandler.OK, outcome);
                completed[(int)requestId] = completedNs;
            };
            for (int i = 0; i < count; i++)
            {
                final int length = io.quorumbench.api.kv.KvCommand.encodePut(
                    command, 0, java.nio.ByteBuffer.allocate(8).putLong(i).array(), new byte[64]);
                assertTrue(session.trySend(i, command, 0, length), "sent " + i);
                if (i % 100 == 99)
                {
                    session.poll(handler, count);
                }
            }
            final long deadlineNs = System.nanoTime() + 10_000_000_000L;
            while (java.util.Arrays.stream(completed).anyMatch(ns -> 0 == ns))
            {
                assertTrue(System.nanoTime() < deadlineNs, "every command answered");
                session.poll(handler, count);
            }
            for (int i = 0; i < count; i++)
            {
                assertTrue(completed[i] >= firstApplyNs.get(i),
                    "command " + i + " answered " + (firstApplyNs.get(i) - completed[i]) + " ns before it was applied");
            }
            session.close();
        }
    }

    @Test
    void shouldKeepAnAnswerForEveryRequestInFlightWhileTheSenderIsNotPolling()
    {
        // 1,000 puts of 64-byte values, then 30,000 gets of them, all applied on every replica
        // before the first answer is read: ~3 MiB of answers, three times what the old fixed
        // 1 MiB egress buffer held.
        final int keys = 1_000;
        final int count = keys + 30_000;
        final java.util.concurrent.atomic.AtomicLong applied = new java.util.concurrent.atomic.AtomicLong();
        final java.util.function.IntFunction<io.quorumbench.api.consensus.StateMachine> counted =
            observedKv((command, offset) -> applied.incrementAndGet());
        try (LockfreeRaftTarget target = new LockfreeRaftTarget(3, FsyncPolicy.NONE, 256, 64, false, false, dir,
            LockfreeRaftTarget.DEFAULT_MAX_IN_FLIGHT, counted))
        {
            final ClientSession session = target.openSession(0);
            final byte[] command = new byte[256];
            final int[] ok = new int[1];
            final CompletionHandler handler = (requestId, outcome, completedNs, result, offset, length) ->
            {
                assertEquals(CompletionHandler.OK, outcome, "request " + requestId);
                ok[0]++;
            };
            final long deadlineNs = System.nanoTime() + 30_000_000_000L;
            for (int i = 0; i < count; i++)
            {
                final byte[] key = java.nio.ByteBuffer.allocate(8).putLong(i % keys).array();
                final int length = i < keys ?
                    io.quorumbench.api.kv.KvCommand.encodePut(command, 0, key, new byte[64]) :
                    io.quorumbench.api.kv.KvCommand.encodeGet(command, 0, key);
                while (!session.trySend(i, command, 0, length))
                {
                    // the cluster's own thread drains the ingress; nobody reads the answers yet
                    assertTrue(System.nanoTime() < deadlineNs, "ingress drained");
                    Thread.onSpinWait();
                }
            }
            while (applied.get() < 3L * count)
            {
                assertTrue(System.nanoTime() < deadlineNs, applied.get() + " of " + 3L * count + " applies");
                Thread.onSpinWait();
            }
            // every answer is in the buffer by now, or was dropped
            final long answersDeadlineNs = System.nanoTime() + 5_000_000_000L;
            while (ok[0] < count)
            {
                assertTrue(System.nanoTime() < answersDeadlineNs, ok[0] + " of " + count + " answered");
                session.poll(handler, count);
            }
            assertEquals(0, target.droppedAnswers(), "answers dropped for want of egress space");
            session.close();
        }
    }

    @Test
    void shouldSizeTheEgressForTheSendersInFlightLimit()
    {
        // 8 ring-record header + 24 answer header + 69 result bytes, aligned to 104
        assertEquals(8 << 20, LockfreeRaftTarget.egressCapacity(65_536, 69));
        assertEquals(1 << 20, LockfreeRaftTarget.egressCapacity(1, 69));
        assertEquals(LockfreeRaftTarget.MAX_EGRESS_CAPACITY, LockfreeRaftTarget.egressCapacity(4_194_304, 69));
    }

    @Test
    void shouldDriveARunningBaselineClusterFromItsClusterFileTwice() throws Exception
    {
        final Properties p = new Properties();
        p.setProperty("cluster.id", "5");
        p.setProperty("cluster.members", "1,2,3");
        for (int id = 1; id <= 3; id++)
        {
            p.setProperty("node." + id + ".peer", "127.0.0.1:0");
            p.setProperty("node." + id + ".client", "127.0.0.1:0");
            p.setProperty("node." + id + ".data", "node-" + id);
        }
        final ClusterConfig config = ClusterConfig.parse(p, "test", dir);
        final List<RaftServer> servers = new ArrayList<>();
        try
        {
            for (final int id : config.memberIds())
            {
                servers.add(RaftServer.bind(config, id, new KvStateMachine()));
            }
            final Properties file = new Properties();
            file.putAll(p);
            final Map<Integer, InetSocketAddress> peers = new LinkedHashMap<>();
            for (final RaftServer server : servers)
            {
                peers.put(server.nodeId(), new InetSocketAddress("127.0.0.1", server.peerPort()));
                file.setProperty("node." + server.nodeId() + ".peer", "127.0.0.1:" + server.peerPort());
                file.setProperty("node." + server.nodeId() + ".client", "127.0.0.1:" + server.clientPort());
            }
            for (final RaftServer server : servers)
            {
                server.start(peers::get);
            }
            final Path clusterFile = dir.resolve("cluster.properties");
            try (OutputStream out = Files.newOutputStream(clusterFile))
            {
                file.store(out, "test cluster");
            }

            // two runs against the same cluster: the second finds the first one's values and must
            // not mistake them for its own (run tags), nor report them lost
            for (int runIndex = 0; runIndex < 2; runIndex++)
            {
                final Path out = Files.createDirectories(dir.resolve("run-" + runIndex));
                final RunResult result = run(BaselineRaftTarget.connect(clusterFile, 4, 256, 10_000), out);
                assertTrue(result.ok() > 0, "answers arrived");
                assertEquals(CheckVerdict.PASS, result.verification().readBack().verdict(), result.verification().details().toString());
                assertEquals(CheckVerdict.PASS, result.verification().history().verdict(), result.verification().details().toString());
                assertEquals(0L, result.verification().lostAckedWrites(), result.verification().details().toString());
            }
        }
        finally
        {
            for (final RaftServer server : servers)
            {
                server.close();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lockfree", "baseline"})
    void shouldMeasureTheUnavailabilityWindowOfALeaderKillAndLoseNoAcknowledgedWrite(final String impl)
    {
        final RunConfig config = new RunConfig(500, Arrivals.CONSTANT, 3_500 * MS, 300 * MS, 1, 1024, 2_000 * MS, 11, false);
        final KvWorkload workload = new KvWorkload(100, KeyDistribution.UNIFORM, 0.99, 0.3, 0.2, 32, 10, 100_000,
            new ConformanceHistoryChecker(dir.resolve("history.jsonl")));
        final RunResult result;
        final int[] leaders = new int[2];
        try (LoadTarget target = "lockfree".equals(impl) ?
            new LockfreeRaftTarget(3, FsyncPolicy.NONE, 256, 64) : new BaselineRaftTarget(3, FsyncPolicy.NONE, 4, 256, 64, 2_000))
        {
            result = new LoadRun(config, target, workload, dir, new PrintStream(OutputStream.nullOutputStream()))
                .faults(FaultSchedule.parse("1200ms:kill-leader,2500ms:restart:killed"))
                .execute();
            leaders[0] = result.faults().get(0).nodeId();
            leaders[1] = ((FaultInjector)target).leaderId();
        }
        assertEquals(2, result.faults().size(), result.faults().toString());
        assertTrue(leaders[0] > 0, result.faults().toString());
        final RunResult.Failover kill = result.failovers().get(0);
        assertEquals("kill-leader", kill.fault().action());
        assertEquals(leaders[0], kill.leaderBefore());
        assertTrue(kill.unavailableNs() > 0, "a window was measured: " + kill);
        assertNotEquals(leaders[0], kill.leaderAfter(), "a new leader answered: " + kill);
        assertTrue(kill.leaderAfter() > 0, kill.toString());
        assertEquals(CheckVerdict.PASS, result.verification().readBack().verdict(), result.verification().details().toString());
        assertEquals(0L, result.verification().lostAckedWrites(), result.verification().details().toString());
        assertEquals(CheckVerdict.PASS, result.verification().history().verdict(), result.verification().details().toString());

        final Map<String, Object> summary = result.toMap();
        final List<?> failover = (List<?>)summary.get("failover");
        assertEquals(2, failover.size());
        final Map<?, ?> first = (Map<?, ?>)failover.get(0);
        assertTrue(((Number)first.get("unavailableMs")).doubleValue() > 0, first.toString());
        assertEquals(kill.leaderAfter(), first.get("newLeader"));
        final List<?> timeline = (List<?>)summary.get("timeline");
        assertEquals(result.seconds().size(), timeline.size());
        assertTrue(timeline.stream().anyMatch(row -> ((Map<?, ?>)row).get("event").toString().startsWith("kill-leader")),
            timeline.toString());
    }

    @Test
    void shouldRunKvThroughTheBaselineCluster()
    {
        final BaselineRaftTarget target = new BaselineRaftTarget(3, FsyncPolicy.NONE, 4, 256, 64, 5_000);
        final RunResult result = run(target);
        assertChecked(result);
        assertEquals(Set.of(), threadsStartingWith("raft-"), "the baseline servers' threads stopped");
    }
}
