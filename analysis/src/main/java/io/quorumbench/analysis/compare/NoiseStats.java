package io.quorumbench.analysis.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * The statistics the regression gate decides with: medians, a seeded bootstrap confidence interval
 * of the ratio of medians, and the Mann-Whitney U test. Everything is deterministic for a given
 * seed so a verdict can be reproduced from the same files.
 *
 * <p>Why these: benchmark samples on small shared machines are skewed and have outliers (a GC, a
 * neighbour's burst), so the median and rank tests are used rather than means and t-tests. JMH
 * iterations within one fork are correlated (same JIT decisions, same heap layout), so the
 * bootstrap resamples forks first and iterations within the chosen forks second; with one fork it
 * degrades to resampling iterations, and the interval is then narrower than the truth, which is why
 * a minimum effect size is required on top.
 *
 * <p>Thread-safety: stateless, safe from any thread.
 */
public final class NoiseStats
{
    /**
     * A confidence interval around a point estimate.
     *
     * @param point      the estimate from the full samples.
     * @param low        lower bound.
     * @param high       upper bound.
     * @param confidence confidence level, e.g. 0.95.
     */
    public record Interval(double point, double low, double high, double confidence)
    {
        /**
         * @param value a value.
         * @return true if the value lies inside the interval (bounds included).
         */
        public boolean contains(final double value)
        {
            return value >= low && value <= high;
        }
    }

    private NoiseStats()
    {
    }

    /**
     * @param values samples, not modified.
     * @return the median (mean of the two middle values for an even count), NaN when empty.
     */
    public static double median(final double[] values)
    {
        if (values.length == 0)
        {
            return Double.NaN;
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int mid = sorted.length / 2;
        return (sorted.length & 1) == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    /**
     * Percentile bootstrap interval of {@code median(b) / median(a)}, resampling forks and then
     * iterations within forks (see the class comment).
     *
     * @param aForks     samples of A, one array per fork.
     * @param bForks     samples of B, one array per fork.
     * @param resamples  bootstrap resamples, e.g. 2000.
     * @param confidence confidence level in (0, 1), e.g. 0.95.
     * @param seed       seed of the resampling; same inputs and seed give the same interval.
     * @return the interval; NaN bounds when a median of a resample is zero.
     */
    public static Interval bootstrapRatioOfMedians(
        final List<double[]> aForks, final List<double[]> bForks, final int resamples, final double confidence,
        final long seed)
    {
        return bootstrapOfMedians(List.of(aForks, bForks), (m) -> m[1] / m[0], resamples, confidence, seed);
    }

    /**
     * Percentile bootstrap interval of a statistic of several groups' medians, each group resampled
     * forks first and iterations within forks second, every group independently (they are separate
     * benchmark runs). The ratio of medians is the two-group case; the CI gate's ratio of a tuned
     * and a baseline implementation, and the change of that ratio between two runs, are others.
     *
     * @param groups     each group's samples, one array per fork; groups are resampled in order.
     * @param statistic  the statistic of the groups' medians (array in group order); a NaN or
     *                   infinite value marks a resample as unusable (e.g. a zero median divided by).
     * @param resamples  bootstrap resamples, e.g. 2000.
     * @param confidence confidence level in (0, 1), e.g. 0.95.
     * @param seed       seed of the resampling; same inputs and seed give the same interval.
     * @return the interval; NaN point when a group is empty or the statistic of the full samples is
     *         not finite, NaN bounds when fewer than half of the resamples were usable.
     */
    public static Interval bootstrapOfMedians(
        final List<List<double[]>> groups, final ToDoubleFunction<double[]> statistic, final int resamples,
        final double confidence, final long seed)
    {
        if (resamples < 10 || confidence <= 0 || confidence >= 1)
        {
            throw new IllegalArgumentException("resamples must be >= 10 and confidence in (0, 1)");
        }
        final int n = groups.size();
        final List<List<double[]>> nonEmpty = new ArrayList<>(n);
        final double[] medians = new double[n];
        for (int g = 0; g < n; g++)
        {
            final List<double[]> forks = groups.get(g).stream().filter((f) -> f.length > 0).toList();
            if (forks.isEmpty())
            {
                return new Interval(Double.NaN, Double.NaN, Double.NaN, confidence);
            }
            nonEmpty.add(forks);
            medians[g] = median(flatten(forks));
        }
        final double full = statistic.applyAsDouble(medians);
        final double point = Double.isFinite(full) ? full : Double.NaN;
        final SplittableRandom random = new SplittableRandom(seed);
        final double[] values = new double[resamples];
        int valid = 0;
        for (int r = 0; r < resamples; r++)
        {
            for (int g = 0; g < n; g++)
            {
                medians[g] = median(resample(nonEmpty.get(g), random));
            }
            final double value = statistic.applyAsDouble(medians);
            if (Double.isFinite(value))
            {
                values[valid++] = value;
            }
        }
        if (valid < resamples / 2)
        {
            return new Interval(point, Double.NaN, Double.NaN, confidence);
        }
        final double[] sorted = Arrays.copyOf(values, valid);
        Arrays.sort(sorted);
        final double tail = (1 - confidence) / 2;
        return new Interval(point, quantile(sorted, tail), quantile(sorted, 1 - tail), confidence);
    }

    /**
     * Percentile bootstrap interval of a statistic of several groups' medians where every resample
     * of a group is a run of {@code forks} forks drawn with replacement from the group's forks, each
     * with its iterations resampled: the spread of what a run of that many forks would show, drawn
     * from the population of forks the samples come from. {@link #bootstrapOfMedians} keeps each
     * group's own size instead.
     *
     * @param groups     each group's samples, one array per fork.
     * @param forks      forks per resampled group, at least 1.
     * @param statistic  the statistic of the groups' medians (array in group order).
     * @param resamples  bootstrap resamples.
     * @param confidence confidence level in (0, 1).
     * @param seed       seed of the resampling.
     * @return the interval around the statistic of the full samples.
     */
    public static Interval bootstrapOfMediansOfForks(
        final List<List<double[]>> groups, final int forks, final ToDoubleFunction<double[]> statistic, final int resamples,
        final double confidence, final long seed)
    {
        if (resamples < 10 || confidence <= 0 || confidence >= 1 || forks < 1)
        {
            throw new IllegalArgumentException("resamples must be >= 10, confidence in (0, 1) and forks >= 1");
        }
        final int n = groups.size();
        final List<List<double[]>> nonEmpty = new ArrayList<>(n);
        final double[] medians = new double[n];
        for (int g = 0; g < n; g++)
        {
            final List<double[]> groupForks = groups.get(g).stream().filter((f) -> f.length > 0).toList();
            if (groupForks.isEmpty())
            {
                return new Interval(Double.NaN, Double.NaN, Double.NaN, confidence);
            }
            nonEmpty.add(groupForks);
            medians[g] = median(flatten(groupForks));
        }
        final double full = statistic.applyAsDouble(medians);
        final SplittableRandom random = new SplittableRandom(seed);
        final double[] values = new double[resamples];
        int valid = 0;
        for (int r = 0; r < resamples; r++)
        {
            for (int g = 0; g < n; g++)
            {
                medians[g] = median(resampleForks(nonEmpty.get(g), forks, random));
            }
            final double value = statistic.applyAsDouble(medians);
            if (Double.isFinite(value))
            {
                values[valid++] = value;
            }
        }
        if (valid < resamples / 2)
        {
            return new Interval(Double.isFinite(full) ? full : Double.NaN, Double.NaN, Double.NaN, confidence);
        }
        final double[] sorted = Arrays.copyOf(values, valid);
        Arrays.sort(sorted);
        final double tail = (1 - confidence) / 2;
        return new Interval(Double.isFinite(full) ? full : Double.NaN, quantile(sorted, tail), quantile(sorted, 1 - tail),
            confidence);
    }

    /**
     * The smallest two-sided p-value the exact Mann-Whitney test can give for these sample sizes:
     * complete separation, the most extreme of the {@code C(n1 + n2, n1)} equally likely
     * arrangements, on either side: {@code 2 / C(n1 + n2, n1)}. When it is not below the
     * significance level, no difference of any size can be significant.
     *
     * @param n1 samples of A.
     * @param n2 samples of B.
     * @return the smallest attainable p, 1 when either side is empty.
     */
    public static double minimumTwoSidedP(final int n1, final int n2)
    {
        if (n1 <= 0 || n2 <= 0)
        {
            return 1.0;
        }
        // C(n1 + n2, n1) as a product of ratios stays exact enough and never overflows a double here.
        double arrangements = 1;
        final int small = Math.min(n1, n2);
        for (int i = 1; i <= small; i++)
        {
            arrangements = arrangements * (n1 + n2 - small + i) / i;
        }
        return Math.min(1.0, 2 / arrangements);
    }

    /**
     * @param alpha significance level in (0, 1).
     * @return the fewest samples per side (equal sizes) with which the exact Mann-Whitney test can
     *         reach {@code p < alpha}: 4 at 0.05, 5 at 0.01.
     */
    public static int samplesPerSideNeeded(final double alpha)
    {
        if (alpha <= 0 || alpha >= 1)
        {
            throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
        }
        int n = 1;
        while (minimumTwoSidedP(n, n) >= alpha)
        {
            n++;
        }
        return n;
    }

    /**
     * Two-sided p-value of the Mann-Whitney U test (Wilcoxon rank-sum) that A and B come from the
     * same distribution. Exact for small samples without ties, otherwise the normal approximation
     * with tie and continuity correction.
     *
     * @param a samples of A.
     * @param b samples of B.
     * @return p-value in [0, 1]; 1 when either side is empty.
     */
    public static double mannWhitneyP(final double[] a, final double[] b)
    {
        final int n1 = a.length;
        final int n2 = b.length;
        if (n1 == 0 || n2 == 0)
        {
            return 1.0;
        }
        final int n = n1 + n2;
        final double[] all = new double[n];
        final boolean[] fromA = new boolean[n];
        final Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++)
        {
            all[i] = i < n1 ? a[i] : b[i - n1];
            fromA[i] = i < n1;
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(all[x], all[y]));
        final double[] ranks = new double[n];
        double tieTerm = 0;
        boolean ties = false;
        for (int i = 0; i < n; )
        {
            int j = i;
            while (j + 1 < n && all[order[j + 1]] == all[order[i]])
            {
                j++;
            }
            final double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++)
            {
                ranks[order[k]] = rank;
            }
            final int t = j - i + 1;
            if (t > 1)
            {
                ties = true;
                tieTerm += (double)t * t * t - t;
            }
            i = j + 1;
        }
        double rankSumA = 0;
        for (int i = 0; i < n; i++)
        {
            if (fromA[i])
            {
                rankSumA += ranks[i];
            }
        }
        final double u1 = rankSumA - n1 * (n1 + 1) / 2.0;
        final double uMin = Math.min(u1, (double)n1 * n2 - u1);
        if (!ties && n1 * n2 <= 400)
        {
            return Math.min(1.0, 2 * exactLowerTail(n1, n2, (int)Math.round(uMin)));
        }
        final double mean = n1 * n2 / 2.0;
        final double variance = n1 * n2 / 12.0 * ((n + 1) - tieTerm / ((double)n * (n - 1)));
        if (variance <= 0)
        {
            return 1.0;
        }
        final double z = (Math.abs(u1 - mean) - 0.5) / Math.sqrt(variance);
        if (z <= 0)
        {
            // Within the continuity correction of the null mean: no evidence at all.
            return 1.0;
        }
        return Math.min(1.0, 2 * (1 - standardNormalCdf(z)));
    }

    /**
     * P(U &lt;= u) under the null hypothesis, counting the arrangements of n1 + n2 ranks whose U is
     * at most u (the classic recurrence f(n1, n2, u) = f(n1 - 1, n2, u - n2) + f(n1, n2 - 1, u)).
     */
    private static double exactLowerTail(final int n1, final int n2, final int u)
    {
        final int maxU = n1 * n2;
        // counts[i][j][k]: arrangements of i A-values and j B-values with U = k; rolling over i.
        double[][] previous = new double[n2 + 1][maxU + 1];
        for (int j = 0; j <= n2; j++)
        {
            previous[j][0] = 1;
        }
        for (int i = 1; i <= n1; i++)
        {
            final double[][] current = new double[n2 + 1][maxU + 1];
            current[0][0] = 1;
            for (int j = 1; j <= n2; j++)
            {
                for (int k = 0; k <= i * j; k++)
                {
                    // The largest value is from A (adds j to U) or from B (adds nothing).
                    final double withA = k - j >= 0 ? previous[j][k - j] : 0;
                    final double withB = current[j - 1][k];
                    current[j][k] = withA + withB;
                }
            }
            previous = current;
        }
        double total = 0;
        double below = 0;
        for (int k = 0; k <= maxU; k++)
        {
            total += previous[n2][k];
            if (k <= u)
            {
                below += previous[n2][k];
            }
        }
        return below / total;
    }

    /**
     * Standard normal CDF (Abramowitz and Stegun 26.2.17, absolute error below 7.5e-8).
     */
    static double standardNormalCdf(final double z)
    {
        if (z < 0)
        {
            return 1 - standardNormalCdf(-z);
        }
        final double t = 1 / (1 + 0.2316419 * z);
        final double poly = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
        return 1 - Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) * poly;
    }

    static double[] flatten(final List<double[]> forks)
    {
        int n = 0;
        for (final double[] f : forks)
        {
            n += f.length;
        }
        final double[] all = new double[n];
        int at = 0;
        for (final double[] f : forks)
        {
            System.arraycopy(f, 0, all, at, f.length);
            at += f.length;
        }
        return all;
    }

    private static double[] resample(final List<double[]> forks, final SplittableRandom random)
    {
        final int total = flatten(forks).length;
        final double[] out = new double[total];
        int at = 0;
        while (at < total)
        {
            final double[] fork = forks.get(random.nextInt(forks.size()));
            for (int i = 0; i < fork.length && at < total; i++)
            {
                out[at++] = fork[random.nextInt(fork.length)];
            }
        }
        return out;
    }

    private static double[] resampleForks(final List<double[]> forks, final int count, final SplittableRandom random)
    {
        int total = 0;
        final double[][] drawn = new double[count][];
        for (int i = 0; i < count; i++)
        {
            drawn[i] = forks.get(random.nextInt(forks.size()));
            total += drawn[i].length;
        }
        final double[] out = new double[total];
        int at = 0;
        for (final double[] fork : drawn)
        {
            for (int i = 0; i < fork.length; i++)
            {
                out[at++] = fork[random.nextInt(fork.length)];
            }
        }
        return out;
    }

    private static double quantile(final double[] sorted, final double q)
    {
        final double pos = q * (sorted.length - 1);
        final int lo = (int)Math.floor(pos);
        final int hi = (int)Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
