package io.quorumbench.loadgen;

import io.quorumbench.analysis.compare.LoadgenSummary;
import io.quorumbench.analysis.report.Targets;
import io.quorumbench.loadgen.engine.SummaryWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadGenCommandTest
{
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        return LoadGenCommand.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--target=noop --no-such-option",
        "--target=noop --rate=-5",
        "--target=noop --rate=abc",
        "--target=noop --duration=2s --warmup=3s",
        "--target=noop --duration=ten",
        "--target=noop --arrivals=bursty",
        "--target=nope",
        "--target=noop --key-dist=pareto",
        "--target=noop --read-ratio=1.5",
        "--target=noop --read-ratio=0.8 --cas-ratio=0.3",
        "--target=noop --senders=0",
        "--target=noop --value-size=4",
        "--target=noop --keys=0",
        "--target=noop --workload=paxos",
        "--target=noop --sweep=10:5:1",
        "--target=noop --sweep=10:100",
        "--target=noop --sweep=10:100:x1",
        "--impl=lockfree --agent-idle=spin",
        "--impl=lockfree --faults=4s:explode",
        "--impl=lockfree --faults=4s:kill",
        "--target=noop --faults=1s:kill-leader",
        "--impl=baseline --faults=20s:kill-leader",
        "--impl=lockfree --faults-file=/nonexistent/faults.txt",
        "--target=noop --spawn-cluster",
        "--impl=lockfree --netns",
        "--impl=baseline --cluster-on-sender",
        "--target=noop --data-dir=/tmp",
        "--impl=lockfree --cluster-on-sender --senders=2",
        "--impl=lockfree --cluster-on-sender --spawn-cluster",
        "--impl=baseline --spawn-cluster --faults=1s:heal",
        "--target=noop --check-budget=0s",
        "--target=noop --read-back-budget=0s",
        "--target=noop --check-budget=soon",
        "--rate=1000",
        "--impl=nope",
        "--protocol=zab --impl=lockfree",
        "--target=noop --impl=lockfree",
        "--target=lockfree --impl=baseline",
        "--target=delay --delay=soon",
        "--impl=baseline --agent-idle=yield",
        "--impl=baseline --option=clusterOnSender=true",
        "--impl=lockfree --option=noequals",
        "--impl=lockfree --option=agentIdle=spin",
        "--impl=lockfree --agent-idle=yield --cluster=/nonexistent/cluster.properties",
        "--impl=lockfree --cluster-on-sender --cluster=/nonexistent/cluster.properties",
        "--impl=lockfree --cluster=/nonexistent/cluster.properties",
        "--impl=lockfree --spawn-cluster --cluster=/nonexistent/cluster.properties",
        "--target=noop --option=agentIdle=yield",
        "--workload=lock --target=noop",
        "--workload=lock --impl=lockfree --lock-mode=sometimes",
        "--workload=lock --impl=lockfree --sweep=1000:2000:x2",
        "--workload=lock --impl=lockfree --lock-mode=contended --locks=0",
        "--workload=lock --impl=lockfree --keep-alive-interval=3s",
        "--workload=lock --impl=lockfree --pause-holder-at=1s --pause-holder-for=100ms",
        "--workload=lock --impl=lockfree --hold-dist=normal",
        "--workload=lock --impl=lockfree --lock-clients=2 --senders=3",
        "--workload=lock --impl=lockfree --faults=20s:kill-leader",
        "--workload=zab --impl=lockfree"})
    void shouldExitWithUsageErrorOnBadArguments(final String args)
    {
        assertEquals(2, run(args.split(" ")), args);
        final String stderr = err.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.contains("Usage: loadgen"), "usage is printed: " + stderr);
    }

    @Test
    @org.junit.jupiter.api.Tag("slow")
    @org.junit.jupiter.api.Timeout(60)
    void shouldGiveUpOnAnUnreachableTunedClusterWithinBoundedTime() throws Exception
    {
        final Path file = dir.resolve("cluster.properties");
        // ports in this helper's range with nothing listening
        Files.writeString(file, "cluster.id=9\ncluster.members=1,2,3\n" +
            "node.1.peer=127.0.0.1:20291\nnode.1.client=127.0.0.1:20292\nnode.1.data=n1\n" +
            "node.2.peer=127.0.0.1:20293\nnode.2.client=127.0.0.1:20294\nnode.2.data=n2\n" +
            "node.3.peer=127.0.0.1:20295\nnode.3.client=127.0.0.1:20296\nnode.3.data=n3\n");
        final long startNs = System.nanoTime();
        assertEquals(1, run("--impl=lockfree", "--cluster=" + file, "--duration=2s", "--warmup=500ms", "--out=" + dir.resolve("out")));
        assertTrue(System.nanoTime() - startNs < 30_000_000_000L, "gave up in bounded time");
        final String stderr = err.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.contains("unreachable") && stderr.contains("127.0.0.1:20292"), stderr);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWriteAFailoverTimelineTheCompareReaderShows() throws Exception
    {
        final int exit = run("--impl=lockfree", "--rate=500", "--duration=3s", "--warmup=500ms", "--timeout=1s",
            "--faults=1500ms:kill-leader", "--quiet", "--out=" + dir);
        assertTrue(exit == 0 || exit == 1, "a run, on or off schedule: " + exit);
        final Map<String, Object> summary = SummaryWriter.read(dir.resolve("summary.json"));
        final List<Map<String, Object>> failover = (List<Map<String, Object>>)summary.get("failover");
        assertEquals(1, failover.size(), failover.toString());
        assertTrue(((Number)failover.get(0).get("unavailableMs")).doubleValue() > 0, failover.toString());
        assertEquals(2, ((Number)failover.get(0).get("second")).intValue());
        final LoadgenSummary forCompare = LoadgenSummary.read(dir.resolve("summary.json"));
        assertTrue(forCompare.timeline().stream().anyMatch(s -> s.second() == 2 && s.event().startsWith("kill-leader node")),
            forCompare.timeline().toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRunTheEmbeddedClusterOnTheSenderThreadThroughAFailover() throws Exception
    {
        final int exit = run("--impl=lockfree", "--cluster-on-sender", "--rate=2000", "--duration=3s", "--warmup=500ms",
            "--timeout=1s", "--faults=1500ms:kill-leader", "--quiet", "--out=" + dir, "--data-dir=" + dir.resolve("data"));
        assertTrue(exit == 0 || exit == 1, "a run, on or off schedule: " + exit);
        final Map<String, Object> summary = SummaryWriter.read(dir.resolve("summary.json"));
        final String json = Files.readString(dir.resolve("summary.json"));
        assertTrue(json.contains("invoked on the session's thread"), "the context says where the cluster ran");
        assertTrue(json.contains(dir.resolve("data").toString()), "the context names the data directory");
        assertTrue(((Number)summary.get("dataDirPeakBytes")).longValue() > 0, "the data directory's peak size: " + json);
        try (java.util.stream.Stream<Path> left = Files.list(dir.resolve("data")))
        {
            assertEquals(0, left.count(), "the nodes' data is deleted at the end");
        }
        final Map<String, Object> verdicts = (Map<String, Object>)summary.get("verdicts");
        assertEquals(Boolean.TRUE, verdicts.get("linearizable"), json);
        assertEquals(0, ((Number)verdicts.get("lostAckedWrites")).intValue(), json);
        final List<Map<String, Object>> failover = (List<Map<String, Object>>)summary.get("failover");
        assertEquals(1, failover.size(), failover.toString());
        assertTrue(((Number)failover.get(0).get("unavailableMs")).doubleValue() > 0, failover.toString());
    }

    @Test
    void shouldNameTheBadFaultEntry()
    {
        assertEquals(2, run("--impl=baseline", "--faults=4s:kill-leader,7s:restart:x"));
        final String stderr = err.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.contains("bad fault entry '7s:restart:x'"), stderr);
    }

    @Test
    void shouldRefusePartitionsOfNodeProcessesWithoutNamespacesBeforeStartingAny()
    {
        assertEquals(2, run("--impl=lockfree", "--spawn-cluster", "--faults=1s:partition:leader,2s:heal"));
        final String stderr = err.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.contains("partition/heal of node processes need --netns"), stderr);
        assertTrue(out.toString(StandardCharsets.UTF_8).isEmpty(), "no run started: " + out);
    }

    @Test
    void shouldExitOneWhenTheRunCannotHoldItsSchedule()
    {
        // no generator holds 50 M requests/s on one sender: the run must fail, not report the offered rate
        assertEquals(1, run("--target=noop", "--rate=50000000", "--duration=1s", "--warmup=200ms", "--quiet",
            "--out=" + dir));
        final Map<String, Object> summary = SummaryWriter.read(dir.resolve("summary.json"));
        assertEquals(false, summary.get("passed"));
        assertTrue(((Number)summary.get("achievedRate")).doubleValue() < 50_000_000.0 * 0.99);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("BEHIND SCHEDULE"));
    }

    @Test
    void shouldRunTheLockWorkloadAndWriteItsOwnSummaryAndTargets() throws Exception
    {
        final Path runDir = dir.resolve("lock");
        assertEquals(0, run("--workload=lock", "--impl=lockfree", "--rate=300", "--lock-clients=4", "--duration=1s",
            "--warmup=200ms", "--out=" + runDir));
        assertTrue(Files.isRegularFile(runDir.resolve("lock-summary.json")));
        assertFalse(Files.exists(runDir.resolve("summary.json")), "KV readers must not find a lock run's summary");
        assertTrue(Files.readString(runDir.resolve("targets.json")).contains("lock.uncontended.acquire.p50"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("history   PASS"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldPrintHelpAndExitZero()
    {
        assertEquals(0, run("--help"));
        final String stdout = out.toString(StandardCharsets.UTF_8);
        assertTrue(stdout.contains("--rate"));
        assertTrue(stdout.contains("Exit codes"));
        assertTrue(stdout.contains("3   inconclusive"), stdout);
        assertTrue(stdout.contains("--no-history-check") && stdout.contains("--check-budget") &&
            stdout.contains("--read-back-budget"), stdout);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWriteASummaryWithEveryDocumentedField() throws Exception
    {
        assertEquals(0, run("--target=noop", "--rate=2000", "--duration=1200ms", "--warmup=200ms", "--quiet",
            "--out=" + dir));
        final Map<String, Object> summary = SummaryWriter.read(dir.resolve("summary.json"));
        for (final String field : List.of("summaryVersion", "context", "passed", "offeredRate", "achievedRate",
            "sentRate", "measuredSeconds", "requests", "errors", "timeouts", "latencyNs", "verdicts",
            "onScheduleReasons", "maxLagNs", "verification", "seconds", "senderRunQueueWaitNs"))
        {
            assertTrue(summary.containsKey(field), "summary.json has " + field);
        }
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/thread-self")))
        {
            // Linux: the machine's share of the sender's time is measured, not left out
            assertTrue(((Number)summary.get("senderRunQueueWaitNs")).longValue() >= 0, summary.toString());
        }
        final Map<String, Object> context = (Map<String, Object>)summary.get("context");
        for (final String field : List.of("gitCommit", "jdkVersion", "cpuModel", "cores", "settings"))
        {
            assertTrue(context.containsKey(field), "context has " + field);
        }
        final Map<String, Object> settings = (Map<String, Object>)context.get("settings");
        for (final String field : List.of("implementation", "transport", "nodes", "fsyncPolicy", "workload", "rate",
            "messageSize", "valueSize"))
        {
            assertTrue(settings.containsKey(field), "context.settings has " + field);
        }
        final Map<String, Object> latency = (Map<String, Object>)summary.get("latencyNs");
        for (final String kind : List.of("corrected", "raw"))
        {
            final Map<String, Object> p = (Map<String, Object>)latency.get(kind);
            for (final String field : List.of("count", "p50", "p90", "p99", "p99_9", "p99_99", "max"))
            {
                assertTrue(p.containsKey(field), kind + " has " + field);
            }
        }
        final Map<String, Object> verdicts = (Map<String, Object>)summary.get("verdicts");
        assertEquals(true, verdicts.get("onSchedule"));
        assertTrue(verdicts.containsKey("linearizable") && null == verdicts.get("linearizable"),
            "not checked against a no-op target, so null rather than true");
        assertEquals("NOT_APPLICABLE", verdicts.get("history"), "a no-op target has no state: not applicable, said so");
        assertEquals("NOT_APPLICABLE", verdicts.get("readBack"));
        assertEquals("PASS", summary.get("verdict"), "the generator's self-test passes on schedule");
        for (final String field : List.of("historyCheck", "readBackBudgetNs", "checkBudgetNs", "hostNoise",
            "hostNoiseMaxStallNs"))
        {
            assertTrue(((Map<String, Object>)context.get("settings")).containsKey(field), "context.settings has " + field);
        }
        assertTrue(verdicts.containsKey("lostAckedWrites"));
        assertEquals(2000.0, ((Number)summary.get("offeredRate")).doubleValue());
        assertTrue(Files.exists(dir.resolve("latency.hlog")));
        assertTrue(Files.exists(dir.resolve("corrected.hgrm")));
        assertTrue(Files.exists(dir.resolve("raw.hgrm")));
        assertTrue(Files.exists(dir.resolve("context.json")));
        assertEquals(List.of(), Targets.read(dir.resolve("targets.json")), "no load target applies to a 2,000/s no-op run");

        // scripts/compare reads the same file
        final LoadgenSummary forCompare = LoadgenSummary.read(dir.resolve("summary.json"));
        assertEquals("noop", forCompare.impl());
        assertTrue(forCompare.scenario().startsWith("kv-uniform-"), forCompare.scenario());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldExitInconclusiveWhenTheHistoryIsEmptyAndNeverCallItLinearizable() throws Exception
    {
        assertEquals(LoadGenCommand.EXIT_INCONCLUSIVE, run("--impl=lockfree", "--history-keys=0", "--rate=500",
            "--duration=1500ms", "--warmup=500ms", "--quiet", "--out=" + dir));
        final Map<String, Object> summary = SummaryWriter.read(dir.resolve("summary.json"));
        final Map<String, Object> verdicts = (Map<String, Object>)summary.get("verdicts");
        assertNull(verdicts.get("linearizable"), "an empty history is not linearizable: true");
        assertEquals("INCONCLUSIVE", verdicts.get("history"));
        assertEquals(false, summary.get("passed"));
        assertEquals("INCONCLUSIVE", summary.get("verdict"));
        final String stdout = out.toString(StandardCharsets.UTF_8);
        assertTrue(stdout.contains("history   INCONCLUSIVE: the history is empty: --history-keys 0"), stdout);
        assertTrue(stdout.contains("result    INCONCLUSIVE"), stdout);
        assertFalse(LoadgenSummary.read(dir.resolve("summary.json")).passed(), "scripts/compare does not judge its numbers");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRunWithoutTheHistoryCheckOnlyByTheOptOutAndRecordIt() throws Exception
    {
        assertEquals(0, run("--impl=lockfree", "--no-history-check", "--rate=500", "--duration=1500ms", "--warmup=500ms",
            "--quiet", "--out=" + dir));
        final Map<String, Object> summary = SummaryWriter.read(dir.resolve("summary.json"));
        final Map<String, Object> settings = (Map<String, Object>)((Map<String, Object>)summary.get("context")).get("settings");
        assertEquals("history check skipped by --no-history-check", settings.get("historyCheck"));
        final Map<String, Object> verdicts = (Map<String, Object>)summary.get("verdicts");
        assertEquals("SKIPPED", verdicts.get("history"));
        assertNull(verdicts.get("linearizable"));
        assertEquals("PASS", verdicts.get("readBack"), "the read-back still runs");
        assertFalse(Files.exists(dir.resolve("history.jsonl")), "no history recorded");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("history   SKIPPED: history check skipped by --no-history-check"),
            out.toString(StandardCharsets.UTF_8));
        assertEquals(settings.get("historyCheck"), ((Map<String, Object>)SummaryWriter.read(dir.resolve("context.json"))
            .get("settings")).get("historyCheck"), "context.json records the opt-out too");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldKeepARateWhoseChecksDidNotDecideOutOfTheSlo()
    {
        assertEquals(LoadGenCommand.EXIT_INCONCLUSIVE, run("--impl=lockfree", "--history-keys=0", "--sweep=500:1000:500",
            "--slo-p99=10s", "--duration=1s", "--warmup=300ms", "--quiet", "--out=" + dir));
        final Map<String, Object> sweep = SummaryWriter.read(dir.resolve("sweep.json"));
        final List<Map<String, Object>> points = (List<Map<String, Object>>)sweep.get("points");
        assertEquals(2, points.size(), "an undecided rate does not end the sweep");
        for (final Map<String, Object> point : points)
        {
            assertEquals(false, point.get("meetsSlo"), point.toString());
            assertEquals(false, point.get("checksPassed"), point.toString());
            assertEquals("INCONCLUSIVE", point.get("checks"), point.toString());
        }
        assertNull(sweep.get("maxSustainableRate"), "no rate whose checks did not decide is within the SLO");
        assertEquals(false, sweep.get("passed"));
        assertEquals("INCONCLUSIVE", sweep.get("verdict"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldSweepRatesAndWriteTheCurve()
    {
        assertEquals(0, run("--target=noop", "--sweep=1000:2000:1000", "--slo-p99=2s", "--duration=600ms", "--warmup=100ms",
            "--quiet", "--out=" + dir));
        final Map<String, Object> sweep = SummaryWriter.read(dir.resolve("sweep.json"));
        final List<Map<String, Object>> points = (List<Map<String, Object>>)sweep.get("points");
        assertEquals(2, points.size());
        assertEquals(2000.0, ((Number)sweep.get("maxSustainableRate")).doubleValue());
        assertTrue(Files.exists(dir.resolve("rate-1000").resolve("summary.json")));
        assertTrue(Files.exists(dir.resolve("rate-2000").resolve("latency.hlog")));
        final LoadgenSummary forCompare = LoadgenSummary.read(dir.resolve("sweep.json"));
        assertEquals(2000.0, forCompare.maxSustainableRate());
        assertTrue(Files.exists(dir.resolve("targets.json")) && Files.exists(dir.resolve("rate-1000").resolve("targets.json")),
            "the sweep and each rate judge their targets");
        assertEquals(2, forCompare.sweep().size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldTakeTheOldTargetSpellingWithOneDeprecationLineAndRecordProtocolAndImpl()
    {
        assertEquals(0, run("--target=lockfree", "--no-history-check", "--rate=500", "--duration=1500ms", "--warmup=500ms",
            "--quiet", "--out=" + dir));
        final List<String> deprecations = err.toString(StandardCharsets.UTF_8).lines()
            .filter((line) -> line.contains("deprecated")).toList();
        assertEquals(List.of("loadgen: --target lockfree is --protocol raft --impl lockfree (--target lockfree is deprecated)"),
            deprecations);
        final Map<String, Object> summary = SummaryWriter.read(dir.resolve("summary.json"));
        assertEquals("lockfree", summary.get("impl"), "scripts/compare pairs runs by it");
        final Map<String, Object> settings = (Map<String, Object>)((Map<String, Object>)summary.get("context")).get("settings");
        assertEquals("lockfree", settings.get("target"));
        assertEquals("raft", settings.get("protocol"));
        assertEquals("lockfree", settings.get("impl"));
        assertEquals("raft/lockfree", settings.get("implementation"));
        assertEquals("in-process", settings.get("topology"));
        assertEquals("lockfree", LoadgenSummary.read(dir.resolve("summary.json")).impl());
    }

    @Test
    void shouldRequireAnImplUnlessTheGeneratorIsMeasured()
    {
        assertEquals(2, run());
        final String stderr = err.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.contains("--impl is required unless --target noop or delay (raft: baseline, lockfree"), stderr);
    }

    @Test
    void shouldRefuseAnOptionTheImplementationDoesNotDeclareNamingItsOptions()
    {
        assertEquals(2, run("--impl=baseline", "--cluster-on-sender"));
        assertEquals(2, run("--protocol=raft", "--impl=baseline", "--option=agentIdle=yield"));
        final String stderr = err.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.contains("--cluster-on-sender: raft/baseline has no option clusterOnSender (its options: ["), stderr);
        assertTrue(stderr.contains("option 'agentIdle' is not one of raft/baseline's: ["), stderr);
        assertTrue(out.toString(StandardCharsets.UTF_8).isEmpty(), "no run started: " + out);
    }

    @Test
    void shouldRefuseABadOptionValueBeforeStartingAnything()
    {
        assertEquals(2, run("--impl=lockfree", "--option=agentIdle=spin", "--out=" + dir));
        final String stderr = err.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.contains("raft/lockfree: option agentIdle"), stderr);
        assertFalse(Files.exists(dir.resolve("summary.json")), "no run");
    }

    @Test
    void shouldRefuseABadPaxosBatchOrWindowBeforeStartingAnyMember()
    {
        assertEquals(2, run("--protocol=paxos", "--impl=lockfree", "--spawn-cluster", "--option=batch=0", "--out=" + dir));
        assertEquals(2, run("--protocol=paxos", "--impl=baseline", "--spawn-cluster", "--option=window=3", "--out=" + dir));
        final String stderr = err.toString(StandardCharsets.UTF_8);
        assertTrue(stderr.contains("option batch: expected adaptive or an integer in 1..65536, got 0"), stderr);
        assertTrue(stderr.contains("option window: expected a power of two in 1..4096, got 3"), stderr);
        assertFalse(Files.exists(dir.resolve("summary.json")), "no run");
    }

    @Test
    void shouldListTheRegistrysImplementationsAndTheirOptions()
    {
        assertEquals(0, run("--list-impls"));
        final String stdout = out.toString(StandardCharsets.UTF_8);
        assertTrue(stdout.contains("raft/baseline (baseline): ") && stdout.contains("raft/lockfree (tuned): "), stdout);
        assertTrue(stdout.contains("--option clusterOnSender=..."), stdout);
        for (final String pair : new String[]{ "paxos/baseline", "paxos/lockfree" })
        {
            final String listing = stdout.substring(stdout.indexOf(pair + " ("));
            final String own = listing.substring(0, listing.indexOf('\n', listing.indexOf("--option window=...")));
            assertTrue(own.contains("--option batch=...  most client commands in one slot's value"), own);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldCheckTheHistoryOfTheDelayTarget()
    {
        assertEquals(0, run("--target=delay", "--delay=50us", "--rate=1000", "--duration=1200ms", "--warmup=200ms",
            "--quiet", "--out=" + dir));
        final Map<String, Object> summary = SummaryWriter.read(dir.resolve("summary.json"));
        final Map<String, Object> verdicts = (Map<String, Object>)summary.get("verdicts");
        assertEquals("PASS", verdicts.get("history"), "the delay target applies commands to a KV store");
        assertEquals("delay", summary.get("impl"));
    }
}
