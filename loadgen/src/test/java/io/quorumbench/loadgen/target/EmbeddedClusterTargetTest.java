package io.quorumbench.loadgen.target;

import io.quorumbench.api.fault.FaultInjector;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.loadgen.engine.Arrivals;
import io.quorumbench.loadgen.engine.LoadRun;
import io.quorumbench.loadgen.engine.RunConfig;
import io.quorumbench.loadgen.engine.RunResult;
import io.quorumbench.loadgen.fault.FaultSchedule;
import io.quorumbench.loadgen.workload.KeyDistribution;
import io.quorumbench.loadgen.workload.kv.ConformanceHistoryChecker;
import io.quorumbench.loadgen.workload.kv.KvWorkload;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short KV run through the embedded cluster of every registered implementation: answers arrive,
 * the history checks, nothing is lost, no thread outlives the target, and a leader kill's
 * unavailability window is measured (moved from {@code RaftTargetsTest} when the targets went
 * through the registry).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class EmbeddedClusterTargetTest
{
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    static List<Implementation> implementations()
    {
        return Registry.discover().all();
    }

    private static EmbeddedClusterTarget launch(final Implementation implementation, final Path dataParent)
    {
        final ClusterContext context = new ClusterContext().maxCommandLength(256).clientThreads(4)
            .operationTimeoutNs(2_000 * MS).sessions(2);
        if (implementation.options().containsKey("maxValueLength"))
        {
            context.option("maxValueLength", "64");
        }
        return new EmbeddedClusterTarget(implementation, context, dataParent);
    }

    /** Live threads, by id, other than the JVM's own. */
    private static Set<Long> liveThreads()
    {
        final Set<Long> ids = new HashSet<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.isAlive())
            {
                ids.add(thread.getId());
            }
        }
        return ids;
    }

    /** Threads started since {@code before} that are still alive after a grace period for their orderly exit. */
    private static String threadsLeftSince(final Set<Long> before)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true)
        {
            final String left = Thread.getAllStackTraces().keySet().stream()
                .filter((t) -> t.isAlive() && !before.contains(t.getId()))
                // the JVM's and JUnit's own helpers, not the target's
                .filter((t) -> !t.getName().startsWith("ForkJoinPool") && !t.getName().startsWith("process reaper") &&
                    !t.getName().startsWith("junit-"))
                .map(Thread::getName).sorted().collect(Collectors.joining(", "));
            if (left.isEmpty() || System.nanoTime() - deadlineNs > 0)
            {
                return left;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void shouldRunKvThroughTheEmbeddedClusterAndLeaveNoThreadOrData(final Implementation implementation) throws Exception
    {
        try (EmbeddedClusterTarget warm = launch(implementation, null))
        {
            // process-wide helper threads (started once per JVM) start here; a thread per cluster or session
            // that outlives its target shows in the run below
            warm.openSession(0).close();
        }
        final Set<Long> before = liveThreads();
        final Path dataParent = Files.createDirectories(dir.resolve("data"));
        // a low rate: this checks plumbing and verdicts on a shared machine, not speed
        final RunConfig config = new RunConfig(500, Arrivals.CONSTANT, 1_500 * MS, 300 * MS, 2, 1024, 10_000 * MS, 9, false);
        final KvWorkload workload = new KvWorkload(200, KeyDistribution.UNIFORM, 0.99, 0.4, 0.2, 32, 8, 100_000,
            new ConformanceHistoryChecker(dir.resolve("history.jsonl")));
        final RunResult result;
        final Map<String, Object> context;
        try (EmbeddedClusterTarget target = launch(implementation, dataParent))
        {
            context = target.context();
            result = new LoadRun(config, target, workload, dir, new PrintStream(OutputStream.nullOutputStream())).execute();
        }
        assertTrue(result.ok() > 0, "answers arrived");
        assertEquals(CheckVerdict.PASS, result.verification().readBack().verdict(), result.verification().details().toString());
        assertEquals(CheckVerdict.PASS, result.verification().history().verdict(), result.verification().details().toString());
        assertEquals(0L, result.verification().lostAckedWrites());
        assertTrue(Files.exists(dir.resolve("history.jsonl")));
        assertEquals(implementation.id(), context.get("implementation"));
        assertEquals(implementation.impl(), context.get("impl"));
        assertEquals(implementation.protocol().id(), context.get("protocol"));
        assertTrue(context.get("dataDir").toString().startsWith(dataParent.toString()), context.toString());
        assertEquals("", threadsLeftSince(before), "every thread the target started stopped");
        try (var left = Files.list(dataParent))
        {
            assertEquals(List.of(), left.toList(), "the nodes' data is deleted");
        }
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void shouldMeasureTheUnavailabilityWindowOfALeaderKillAndLoseNoAcknowledgedWrite(final Implementation implementation)
    {
        final RunConfig config = new RunConfig(500, Arrivals.CONSTANT, 3_500 * MS, 300 * MS, 1, 1024, 2_000 * MS, 11, false);
        final KvWorkload workload = new KvWorkload(100, KeyDistribution.UNIFORM, 0.99, 0.3, 0.2, 32, 10, 100_000,
            new ConformanceHistoryChecker(dir.resolve("history.jsonl")));
        final RunResult result;
        final int[] leaders = new int[2];
        try (EmbeddedClusterTarget target = launch(implementation, null))
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
}
