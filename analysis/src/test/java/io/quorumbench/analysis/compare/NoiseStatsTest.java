package io.quorumbench.analysis.compare;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoiseStatsTest
{
    private static double[] noisy(final Random random, final double centre, final double relativeNoise, final int n)
    {
        final double[] v = new double[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = centre * (1 + relativeNoise * random.nextGaussian());
        }
        return v;
    }

    private static List<double[]> forks(final double[] all, final int forks)
    {
        final int per = all.length / forks;
        final java.util.ArrayList<double[]> out = new java.util.ArrayList<>();
        for (int f = 0; f < forks; f++)
        {
            out.add(java.util.Arrays.copyOfRange(all, f * per, (f + 1) * per));
        }
        return out;
    }

    @Test
    void shouldComputeMedianOfOddAndEvenCounts()
    {
        assertEquals(2.0, NoiseStats.median(new double[]{3, 1, 2}));
        assertEquals(2.5, NoiseStats.median(new double[]{4, 1, 3, 2}));
        assertTrue(Double.isNaN(NoiseStats.median(new double[0])));
    }

    @Test
    void shouldGiveExactMannWhitneyPForSmallSamples()
    {
        // Complete separation of 3 vs 3: only 2 of C(6,3)=20 arrangements are as extreme -> p = 0.1.
        assertEquals(0.1, NoiseStats.mannWhitneyP(new double[]{1, 2, 3}, new double[]{4, 5, 6}), 1e-12);
        // Complete separation of 5 vs 5: 2 / C(10,5) = 2/252.
        assertEquals(2.0 / 252, NoiseStats.mannWhitneyP(new double[]{1, 2, 3, 4, 5}, new double[]{6, 7, 8, 9, 10}), 1e-12);
        assertEquals(1.0, NoiseStats.mannWhitneyP(new double[]{1, 2, 3}, new double[]{1, 2, 3}), 1e-12);
    }

    @Test
    void shouldKnowTheSmallestPTheRankTestCanReachAndHowManySamplesThatNeeds()
    {
        assertEquals(0.1, NoiseStats.minimumTwoSidedP(3, 3), 1e-12);
        assertEquals(2.0 / 70, NoiseStats.minimumTwoSidedP(4, 4), 1e-12);
        assertEquals(2.0 / 56, NoiseStats.minimumTwoSidedP(3, 5), 1e-12);
        assertEquals(2.0 / 924, NoiseStats.minimumTwoSidedP(6, 6), 1e-12);
        assertEquals(1.0, NoiseStats.minimumTwoSidedP(0, 6), 1e-12);
        // It is what the exact test gives for complete separation.
        assertEquals(NoiseStats.minimumTwoSidedP(3, 5),
            NoiseStats.mannWhitneyP(new double[]{1, 2, 3}, new double[]{4, 5, 6, 7, 8}), 1e-12);
        assertEquals(4, NoiseStats.samplesPerSideNeeded(0.05));
        assertEquals(5, NoiseStats.samplesPerSideNeeded(0.01));
    }

    @Test
    void shouldUseNormalApproximationWithTies()
    {
        final double[] a = {1, 1, 1, 2, 2, 2, 3, 3, 3, 3};
        final double[] b = {5, 5, 6, 6, 6, 7, 7, 7, 8, 8};
        final double p = NoiseStats.mannWhitneyP(a, b);
        assertTrue(p < 0.001, "p=" + p);
        assertEquals(1.0, NoiseStats.mannWhitneyP(a, a.clone()), 1e-9);
    }

    @Test
    void shouldBeDeterministicForTheSameSeed()
    {
        final Random random = new Random(7);
        final List<double[]> a = forks(noisy(random, 100, 0.02, 20), 4);
        final List<double[]> b = forks(noisy(random, 101, 0.02, 20), 4);
        assertEquals(NoiseStats.bootstrapRatioOfMedians(a, b, 500, 0.95, 1),
            NoiseStats.bootstrapRatioOfMedians(a, b, 500, 0.95, 1));
    }

    @Test
    void shouldIncludeOneForIdenticalSamples()
    {
        final Random random = new Random(1);
        final List<double[]> a = forks(noisy(random, 50, 0.03, 30), 3);
        final NoiseStats.Interval interval = NoiseStats.bootstrapRatioOfMedians(a, a, 1000, 0.95, 42);
        assertEquals(1.0, interval.point(), 1e-12);
        assertTrue(interval.contains(1.0), interval.toString());
    }

    @Test
    void shouldExcludeOneForTwentyPercentShiftWithSmallNoise()
    {
        final Random random = new Random(2);
        final List<double[]> a = forks(noisy(random, 100, 0.01, 20), 2);
        final List<double[]> b = forks(noisy(random, 120, 0.01, 20), 2);
        final NoiseStats.Interval interval = NoiseStats.bootstrapRatioOfMedians(a, b, 1000, 0.95, 42);
        assertFalse(interval.contains(1.0), interval.toString());
        assertTrue(interval.low() > 1.15 && interval.high() < 1.25, interval.toString());
    }

    @Test
    void shouldApproximateStandardNormal()
    {
        assertEquals(0.5, NoiseStats.standardNormalCdf(0), 1e-7);
        assertEquals(0.975, NoiseStats.standardNormalCdf(1.959964), 1e-6);
        assertEquals(0.025, NoiseStats.standardNormalCdf(-1.959964), 1e-6);
    }
}
