package io.quorumbench.jmh;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetTest
{
    private static final String LOOKUP = "RingLookupBenchmark.lookup";

    private static Target target(final String keyType, final Target.Check check, final double threshold, final String unit)
    {
        return new Target("t", "d", LOOKUP, Map.of("impl", "lockfree", "keyType", keyType, "nodes", "100"), check, threshold, unit);
    }

    @Test
    void shouldPassOrMissOnScore() throws Exception
    {
        final List<BenchmarkScore> scores = BenchmarkScoreTest.sample();

        final Target.Result pass = target("long", Target.Check.SCORE_AT_MOST, 15, "ns/op").evaluate(scores);
        assertEquals(Target.Verdict.PASS, pass.verdict());
        assertEquals(10.0, pass.measured());
        assertEquals(0.5, pass.error());

        final Target.Result miss = target("long", Target.Check.SCORE_AT_MOST, 9.99, "ns/op").evaluate(scores);
        assertEquals(Target.Verdict.MISS, miss.verdict());
        assertEquals(10.0, miss.measured());
    }

    @Test
    void shouldComputeSpeedupAgainstBaselineWithTheSameParams() throws Exception
    {
        final List<BenchmarkScore> scores = BenchmarkScoreTest.sample();

        final Target.Result longKey = target("long", Target.Check.SPEEDUP_AT_LEAST, 8, "x").evaluate(scores);
        assertEquals(30.0, longKey.measured(), 1e-9);
        assertEquals(Target.Verdict.PASS, longKey.verdict());
        assertTrue(longKey.source().contains("impl=baseline"), longKey.source());

        final Target.Result stringKey = target("string", Target.Check.SPEEDUP_AT_LEAST, 8, "x").evaluate(scores);
        assertEquals(400.0 / 60.0, stringKey.measured(), 1e-9);
        assertEquals(Target.Verdict.MISS, stringKey.verdict());
    }

    @Test
    void shouldCheckAllocationAndMissWhenTheProfilerDidNotRun() throws Exception
    {
        final List<BenchmarkScore> scores = BenchmarkScoreTest.sample();

        assertEquals(Target.Verdict.PASS, target("long", Target.Check.ALLOC_AT_MOST, 0.1, "B/op").evaluate(scores).verdict());
        final Target.Result noProfiler = target("string", Target.Check.ALLOC_AT_MOST, 0.1, "B/op").evaluate(scores);
        assertEquals(Target.Verdict.MISS, noProfiler.verdict());
        assertNull(noProfiler.measured());
        assertTrue(noProfiler.note().contains("GC profiler"), noProfiler.note());
    }

    @Test
    void shouldMissWithANoteWhenTheConfigurationDidNotRun() throws Exception
    {
        final Target absent = new Target("t", "d", LOOKUP, Map.of("impl", "lockfree", "nodes", "1000"),
            Target.Check.SCORE_AT_MOST, 15, "ns/op");
        final Target.Result result = absent.evaluate(BenchmarkScoreTest.sample());

        assertEquals(Target.Verdict.MISS, result.verdict());
        assertNull(result.measured());
        assertTrue(result.note().contains("not measured"), result.note());
        assertTrue(result.toMap().containsKey("note"));
        assertNull(result.toMap().get("measured"));
    }

    @Test
    void shouldMissWhenUnitsDiffer() throws Exception
    {
        final Target.Result result = target("long", Target.Check.SCORE_AT_MOST, 15, "us/op").evaluate(BenchmarkScoreTest.sample());

        assertEquals(Target.Verdict.MISS, result.verdict());
        assertTrue(result.note().contains("ns/op"), result.note());
    }

    @Test
    void shouldRequireImplParamForSpeedup()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new Target("t", "d", LOOKUP, Map.of("nodes", "100"), Target.Check.SPEEDUP_AT_LEAST, 8, "x"));
    }

    @Test
    void shouldWriteTargetsJsonFieldsInOrder() throws Exception
    {
        final Map<String, Object> map = target("long", Target.Check.SCORE_AT_MOST, 15, "ns/op").evaluate(BenchmarkScoreTest.sample()).toMap();

        assertEquals(List.of("name", "description", "threshold", "comparison", "measured", "error", "unit", "verdict", "source", "note"),
            List.copyOf(map.keySet()));
        assertEquals("PASS", map.get("verdict"));
        assertEquals("<=", map.get("comparison"));
    }

    @Test
    void shouldCheckTheMedianOfASampleTimeResultAndMissWithoutPercentiles() throws Exception
    {
        final com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        final BenchmarkScore sampled = BenchmarkScore.parse(mapper.readTree(
            "{\"benchmark\":\"a.RaftCommitLatencyBenchmark.commit\",\"mode\":\"sample\",\"params\":{\"impl\":\"lockfree\"}," +
            "\"primaryMetric\":{\"score\":40.0,\"scoreError\":2.0,\"scoreUnit\":\"us/op\"," +
            "\"scorePercentiles\":{\"0.0\":5.0,\"50.0\":12.5,\"99.0\":300.0}}}"));
        final BenchmarkScore averaged = BenchmarkScore.parse(mapper.readTree(
            "{\"benchmark\":\"a.RaftCodecBenchmark.encode\",\"mode\":\"avgt\",\"params\":{\"impl\":\"lockfree\"}," +
            "\"primaryMetric\":{\"score\":40.0,\"scoreError\":2.0,\"scoreUnit\":\"us/op\"}}"));
        assertEquals(12.5, sampled.median());
        assertTrue(Double.isNaN(averaged.median()));

        final Map<String, String> tuned = Map.of("impl", "lockfree");
        final Target median = new Target("m", "d", "RaftCommitLatencyBenchmark.commit", tuned, Target.Check.MEDIAN_AT_MOST, 20, "us/op");
        final Target.Result pass = median.evaluate(List.of(sampled));
        assertEquals(Target.Verdict.PASS, pass.verdict());
        assertEquals(12.5, pass.measured());
        assertEquals(Target.Verdict.MISS,
            new Target("m", "d", "RaftCommitLatencyBenchmark.commit", tuned, Target.Check.MEDIAN_AT_MOST, 10, "us/op")
                .evaluate(List.of(sampled)).verdict());

        final Target.Result noPercentiles = new Target("m", "d", "RaftCodecBenchmark.encode", tuned, Target.Check.MEDIAN_AT_MOST, 100, "us/op")
            .evaluate(List.of(averaged));
        assertEquals(Target.Verdict.MISS, noPercentiles.verdict());
        assertNull(noPercentiles.measured());
        assertTrue(noPercentiles.note().contains("percentiles"), noPercentiles.note());
    }
}
