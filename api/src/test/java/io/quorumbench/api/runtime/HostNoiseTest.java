package io.quorumbench.api.runtime;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostNoiseTest
{
    @Test
    void shouldCountTheGapsAThreadSawBetweenClockReadings()
    {
        // Readings 1 us apart, except one 2 ms gap and one 40 ms gap: time the thread did not run.
        final long[] times = {0, 1_000, 2_000, 2_002_000, 2_003_000, 42_003_000, 42_004_000, 100_000_000};
        final int[] next = {0};
        final long[] seen = HostNoise.spin(() -> times[Math.min(next[0]++, times.length - 1)], 50_000_000);
        assertArrayEquals(new long[]{57_996_000, 3, 2}, seen, "longest gap, gaps > 1 ms, gaps > 10 ms");
    }

    @Test
    void shouldDescribeAProbeAndCallItNoisyOnlyWithALongStall()
    {
        final HostNoise.Probe quiet = new HostNoise.Probe(2, 500_000_000, 2_200_000, 3, 0, 0.52);
        assertFalse(quiet.noisy());
        assertEquals("load 0.52; 2 busy threads x 500 ms: longest stall 2.2 ms, 3 stalls > 1 ms, 0 > 10 ms", quiet.describe());
        final HostNoise.Probe preempted = new HostNoise.Probe(2, 500_000_000, 100_400_000, 7, 4, Double.NaN);
        assertTrue(preempted.noisy());
        assertTrue(preempted.describe().startsWith("load unknown; "), preempted.describe());
    }

    @Test
    void shouldProbeWithRealThreadsForTheRequestedTime()
    {
        final long start = System.nanoTime();
        final HostNoise.Probe probe = HostNoise.probe(2, TimeUnit.MILLISECONDS.toNanos(20));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(20), "ran at least the duration");
        assertEquals(2, probe.threads());
        assertTrue(probe.maxGapNs() > 0, "saw the clock advance");
        assertTrue(probe.longStalls() <= probe.stalls());
        assertThrows(IllegalArgumentException.class, () -> HostNoise.probe(0, 1));
    }
}
