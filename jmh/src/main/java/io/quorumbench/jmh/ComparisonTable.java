package io.quorumbench.jmh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Side-by-side text table of a run: each configuration's implementations next to each other, with
 * the speed-up over the baseline measured in the same run and the allocation per operation.
 *
 * <pre>
 * benchmark                   params                 impl        score  ±error  noise  unit   vs base  B/op
 * RingLookupBenchmark.lookup  keyType=long nodes=100 baseline    312.4    ±4.1     1%  ns/op    1.00x  96.0
 * RingLookupBenchmark.lookup  keyType=long nodes=100 lockfree      9.8    ±0.2     2%  ns/op   31.88x  0.00
 * </pre>
 * "noise" is JMH's 99.9% confidence half-width as a percentage of the score, marked {@code !} above
 * {@link #NOISY_RELATIVE_ERROR}; blank with a single iteration. "vs base" is baseline mean / this
 * mean for time-per-operation units (higher is faster), and this / baseline for throughput units;
 * blank when the configuration has no baseline.
 */
public final class ComparisonTable
{
    /** A result whose 99.9% confidence half-width exceeds this fraction of its score is flagged noisy ({@code !}). */
    public static final double NOISY_RELATIVE_ERROR = 0.2;

    private ComparisonTable()
    {
    }

    /**
     * Format the table.
     *
     * @param scores results of one run, in any order; rows keep the order of first appearance.
     * @return the table, one line per result, ending with a newline; a note if there are no results.
     */
    public static String format(final List<BenchmarkScore> scores)
    {
        if (scores.isEmpty())
        {
            return "(no benchmark results)\n";
        }
        final Map<String, List<BenchmarkScore>> groups = new LinkedHashMap<>();
        for (final BenchmarkScore score : scores)
        {
            groups.computeIfAbsent(score.benchmark() + " " + otherParams(score), k -> new ArrayList<>()).add(score);
        }

        final List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{ "benchmark", "params", Target.IMPL, "score", "±error", "noise", "unit", "vs base", "B/op" });
        for (final List<BenchmarkScore> group : groups.values())
        {
            BenchmarkScore baseline = null;
            for (final BenchmarkScore score : group)
            {
                if (Target.BASELINE.equals(score.params().get(Target.IMPL)))
                {
                    baseline = score;
                }
            }
            for (final BenchmarkScore score : group)
            {
                rows.add(new String[]{
                    score.shortName(),
                    otherParams(score),
                    score.params().getOrDefault(Target.IMPL, "-"),
                    number(score.score()),
                    Double.isNaN(score.scoreError()) ? "" : "±" + number(score.scoreError()),
                    Double.isNaN(score.scoreError()) ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * relativeError(score)) +
                        (isNoisy(score) ? "!" : ""),
                    score.unit(),
                    ratio(baseline, score),
                    Double.isNaN(score.allocBytesPerOp()) ? "" : number(score.allocBytesPerOp()) });
            }
        }
        return render(rows);
    }

    /**
     * JMH's 99.9% confidence half-width relative to the score.
     *
     * @param score a result.
     * @return error / score; NaN when JMH could not compute an error (a single iteration).
     */
    public static double relativeError(final BenchmarkScore score)
    {
        return score.scoreError() / Math.abs(score.score());
    }

    /**
     * Whether a result's confidence interval is wider than {@link #NOISY_RELATIVE_ERROR} of its score.
     *
     * @param score a result.
     * @return true if noisy; false when the error is unknown.
     */
    public static boolean isNoisy(final BenchmarkScore score)
    {
        return relativeError(score) > NOISY_RELATIVE_ERROR;
    }

    private static String ratio(final BenchmarkScore baseline, final BenchmarkScore score)
    {
        if (null == baseline || !baseline.unit().equals(score.unit()) || score.score() == 0)
        {
            return "";
        }
        final double r = score.unit().endsWith("/op") ? baseline.score() / score.score() : score.score() / baseline.score();
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    private static String otherParams(final BenchmarkScore score)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Map.Entry<String, String> e : score.params().entrySet())
        {
            if (Target.IMPL.equals(e.getKey()))
            {
                continue;
            }
            if (sb.length() > 0)
            {
                sb.append(' ');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    static String number(final double value)
    {
        if (Double.isNaN(value))
        {
            return "NaN";
        }
        final double abs = Math.abs(value);
        if (abs >= 1000)
        {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        if (abs >= 10)
        {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 0.01 || abs == 0)
        {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    private static String render(final List<String[]> rows)
    {
        final int columns = rows.get(0).length;
        final int[] width = new int[columns];
        for (final String[] row : rows)
        {
            for (int i = 0; i < columns; i++)
            {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        final StringBuilder sb = new StringBuilder();
        for (final String[] row : rows)
        {
            for (int i = 0; i < columns; i++)
            {
                // Text columns left-aligned, numbers right-aligned so magnitudes line up.
                final boolean left = i < 3 || i == 6;
                final String cell = row[i];
                final String pad = " ".repeat(width[i] - cell.length());
                sb.append(left ? cell + pad : pad + cell);
                if (i < columns - 1)
                {
                    sb.append("  ");
                }
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }
}
