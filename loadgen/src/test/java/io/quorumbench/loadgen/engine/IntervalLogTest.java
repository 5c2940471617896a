package io.quorumbench.loadgen.engine;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntervalLogTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadBackEveryIntervalPerTag()
    {
        final Path file = dir.resolve("latency.hlog");
        final Histogram expectedCorrected = IntervalLog.newHistogram();
        final Histogram expectedRaw = IntervalLog.newHistogram();
        try (IntervalLog log = new IntervalLog(file, 1_700_000_000_000L, "test"))
        {
            for (int second = 0; second < 5; second++)
            {
                final Histogram corrected = IntervalLog.newHistogram();
                final Histogram raw = IntervalLog.newHistogram();
                for (int i = 1; i <= 1000; i++)
                {
                    corrected.recordValue(i * 1_000L * (second + 1));
                    raw.recordValue(i * 10L);
                }
                expectedCorrected.add(corrected);
                expectedRaw.add(raw);
                corrected.setTag(IntervalLog.CORRECTED);
                corrected.setStartTimeStamp(1_700_000_000_000L + second * 1000L);
                corrected.setEndTimeStamp(1_700_000_000_000L + (second + 1) * 1000L);
                raw.setTag(IntervalLog.RAW);
                raw.setStartTimeStamp(corrected.getStartTimeStamp());
                raw.setEndTimeStamp(corrected.getEndTimeStamp());
                log.append(corrected);
                log.append(raw);
            }
        }

        final Map<String, Histogram> totals = IntervalLog.readTotals(file);
        assertEquals(2, totals.size());
        assertEquals(expectedCorrected, totals.get(IntervalLog.CORRECTED));
        assertEquals(expectedRaw, totals.get(IntervalLog.RAW));
        assertEquals(expectedCorrected.getValueAtPercentile(99.9),
            totals.get(IntervalLog.CORRECTED).getValueAtPercentile(99.9));
    }

    @Test
    void shouldWritePercentileDistributionInMicroseconds() throws Exception
    {
        final Histogram histogram = IntervalLog.newHistogram();
        histogram.recordValue(2_000_000); // 2 ms
        final Path file = dir.resolve("x.hgrm");
        IntervalLog.writeHgrm(histogram, file);
        final String text = Files.readString(file);
        assertTrue(text.contains("Value     Percentile"), text);
        assertTrue(text.contains("    2000."), "2 ms is printed as 2000 us: " + text);
    }
}
