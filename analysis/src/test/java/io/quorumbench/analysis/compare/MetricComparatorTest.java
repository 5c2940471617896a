package io.quorumbench.analysis.compare;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricComparatorTest
{
    private final MetricComparator comparator = new MetricComparator(CompareSettings.defaults());

    /**
     * Fifteen samples (3 forks x 5 iterations) spread evenly over centre * (1 +- 1.5 noise), in an
     * order shuffled by the seed: the median is exactly the centre, so the known answer is known.
     */
    private static List<double[]> run(final long seed, final double centre, final double noise)
    {
        final List<Double> values = new ArrayList<>();
        for (int i = 0; i < 15; i++)
        {
            values.add(centre * (1 + noise * 1.5 * (i - 7) / 7.0));
        }
        Collections.shuffle(values, new Random(seed));
        final double[][] forks = new double[3][5];
        for (int i = 0; i < 15; i++)
        {
            forks[i / 5][i % 5] = values.get(i);
        }
        return List.of(forks);
    }

    @Test
    void shouldNotFlagIdenticalRuns()
    {
        final List<double[]> a = run(1, 100, 0.02);
        assertEquals(Verdict.WITHIN_NOISE, comparator.compare("k", "primary", "ns/op", a, a).verdict());
    }

    @Test
    void shouldNotFlagTwoRunsOfTheSameDistribution()
    {
        assertEquals(Verdict.WITHIN_NOISE,
            comparator.compare("k", "primary", "ns/op", run(1, 100, 0.02), run(2, 100, 0.02)).verdict());
    }

    @Test
    void shouldFlagTwentyPercentSlowerAsRegressionInBothUnitDirections()
    {
        final MetricComparison time = comparator.compare("k", "primary", "ns/op", run(1, 100, 0.01), run(2, 120, 0.01));
        assertEquals(Verdict.REGRESSION, time.verdict(), time.noiseBand());
        assertEquals(20, time.changePct(), 2);
        // 20% less throughput is a regression too; 20% more is an improvement.
        assertEquals(Verdict.REGRESSION,
            comparator.compare("k", "primary", "ops/s", run(1, 1000, 0.01), run(2, 800, 0.01)).verdict());
        assertEquals(Verdict.IMPROVEMENT,
            comparator.compare("k", "primary", "ops/s", run(1, 1000, 0.01), run(2, 1200, 0.01)).verdict());
    }

    @Test
    void shouldTreatThreePercentAsBelowMinimumEffectOrNoise()
    {
        // Tiny noise: the 3% change is real but smaller than the 5% minimum effect.
        final MetricComparison precise = comparator.compare("k", "primary", "ns/op", run(1, 100, 0.001), run(2, 103, 0.001));
        assertEquals(Verdict.BELOW_MIN_EFFECT, precise.verdict(), precise.noiseBand());
        // Realistic noise: the same change disappears in it.
        final MetricComparison noisy = comparator.compare("k", "primary", "ns/op", run(1, 100, 0.05), run(2, 103, 0.05));
        assertEquals(Verdict.WITHIN_NOISE, noisy.verdict(), noisy.noiseBand());
        // With a 2% minimum effect the precise 3% change is a regression.
        final MetricComparator strict = new MetricComparator(CompareSettings.defaults().withMinEffect(0.02));
        assertEquals(Verdict.REGRESSION,
            strict.compare("k", "primary", "ns/op", run(1, 100, 0.001), run(2, 103, 0.001)).verdict());
    }

    @Test
    void shouldTreatAllocationFractionsAsZeroAndFlagRealAllocation()
    {
        final List<double[]> zeroish = List.of(new double[]{0.001, 0.002, 0.001}, new double[]{0.003, 0.001, 0.002});
        final List<double[]> zeroish2 = List.of(new double[]{0.01, 0.02, 0.01}, new double[]{0.03, 0.01, 0.02});
        assertEquals(Verdict.WITHIN_NOISE, comparator.compare("k", "gc.alloc.rate.norm", "B/op", zeroish, zeroish2).verdict());
        final List<double[]> allocating = List.of(new double[]{24.0, 24.0, 24.01}, new double[]{24.0, 23.99, 24.0});
        assertEquals(Verdict.REGRESSION, comparator.compare("k", "gc.alloc.rate.norm", "B/op", zeroish, allocating).verdict());
        assertEquals(Verdict.IMPROVEMENT, comparator.compare("k", "gc.alloc.rate.norm", "B/op", allocating, zeroish).verdict());
    }

    @Test
    void shouldCallThreeAgainstThreeInsufficientWhateverTheChange()
    {
        // Twice as slow in every iteration, yet 3 vs 3 cannot reach p < 0.05: p = 0.100 at best.
        final MetricComparison doubled = comparator.compare("k", "primary", "ns/op",
            List.of(new double[]{100, 101, 99}), List.of(new double[]{200, 202, 198}));
        assertEquals(Verdict.INSUFFICIENT_SAMPLES, doubled.verdict(), doubled.noiseBand());
        assertEquals(100, doubled.changePct(), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, doubled.detectablePct());
        assertTrue(doubled.noiseBand().contains("needs >= 4 samples (forks x iterations) per side"), doubled.noiseBand());
        // 3 against 5 can: 2 / C(8, 3) = 0.036.
        final MetricComparison fiveSamples = comparator.compare("k", "primary", "ns/op",
            List.of(new double[]{100, 101, 99}), List.of(new double[]{200, 202, 198, 201, 199}));
        assertEquals(Verdict.REGRESSION, fiveSamples.verdict(), fiveSamples.noiseBand());
    }

    @Test
    void shouldCallMissingOrTooFewSamplesInsufficientNeverUnjudged()
    {
        final List<double[]> five = List.of(new double[]{100, 101, 99, 100, 102});
        assertEquals(Verdict.INSUFFICIENT_SAMPLES,
            comparator.compare("k", "primary", "ns/op", five, List.of(new double[]{150, 151})).verdict());
        assertEquals(Verdict.INSUFFICIENT_SAMPLES,
            comparator.compare("k", "primary", "ns/op", five, List.of(new double[0])).verdict());
    }

    @Test
    void shouldNotLetThreeSamplesHideAnAllocationButKnowZeroIsZero()
    {
        final List<double[]> none = List.of(new double[]{0.001, 0.0, 0.002});
        final List<double[]> allocating = List.of(new double[]{24.0, 24.0, 24.01});
        assertEquals(Verdict.INSUFFICIENT_SAMPLES, comparator.compare("k", "gc.alloc.rate.norm", "B/op", none, allocating).verdict());
        assertEquals(Verdict.WITHIN_NOISE, comparator.compare("k", "gc.alloc.rate.norm", "B/op", none, none).verdict());
    }

    @Test
    void shouldDetectExactlyTheSmallestChangeItSaysItCouldDetect()
    {
        final List<double[]> a = run(1, 100, 0.03);
        final MetricComparison same = comparator.compare("k", "primary", "ns/op", a, a);
        assertEquals(Verdict.WITHIN_NOISE, same.verdict());
        final double detectable = same.detectablePct() / 100;
        assertTrue(detectable >= CompareSettings.MIN_EFFECT_DEFAULT && detectable < 0.5, same.noiseBand());
        assertTrue(same.noiseBand().contains("smallest detectable change >= "), same.noiseBand());
        // B = A scaled: the same spread on both sides, which is what the figure assumes.
        final MetricComparison above = comparator.compare("k", "primary", "ns/op", a, scaled(a, 1 + detectable * 1.01));
        assertEquals(Verdict.REGRESSION, above.verdict(), above.noiseBand());
        final MetricComparison below = comparator.compare("k", "primary", "ns/op", a, scaled(a, 1 + detectable * 0.99));
        assertNotEquals(Verdict.REGRESSION, below.verdict(), below.noiseBand());
        // Throughput: worse is lower, and the figure is a fraction less.
        final MetricComparison rate = comparator.compare("k", "primary", "ops/s", a, a);
        final double lower = rate.detectablePct() / 100;
        assertEquals(Verdict.REGRESSION,
            comparator.compare("k", "primary", "ops/s", a, scaled(a, 1 - lower * 1.01)).verdict());
        assertNotEquals(Verdict.REGRESSION,
            comparator.compare("k", "primary", "ops/s", a, scaled(a, 1 - lower * 0.99)).verdict());
    }

    private static List<double[]> scaled(final List<double[]> forks, final double factor)
    {
        return forks.stream().map((f) -> Arrays.stream(f).map((v) -> v * factor).toArray()).toList();
    }

    @Test
    void shouldNotJudgeUnitsWithoutDirection()
    {
        assertEquals(Verdict.NOT_JUDGED,
            comparator.compare("k", "gc.count", "counts", run(1, 1, 0.1), run(2, 5, 0.1)).verdict());
    }

    @Test
    void shouldJudgeSingleLoadFiguresByMinimumEffectOnly()
    {
        assertEquals(Verdict.REGRESSION, comparator.compareSingle("s", "p99", "us", 100, 130).verdict());
        assertEquals(Verdict.WITHIN_NOISE, comparator.compareSingle("s", "p99", "us", 100, 105).verdict());
        assertEquals(Verdict.REGRESSION, comparator.compareSingle("s", "maxSustainableRate", "ops/s", 1000, 800).verdict());
    }
}
