package io.quorumbench.jmh;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonTableTest
{
    @Test
    void shouldShowSpeedupOverBaselineOfTheSameConfiguration() throws Exception
    {
        final String table = ComparisonTable.format(BenchmarkScoreTest.sample());
        final List<String> lines = table.lines().toList();

        assertEquals(8, lines.size(), table);
        assertTrue(lines.get(0).startsWith("benchmark"), table);
        final String lockfreeLong = lines.get(2);
        assertTrue(lockfreeLong.contains("keyType=long nodes=100") && lockfreeLong.contains("lockfree"), table);
        assertTrue(lockfreeLong.contains("30.00x"), table);
        assertTrue(lines.get(1).contains("1.00x"), "the baseline row shows 1.00x: " + table);
        assertTrue(lines.get(4).contains("6.67x"), "string key 400/60: " + table);
        assertTrue(lines.get(6).contains("RingChurnBenchmark.churn:read"), table);
        assertTrue(lockfreeLong.contains(" 5% "), "0.5 on 10 is 5% noise: " + table);
    }

    @Test
    void shouldFlagNoisyResults()
    {
        final BenchmarkScore noisy = new BenchmarkScore("a.B.c", "avgt", 1, Map.of("impl", "baseline"), 100, 50, "ns/op",
            Double.NaN, Double.NaN, Map.of(), Map.of());
        final BenchmarkScore quiet = new BenchmarkScore("a.B.c", "avgt", 1, Map.of("impl", "lockfree"), 10, 1, "ns/op",
            Double.NaN, Double.NaN, Map.of(), Map.of());

        assertTrue(ComparisonTable.isNoisy(noisy));
        assertTrue(!ComparisonTable.isNoisy(quiet));
        assertTrue(ComparisonTable.format(List.of(noisy, quiet)).contains("50%!"));
        final String warning = SuiteRunner.noiseWarning(List.of(noisy, quiet));
        assertTrue(warning.startsWith("1 of 2 results"), warning);
        assertEquals(null, SuiteRunner.noiseWarning(List.of(quiet)));
    }

    @Test
    void shouldSayWhenThereAreNoResults()
    {
        assertEquals("(no benchmark results)\n", ComparisonTable.format(List.of()));
    }

    @Test
    void shouldFormatNumbersByMagnitude()
    {
        assertEquals("1234", ComparisonTable.number(1234.4));
        assertEquals("12.3", ComparisonTable.number(12.34));
        assertEquals("1.23", ComparisonTable.number(1.234));
        assertEquals("0.00", ComparisonTable.number(0));
        assertEquals("0.00123", ComparisonTable.number(0.00123));
    }
}
