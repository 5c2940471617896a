package io.quorumbench.analysis.gate;

import io.quorumbench.analysis.compare.Direction;
import io.quorumbench.analysis.compare.JmhResult;
import io.quorumbench.analysis.compare.Metric;
import io.quorumbench.analysis.compare.MetricComparator;
import io.quorumbench.analysis.compare.NoiseStats;
import io.quorumbench.analysis.compare.RunComparison;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One check of the CI gate and how it came out.
 *
 * <p>Three kinds, per benchmark point (the rule's benchmark at one combination of its parameters):
 * <ul>
 *   <li>{@code alloc}: every iteration of every fork of a tuned implementation allocates at most
 *       {@code maxAllocBytesPerOp} (the maximum is judged, not the median: a path that allocates in
 *       2 of 5 iterations allocates), less the rule's background allowance per iteration divided by
 *       that iteration's operations where other threads allocate anyway;</li>
 *   <li>{@code ratio}: the tuned implementation is at least the rule's floor times better than the
 *       baseline measured in the same run, a sanity bound that holds whatever the reference says;</li>
 *   <li>{@code reference}: the same-run ratio has not fallen more than the band below the committed
 *       reference's ratio ({@link GateReference}).</li>
 * </ul>
 *
 * <p>A ratio check compares the point estimate (ratio of medians) and its 95% bootstrap interval
 * (forks resampled first) with the limit: point at or above it passes; point below with the
 * interval below too fails; point below with the interval still reaching the limit is
 * {@link Outcome#INCONCLUSIVE}. {@link GateRun} re-runs a rule with a ratio check that did not
 * pass with more forks before anything about it passes or fails.
 *
 * <p>Scores that cannot be judged are refused, never passed: a missing, NaN, infinite, zero or
 * negative score or iteration (or a missing, NaN, infinite or negative allocation) throws
 * {@link RunComparison.RefusedException} naming the rule, the point and the implementation, because
 * such a value means JMH did not measure (a failed iteration, a broken file), not that the code is
 * fast or slow. A NaN ratio would otherwise pass every {@code point < limit} test.
 *
 * @param rule     the rule's name.
 * @param point    the benchmark point: method and parameters other than {@code impl}.
 * @param impl     the implementation checked.
 * @param kind     {@link #ALLOC}, {@link #RATIO} or {@link #REFERENCE}.
 * @param measured the measured value: the largest B/op of any iteration (less its background
 *                 allowance), or the ratio of medians.
 * @param limit    the limit: B/op at most, or "times better" at least.
 * @param outcome  how the check came out.
 * @param detail   how it was measured (samples, interval, band), for the log.
 */
public record GateCheck(
    String rule, String point, String impl, String kind, double measured, double limit, Outcome outcome, String detail)
{
    /** Check kind: allocation per operation at most a limit in every iteration. */
    public static final String ALLOC = "alloc";
    /** Check kind: ratio against the baseline at least a floor. */
    public static final String RATIO = "ratio";
    /** Check kind: ratio against the baseline not fallen below the reference's by more than its band. */
    public static final String REFERENCE = "reference";

    /** Bootstrap resamples of a ratio's interval. */
    static final int RESAMPLES = 1000;
    /** Confidence of a ratio's interval. */
    static final double CONFIDENCE = 0.95;
    /** Seed of the bootstrap: the same files give the same verdict. */
    static final long SEED = 42;

    /** How a check came out. */
    public enum Outcome
    {
        /** Within its limit. */
        PASS,
        /** Beyond its limit, and for a ratio clearly so: the interval does not reach the limit either. */
        FAIL,
        /** A ratio whose point is below the limit while its interval still reaches it: not decided. */
        INCONCLUSIVE
    }

    /**
     * Evaluate every rule against JMH results of one run.
     *
     * @param rules     the rules.
     * @param results   the run's results (each rule's benchmark must be among them).
     * @param reference the committed reference the ratios are tracked against.
     * @return the checks, in rule order.
     * @throws RunComparison.RefusedException when a rule's benchmark, baseline or implementation is
     *                                        missing from the results or the reference, ran without
     *                                        {@code -prof gc}, or has a score that cannot be judged.
     */
    public static List<GateCheck> evaluate(final GateRules rules, final List<JmhResult> results, final GateReference reference)
    {
        final List<GateCheck> checks = new ArrayList<>();
        for (final GateRules.Rule rule : rules.rules())
        {
            checks.addAll(evaluate(rule, results, reference, rules.minFall()));
        }
        return checks;
    }

    /**
     * Evaluate one rule.
     *
     * @param rule      the rule.
     * @param results   the run's results.
     * @param reference the committed reference.
     * @param minFall   the narrowest band against the reference (see {@link GateRules#minFall()}).
     * @return the rule's checks: per point, allocation of each zero-alloc implementation, then per
     *         tuned implementation its floor and its reference check.
     */
    public static List<GateCheck> evaluate(
        final GateRules.Rule rule, final List<JmhResult> results, final GateReference reference, final double minFall)
    {
        final Map<String, Map<String, JmhResult>> points = points(rule, results);
        if (points.isEmpty())
        {
            throw new RunComparison.RefusedException("gate rule '" + rule.name() + "': benchmark " + rule.benchmark() +
                " with params " + rule.params() + " is not in the results");
        }
        final List<GateCheck> checks = new ArrayList<>();
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
                requireJudgeableScores(rule, point.getKey(), impl, byImpl.get(impl).primary(), "this run");
            }
            for (final String impl : rule.zeroAlloc())
            {
                checks.add(allocCheck(rule, point.getKey(), impl, byImpl.get(impl)));
            }
            final JmhResult baseline = byImpl.get(rule.baseline());
            for (final Map.Entry<String, Double> floor : rule.ratioFloors().entrySet())
            {
                final JmhResult tuned = byImpl.get(floor.getKey());
                final Direction direction = direction(rule, tuned);
                final NoiseStats.Interval ratio = timesBetter(direction, tuned.primary(), baseline.primary());
                if (!(ratio.point() > 0))
                {
                    // Unreachable after requireJudgeableScores; kept so a NaN can never reach "point < limit".
                    throw new RunComparison.RefusedException("gate rule '" + rule.name() + "': " + point.getKey() + " impl=" +
                        floor.getKey() + ": the ratio to " + rule.baseline() + " is " + ratio.point() + ", not a measurement");
                }
                final String measuredText = String.format(Locale.ROOT, "this run %.3gx, 95%% CI [%.3g, %.3g] over %d fork(s); " +
                    "%s %s=%.4g, %s=%.4g", ratio.point(), ratio.low(), ratio.high(), forks(tuned.primary()),
                    tuned.primary().unit(), floor.getKey(), NoiseStats.median(tuned.primary().samples()), rule.baseline(),
                    NoiseStats.median(baseline.primary().samples()));
                checks.add(new GateCheck(rule.name(), point.getKey(), floor.getKey(), RATIO, ratio.point(), floor.getValue(),
                    decide(ratio, floor.getValue()), "floor " + floor.getValue() + "x; " + measuredText));
                final GateReference.Band band = reference.band(rule, point.getKey(), floor.getKey(), minFall,
                    Math.min(forks(tuned.primary()), forks(baseline.primary())));
                checks.add(new GateCheck(rule.name(), point.getKey(), floor.getKey(), REFERENCE, ratio.point(), band.limit(),
                    decide(ratio, band.limit()), band.describe() + "; " + measuredText));
            }
        }
        return checks;
    }

    /**
     * The benchmark points of a rule in some results: point key (benchmark, mode, parameters other
     * than {@code impl}) to the results by implementation.
     *
     * @param rule    the rule.
     * @param results results of a run.
     * @return points in result order.
     */
    static Map<String, Map<String, JmhResult>> points(final GateRules.Rule rule, final List<JmhResult> results)
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
        return points;
    }

    /**
     * "Times better than the baseline" with its bootstrap interval: baseline / tuned for a cost
     * per operation, tuned / baseline for a rate.
     *
     * @param direction which way the unit improves.
     * @param tuned     the tuned implementation's primary metric.
     * @param baseline  the baseline's primary metric in the same run.
     * @return the ratio of medians and its 95% interval.
     */
    static NoiseStats.Interval timesBetter(final Direction direction, final Metric tuned, final Metric baseline)
    {
        return NoiseStats.bootstrapOfMedians(
            List.of(MetricComparator.forks(tuned), MetricComparator.forks(baseline)),
            (m) -> timesBetter(direction, m[0], m[1]), RESAMPLES, CONFIDENCE, SEED);
    }

    /**
     * @param direction    which way the unit improves.
     * @param tunedMedian  median of the tuned implementation.
     * @param baseMedian   median of the baseline.
     * @return how many times better the tuned implementation is.
     */
    static double timesBetter(final Direction direction, final double tunedMedian, final double baseMedian)
    {
        return direction == Direction.LOWER_IS_BETTER ? baseMedian / tunedMedian : tunedMedian / baseMedian;
    }

    /**
     * @param rule  the rule, for the message.
     * @param tuned the tuned result.
     * @return the direction of its unit.
     * @throws RunComparison.RefusedException when the unit does not say which way is better.
     */
    static Direction direction(final GateRules.Rule rule, final JmhResult tuned)
    {
        final Direction direction = tuned.primary().direction();
        if (direction == Direction.UNKNOWN)
        {
            throw new RunComparison.RefusedException("gate rule '" + rule.name() + "': unit " +
                tuned.primary().unit() + " does not say which way is better");
        }
        return direction;
    }

    /**
     * Refuse a primary metric that holds anything but positive, finite measurements.
     *
     * @param rule   the rule, for the message.
     * @param point  the point, for the message.
     * @param impl   the implementation, for the message.
     * @param metric the primary metric.
     * @param where  "this run" or the reference's path, for the message.
     * @throws RunComparison.RefusedException naming what is wrong.
     */
    static void requireJudgeableScores(
        final GateRules.Rule rule, final String point, final String impl, final Metric metric, final String where)
    {
        final String who = "gate rule '" + rule.name() + "': " + point + " impl=" + impl + " (" + where + ")";
        if (metric.rawPerFork().stream().allMatch(List::isEmpty))
        {
            throw new RunComparison.RefusedException(who + ": no iterations measured; refusing to judge a missing score");
        }
        if (!(metric.score() > 0) || Double.isInfinite(metric.score()))
        {
            throw new RunComparison.RefusedException(who + ": score " + metric.score() + " " + metric.unit() +
                " is not a measurement (NaN, zero, negative or infinite); refusing to judge it");
        }
        final List<List<Double>> forks = metric.rawPerFork();
        for (int f = 0; f < forks.size(); f++)
        {
            for (int i = 0; i < forks.get(f).size(); i++)
            {
                final double v = forks.get(f).get(i);
                if (!(v > 0) || Double.isInfinite(v))
                {
                    throw new RunComparison.RefusedException(String.format(Locale.ROOT,
                        "%s: fork %d iteration %d measured %s %s, not a measurement (NaN, zero, negative or infinite); " +
                        "refusing to judge it", who, f + 1, i + 1, v, metric.unit()));
                }
            }
        }
    }

    private static GateCheck allocCheck(final GateRules.Rule rule, final String point, final String impl, final JmhResult result)
    {
        final String who = "gate rule '" + rule.name() + "': " + point + " impl=" + impl;
        final Metric alloc = result.secondary().get("gc.alloc.rate.norm");
        if (null == alloc)
        {
            throw new RunComparison.RefusedException(who + " has no gc.alloc.rate.norm: run JMH with -prof gc");
        }
        final List<List<Double>> allocForks = alloc.rawPerFork();
        final List<List<Double>> primaryForks = result.primary().rawPerFork();
        if (allocForks.stream().allMatch(List::isEmpty))
        {
            throw new RunComparison.RefusedException(who + ": gc.alloc.rate.norm has no iterations; refusing to judge");
        }
        final double background = rule.backgroundAllocBytesPerIteration();
        double worst = Double.NEGATIVE_INFINITY;
        String worstAt = "";
        int iterations = 0;
        int over = 0;
        // Every iteration, not the median: an allocation in some iterations is an allocation on the path.
        for (int f = 0; f < allocForks.size(); f++)
        {
            for (int i = 0; i < allocForks.get(f).size(); i++)
            {
                final double bytesPerOp = allocForks.get(f).get(i);
                if (!(bytesPerOp >= 0) || Double.isInfinite(bytesPerOp))
                {
                    throw new RunComparison.RefusedException(String.format(Locale.ROOT, "%s: gc.alloc.rate.norm fork %d " +
                        "iteration %d is %s B/op, not a measurement (NaN, negative or infinite); refusing to judge it",
                        who, f + 1, i + 1, bytesPerOp));
                }
                final double allowance = background > 0 ? background / operations(who, result, primaryForks, f, i) : 0;
                // Allocation per operation is normalised by the operation count, so machine load does not move
                // it; only other threads' allocation does, which the allowance covers where a rule states it.
                final double beyond = bytesPerOp - allowance;
                iterations++;
                if (beyond > rule.maxAllocBytesPerOp())
                {
                    over++;
                }
                if (beyond > worst)
                {
                    worst = beyond;
                    worstAt = String.format(Locale.ROOT, "fork %d iteration %d: %.3g B/op%s", f + 1, i + 1, bytesPerOp,
                        background > 0 ? String.format(Locale.ROOT, " less %.3g background", allowance) : "");
                }
            }
        }
        final String method = background > 0 ? String.format(Locale.ROOT,
            "per iteration B/op less %.0f background bytes / its operations", background) : "per iteration B/op";
        return new GateCheck(rule.name(), point, impl, ALLOC, worst, rule.maxAllocBytesPerOp(),
            over == 0 ? Outcome.PASS : Outcome.FAIL,
            String.format(Locale.ROOT, "largest %s of %d iterations in %d fork(s) at %s, median %.3g B/op; %d iteration(s) " +
                "above the limit", method, iterations, forks(alloc), worstAt, NoiseStats.median(alloc.samples()), over));
    }

    private static double operations(
        final String who, final JmhResult result, final List<List<Double>> primaryForks, final int fork, final int iteration)
    {
        final double ops = fork < primaryForks.size() && iteration < primaryForks.get(fork).size() ?
            result.operationsIn(primaryForks.get(fork).get(iteration)) : Double.NaN;
        if (!(ops > 0))
        {
            throw new RunComparison.RefusedException(String.format(Locale.ROOT, "%s: cannot tell the operations of fork %d " +
                "iteration %d (mode %s, unit %s, iteration time %d ns) for its background allocation allowance",
                who, fork + 1, iteration + 1, result.mode(), result.primary().unit(), result.measurementTimeNs()));
        }
        return ops;
    }

    private static Outcome decide(final NoiseStats.Interval ratio, final double limit)
    {
        if (ratio.point() >= limit)
        {
            return Outcome.PASS;
        }
        return ratio.high() >= limit ? Outcome.INCONCLUSIVE : Outcome.FAIL;
    }

    private static int forks(final Metric metric)
    {
        return (int)metric.rawPerFork().stream().filter((f) -> !f.isEmpty()).count();
    }

    /**
     * @return a one-line description for the log.
     */
    public String describe()
    {
        return String.format(Locale.ROOT, "%-12s %-9s %s impl=%s: %s %.3g %s %.3g (%s)",
            outcome, kind, point, impl, ALLOC.equals(kind) ? "B/op" : "x better", measured, ALLOC.equals(kind) ? "<=" : ">=",
            limit, detail);
    }
}
