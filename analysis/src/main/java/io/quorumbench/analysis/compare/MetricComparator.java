package io.quorumbench.analysis.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether one metric changed between A and B, and which way.
 *
 * <p>The rule: a change is a regression (or improvement) only when <em>both</em> the bootstrap
 * interval of the ratio of medians excludes 1 <em>and</em> the Mann-Whitney test rejects "same
 * distribution" at {@code alpha} — two views of the noise that fail differently — <em>and</em> the
 * point change is at least the minimum effect. Requiring all three keeps a noisy 2-core machine
 * from crying wolf; the price is that small real changes are reported as
 * {@link Verdict#BELOW_MIN_EFFECT} or {@link Verdict#WITHIN_NOISE}, never hidden.
 *
 * <p>Samples: the rank test takes every iteration of every fork (forks x iterations per side); the
 * bootstrap interval resamples forks first, so the variation between forks (JIT decisions, heap
 * layout) widens it when a side has two or more forks and cannot be seen with one. The printed band
 * names both counts ({@code n=6/6 (2/2 forks)}).
 *
 * <p>Too few samples: with n1 and n2 samples the exact two-sided Mann-Whitney p is at least
 * {@code 2 / C(n1 + n2, n1)} (complete separation). When that is not below {@code alpha} (3 vs 3 gives
 * 0.100), or a side has fewer than {@link #MIN_SAMPLES}, no change of any size can be called: the
 * verdict is {@link Verdict#INSUFFICIENT_SAMPLES}, never {@link Verdict#WITHIN_NOISE}. At alpha 0.05
 * each side needs 4 samples (or 3 against 5 or more).
 *
 * <p>Smallest detectable change, printed with every judged score: the smallest worsening of B that
 * this rule would have called a regression, given both sides' observed spread. It is the largest of
 * (a) the minimum effect, (b) the shift that moves the bootstrap interval of B/A off 1 (the interval
 * scales with B, so this follows from its relative width) and (c) the shift at which the
 * Mann-Whitney test on the samples (each side scaled to median 1, B then scaled by the shift)
 * reaches {@code alpha}, found by bisection. A {@link Verdict#WITHIN_NOISE} with a smallest
 * detectable change of 40% says a 30% regression could have gone unseen.
 *
 * <p>Allocation per operation ({@code B/op}) is special: zero-allocating code shows fractions of a
 * byte, so values at or below {@link CompareSettings#allocFloorBytes()} count as zero and the test
 * is on the absolute difference instead of a ratio of two near-zero numbers. When every iteration of
 * both runs is at or below the floor, nothing allocates and no sample count is needed to say so.
 *
 * <p>Thread-safety: stateless apart from its immutable settings.
 */
public final class MetricComparator
{
    /**
     * Fewer samples than this on a side give no usable noise estimate: such a metric is
     * {@link Verdict#INSUFFICIENT_SAMPLES} even where the rank test could reach significance (2 vs 8).
     */
    public static final int MIN_SAMPLES = 3;

    private final CompareSettings settings;

    /**
     * @param settings the knobs.
     */
    public MetricComparator(final CompareSettings settings)
    {
        this.settings = settings;
    }

    /**
     * @return the knobs in use.
     */
    public CompareSettings settings()
    {
        return settings;
    }

    /**
     * Compare JMH raw samples of one metric.
     *
     * @param key    benchmark key.
     * @param metric metric name.
     * @param unit   unit of the samples.
     * @param aForks samples of A, one array per fork.
     * @param bForks samples of B, one array per fork.
     * @return the comparison.
     */
    public MetricComparison compare(
        final String key, final String metric, final String unit, final List<double[]> aForks, final List<double[]> bForks)
    {
        final double[] a = NoiseStats.flatten(aForks);
        final double[] b = NoiseStats.flatten(bForks);
        final double medianA = NoiseStats.median(a);
        final double medianB = NoiseStats.median(b);
        final Direction direction = Direction.ofUnit(unit);
        final NoiseStats.Interval ratio = NoiseStats.bootstrapRatioOfMedians(
            aForks, bForks, settings.resamples(), settings.confidence(), seedFor(key, metric));
        final double p = NoiseStats.mannWhitneyP(a, b);
        final String samples = String.format(Locale.ROOT, "n=%d/%d (%d/%d forks)", a.length, b.length,
            forksWithSamples(aForks), forksWithSamples(bForks));

        if (a.length == 0 || b.length == 0)
        {
            return new MetricComparison(key, metric, unit, a.length, b.length, medianA, medianB, ratio, p, Double.NaN,
                Double.POSITIVE_INFINITY, Verdict.INSUFFICIENT_SAMPLES, "no samples on one side, " + samples);
        }
        if (direction == Direction.UNKNOWN)
        {
            return new MetricComparison(key, metric, unit, a.length, b.length, medianA, medianB, ratio, p,
                Double.NaN, Double.NaN, Verdict.NOT_JUDGED, "unit '" + unit + "' does not say which way is better");
        }
        final boolean significant = p < settings.alpha();
        final double sign = direction == Direction.LOWER_IS_BETTER ? 1 : -1;
        final String undecidable = undecidable(a.length, b.length);

        if ("B/op".equals(unit))
        {
            final double floor = settings.allocFloorBytes();
            if (max(a) <= floor && max(b) <= floor)
            {
                // Every iteration on both sides is below what JMH's accounting can tell from zero:
                // nothing allocates, whatever the sample count; no statistics needed to say so.
                return new MetricComparison(key, metric, unit, a.length, b.length, medianA, medianB, ratio, p, Double.NaN,
                    Double.NaN, Verdict.WITHIN_NOISE, String.format(Locale.ROOT,
                    "alloc: every iteration of both runs at or below the %.2f B/op floor (no allocation), %s", floor, samples));
            }
            final double diff = medianB - medianA;
            final double change = medianA > floor ? 100 * diff / medianA : Double.NaN;
            if (null != undecidable)
            {
                return new MetricComparison(key, metric, unit, a.length, b.length, medianA, medianB, ratio, p, change,
                    Double.POSITIVE_INFINITY, Verdict.INSUFFICIENT_SAMPLES, "alloc: " + samples + ": " + undecidable);
            }
            final double threshold = Math.max(floor, settings.minEffect() * medianA);
            final String band = String.format(Locale.ROOT,
                "alloc: |B-A| must exceed max(%.2f B/op floor, %.0f%% of A) = %.2f B/op and MWU p < %.2f (p=%.3g), %s",
                floor, settings.minEffect() * 100, threshold, settings.alpha(), p, samples);
            final Verdict verdict;
            if (Math.abs(diff) <= threshold)
            {
                verdict = significant ? Verdict.BELOW_MIN_EFFECT : Verdict.WITHIN_NOISE;
            }
            else if (!significant)
            {
                verdict = Verdict.WITHIN_NOISE;
            }
            else
            {
                verdict = diff > 0 ? Verdict.REGRESSION : Verdict.IMPROVEMENT;
            }
            return new MetricComparison(key, metric, unit, a.length, b.length, medianA, medianB, ratio, p, change,
                Double.NaN, verdict, band);
        }

        final double changePct = Double.isNaN(ratio.point()) ? Double.NaN : sign * (ratio.point() - 1) * 100;
        final double intervalDetectable = intervalDetectable(ratio, direction);
        if (null != undecidable)
        {
            return new MetricComparison(key, metric, unit, a.length, b.length, medianA, medianB, ratio, p, changePct,
                Double.POSITIVE_INFINITY, Verdict.INSUFFICIENT_SAMPLES, String.format(Locale.ROOT,
                "%s: %s; smallest detectable change: none at this n (the %.0f%% CI of B/A [%.3f, %.3f] alone would " +
                "resolve %s)", samples, undecidable, settings.confidence() * 100, ratio.low(), ratio.high(),
                percent(intervalDetectable)));
        }
        final double detectable = Math.max(settings.minEffect(),
            Math.max(intervalDetectable, rankTestDetectable(a, b, medianA, medianB, direction)));
        final boolean intervalExcludesOne = !Double.isNaN(ratio.low()) && !ratio.contains(1.0);
        final String band = String.format(Locale.ROOT,
            "%.0f%% CI of B/A [%.3f, %.3f] (%+.1f%%..%+.1f%%), MWU p=%.3g (alpha %.2f), min effect %.0f%%, %s, " +
            "smallest detectable change %s",
            settings.confidence() * 100, ratio.low(), ratio.high(), (ratio.low() - 1) * 100, (ratio.high() - 1) * 100,
            p, settings.alpha(), settings.minEffect() * 100, samples, percent(detectable));
        final Verdict verdict;
        if (!intervalExcludesOne || !significant)
        {
            verdict = Verdict.WITHIN_NOISE;
        }
        else if (Math.abs(changePct) < settings.minEffect() * 100)
        {
            verdict = Verdict.BELOW_MIN_EFFECT;
        }
        else
        {
            verdict = changePct > 0 ? Verdict.REGRESSION : Verdict.IMPROVEMENT;
        }
        return new MetricComparison(key, metric, unit, a.length, b.length, medianA, medianB, ratio, p, changePct,
            detectable * 100, verdict, band);
    }

    /**
     * Why samples of these sizes cannot decide, or {@code null} when they can.
     *
     * @param n1 samples of A.
     * @param n2 samples of B.
     * @return the reason with the number of samples needed, or {@code null}.
     */
    String undecidable(final int n1, final int n2)
    {
        final int needed = NoiseStats.samplesPerSideNeeded(settings.alpha());
        final String need = String.format(Locale.ROOT, "needs >= %d samples (forks x iterations) per side at alpha %.2f",
            Math.max(needed, MIN_SAMPLES), settings.alpha());
        if (n1 < MIN_SAMPLES || n2 < MIN_SAMPLES)
        {
            return "fewer than " + MIN_SAMPLES + " samples on a side give no noise estimate; " + need;
        }
        final double minP = NoiseStats.minimumTwoSidedP(n1, n2);
        if (minP >= settings.alpha())
        {
            return String.format(Locale.ROOT,
                "the Mann-Whitney test cannot reach p < %.2f at this n whatever the change (smallest attainable p %.3f); %s",
                settings.alpha(), minP, need);
        }
        return null;
    }

    /**
     * How far B must move (worse) for the bootstrap interval of B/A to exclude 1, given the
     * interval's relative width: the interval scales with B, so a shift by factor f moves it to
     * {@code f * [low, high] / point}.
     */
    private static double intervalDetectable(final NoiseStats.Interval ratio, final Direction direction)
    {
        final double low = ratio.low() / ratio.point();
        final double high = ratio.high() / ratio.point();
        if (!(low > 0) || !(high > 0))
        {
            return Double.NaN;
        }
        return direction == Direction.LOWER_IS_BETTER ? Math.max(0, 1 / low - 1) : Math.max(0, 1 - 1 / high);
    }

    /**
     * The smallest relative worsening of B's samples (each side first scaled to median 1, so both
     * keep their observed spread) at which the Mann-Whitney test rejects at {@code alpha}, found by
     * bisection between no shift and complete separation; infinite when even complete separation
     * cannot reach it.
     */
    private double rankTestDetectable(
        final double[] a, final double[] b, final double medianA, final double medianB, final Direction direction)
    {
        if (!(medianA > 0) || !(medianB > 0))
        {
            return Double.NaN;
        }
        final double[] aRel = new double[a.length];
        final double[] bRel = new double[b.length];
        for (int i = 0; i < a.length; i++)
        {
            aRel[i] = a[i] / medianA;
        }
        for (int i = 0; i < b.length; i++)
        {
            bRel[i] = b[i] / medianB;
        }
        final boolean up = direction == Direction.LOWER_IS_BETTER;
        // Past this shift every B lies beyond every A (complete separation, the most extreme ranks).
        final double separated = up ? Math.max(0, 1.001 * max(aRel) / min(bRel) - 1) :
            Math.min(1, Math.max(0, 1 - 0.999 * min(aRel) / max(bRel)));
        if (!rejects(aRel, bRel, up, separated))
        {
            return Double.POSITIVE_INFINITY;
        }
        double lo = 0;
        double hi = separated;
        for (int i = 0; i < 40; i++)
        {
            final double mid = (lo + hi) / 2;
            if (rejects(aRel, bRel, up, mid))
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }
        return hi;
    }

    private boolean rejects(final double[] aRel, final double[] bRel, final boolean up, final double shift)
    {
        final double factor = up ? 1 + shift : 1 - shift;
        final double[] moved = new double[bRel.length];
        for (int i = 0; i < bRel.length; i++)
        {
            moved[i] = bRel[i] * factor;
        }
        return NoiseStats.mannWhitneyP(aRel, moved) < settings.alpha();
    }

    private static String percent(final double fraction)
    {
        if (Double.isNaN(fraction))
        {
            return "n/a";
        }
        return Double.isInfinite(fraction) ? "none" : String.format(Locale.ROOT, ">= %.1f%% worse", fraction * 100);
    }

    private static int forksWithSamples(final List<double[]> forks)
    {
        return (int)forks.stream().filter((f) -> f.length > 0).count();
    }

    private static double max(final double[] values)
    {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static double min(final double[] values)
    {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    /**
     * Compare a single-valued figure (a load generator percentile or rate) that has no per-run noise
     * estimate: only the minimum effect for load figures applies, and the band says so.
     *
     * @param key    scenario key.
     * @param metric figure name.
     * @param unit   unit, which decides the direction.
     * @param a      value in A.
     * @param b      value in B.
     * @return the comparison.
     */
    public MetricComparison compareSingle(
        final String key, final String metric, final String unit, final double a, final double b)
    {
        final Direction direction = Direction.ofUnit(unit);
        final double ratio = a == 0 ? Double.NaN : b / a;
        final NoiseStats.Interval interval = new NoiseStats.Interval(ratio, Double.NaN, Double.NaN, settings.confidence());
        final String band = String.format(Locale.ROOT,
            "single value per run, no noise estimate: min effect %.0f%% only", settings.loadgenMinEffect() * 100);
        if (direction == Direction.UNKNOWN || Double.isNaN(ratio))
        {
            return new MetricComparison(key, metric, unit, 1, 1, a, b, interval, Double.NaN, Double.NaN, Double.NaN,
                Verdict.NOT_JUDGED,
                direction == Direction.UNKNOWN ? "unit '" + unit + "' does not say which way is better" : "A is zero");
        }
        final double changePct = (direction == Direction.LOWER_IS_BETTER ? 1 : -1) * (ratio - 1) * 100;
        final Verdict verdict = Math.abs(changePct) < settings.loadgenMinEffect() * 100 ?
            Verdict.WITHIN_NOISE : changePct > 0 ? Verdict.REGRESSION : Verdict.IMPROVEMENT;
        return new MetricComparison(key, metric, unit, 1, 1, a, b, interval, Double.NaN, changePct, Double.NaN, verdict, band);
    }

    /**
     * Convert a metric's raw data to the per-fork arrays the statistics take.
     *
     * @param metric a metric.
     * @return one array per fork.
     */
    public static List<double[]> forks(final Metric metric)
    {
        final List<double[]> forks = new ArrayList<>();
        for (final List<Double> fork : metric.rawPerFork())
        {
            forks.add(fork.stream().mapToDouble(Double::doubleValue).filter((v) -> !Double.isNaN(v)).toArray());
        }
        return forks;
    }

    private long seedFor(final String key, final String metric)
    {
        // Same seed for the same benchmark in every comparison, different across benchmarks.
        return settings.seed() * 31 + (key + "/" + metric).hashCode();
    }
}
