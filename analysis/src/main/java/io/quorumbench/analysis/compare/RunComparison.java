package io.quorumbench.analysis.compare;

import io.quorumbench.api.results.CheckVerdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares run A (before) with run B (after): checks that the contexts are alike, matches JMH
 * benchmarks by name, mode and parameters and load scenarios by name and implementation, and
 * compares every matched metric with a {@link MetricComparator}.
 *
 * @param comparisons      one entry per compared metric, in A's order.
 * @param contextMismatches fields whose values differ (empty, or forced past).
 * @param onlyInA          keys present only in A.
 * @param onlyInB          keys present only in B.
 * @param notes            things that make the comparison less like-for-like without forbidding it,
 *                         e.g. benchmarks run with different warm-up or iteration settings.
 */
public record RunComparison(
    List<MetricComparison> comparisons, List<String> contextMismatches, List<String> onlyInA, List<String> onlyInB,
    List<String> notes)
{
    /**
     * The comparison cannot be made as asked: unlike contexts, nothing matched, or unknown names.
     * Command line tools map it to exit status 2.
     */
    public static final class RefusedException extends RuntimeException
    {
        /**
         * @param message what is wrong and how to proceed.
         */
        public RefusedException(final String message)
        {
            super(message);
        }
    }

    /**
     * @return true when any metric regressed.
     */
    public boolean hasRegression()
    {
        return comparisons.stream().anyMatch((c) -> c.verdict() == Verdict.REGRESSION);
    }

    /**
     * @return how many metrics the samples could not decide ({@link Verdict#INSUFFICIENT_SAMPLES}).
     */
    public long undecided()
    {
        return comparisons.stream().filter((c) -> c.verdict() == Verdict.INSUFFICIENT_SAMPLES).count();
    }

    /**
     * @param a              before.
     * @param b              after.
     * @param comparator     decides per metric.
     * @param contextFields  context fields that must agree.
     * @param force          compare even if contexts differ.
     * @param benchFilter    only benchmarks/scenarios whose key matches (find), or {@code null} for all.
     * @param allowMissing   tolerate benchmarks present on only one side (listed, not compared).
     * @return the comparison.
     * @throws RefusedException when contexts differ without {@code force}, when the filter matches
     *                          nothing, when nothing matches, or when keys are missing on one side
     *                          without {@code allowMissing}.
     */
    public static RunComparison compare(
        final RunInput a,
        final RunInput b,
        final MetricComparator comparator,
        final List<String> contextFields,
        final boolean force,
        final Pattern benchFilter,
        final boolean allowMissing)
    {
        final List<String> mismatches = null == a.context() || null == b.context() ?
            List.of() : ContextCheck.mismatches(a.context(), b.context(), contextFields);
        if (!mismatches.isEmpty() && !force)
        {
            throw new RefusedException("refusing to compare unlike runs " + a.source() + " and " + b.source() +
                "; context fields differ:\n  " + String.join("\n  ", mismatches) +
                "\n(use --force to compare anyway)");
        }

        final Map<String, JmhResult> jmhA = indexJmh(a.jmh(), benchFilter);
        final Map<String, JmhResult> jmhB = indexJmh(b.jmh(), benchFilter);
        final Map<String, LoadgenSummary> loadA = indexLoad(a.loadgen(), benchFilter);
        final Map<String, LoadgenSummary> loadB = indexLoad(b.loadgen(), benchFilter);
        if (null != benchFilter && jmhA.isEmpty() && loadA.isEmpty())
        {
            throw new RefusedException("--bench '" + benchFilter.pattern() + "' matches no benchmark or scenario in " +
                a.source());
        }

        final List<String> onlyInA = new ArrayList<>();
        final List<String> onlyInB = new ArrayList<>();
        jmhA.keySet().stream().filter((k) -> !jmhB.containsKey(k)).forEach(onlyInA::add);
        jmhB.keySet().stream().filter((k) -> !jmhA.containsKey(k)).forEach(onlyInB::add);
        loadA.keySet().stream().filter((k) -> !loadB.containsKey(k)).forEach(onlyInA::add);
        loadB.keySet().stream().filter((k) -> !loadA.containsKey(k)).forEach(onlyInB::add);
        if (!allowMissing && (!onlyInA.isEmpty() || !onlyInB.isEmpty()))
        {
            throw new RefusedException("benchmarks do not match between runs:" +
                (onlyInA.isEmpty() ? "" : "\n  only in " + a.source() + ": " + String.join(", ", onlyInA)) +
                (onlyInB.isEmpty() ? "" : "\n  only in " + b.source() + ": " + String.join(", ", onlyInB)) +
                "\n(use --allow-missing to compare the common ones, or --bench REGEX to pick)");
        }

        final List<MetricComparison> out = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        for (final Map.Entry<String, JmhResult> e : jmhA.entrySet())
        {
            final JmhResult rb = jmhB.get(e.getKey());
            if (null != rb)
            {
                out.addAll(compareJmh(e.getValue(), rb, comparator));
                if (!e.getValue().runSettings().equals(rb.runSettings()))
                {
                    // A shorter warm-up can measure the interpreter; the difference is real but not the code's.
                    notes.add(e.getKey() + ": JMH run settings differ: A " + e.getValue().runSettings() + ", B " +
                        rb.runSettings());
                }
            }
        }
        for (final Map.Entry<String, LoadgenSummary> e : loadA.entrySet())
        {
            final LoadgenSummary sb = loadB.get(e.getKey());
            if (null != sb)
            {
                out.addAll(compareLoad(e.getValue(), sb, comparator));
            }
        }
        if (out.isEmpty())
        {
            throw new RefusedException("nothing to compare: no benchmark or scenario is present in both " + a.source() +
                " and " + b.source());
        }
        return new RunComparison(out, mismatches, onlyInA, onlyInB, notes);
    }

    /**
     * Compare the metrics of two results of the same benchmark.
     *
     * @param a          before.
     * @param b          after.
     * @param comparator decides per metric.
     * @return primary metric first, then the configured secondary metrics present on both sides.
     */
    public static List<MetricComparison> compareJmh(final JmhResult a, final JmhResult b, final MetricComparator comparator)
    {
        final List<MetricComparison> out = new ArrayList<>();
        if (!a.primary().unit().equals(b.primary().unit()))
        {
            throw new RefusedException(a.key() + ": units differ (" + a.primary().unit() + " vs " + b.primary().unit() +
                "); rerun with the same -tu/-bm options");
        }
        out.add(comparator.compare(a.key(), "primary", a.primary().unit(),
            MetricComparator.forks(a.primary()), MetricComparator.forks(b.primary())));
        for (final String name : comparator.settings().secondaryMetrics())
        {
            final Metric ma = a.secondary().get(name);
            final Metric mb = b.secondary().get(name);
            if (null != ma && null != mb)
            {
                out.add(comparator.compare(a.key(), name, ma.unit(), MetricComparator.forks(ma), MetricComparator.forks(mb)));
            }
        }
        return out;
    }

    private static List<MetricComparison> compareLoad(
        final LoadgenSummary a, final LoadgenSummary b, final MetricComparator comparator)
    {
        if (!a.passed() || !b.passed())
        {
            // A run whose checks failed, or did not decide, has no numbers worth comparing (DESIGN: correct before fast).
            final LoadgenSummary bad = a.passed() ? b : a;
            final String what = bad.verdict() == CheckVerdict.INCONCLUSIVE ?
                " did not decide its checks (INCONCLUSIVE: an undecided check proves nothing)" :
                " failed its checks (" + bad.verdict() + ")";
            throw new RefusedException(a.key() + ": run " + (a.passed() ? "B" : "A") + what +
                (bad.reasons().isEmpty() ? "" : ": " + String.join("; ", bad.reasons())) + "; its latencies are not compared");
        }
        if (!a.unit().equals(b.unit()))
        {
            throw new RefusedException(a.key() + ": latency units differ (" + a.unit() + " vs " + b.unit() + ")");
        }
        final List<MetricComparison> out = new ArrayList<>();
        for (final Map.Entry<Double, Double> p : a.corrected().entrySet())
        {
            final Double vb = b.corrected().get(p.getKey());
            if (null != vb)
            {
                out.add(comparator.compareSingle(a.key(), "p" + trim(p.getKey()) + " (corrected)", a.unit(), p.getValue(), vb));
            }
        }
        if (!Double.isNaN(a.maxSustainableRate()) && !Double.isNaN(b.maxSustainableRate()))
        {
            out.add(comparator.compareSingle(a.key(), "maxSustainableRate", "ops/s", a.maxSustainableRate(), b.maxSustainableRate()));
        }
        return out;
    }

    private static String trim(final double percentile)
    {
        return percentile == Math.rint(percentile) ? Long.toString((long)percentile) : Double.toString(percentile);
    }

    private static Map<String, JmhResult> indexJmh(final List<JmhResult> results, final Pattern filter)
    {
        final Map<String, JmhResult> map = new LinkedHashMap<>();
        for (final JmhResult r : results)
        {
            if (null == filter || filter.matcher(r.key()).find())
            {
                map.put(r.key(), r);
            }
        }
        return map;
    }

    private static Map<String, LoadgenSummary> indexLoad(final List<LoadgenSummary> results, final Pattern filter)
    {
        final Map<String, LoadgenSummary> map = new LinkedHashMap<>();
        for (final LoadgenSummary s : results)
        {
            if (null == filter || filter.matcher(s.key()).find())
            {
                map.put(s.key(), s);
            }
        }
        return map;
    }
}
