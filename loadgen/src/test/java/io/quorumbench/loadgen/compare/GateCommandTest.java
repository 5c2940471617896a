package io.quorumbench.loadgen.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

class GateCommandTest
{
    private static final String LOOKUP = "io.quorumbench.jmh.ring.RingLookupBenchmark.lookup";
    /** The default rules' ring entries: the synthetic results below are ring lookups only. */
    private static final Path RING_RULES = Path.of("src/test/resources/fixtures/gate-rules-ring.json");

    private record Outcome(int status, String out, String err)
    {
    }

    /** Ring lookup results at the gate's points, ns/op and B/op per implementation. */
    private static Path results(final Path dir, final Map<String, double[]> nsAndBytesByImpl) throws IOException
    {
        final List<Object> results = new ArrayList<>();
        for (final String keyType : List.of("long", "string"))
        {
            for (final Map.Entry<String, double[]> e : nsAndBytesByImpl.entrySet())
            {
                final double ns = e.getValue()[0];
                final double bytes = e.getValue()[1];
                final Map<String, Object> r = new LinkedHashMap<>();
                r.put("benchmark", LOOKUP);
                r.put("mode", "avgt");
                r.put("threads", 1);
                r.put("measurementTime", "1 s");
                r.put("params", Map.of("impl", e.getKey(), "nodes", "100", "keyType", keyType));
                r.put("primaryMetric", Map.of("score", ns, "scoreError", "NaN", "scoreUnit", "ns/op",
                    "rawData", List.of(List.of(ns * 0.99, ns, ns * 1.01))));
                r.put("secondaryMetrics", Map.of("gc.alloc.rate.norm", Map.of("score", bytes, "scoreError", "NaN",
                    "scoreUnit", "B/op", "rawData", List.of(List.of(bytes, bytes, bytes)))));
                results.add(r);
            }
        }
        final Path file = dir.resolve("jmh-in.json");
        new ObjectMapper().writeValue(file.toFile(), results);
        return file;
    }

    private static Outcome gate(final Path dir, final Path json)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = GateCommand.run(new String[]{"--rules", RING_RULES.toString(), "--from-json", json.toString(), "--out",
            dir.resolve("gate").toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, double[]> healthy()
    {
        final Map<String, double[]> m = new LinkedHashMap<>();
        m.put("baseline", new double[]{120, 72});
        m.put("lockfree", new double[]{12, 0.002});
        m.put("jump", new double[]{15, 0.001});
        m.put("maglev", new double[]{10, 0.003});
        return m;
    }

    @Test
    void shouldPassZeroAllocationAndRatioFloorAndWriteTheRun(@TempDir final Path dir) throws IOException
    {
        final Outcome o = gate(dir, results(dir, healthy()));
        assertEquals(0, o.status(), o.out() + o.err());
        // 3 zero-alloc impls + 1 ratio floor, at two key types.
        assertTrue(o.out().contains("gate: PASS (8 checks)"), o.out());
        assertTrue(o.out().contains("reported, not gated"), o.out());
        for (final String f : List.of("context.json", "jmh.json", "gate.json", "targets.json"))
        {
            assertTrue(Files.exists(dir.resolve("gate").resolve(f)), f);
        }
        assertEquals(1, RunInput.readContext(dir.resolve("gate/context.json")).get("schemaVersion"));
    }

    @Test
    void shouldFailWhenATunedPathAllocates(@TempDir final Path dir) throws IOException
    {
        final Map<String, double[]> m = healthy();
        m.put("jump", new double[]{15, 24});
        final Outcome o = gate(dir, results(dir, m));
        assertEquals(1, o.status(), o.out());
        assertTrue(o.out().contains("FAIL alloc") && o.out().contains("impl=jump"), o.out());
    }

    @Test
    void shouldFailWhenTheTunedImplementationIsNotEnoughFasterThanTheBaseline(@TempDir final Path dir) throws IOException
    {
        final Map<String, double[]> m = healthy();
        m.put("lockfree", new double[]{60, 0.002});
        final Outcome o = gate(dir, results(dir, m));
        assertEquals(1, o.status(), o.out());
        assertTrue(o.out().contains("FAIL ratio") && o.out().contains("impl=lockfree"), o.out());
    }

    @Test
    void shouldCallANoisyRatioInconclusiveNotFailedUnlessStrict(@TempDir final Path dir) throws IOException
    {
        // Point ratio 2.5x (below the 3x floor) but iterations spread so wide the interval reaches 3x.
        final List<Object> results = new ArrayList<>();
        for (final String impl : List.of("baseline", "lockfree", "jump", "maglev"))
        {
            for (final String keyType : List.of("long", "string"))
            {
                final List<Double> raw = "baseline".equals(impl) ? List.of(20.0, 50.0, 100.0, 30.0, 90.0) :
                    List.of(8.0, 20.0, 40.0, 12.0, 36.0);
                final Map<String, Object> r = new LinkedHashMap<>();
                r.put("benchmark", LOOKUP);
                r.put("mode", "avgt");
                r.put("params", Map.of("impl", impl, "nodes", "100", "keyType", keyType));
                r.put("primaryMetric", Map.of("score", 50, "scoreUnit", "ns/op", "rawData", List.of(raw)));
                r.put("secondaryMetrics", Map.of("gc.alloc.rate.norm", Map.of("score", 0.0, "scoreUnit", "B/op",
                    "rawData", List.of(List.of(0.0, 0.0, 0.0)))));
                results.add(r);
            }
        }
        final Path json = dir.resolve("noisy.json");
        new ObjectMapper().writeValue(json.toFile(), results);
        final Outcome lenient = gate(dir, json);
        assertEquals(0, lenient.status(), lenient.out());
        assertTrue(lenient.out().contains("NOISY ratio") && lenient.out().contains("too noisy to decide"), lenient.out());
        final int strict = GateCommand.run(new String[]{"--strict", "--rules", RING_RULES.toString(), "--from-json", json.toString(), "--out",
            dir.resolve("strict").toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(1, strict);
    }

    @Test
    void shouldExitTwoWhenAGatedImplementationIsMissing(@TempDir final Path dir) throws IOException
    {
        final Map<String, double[]> m = healthy();
        m.remove("maglev");
        final Outcome o = gate(dir, results(dir, m));
        assertEquals(2, o.status(), o.out());
        assertTrue(o.err().contains("impl=maglev missing"), o.err());
    }

    @Test
    void shouldShipDefaultRulesForTheRingAndRaftHotPaths()
    {
        final List<String> benchmarks = GateRules.defaults().rules().stream().map(GateRules.Rule::benchmark).toList();
        assertTrue(benchmarks.contains(LOOKUP), benchmarks.toString());
        assertTrue(benchmarks.contains("io.quorumbench.jmh.raft.RaftCommitThroughputBenchmark.commit"), benchmarks.toString());
        assertTrue(benchmarks.contains("io.quorumbench.jmh.raft.RaftCodecBenchmark.encode"), benchmarks.toString());
    }
}
