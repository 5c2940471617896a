package io.quorumbench.loadgen.compare;

import java.util.ArrayList;
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
 * <p>Allocation per operation ({@code B/op}) is special: zero-allocating code shows fractions of a
 * byte, so values at or below {@link CompareSettings#allocFloorBytes()} count as zero and the test
 * is on the absolute difference instead of a ratio of two near-zero numbers.
 *
 * <p>Thread-safety: stateless apart from its immutable settings.
 */
public final class MetricComparator
{
    /** Fewer samples than this per side give no usable noise estimate; such metrics are not judged. */
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

        if (a.length == 0 || b.length == 0)
        {
            return new MetricComparison(key, metric, unit, a.length, b.length, medianA, medianB, ratio, p, Double.NaN,
                Verdict.NOT_JUDGED, "no samples on one side");
        }
        if (a.length < MIN_SAMPLES || b.length < MIN_SAMPLES)
        {
            return new MetricComparison(key, metric, unit, a.length, b.length, medianA, medianB, ratio, p, Double.NaN,
                Verdict.NOT_JUDGED, "too few samples to estimate the noise (n=" + a.length + "/" + b.length +
                ", need " + MIN_SAMPLES + " per side: more iterations or forks)");
        }
        if (direction == Direction.UNKNOWN)
        {
            return new MetricComparison(key, metric, unit, a.length, b.length, medianA, medianB, ratio, p,
                Double.NaN, Verdict.NOT_JUDGED, "unit '" + unit + "' does not say which way is better");
        }
        final boolean significant = p < settings.alpha();
        final double sign = direction == Direction.LOWER_IS_BETTER ? 1 : -1;

        if ("B/op".equals(unit))
        {
            final double floor = settings.allocFloorBytes();
            final double diff = medianB - medianA;
            final double threshold = Math.max(floor, settings.minEffect() * medianA);
            final String band = String.format(Locale.ROOT,
                "alloc: |B-A| must exceed max(%.2f B/op floor, %.0f%% of A) = %.2f B/op and MWU p < %.2f (p=%.3g)",
                floor, settings.minEffect() * 100, threshold, settings.alpha(), p);
            final double change = medianA > floor ? 100 * diff / medianA : Double.NaN;
            final Verdict verdict;
            if (medianA <= floor && medianB <= floor)
            {
                verdict = Verdict.WITHIN_NOISE;
            }
            else if (Math.abs(diff) <= threshold)
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
            return new MetricComparison(key, metric, unit, a.length, b.length, medianA, medianB, ratio, p, change, verdict, band);
        }

        final double changePct = Double.isNaN(ratio.point()) ? Double.NaN : sign * (ratio.point() - 1) * 100;
        final boolean intervalExcludesOne = !Double.isNaN(ratio.low()) && !ratio.contains(1.0);
        final String band = String.format(Locale.ROOT,
            "%.0f%% CI of B/A [%.3f, %.3f] (%+.1f%%..%+.1f%%), MWU p=%.3g (alpha %.2f), min effect %.0f%%, n=%d/%d",
            settings.confidence() * 100, ratio.low(), ratio.high(), (ratio.low() - 1) * 100, (ratio.high() - 1) * 100,
            p, settings.alpha(), settings.minEffect() * 100, a.length, b.length);
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
        return new MetricComparison(key, metric, unit, a.length, b.length, medianA, medianB, ratio, p, changePct, verdict, band);
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
            return new MetricComparison(key, metric, unit, 1, 1, a, b, interval, Double.NaN, Double.NaN, Verdict.NOT_JUDGED,
                direction == Direction.UNKNOWN ? "unit '" + unit + "' does not say which way is better" : "A is zero");
        }
        final double changePct = (direction == Direction.LOWER_IS_BETTER ? 1 : -1) * (ratio - 1) * 100;
        final Verdict verdict = Math.abs(changePct) < settings.loadgenMinEffect() * 100 ?
            Verdict.WITHIN_NOISE : changePct > 0 ? Verdict.REGRESSION : Verdict.IMPROVEMENT;
        return new MetricComparison(key, metric, unit, 1, 1, a, b, interval, Double.NaN, changePct, verdict, band);
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
