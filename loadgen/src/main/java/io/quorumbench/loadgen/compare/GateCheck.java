package io.quorumbench.loadgen.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One check of the CI gate and how it came out.
 *
 * @param rule      the rule's name.
 * @param point     the benchmark point: method and parameters other than {@code impl}.
 * @param impl      the implementation checked.
 * @param kind      {@code alloc} (B/op at most the limit) or {@code ratio} (times better than baseline at least the floor).
 * @param measured  the measured value: median B/op, or median-based ratio.
 * @param limit     the limit.
 * @param passed    whether the check passed; an inconclusive check counts as passed (see {@code inconclusive}).
 * @param inconclusive a ratio whose point estimate is below the floor while its 95% interval still
 *                  reaches it: the run was too noisy to tell. Not a failure (the gate must not flap on
 *                  a loaded machine) unless the gate runs {@code --strict}; always printed.
 * @param detail    how it was measured (samples, interval), for the log.
 */
public record GateCheck(
    String rule, String point, String impl, String kind, double measured, double limit, boolean passed,
    boolean inconclusive, String detail)
{
    /** Check kind: allocation per operation at most a limit. */
    public static final String ALLOC = "alloc";
    /** Check kind: ratio against the baseline at least a floor. */
    public static final String RATIO = "ratio";

    /**
     * Evaluate rules against JMH results of one run.
     *
     * @param rules   the rules.
     * @param results the run's results (each rule's benchmark must be among them).
     * @return the checks, in rule order.
     * @throws RunComparison.RefusedException when a rule's benchmark, baseline or implementation is
     *                                        missing from the results, or ran without {@code -prof gc}.
     */
    public static List<GateCheck> evaluate(final GateRules rules, final List<JmhResult> results)
    {
        final List<GateCheck> checks = new ArrayList<>();
        for (final GateRules.Rule rule : rules.rules())
        {
            final Map<String, Map<String, JmhResult>> points = new LinkedHashMap<>();
            for (final JmhResult r : results)
            {
                if (r.benchmark().equals(rule.benchmark()) && rule.params().entrySet().stream()
                    .allMatch((e) -> e.getValue().isEmpty() || e.getValue().contains(r.params().get(e.getKey()))))
                {
                    points.computeIfAbsent(r.keyWithout("impl"), (k) -> new LinkedHashMap<>())
                        .put(r.params().getOrDefault("impl", ""), r);
                }
            }
            if (points.isEmpty())
            {
                throw new RunComparison.RefusedException("gate rule '" + rule.name() + "': benchmark " + rule.benchmark() +
                    " with params " + rule.params() + " is not in the results");
            }
            for (final Map.Entry<String, Map<String, JmhResult>> point : points.entrySet())
            {
                final Map<String, JmhResult> byImpl = point.getValue();
                for (final String impl : rule.impls())
                {
                    if (!byImpl.containsKey(impl))
                    {
                        throw new RunComparison.RefusedException("gate rule '" + rule.name() + "': impl=" + impl +
                            " missing at " + point.getKey() + " (present: " + byImpl.keySet() + ")");
                    }
                }
                for (final String impl : rule.zeroAlloc())
                {
                    final Metric alloc = byImpl.get(impl).secondary().get("gc.alloc.rate.norm");
                    if (null == alloc)
                    {
                        throw new RunComparison.RefusedException("gate rule '" + rule.name() + "': " + point.getKey() +
                            " impl=" + impl + " has no gc.alloc.rate.norm: run JMH with -prof gc");
                    }
                    final double[] samples = MetricComparator.forks(alloc).stream()
                        .flatMapToDouble(java.util.Arrays::stream).toArray();
                    final double median = NoiseStats.median(samples);
                    final double max = java.util.Arrays.stream(samples).max().orElse(Double.NaN);
                    // Allocation per operation is normalised by the operation count, so machine load does not move it.
                    checks.add(new GateCheck(rule.name(), point.getKey(), impl, ALLOC, median, rule.maxAllocBytesPerOp(),
                        median <= rule.maxAllocBytesPerOp(), false,
                        String.format(Locale.ROOT, "median of %d iterations, max %.3g B/op", samples.length, max)));
                }
                final JmhResult baseline = byImpl.get(rule.baseline());
                for (final Map.Entry<String, Double> floor : rule.ratioFloors().entrySet())
                {
                    final JmhResult tuned = byImpl.get(floor.getKey());
                    final Direction direction = tuned.primary().direction();
                    if (direction == Direction.UNKNOWN)
                    {
                        throw new RunComparison.RefusedException("gate rule '" + rule.name() + "': unit " +
                            tuned.primary().unit() + " does not say which way is better");
                    }
                    final List<double[]> t = MetricComparator.forks(tuned.primary());
                    final List<double[]> b = MetricComparator.forks(baseline.primary());
                    // ratio(a, b) = median(b) / median(a): "times better" is baseline/tuned for costs, tuned/baseline for rates.
                    final NoiseStats.Interval ratio = direction == Direction.LOWER_IS_BETTER ?
                        NoiseStats.bootstrapRatioOfMedians(t, b, 1000, 0.95, 42) :
                        NoiseStats.bootstrapRatioOfMedians(b, t, 1000, 0.95, 42);
                    final boolean clearlyBelow = ratio.point() < floor.getValue() &&
                        (Double.isNaN(ratio.high()) || ratio.high() < floor.getValue());
                    final boolean inconclusive = ratio.point() < floor.getValue() && !clearlyBelow;
                    checks.add(new GateCheck(rule.name(), point.getKey(), floor.getKey(), RATIO, ratio.point(), floor.getValue(),
                        !clearlyBelow, inconclusive,
                        String.format(Locale.ROOT, "vs %s in the same run, 95%% CI [%.2f, %.2f]; %s %s=%.4g, %s=%.4g",
                            rule.baseline(), ratio.low(), ratio.high(), tuned.primary().unit(), floor.getKey(),
                            NoiseStats.median(tuned.primary().samples()), rule.baseline(),
                            NoiseStats.median(baseline.primary().samples()))));
                }
            }
        }
        return checks;
    }

    /**
     * @return a one-line description for the log.
     */
    public String describe()
    {
        return String.format(Locale.ROOT, "%-4s %-5s %s impl=%s: %s %.3g %s %.3g (%s)",
            inconclusive ? "NOISY" : passed ? "PASS" : "FAIL", kind, point, impl, ALLOC.equals(kind) ? "B/op" : "x better",
            measured, ALLOC.equals(kind) ? "<=" : ">=", limit, detail);
    }
}
