package io.quorumbench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchmarkScoreTest
{
    static List<BenchmarkScore> sample() throws IOException, URISyntaxException
    {
        final Path json = Path.of(BenchmarkScoreTest.class.getResource("jmh-sample.json").toURI());
        return BenchmarkScore.read(json, new ObjectMapper());
    }

    @Test
    void shouldReadScoresParamsAndAllocation() throws Exception
    {
        final List<BenchmarkScore> scores = sample();
        final BenchmarkScore first = scores.get(0);

        assertEquals("io.quorumbench.jmh.ring.RingLookupBenchmark.lookup", first.benchmark());
        assertEquals("RingLookupBenchmark.lookup", first.shortName());
        assertEquals(Map.of("impl", "baseline", "keyType", "long", "nodes", "100"), first.params());
        assertEquals(300.0, first.score());
        assertEquals(6.0, first.scoreError());
        assertEquals("ns/op", first.unit());
        assertEquals(104.0, first.allocBytesPerOp());
    }

    @Test
    void shouldReadNanErrorAndMissingProfilerAsNaN() throws Exception
    {
        final List<BenchmarkScore> scores = sample();

        assertTrue(Double.isNaN(scores.get(2).scoreError()), "JMH writes a NaN error as the string \"NaN\"");
        assertTrue(Double.isNaN(scores.get(3).allocBytesPerOp()), "no gc.alloc.rate.norm without the GC profiler");
    }

    @Test
    void shouldSplitGroupIntoMemberScoresButNotProfilerMetrics() throws Exception
    {
        final List<BenchmarkScore> scores = sample();

        assertEquals(7, scores.size(), "5 results + read and write of the churn group");
        final BenchmarkScore read = scores.get(5);
        assertEquals("io.quorumbench.jmh.ring.RingChurnBenchmark.churn:read", read.benchmark());
        assertEquals("RingChurnBenchmark.churn:read", read.shortName());
        assertEquals(600.0, read.score());
        assertTrue(Double.isNaN(read.allocBytesPerOp()), "allocation is measured for the whole group only");
        assertEquals("io.quorumbench.jmh.ring.RingChurnBenchmark.churn:write", scores.get(6).benchmark());
        assertTrue(read.matches("RingChurnBenchmark.churn:read", Map.of("impl", "lockfree")));
        assertFalse(read.matches("RingChurnBenchmark.churn", Map.of()));
    }

    @Test
    void shouldMatchOnNameSuffixAndEveryWantedParam() throws Exception
    {
        final BenchmarkScore lockfree = sample().get(1);

        assertTrue(lockfree.matches("RingLookupBenchmark.lookup", Map.of("impl", "lockfree", "nodes", "100")));
        assertTrue(lockfree.matches("io.quorumbench.jmh.ring.RingLookupBenchmark.lookup", Map.of()));
        assertFalse(lockfree.matches("LookupBenchmark.lookup", Map.of()), "a suffix must start at a class name");
        assertFalse(lockfree.matches("RingLookupBenchmark.lookup", Map.of("impl", "baseline")));
        assertFalse(lockfree.matches("RingLookupBenchmark.lookup", Map.of("absent", "1")));
    }

    @Test
    void shouldRejectAFileThatIsNotAJmhResultArray(@TempDir final Path dir) throws IOException
    {
        final Path notArray = dir.resolve("x.json");
        Files.writeString(notArray, "{\"benchmark\": \"x\"}");
        assertThrows(IOException.class, () -> BenchmarkScore.read(notArray, new ObjectMapper()));

        final Path noMetric = dir.resolve("y.json");
        Files.writeString(noMetric, "[{\"benchmark\": \"x\"}]");
        final IOException ex = assertThrows(IOException.class, () -> BenchmarkScore.read(noMetric, new ObjectMapper()));
        assertTrue(ex.getMessage().contains("primaryMetric"), ex.getMessage());
    }
}
