package io.quorumbench.analysis.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JmhJsonReaderTest
{
    static Path fixture(final String name) throws URISyntaxException
    {
        return Path.of(JmhJsonReaderTest.class.getResource("/fixtures/" + name).toURI());
    }

    @Test
    void shouldReadEveryForkAndIterationOfRawData() throws Exception
    {
        final List<JmhResult> results = JmhJsonReader.read(fixture("jmh-small.json"));
        assertEquals(2, results.size());
        final JmhResult baseline = results.get(0);
        assertEquals("RingLookupBenchmark.lookup", baseline.shortName());
        assertEquals("io.quorumbench.jmh.ring.RingLookupBenchmark.lookup[avgt]{impl=baseline, nodes=16}", baseline.key());
        assertEquals(2, baseline.primary().rawPerFork().size());
        assertArrayEquals(new double[]{99.0, 100.0, 101.0, 98.0, 100.5, 101.5}, baseline.primary().samples());
        assertEquals("ns/op", baseline.primary().unit());
        assertEquals(Direction.LOWER_IS_BETTER, baseline.primary().direction());
        assertTrue(Double.isNaN(baseline.primary().scoreError()));
        assertEquals(1_000_000_000L, baseline.measurementTimeNs());
        assertEquals(48.0, baseline.secondary().get("gc.alloc.rate.norm").score());
        assertEquals("forks=2 warmup=?x? measurement=3x1 s threads=1", baseline.runSettings());
    }

    @Test
    void shouldStripTheOldMiddleDotFromSecondaryMetricNames() throws Exception
    {
        final JmhResult lockfree = JmhJsonReader.read(fixture("jmh-small.json")).get(1);
        assertTrue(lockfree.secondary().containsKey("gc.alloc.rate.norm"), lockfree.secondary().keySet().toString());
        assertEquals("io.quorumbench.jmh.ring.RingLookupBenchmark.lookup[avgt]{nodes=16}", lockfree.keyWithout("impl"));
    }

    @Test
    void shouldDeriveOperationCountFromScoreAndIterationTime() throws Exception
    {
        final JmhResult baseline = JmhJsonReader.read(fixture("jmh-small.json")).get(0);
        // Six one-second iterations at about 100 ns/op: about 6e7 operations.
        double expected = 0;
        for (final double v : baseline.primary().samples())
        {
            expected += 1e9 / v;
        }
        assertEquals(expected, baseline.measuredOperations(), 1e-3);
        assertEquals(6e7, baseline.measuredOperations(), 1e6);
    }

    @Test
    void shouldNameFileAndFieldWhenRawDataIsMissing(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("jmh.json");
        Files.writeString(file, "[{\"benchmark\":\"a.B.c\",\"mode\":\"avgt\",\"primaryMetric\":{\"score\":1.0,\"scoreUnit\":\"ns/op\"}}]");
        final ResultFileException ex = assertThrows(ResultFileException.class, () -> JmhJsonReader.read(file));
        assertEquals("[0].primaryMetric.rawData", ex.field());
        assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
    }

    @Test
    void shouldReadTheRaftCommitBenchmarksRecordedBeforeTheyMovedUnderTheirNewNames(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("jmh.json");
        final String raw = "\"primaryMetric\":{\"score\":1.0,\"scoreUnit\":\"ops/s\",\"rawData\":[[1.0]]}}";
        Files.writeString(file, "[" +
            "{\"benchmark\":\"io.quorumbench.jmh.raft.RaftCommitThroughputBenchmark.commit\",\"mode\":\"thrpt\"," +
            "\"params\":{\"impl\":\"lockfree\",\"window\":\"256\"}," + raw + "," +
            "{\"benchmark\":\"io.quorumbench.jmh.raft.RaftCommitLatencyBenchmark.commit\",\"mode\":\"thrpt\"," + raw + "," +
            "{\"benchmark\":\"io.quorumbench.jmh.consensus.CommitThroughputBenchmark.commit\",\"mode\":\"thrpt\"," +
            "\"params\":{\"impl\":\"lockfree\",\"protocol\":\"paxos\",\"window\":\"256\"}," + raw + "," +
            "{\"benchmark\":\"io.quorumbench.jmh.raft.RaftCodecBenchmark.encode\",\"mode\":\"thrpt\"," + raw + "]");

        final List<JmhResult> results = JmhJsonReader.read(file);

        assertEquals("io.quorumbench.jmh.consensus.CommitThroughputBenchmark.commit", results.get(0).benchmark());
        assertEquals(Map.of("impl", "lockfree", "protocol", "raft", "window", "256"), results.get(0).params());
        assertEquals("io.quorumbench.jmh.consensus.CommitLatencyBenchmark.commit", results.get(1).benchmark());
        assertEquals(Map.of("protocol", "raft"), results.get(1).params());
        assertEquals("paxos", results.get(2).params().get("protocol"), "a result that has the parameter keeps its value");
        assertEquals("io.quorumbench.jmh.raft.RaftCodecBenchmark.encode", results.get(3).benchmark(), "Raft's own benchmarks stay");
    }

    @Test
    void shouldTakeEachSampleTimeIterationsMeanFromItsHistogram(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("jmh.json");
        Files.writeString(file, "[{\"benchmark\":\"a.B.c\",\"mode\":\"sample\",\"primaryMetric\":{\"score\":5.0," +
            "\"scoreUnit\":\"us/op\",\"rawDataHistogram\":[[[[4.0,3],[8.0,1]],[[6.0,2]]]]}}]");
        final List<Double> iterations = JmhJsonReader.read(file).get(0).primary().rawPerFork().get(0);
        assertEquals(List.of(5.0, 6.0), iterations, "(4*3 + 8*1) / 4 = 5, then 6");

        Files.writeString(file, "[{\"benchmark\":\"a.B.c\",\"mode\":\"sample\",\"primaryMetric\":{\"score\":5.0," +
            "\"scoreUnit\":\"us/op\",\"rawDataHistogram\":[[[[4.0]]]]}}]");
        final ResultFileException ex = assertThrows(ResultFileException.class, () -> JmhJsonReader.read(file));
        assertEquals("[0].primaryMetric.rawDataHistogram[0][0][0]", ex.field());
    }

    @Test
    void shouldRejectMalformedAndMissingFiles(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("jmh.json");
        Files.writeString(file, "[{\"benchmark\": ");
        final ResultFileException malformed = assertThrows(ResultFileException.class, () -> JmhJsonReader.read(file));
        assertTrue(malformed.getMessage().contains("not valid JSON"), malformed.getMessage());
        Files.writeString(file, "{\"benchmark\": \"x\"}");
        assertEquals("(root)", assertThrows(ResultFileException.class, () -> JmhJsonReader.read(file)).field());
        Files.writeString(file, "[{\"benchmark\":\"a.B.c\",\"mode\":\"avgt\",\"primaryMetric\":{\"score\":\"fast\",\"scoreUnit\":\"ns/op\",\"rawData\":[[1]]}}]");
        assertEquals("[0].primaryMetric.score", assertThrows(ResultFileException.class, () -> JmhJsonReader.read(file)).field());
        final ResultFileException missing = assertThrows(ResultFileException.class, () -> JmhJsonReader.read(dir.resolve("nope.json")));
        assertTrue(missing.getMessage().contains("file not found"), missing.getMessage());
    }
}
