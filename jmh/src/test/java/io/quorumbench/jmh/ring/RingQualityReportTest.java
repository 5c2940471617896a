package io.quorumbench.jmh.ring;

import io.quorumbench.jmh.Mode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingQualityReportTest
{
    @Test
    void shouldMeasureRetainedHeapThatGrowsWithTheRing()
    {
        // Jump keeps one name per node: cheap enough to build in a unit test, and its retained size must
        // grow with the member count if the measurement measures anything.
        final long small = RingQualityReport.retainedAndBuild(RingImpl.JUMP, 100, 3)[0];
        final long large = RingQualityReport.retainedAndBuild(RingImpl.JUMP, 1000, 3)[0];

        assertTrue(small > 100 * 16, "100 node names alone take more than 1.6 KB, measured " + small);
        assertTrue(large > 5 * small, "1000 nodes retain well over 5x what 100 do: " + small + " vs " + large);
    }

    @Test
    void shouldRecordItsMethodInTheSettings()
    {
        final Map<String, String> quick = RingQualityReport.settings(Mode.QUICK);
        assertEquals("1000000", quick.get("ringQuality.keys"));
        assertTrue(quick.get("ringQuality.retainedBytes").contains("System.gc()"), quick.toString());
        assertTrue(quick.get("ringQuality.buildTime").contains("5 (100 nodes) / 1 (1000 nodes)"), quick.toString());
        assertTrue(RingQualityReport.settings(Mode.FULL).get("ringQuality.buildTime").contains("7 (100 nodes) / 3 (1000 nodes)"));
    }

    @Test
    void shouldRenderOneMarkdownRowPerPlacement()
    {
        final Map<String, Object> row = Map.of(
            "impl", "lockfree",
            "placement", "array-xxh3-160",
            "balance", 1.2173,
            "balanceOverNameSets", Map.of("sets", 20, "median", 1.2051, "max", 1.2874),
            "remove", Map.of("moved", 0.0100, "ideal", 0.0100, "movedBetweenSurvivors", 0L),
            "add", Map.of("moved", 0.0101, "ideal", 0.0099),
            "retainedBytes", Map.of("100", 263_372L, "1000", 3_040_870L),
            "buildMs", Map.of("100", 26.75, "1000", 1445.5));
        final String table = RingQualityReport.markdown(List.of(row));

        assertTrue(table.contains("| lockfree | array-xxh3-160 | 1.217 | 1.205 / 1.287 | 0.0100 (0.0100) | 0 | 0.0101 (0.0099) | " +
            "257.2 KiB / 2.9 MiB | 26.75 / 1445.50 ms |"), table);
    }
}
