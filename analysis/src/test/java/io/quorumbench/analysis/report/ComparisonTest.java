package io.quorumbench.analysis.report;

import io.quorumbench.analysis.compare.JmhResult;
import io.quorumbench.analysis.compare.Metric;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ComparisonTest
{
    @Test
    void shouldPutEachBenchmarkAndTargetOfARunOfEverySuiteUnderItsOwnSubject()
    {
        final Targets.Target ringTarget = new Targets.Target("ring.lookup.long.latency", "<=", "15", "9", "ns/op", "PASS", "");
        final Targets.Target other = new Targets.Target("gate.commit", ">=", "3", "-", "x", "INCONCLUSIVE", "");
        final RunData run = new RunData(Path.of("run"), "r1", "run-id", Map.of("suite", "all"), List.of(
            result("io.quorumbench.jmh.ring.RingLookupBenchmark.lookup", Map.of("impl", "lockfree")),
            result("io.quorumbench.jmh.raft.RaftCodecBenchmark.encode", Map.of("impl", "baseline")),
            result("io.quorumbench.jmh.consensus.CommitLatencyBenchmark.commit", Map.of("impl", "x", "protocol", "paxos")),
            result("a.B.c", Map.of())), List.of(), List.of(), List.of(ringTarget, other), null);

        assertEquals(List.of("ring", "raft", "paxos", "all"), Comparison.subjects(List.of(run)));
        assertEquals("ring", Comparison.subjectOf(ringTarget, run));
        assertEquals("all", Comparison.subjectOf(other, run), "a target of no benchmark's subject stays under the run's");
    }

    @Test
    void shouldLabelABenchmarkPointShortlyForAChartAxis()
    {
        assertEquals("RingLookup.lookup long/100", Comparison.shortLabel(
            new Comparison.JmhPoint("RingLookupBenchmark.lookup", "keyType=long, nodes=100", Map.of())));
        assertEquals("CommitThroughput.commit none/256", Comparison.shortLabel(
            new Comparison.JmhPoint("CommitThroughputBenchmark.commit", "fsync=none, protocol=raft, window=256", Map.of())));
        assertEquals("RaftCodec.encode", Comparison.shortLabel(new Comparison.JmhPoint("RaftCodecBenchmark.encode", "", Map.of())));
    }

    private static JmhResult result(final String benchmark, final Map<String, String> params)
    {
        return new JmhResult(benchmark, "avgt", new TreeMap<>(params), 1, 0,
            new Metric("primary", "ns/op", 1, 0, List.of(List.of(1.0))), Map.of(), "");
    }
}
