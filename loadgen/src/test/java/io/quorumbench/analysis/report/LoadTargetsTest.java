package io.quorumbench.analysis.report;

import io.quorumbench.loadgen.engine.SummaryWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadTargetsTest
{
    private static final LoadTargets.Verdict PASS = LoadTargets.Verdict.PASS;
    private static final LoadTargets.Verdict MISS = LoadTargets.Verdict.MISS;
    private static final LoadTargets.Verdict INCONCLUSIVE = LoadTargets.Verdict.INCONCLUSIVE;

    @TempDir
    Path dir;

    private int runs;

    /** A summary.json as scripts/loadgen writes it, reduced to what the targets read. */
    private static Map<String, Object> summary(
        final String impl, final String topology, final double rate, final String verdict, final Long p50Ns, final long p99Ns)
    {
        final Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("target", impl);
        settings.put("topology", topology);
        settings.put("nodes", "3");
        settings.put("fsyncPolicy", "none");
        settings.put("rate", String.valueOf(rate));
        final Map<String, Object> corrected = new LinkedHashMap<>();
        if (null != p50Ns)
        {
            corrected.put("p50", p50Ns);
        }
        corrected.put("p99", p99Ns);
        final Map<String, Object> verdicts = new LinkedHashMap<>();
        verdicts.put("onSchedule", !"FAIL".equals(verdict));
        verdicts.put("linearizable", "PASS".equals(verdict) ? Boolean.TRUE : null);
        verdicts.put("lostAckedWrites", 0L);
        verdicts.put("history", "PASS".equals(verdict) ? "PASS" : "INCONCLUSIVE");
        verdicts.put("historyReason", "PASS".equals(verdict) ? "linearizable" : "gave up on key 0");
        verdicts.put("readBack", "PASS");
        verdicts.put("readBackReason", "0 of 16 keys lost");
        verdicts.put("aborted", false);
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("summaryVersion", 1);
        map.put("impl", impl);
        map.put("context", Map.of("settings", settings));
        map.put("passed", "PASS".equals(verdict));
        map.put("verdict", verdict);
        map.put("offeredRate", rate);
        map.put("achievedRate", rate);
        map.put("latencyNs", Map.of("unit", "ns", "corrected", corrected));
        map.put("verdicts", verdicts);
        map.put("onScheduleReasons", "FAIL".equals(verdict) ? List.of("sent 80 of 100 scheduled requests") : List.of());
        return map;
    }

    private RecordedRun write(final Map<String, Object> content, final String name)
    {
        final Path runDir = dir.resolve("run-" + ++runs);
        try
        {
            Files.createDirectories(runDir);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
        SummaryWriter.write(content, runDir.resolve(name));
        return RecordedRun.read(runDir.resolve(name));
    }

    private static LoadTargets.Result only(final List<LoadTargets.Result> results, final String name)
    {
        return results.stream().filter(r -> r.name().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError(name + " not in " + results));
    }

    @Test
    void shouldJudgeTheTenKTargetsOfATunedInProcessRunFromItsMeasuredValues()
    {
        final List<LoadTargets.Result> results = LoadTargets.evaluate(
            write(summary("lockfree", "in-process", 10_000, "PASS", 4_000L, 923_000), "summary.json"), null);

        assertEquals(2, results.size(), results.toString());
        final LoadTargets.Result p50 = only(results, "load.inprocess.10k.p50");
        assertEquals(PASS, p50.verdict());
        assertEquals(4.0, p50.measured());
        assertEquals(25.0, p50.threshold());
        assertEquals("us", p50.unit());
        assertEquals(MISS, only(results, "load.inprocess.10k.p99").verdict(), "923 us > 250 us");
        assertEquals("summary.json: latencyNs.corrected.p99", only(results, "load.inprocess.10k.p99").source());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldHoldTheTunedPaxosToTheSameInProcessFloorsButNotItsBaseline()
    {
        final Map<String, Object> paxos = summary("lockfree", "in-process", 10_000, "PASS", 6_000L, 300_000);
        ((Map<String, Object>)((Map<String, Object>)paxos.get("context")).get("settings")).put("protocol", "paxos");
        final List<LoadTargets.Result> results = LoadTargets.evaluate(write(paxos, "summary.json"), null);
        assertEquals(PASS, only(results, "load.inprocess.10k.p50").verdict());
        assertEquals(MISS, only(results, "load.inprocess.10k.p99").verdict(), "300 us > 250 us");

        final Map<String, Object> overUdp = summary("lockfree", "processes", 10_000, "PASS", 50_000L, 300_000);
        ((Map<String, Object>)((Map<String, Object>)overUdp.get("context")).get("settings")).put("protocol", "paxos");
        assertEquals(List.of(), LoadTargets.evaluate(write(overUdp, "summary.json"), null), "the UDP figure is Raft's");
        final Map<String, Object> baseline = summary("baseline", "in-process", 10_000, "PASS", 400_000L, 31_000_000);
        ((Map<String, Object>)((Map<String, Object>)baseline.get("context")).get("settings")).put("protocol", "paxos");
        assertEquals(List.of(), LoadTargets.evaluate(write(baseline, "summary.json"), null));
    }

    @Test
    void shouldNeverPassATargetOfARunWhoseChecksDidNotDecide()
    {
        final List<LoadTargets.Result> results = LoadTargets.evaluate(
            write(summary("lockfree", "in-process", 10_000, "INCONCLUSIVE", 4_000L, 40_000), "summary.json"), null);

        assertEquals(INCONCLUSIVE, only(results, "load.inprocess.10k.p50").verdict());
        assertEquals(INCONCLUSIVE, only(results, "load.inprocess.10k.p99").verdict());
        assertTrue(only(results, "load.inprocess.10k.p99").note().contains("gave up on key 0"),
            only(results, "load.inprocess.10k.p99").note());
    }

    @Test
    void shouldMissTheTargetsOfAFailedRunAndCallAMissingMeasurementInconclusive()
    {
        assertEquals(MISS, only(LoadTargets.evaluate(write(summary("lockfree", "processes", 10_000, "FAIL", 50_000L, 40_000),
            "summary.json"), null), "load.udp.10k.p50").verdict(), "behind schedule: its numbers do not stand");

        final LoadTargets.Result missing = only(LoadTargets.evaluate(write(summary("lockfree", "processes", 10_000, "PASS",
            null, 40_000), "summary.json"), null), "load.udp.10k.p50");
        assertEquals(INCONCLUSIVE, missing.verdict(), "no p50 recorded: NaN is never a pass");
        assertNull(missing.measured());
    }

    @Test
    void shouldApplyTargetsByScenarioOnly()
    {
        assertEquals(List.of(), LoadTargets.evaluate(write(summary("baseline", "in-process", 10_000, "PASS", 400_000L, 31_000_000),
            "summary.json"), null), "the baseline has no latency target");
        assertEquals(List.of(), LoadTargets.evaluate(write(summary("lockfree", "in-process", 5_000, "PASS", 4_000L, 40_000),
            "summary.json"), null), "the targets are stated at 10k/s");
        assertEquals(List.of(), LoadTargets.evaluate(write(summary("noop", "none", 2_000, "PASS", 90L, 2_000),
            "summary.json"), null), "the generator's target is stated at 1 M/s");
        assertEquals(PASS, only(LoadTargets.evaluate(write(summary("noop", "none", 1_000_000, "PASS", 90L, 2_000),
            "summary.json"), null), "load.noop.rate").verdict());
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldJudgeAFailoverByItsOwnChecksWhateverTheSchedule()
    {
        final Map<String, Object> failed = summary("baseline", "processes", 10_000, "FAIL", 900_000_000L, 2_000_000_000L);
        ((Map<String, Object>)((Map<String, Object>)failed.get("context")).get("settings")).put("faults", "8s:kill-leader");
        failed.put("failover", List.of(Map.of("fault", "kill-leader node 1", "recovered", true, "unavailableMs", 1163.0)));
        final List<LoadTargets.Result> behind = LoadTargets.evaluate(write(failed, "summary.json"), null);
        assertEquals(3, behind.size(), behind.toString());
        assertEquals(INCONCLUSIVE, only(behind, "load.failover.history").verdict(), "the history check did not decide");
        assertEquals(PASS, only(behind, "load.failover.lostAckedWrites").verdict());
        assertEquals(PASS, only(behind, "load.failover.recovered").verdict());
        assertTrue(only(behind, "load.failover.recovered").note().contains("kill-leader node 1: 1163 ms"));

        final Map<String, Object> lost = summary("lockfree", "in-process", 10_000, "PASS", 4_000L, 40_000);
        ((Map<String, Object>)((Map<String, Object>)lost.get("context")).get("settings")).put("faults", "8s:kill-leader");
        ((Map<String, Object>)lost.get("verdicts")).put("readBack", "INCONCLUSIVE");
        ((Map<String, Object>)lost.get("verdicts")).put("lostAckedWrites", null);
        lost.put("failover", List.of(Map.of("fault", "kill-leader node 2", "recovered", false)));
        final List<LoadTargets.Result> undecided = LoadTargets.evaluate(write(lost, "summary.json"), null);
        assertEquals(PASS, only(undecided, "load.failover.history").verdict());
        assertEquals(INCONCLUSIVE, only(undecided, "load.failover.lostAckedWrites").verdict(), "a read-back cut short");
        assertEquals(MISS, only(undecided, "load.failover.recovered").verdict(), "no OK answer after the fault");
        assertEquals(List.of("load.failover.history", "load.failover.lostAckedWrites", "load.failover.recovered"),
            undecided.stream().map(LoadTargets.Result::name).toList(), "no latency target under faults");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldBoundALeaderKillsUnavailabilityByTheRecordedElectionTimeout()
    {
        final Map<String, Object> quick = summary("lockfree", "in-process", 10_000, "PASS", 10_000L, 40_000);
        final Map<String, Object> settings = (Map<String, Object>)((Map<String, Object>)quick.get("context")).get("settings");
        settings.put("faults", "8s:kill-leader");
        settings.put("electionTimeoutMaxNs", "300000000");
        quick.put("failover", List.of(Map.of("fault", "kill-leader node 3", "action", "kill-leader", "recovered", true,
            "unavailableMs", 165.1)));
        final LoadTargets.Result within = only(LoadTargets.evaluate(write(quick, "summary.json"), null),
            "load.failover.unavailability");
        assertEquals(PASS, within.verdict(), within.describe());
        assertEquals(300.03, within.threshold(), 1e-9, "300 ms + 3 x the 10 us p50");
        assertEquals(165.1, within.measured(), 1e-9);

        quick.put("failover", List.of(
            Map.of("fault", "kill-leader node 3", "action", "kill-leader", "recovered", true, "unavailableMs", 120.0),
            Map.of("fault", "kill-leader node 2", "action", "kill-leader", "recovered", true, "unavailableMs", 450.0)));
        assertEquals(MISS, only(LoadTargets.evaluate(write(quick, "summary.json"), null), "load.failover.unavailability")
            .verdict(), "the worst window counts");

        quick.put("failover", List.of(Map.of("fault", "kill-leader node 3", "action", "kill-leader", "recovered", false)));
        assertEquals(MISS, only(LoadTargets.evaluate(write(quick, "summary.json"), null), "load.failover.unavailability")
            .verdict(), "never recovered");

        settings.remove("electionTimeoutMaxNs");
        quick.put("failover", List.of(Map.of("fault", "kill-leader node 3", "action", "kill-leader", "recovered", true,
            "unavailableMs", 1.0)));
        final LoadTargets.Result unknown = only(LoadTargets.evaluate(write(quick, "summary.json"), null),
            "load.failover.unavailability");
        assertEquals(INCONCLUSIVE, unknown.verdict(), "no recorded bound is no pass, however short the window");
        assertTrue(unknown.note().contains("electionTimeoutMaxNs"), unknown.note());

        settings.put("electionTimeoutMaxNs", "300000000");
        quick.put("failover", List.of(Map.of("fault", "pause node 1", "action", "pause", "recovered", true,
            "unavailableMs", 900.0)));
        assertTrue(LoadTargets.evaluate(write(quick, "summary.json"), null).stream()
            .noneMatch(r -> r.name().equals("load.failover.unavailability")), "only a leader kill is bounded");
    }

    /** A sweep.json: points {rate, onSchedule, meetsSlo, checks}. */
    private RecordedRun sweep(final String impl, final Object[]... points)
    {
        final List<Map<String, Object>> list = new ArrayList<>();
        Double best = null;
        String verdict = "PASS";
        for (final Object[] p : points)
        {
            final Map<String, Object> point = new LinkedHashMap<>();
            point.put("offeredRate", p[0]);
            point.put("onSchedule", p[1]);
            point.put("meetsSlo", p[2]);
            if (null != p[3])
            {
                point.put("checks", p[3]);
                verdict = "INCONCLUSIVE".equals(p[3]) ? "INCONCLUSIVE" : verdict;
            }
            else
            {
                point.put("checksPassed", true);
            }
            best = (Boolean)p[2] ? (Double)p[0] : best;
            list.add(point);
        }
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("summaryVersion", 1);
        map.put("impl", impl);
        map.put("context", Map.of("settings", Map.of("target", impl, "topology", "in-process", "requestedNodes", "3",
            "requestedFsync", "none", "sweep", "x", "sloP99Ns", "1000000")));
        map.put("sloP99Ns", 1_000_000);
        map.put("maxSustainableRate", best);
        if (points.length > 0 && null != points[0][3])
        {
            map.put("verdict", verdict);
        }
        map.put("points", list);
        return write(map, "sweep.json");
    }

    @Test
    void shouldBoundTheHighestRateOfASweepAndSayWhenItIsNotDecided()
    {
        assertEquals(PASS, only(LoadTargets.evaluate(sweep("lockfree", new Object[]{400_000.0, true, true, "PASS"},
            new Object[]{550_000.0, true, true, "PASS"}, new Object[]{600_000.0, true, false, "PASS"}), null),
            "load.inprocess.sweep.maxRate").verdict());
        assertEquals(MISS, only(LoadTargets.evaluate(sweep("lockfree", new Object[]{400_000.0, true, true, "PASS"},
            new Object[]{500_000.0, true, false, "PASS"}, new Object[]{600_000.0, true, false, "PASS"}), null),
            "load.inprocess.sweep.maxRate").verdict(), "rates above the threshold ran and missed the SLO");
        assertEquals(INCONCLUSIVE, only(LoadTargets.evaluate(sweep("lockfree", new Object[]{400_000.0, true, true, "PASS"},
            new Object[]{500_000.0, true, false, "INCONCLUSIVE"}), null),
            "load.inprocess.sweep.maxRate").verdict(), "the rate that might have met it did not decide its checks");
        assertEquals(INCONCLUSIVE, only(LoadTargets.evaluate(sweep("lockfree", new Object[]{100_000.0, true, true, "PASS"},
            new Object[]{200_000.0, true, true, "PASS"}), null),
            "load.inprocess.sweep.maxRate").verdict(), "the sweep stopped below the threshold, still within the SLO");
        assertEquals(MISS, only(LoadTargets.evaluate(sweep("lockfree", new Object[]{100_000.0, true, true, "PASS"},
            new Object[]{200_000.0, false, false, "PASS"}), null),
            "load.inprocess.sweep.maxRate").verdict(), "it fell behind below the threshold");
        assertEquals(INCONCLUSIVE, only(LoadTargets.evaluate(sweep("lockfree", new Object[]{550_000.0, true, true, null}), null),
            "load.inprocess.sweep.maxRate").verdict(),
            "a sweep written before the verdicts, without the rate's summary: its checks may not have decided");
    }

    @Test
    void shouldJudgeTheSpeedupOnlyWithTheBaselinesSweep()
    {
        final RecordedRun tuned = sweep("lockfree", new Object[]{550_000.0, true, true, "PASS"});
        assertEquals(INCONCLUSIVE, only(LoadTargets.evaluate(tuned, null), "load.inprocess.sweep.speedup").verdict());

        final RecordedRun slowBaseline = sweep("baseline", new Object[]{1_250.0, true, false, "PASS"},
            new Object[]{20_000.0, false, false, "PASS"});
        final LoadTargets.Result bound = only(LoadTargets.evaluate(tuned, slowBaseline), "load.inprocess.sweep.speedup");
        assertEquals(PASS, bound.verdict());
        assertEquals(440.0, bound.measured(), 1e-9);
        assertTrue(bound.note().startsWith("lower bound"), bound.note());

        final RecordedRun baseline = sweep("baseline", new Object[]{50_000.0, true, true, "PASS"},
            new Object[]{100_000.0, false, false, "PASS"});
        final LoadTargets.Result ratio = only(LoadTargets.evaluate(tuned, baseline), "load.inprocess.sweep.speedup");
        assertEquals(PASS, ratio.verdict());
        assertEquals(11.0, ratio.measured(), 1e-9);
    }

    @Test
    void shouldRegenerateTargetsOfRecordedRunsAndRefuseBadInput() throws IOException
    {
        final RecordedRun tuned = sweep("lockfree", new Object[]{550_000.0, true, true, "PASS"});
        final RecordedRun baseline = sweep("baseline", new Object[]{50_000.0, true, true, "PASS"});
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        final PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);

        assertEquals(0, LoadTargetsCommand.run(new String[]{tuned.file().getParent().toString(), "--baseline",
            baseline.file().getParent().toString()}, o, e), err.toString(StandardCharsets.UTF_8));
        final List<Targets.Target> written = Targets.read(tuned.file().getParent().resolve("targets.json"));
        assertEquals(List.of("load.inprocess.sweep.maxRate", "load.inprocess.sweep.speedup"),
            written.stream().map(Targets.Target::name).toList());
        assertEquals("PASS", written.get(1).verdict());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("load.inprocess.sweep.speedup"));

        assertEquals(2, LoadTargetsCommand.run(new String[]{tuned.file().getParent().toString(), "--baseline",
            tuned.file().getParent().toString()}, o, e), "the baseline must be the baseline's sweep");
        assertEquals(2, LoadTargetsCommand.run(new String[]{dir.resolve("nope").toString()}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not a load run directory"), err.toString(StandardCharsets.UTF_8));
    }
}
