package io.quorumbench.analysis.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quorumbench.api.results.CheckVerdict;
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
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareCommandTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Writes a run directory with a context and a JMH result whose lockfree score centres on the given value. */
    static Path writeRun(final Path dir, final String name, final double lockfreeNs, final Map<String, Object> settings)
        throws IOException
    {
        return writeRun(dir, name, lockfreeNs, settings, 3, 5);
    }

    /** The same with a chosen run shape: forks x iterations samples per benchmark. */
    static Path writeRun(
        final Path dir, final String name, final double lockfreeNs, final Map<String, Object> settings, final int forks,
        final int iterations) throws IOException
    {
        final Path run = Files.createDirectories(dir.resolve(name));
        final Map<String, Object> context = new LinkedHashMap<>();
        context.put("schemaVersion", 1);
        context.put("runId", name);
        context.put("kind", "jmh");
        context.put("suite", "ring");
        context.put("mode", "quick");
        context.put("jdkVersion", "17.0.15");
        context.put("jdkVendor", "Debian");
        context.put("vmName", "OpenJDK 64-Bit Server VM");
        context.put("cores", 2);
        context.put("settings", settings);
        MAPPER.writeValue(run.resolve("context.json").toFile(), context);
        final Random random = new Random(name.hashCode());
        final List<Object> results = new ArrayList<>();
        results.add(result("baseline", 100, random, 48, forks, iterations));
        results.add(result("lockfree", lockfreeNs, random, 0.001, forks, iterations));
        MAPPER.writeValue(run.resolve("jmh.json").toFile(), results);
        return run;
    }

    private static Map<String, Object> result(
        final String impl, final double centre, final Random random, final double alloc, final int forks, final int iterations)
    {
        final List<List<Double>> raw = new ArrayList<>();
        final List<List<Double>> allocRaw = new ArrayList<>();
        for (int f = 0; f < forks; f++)
        {
            final List<Double> fork = new ArrayList<>();
            final List<Double> allocFork = new ArrayList<>();
            for (int i = 0; i < iterations; i++)
            {
                fork.add(centre * (1 + 0.01 * random.nextGaussian()));
                allocFork.add(alloc);
            }
            raw.add(fork);
            allocRaw.add(allocFork);
        }
        final Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "io.quorumbench.jmh.ring.RingLookupBenchmark.lookup");
        r.put("mode", "avgt");
        r.put("threads", 1);
        r.put("measurementTime", "1 s");
        r.put("params", Map.of("impl", impl, "nodes", "16"));
        r.put("primaryMetric", Map.of("score", centre, "scoreError", 0.5, "scoreUnit", "ns/op", "rawData", raw));
        r.put("secondaryMetrics", Map.of("gc.alloc.rate.norm",
            Map.of("score", alloc, "scoreError", "NaN", "scoreUnit", "B/op", "rawData", allocRaw)));
        return r;
    }

    static Map<String, Object> settings(final String fsync, final int nodes)
    {
        return Map.of("fsync", fsync, "transport", "none", "nodes", Integer.toString(nodes));
    }

    private record Outcome(int status, String out, String err)
    {
    }

    private static Outcome run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = CompareCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldExitZeroWhenNothingRegressed(@TempDir final Path dir) throws IOException
    {
        final Path a = writeRun(dir, "a", 20, settings("none", 3));
        final Path b = writeRun(dir, "b", 20, settings("none", 3));
        final Outcome o = run(a.toString(), b.toString());
        assertEquals(0, o.status(), o.out() + o.err());
        assertTrue(o.out().contains("noise band"), o.out());
        assertTrue(o.out().contains("no regression"), o.out());
    }

    @Test
    void shouldNoteDifferentlyShapedJmhRuns(@TempDir final Path dir) throws IOException
    {
        final Path a = writeRun(dir, "a", 20, settings("none", 3));
        final Path b = writeRun(dir, "b", 20, settings("none", 3));
        final String json = Files.readString(b.resolve("jmh.json"));
        Files.writeString(b.resolve("jmh.json"), json.replace("\"threads\":1", "\"threads\":1,\"warmupIterations\":1"));
        final Outcome o = run(a.toString(), b.toString());
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().contains("JMH run settings differ"), o.out());
    }

    @Test
    void shouldExitOneOnRegression(@TempDir final Path dir) throws IOException
    {
        final Path a = writeRun(dir, "a", 20, settings("none", 3));
        final Path b = writeRun(dir, "b", 25, settings("none", 3));
        final Outcome o = run(a.toString(), b.toString());
        assertEquals(1, o.status(), o.out() + o.err());
        assertTrue(o.out().contains("REGRESSION"), o.out());
    }

    @Test
    void shouldRefuseUnlikeContextsNamingTheFieldUnlessForced(@TempDir final Path dir) throws IOException
    {
        final Path a = writeRun(dir, "a", 20, settings("none", 3));
        final Path b = writeRun(dir, "b", 20, settings("always", 3));
        final Outcome refused = run(a.toString(), b.toString());
        assertEquals(2, refused.status());
        assertTrue(refused.err().contains("settings.fsync: A=none, B=always"), refused.err());
        final Outcome forced = run("--force", a.toString(), b.toString());
        assertEquals(0, forced.status(), forced.err());
        assertTrue(forced.out().contains("contexts differ"), forced.out());
    }

    @Test
    void shouldRefuseDifferentNodeCounts(@TempDir final Path dir) throws IOException
    {
        final Path a = writeRun(dir, "a", 20, settings("none", 3));
        final Path b = writeRun(dir, "b", 20, settings("none", 5));
        final Outcome refused = run(a.toString(), b.toString());
        assertEquals(2, refused.status());
        assertTrue(refused.err().contains("settings.nodes"), refused.err());
    }

    @Test
    void shouldExitTwoNamingTheFileForBadInput(@TempDir final Path dir) throws IOException
    {
        final Path a = writeRun(dir, "a", 20, settings("none", 3));
        final Path b = writeRun(dir, "b", 20, settings("none", 3));
        Files.delete(b.resolve("context.json"));
        final Outcome missing = run(a.toString(), b.toString());
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains(b.resolve("context.json").toString()), missing.err());
        final Outcome unknown = run("--bench", "NoSuchBenchmark", a.toString(), a.toString());
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("NoSuchBenchmark"), unknown.err());
        final Outcome usage = run("--min-effect", "lots", a.toString(), a.toString());
        assertEquals(2, usage.status());
    }

    @Test
    void shouldMeasureTheNoiseBandInAaMode(@TempDir final Path dir) throws IOException
    {
        final Path a = writeRun(dir, "a", 20, settings("none", 3));
        final Outcome o = run("--aa", a.toString());
        assertEquals(0, o.status(), o.out() + o.err());
        assertTrue(o.out().contains("A/A: widest noise band"), o.out());
    }

    @Test
    void shouldCompareBareJmhFilesAndWriteJson(@TempDir final Path dir) throws IOException
    {
        final Path a = writeRun(dir, "a", 20, settings("none", 3));
        final Path json = dir.resolve("out/compare.json");
        final Outcome o = run("--json", json.toString(), a.resolve("jmh.json").toString(), a.resolve("jmh.json").toString());
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().contains("context check skipped"), o.out());
        assertTrue(Files.readString(json).contains("\"verdict\""));
    }

    /**
     * Issue 11 item 4, reproduced as found: a copy of a run whose tuned (non-baseline) scores are all
     * doubled, raw data and score alike, the way the ring reference was copied by hand.
     */
    private static Path doubledTunedCopy(final Path run, final Path dir, final String name) throws IOException
    {
        final Path copy = Files.createDirectories(dir.resolve(name));
        Files.copy(run.resolve("context.json"), copy.resolve("context.json"));
        final ArrayNode results = (ArrayNode)MAPPER.readTree(run.resolve("jmh.json").toFile());
        for (final JsonNode r : results)
        {
            if (!"baseline".equals(r.path("params").path("impl").asText()))
            {
                final ObjectNode primary = (ObjectNode)r.get("primaryMetric");
                primary.put("score", 2 * primary.get("score").asDouble());
                for (final JsonNode fork : primary.get("rawData"))
                {
                    final ArrayNode values = (ArrayNode)fork;
                    for (int i = 0; i < values.size(); i++)
                    {
                        values.set(i, values.numberNode(2 * values.get(i).asDouble()));
                    }
                }
            }
        }
        MAPPER.writeValue(copy.resolve("jmh.json").toFile(), results);
        return copy;
    }

    @Test
    void shouldRefuseToCallTwiceAsSlowWithinNoiseWhenThreeSamplesASideCannotReachSignificance(@TempDir final Path dir)
        throws IOException
    {
        // The ring reference's shape: 1 fork x 3 iterations. 3 vs 3 can give p = 0.100 at best.
        final Path a = writeRun(dir, "reference", 20, settings("none", 3), 1, 3);
        final Path b = doubledTunedCopy(a, dir, "doubled");
        final Outcome o = run(a.toString(), b.toString());
        assertEquals(CompareCommand.EXIT_UNDECIDED, o.status(), o.out() + o.err());
        assertTrue(o.out().contains("INSUFFICIENT_SAMPLES") && o.out().contains("(+100.0% worse)"), o.out());
        assertTrue(o.out().contains("smallest attainable p 0.100") && o.out().contains("needs >= 4 samples"), o.out());
        assertTrue(o.out().contains("smallest detectable change: none at this n"), o.out());
        assertFalse(o.out().contains("WITHIN_NOISE     A=20"), o.out());
        assertTrue(o.out().contains("could not decide 3 metric(s) (INSUFFICIENT_SAMPLES)"), o.out());
    }

    @Test
    void shouldCallTwiceAsSlowARegressionWithTheQuickModesSamples(@TempDir final Path dir) throws IOException
    {
        // scripts/jmh --mode quick now records 2 forks x 3 iterations: 6 vs 6 can reach p = 0.002.
        final Path a = writeRun(dir, "reference", 20, settings("none", 3), 2, 3);
        final Path b = doubledTunedCopy(a, dir, "doubled");
        final Outcome o = run(a.toString(), b.toString());
        assertEquals(1, o.status(), o.out() + o.err());
        assertTrue(o.out().contains("REGRESSION") && o.out().contains("n=6/6 (2/2 forks)"), o.out());
        assertTrue(o.out().contains("smallest detectable change >= "), o.out());
        assertFalse(o.out().contains("INSUFFICIENT_SAMPLES"), o.out());
    }

    private static Path loadRun(final Path dir, final String name, final double p99Ns, final boolean passed) throws IOException
    {
        final Map<String, Object> verdicts = new LinkedHashMap<>();
        verdicts.put("onSchedule", true);
        verdicts.put("aborted", false);
        verdicts.put("history", passed ? "PASS" : "FAIL");
        verdicts.put("historyReason", passed ? "linearizable" : "not linearizable: key k");
        verdicts.put("readBack", "PASS");
        verdicts.put("readBackReason", "every acknowledged write read back");
        return loadRun(dir, name, p99Ns, passed ? "PASS" : "FAIL", verdicts);
    }

    private static Path loadRun(final Path dir, final String name, final double p99Ns, final String verdict,
        final Map<String, Object> verdicts) throws IOException
    {
        final boolean passed = "PASS".equals(verdict);
        final Path run = Files.createDirectories(dir.resolve(name));
        final Map<String, Object> context = new LinkedHashMap<>();
        context.put("schemaVersion", 1);
        context.put("runId", name);
        context.put("kind", "loadgen");
        context.put("suite", "kv-put");
        context.put("jdkVersion", "17.0.15");
        context.put("vmName", "OpenJDK 64-Bit Server VM");
        context.put("cores", 2);
        context.put("settings", Map.of("target", "lockfree", "rate", "20000", "messageSize", "128"));
        MAPPER.writeValue(run.resolve("context.json").toFile(), context);
        final Map<String, Object> percentiles = Map.of("count", 1000, "p50", 80_000, "p99", p99Ns, "max", 2 * p99Ns);
        final Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("summaryVersion", 1);
        summary.put("context", context);
        summary.put("passed", passed);
        if (null != verdict)
        {
            summary.put("verdict", verdict);
        }
        summary.put("verdicts", verdicts);
        summary.put("offeredRate", 20000);
        summary.put("achievedRate", 19990);
        summary.put("latencyNs", Map.of("unit", "ns", "corrected", percentiles, "raw", percentiles));
        MAPPER.writeValue(run.resolve("summary.json").toFile(), summary);
        return run;
    }

    @Test
    void shouldCompareLoadgenPercentilesAndRefuseRunsThatFailedTheirChecks(@TempDir final Path dir) throws IOException
    {
        final Path a = loadRun(dir, "a", 400_000, true);
        final Path same = loadRun(dir, "same", 410_000, true);
        final Path slower = loadRun(dir, "slower", 600_000, true);
        final Path failed = loadRun(dir, "failed", 100_000, false);
        final Outcome ok = run(a.toString(), same.toString());
        assertEquals(0, ok.status(), ok.out() + ok.err());
        assertTrue(ok.out().contains("kv-put[lockfree]") && ok.out().contains("no noise estimate"), ok.out());
        final Outcome regression = run(a.toString(), slower.toString());
        assertEquals(1, regression.status(), regression.out());
        assertTrue(regression.out().contains("p99 (corrected)"), regression.out());
        final Outcome refused = run(a.toString(), failed.toString());
        assertEquals(2, refused.status());
        assertTrue(refused.err().contains("failed its checks"), refused.err());
    }

    @Test
    void shouldRefuseARunWhoseChecksDidNotDecide(@TempDir final Path dir) throws IOException
    {
        final Path a = loadRun(dir, "a", 400_000, true);
        final Map<String, Object> verdicts = new LinkedHashMap<>();
        verdicts.put("onSchedule", true);
        verdicts.put("aborted", false);
        verdicts.put("history", "INCONCLUSIVE");
        verdicts.put("historyReason", "search gave up on key 0 after 120 s");
        verdicts.put("readBack", "PASS");
        final Path undecided = loadRun(dir, "undecided", 100_000, "INCONCLUSIVE", verdicts);
        final Outcome refused = run(a.toString(), undecided.toString());
        assertEquals(2, refused.status(), refused.out());
        assertTrue(refused.err().contains("did not decide its checks") && refused.err().contains("gave up on key 0"),
            refused.err());
    }

    @Test
    void shouldReadAnOldSummaryWhoseCheckGaveUpAsInconclusiveNotPassed(@TempDir final Path dir) throws IOException
    {
        // Written before verdicts were recorded: passed true beside linearizable null was the bug of issue 11, item 1.
        final Path a = loadRun(dir, "a", 400_000, true);
        final Map<String, Object> verdicts = new LinkedHashMap<>();
        verdicts.put("onSchedule", true);
        verdicts.put("aborted", false);
        verdicts.put("linearizable", null);
        verdicts.put("lostAckedWrites", 0);
        final Path old = loadRun(dir, "old", 100_000, null, verdicts);
        final LoadgenSummary summary = LoadgenSummary.read(old.resolve("summary.json"));
        assertEquals(CheckVerdict.INCONCLUSIVE, summary.verdict(), summary.reasons().toString());
        final Outcome refused = run(a.toString(), old.toString());
        assertEquals(2, refused.status(), refused.out());
        assertTrue(refused.err().contains("did not decide its checks"), refused.err());
    }
}
