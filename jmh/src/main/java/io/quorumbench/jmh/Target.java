package io.quorumbench.jmh;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A performance target checked by the runner against the results of the same run (never by a
 * unit test: a shared, noisy machine must not fail a build through timing).
 *
 * <p>A target names one benchmark configuration (benchmark + every {@code @Param} that pins it)
 * and one check on it. Speed-ups compare against the configuration with {@code impl=baseline}
 * (or the params of {@code against}, e.g. {@code batch=1} for a batching speed-up) and otherwise
 * the same params, measured in the same run, because on small noisy machines a ratio measured side
 * by side is worth more than an absolute time.
 *
 * @param name        stable id, e.g. {@code ring.lookup.long.latency}.
 * @param description one line a reader understands without the code.
 * @param benchmark   benchmark name, fully qualified or {@code Class.method}.
 * @param params      params selecting the tuned configuration, including {@code impl}.
 * @param check       what is compared with the threshold.
 * @param threshold   the bound, in {@code unit}.
 * @param unit        unit of the measured value: the benchmark's score unit, {@code B/op} or {@code x}.
 * @param against     for a speed-up, the params that differ in the configuration compared against
 *                    (by default {@code impl=baseline}); each must also be pinned in {@code params}.
 */
public record Target(
    String name,
    String description,
    String benchmark,
    Map<String, String> params,
    Check check,
    double threshold,
    String unit,
    Map<String, String> against)
{
    /** The param that names the implementation in every benchmark. */
    public static final String IMPL = "impl";

    /** The implementation speed-ups are measured against. */
    public static final String BASELINE = "baseline";

    /** What a target compares with its threshold. */
    public enum Check
    {
        /** Primary score (time per operation) at most the threshold. */
        SCORE_AT_MOST("<="),
        /**
         * Median (50th percentile) of the primary metric at most the threshold; needs a mode that
         * records percentiles (sample time).
         */
        MEDIAN_AT_MOST("<="),
        /** {@code gc.alloc.rate.norm} at most the threshold, in B/op. */
        ALLOC_AT_MOST("<="),
        /** Baseline score divided by tuned score (for time per op) at least the threshold. */
        SPEEDUP_AT_LEAST(">=");

        private final String comparison;

        Check(final String comparison)
        {
            this.comparison = comparison;
        }

        /**
         * The comparison as text.
         *
         * @return {@code "<="} or {@code ">="}.
         */
        public String comparison()
        {
            return comparison;
        }
    }

    /** Outcome of a target. */
    public enum Verdict
    {
        /** Measured and within the threshold. */
        PASS,
        /** Measured outside the threshold, or not measured at all (see the note). */
        MISS
    }

    /**
     * Validates and copies.
     */
    public Target
    {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(unit, "unit");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        against = Collections.unmodifiableMap(new LinkedHashMap<>(against));
        for (final String key : against.keySet())
        {
            if (check == Check.SPEEDUP_AT_LEAST && !params.containsKey(key))
            {
                throw new IllegalArgumentException("speed-up target " + name + " must pin the '" + key + "' param");
            }
        }
    }

    /**
     * A target whose speed-up, if any, is against {@code impl=baseline}.
     *
     * @param name        stable id.
     * @param description one line.
     * @param benchmark   benchmark name.
     * @param params      params selecting the tuned configuration, including {@code impl}.
     * @param check       what is compared with the threshold.
     * @param threshold   the bound.
     * @param unit        unit of the measured value.
     */
    public Target(
        final String name,
        final String description,
        final String benchmark,
        final Map<String, String> params,
        final Check check,
        final double threshold,
        final String unit)
    {
        this(name, description, benchmark, params, check, threshold, unit, Map.of(IMPL, BASELINE));
    }

    /**
     * The result of checking a target.
     *
     * @param target   the target.
     * @param measured the measured value in the target's unit, null if not measured.
     * @param error    JMH's 99.9% confidence half-width of the measured value, NaN if unknown or not applicable.
     * @param verdict  PASS or MISS.
     * @param source   the benchmark configuration(s) the value came from.
     * @param note     why a value is missing or how it was derived; empty if nothing to say.
     */
    public record Result(Target target, Double measured, double error, Verdict verdict, String source, String note)
    {
        /**
         * The result in the layout of {@code targets.json} (see {@code results/README.md}).
         *
         * @return an ordered map for a JSON writer.
         */
        public Map<String, Object> toMap()
        {
            final Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", target.name());
            map.put("description", target.description());
            map.put("threshold", target.threshold());
            map.put("comparison", target.check().comparison());
            map.put("measured", measured);
            map.put("error", Double.isNaN(error) ? null : error);
            map.put("unit", target.unit());
            map.put("verdict", verdict.name());
            map.put("source", source);
            if (!note.isEmpty())
            {
                map.put("note", note);
            }
            return map;
        }
    }

    /**
     * Check this target against the results of one run.
     *
     * @param scores every result of the run.
     * @return the outcome; MISS with a note when the configuration did not run.
     */
    public Result evaluate(final List<BenchmarkScore> scores)
    {
        final String source = benchmark + " " + describe(params);
        final BenchmarkScore tuned = find(scores, params);
        if (null == tuned)
        {
            return new Result(this, null, Double.NaN, Verdict.MISS, source,
                "not measured in this run (filtered out by an include/param option, or the benchmark failed)");
        }

        switch (check)
        {
            case SCORE_AT_MOST:
                if (!unit.equals(tuned.unit()))
                {
                    return new Result(this, null, Double.NaN, Verdict.MISS, source,
                        "benchmark reported " + tuned.unit() + ", target is in " + unit);
                }
                return verdict(tuned.score(), tuned.scoreError(), source, "mean of all measurement iterations");

            case MEDIAN_AT_MOST:
                if (!unit.equals(tuned.unit()))
                {
                    return new Result(this, null, Double.NaN, Verdict.MISS, source,
                        "benchmark reported " + tuned.unit() + ", target is in " + unit);
                }
                if (Double.isNaN(tuned.median()))
                {
                    return new Result(this, null, Double.NaN, Verdict.MISS, source,
                        "no median: the benchmark ran in a mode without percentiles (use sample time)");
                }
                return verdict(tuned.median(), Double.NaN, source, "p50 of all samples");

            case ALLOC_AT_MOST:
                if (Double.isNaN(tuned.allocBytesPerOp()))
                {
                    return new Result(this, null, Double.NaN, Verdict.MISS, source, "no gc.alloc.rate.norm: the GC profiler did not run");
                }
                return verdict(tuned.allocBytesPerOp(), tuned.allocError(), source, "gc.alloc.rate.norm");

            case SPEEDUP_AT_LEAST:
            default:
                final Map<String, String> baselineParams = new LinkedHashMap<>(params);
                baselineParams.putAll(against);
                final BenchmarkScore baseline = find(scores, baselineParams);
                final String pair = source + " vs " + describe(against);
                if (null == baseline)
                {
                    return new Result(this, null, Double.NaN, Verdict.MISS, pair,
                        "configuration compared against (" + describe(against) + ") not measured in this run");
                }
                if (!baseline.unit().equals(tuned.unit()))
                {
                    return new Result(this, null, Double.NaN, Verdict.MISS, pair, "units differ: " + baseline.unit() + " vs " + tuned.unit());
                }
                final boolean timePerOp = tuned.unit().endsWith("/op");
                final double ratio = timePerOp ? baseline.score() / tuned.score() : tuned.score() / baseline.score();
                return verdict(ratio, Double.NaN, pair, "ratio of the two means, same run");
        }
    }

    /**
     * Evaluate every target.
     *
     * @param targets targets to check.
     * @param scores  results of the run.
     * @return one result per target, in order.
     */
    public static List<Result> evaluateAll(final List<Target> targets, final List<BenchmarkScore> scores)
    {
        final List<Result> results = new ArrayList<>();
        for (final Target target : targets)
        {
            results.add(target.evaluate(scores));
        }
        return results;
    }

    private Result verdict(final double value, final double error, final String source, final String note)
    {
        final boolean pass;
        if (Double.isNaN(value))
        {
            pass = false;
        }
        else if (check.comparison().equals("<="))
        {
            pass = value <= threshold;
        }
        else
        {
            pass = value >= threshold;
        }
        return new Result(this, Double.isNaN(value) ? null : value, error, pass ? Verdict.PASS : Verdict.MISS, source, note);
    }

    private BenchmarkScore find(final List<BenchmarkScore> scores, final Map<String, String> wanted)
    {
        for (final BenchmarkScore score : scores)
        {
            if (score.matches(benchmark, wanted))
            {
                return score;
            }
        }
        return null;
    }

    private static String describe(final Map<String, String> params)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Map.Entry<String, String> e : params.entrySet())
        {
            if (sb.length() > 0)
            {
                sb.append(' ');
            }
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
        return sb.toString();
    }
}
