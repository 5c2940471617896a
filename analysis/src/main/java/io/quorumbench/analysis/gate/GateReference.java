package io.quorumbench.analysis.gate;

import io.quorumbench.analysis.compare.Direction;
import io.quorumbench.analysis.compare.JmhResult;
import io.quorumbench.analysis.compare.MetricComparator;
import io.quorumbench.analysis.compare.NoiseStats;
import io.quorumbench.analysis.compare.ResultFileException;
import io.quorumbench.analysis.compare.RunComparison;
import io.quorumbench.analysis.compare.RunInput;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The committed reference run the CI gate tracks tuned/baseline ratios against, and the band each
 * ratio may fall below it.
 *
 * <p>The reference is a gate run recorded with many forks ({@code scripts/gate --record-reference},
 * same JMH options as the gate apart from the forks, so its ratios are measured the way the gate
 * measures them). For each gated point it gives:
 * <ul>
 *   <li>the reference ratio: "times better than the baseline", ratio of medians over all its forks;</li>
 *   <li>the band, from an A/A of the reference at the size of the run being judged: the reference's
 *       forks are the population a same-code run draws its forks from, so the ratio of a run of k
 *       forks resampled from them (forks with replacement, iterations within; tuned and baseline
 *       independently, as they run in separate JVMs) varies around the reference's by noise alone.
 *       The fall of the 2.5th percentile of those ratios is the band, never less than
 *       {@link GateRules#minFall()} (the reference's forks are one session's; another session draws
 *       from a somewhat different population), and refused above {@link #MAX_FALL} (a band that
 *       wide only catches a collapse). A run pooled from more forks gets the narrower band of its
 *       size.</li>
 * </ul>
 * The limit is {@code reference ratio * (1 - band)}.
 *
 * <p>Why not the reference's own halves: two halves of three forks differ far less than a two-fork
 * run differs from six forks, and a band from them (5-10% on this VM) failed same-code gate runs
 * whose forks landed in the slower of a benchmark's JIT modes.
 *
 * <p>The reference is of one machine class (its {@code context.json} says which); on another, re-record it.
 */
public final class GateReference
{
    /**
     * The widest band accepted: a reference so noisy that a same-code run can fall by half cannot
     * show a regression short of a collapse, so the gate refuses it rather than pass vacuously.
     */
    public static final double MAX_FALL = 0.5;

    /**
     * The band of one gated ratio.
     *
     * @param referenceRatio "times better" in the whole reference.
     * @param referenceForks forks of the reference.
     * @param runForks       forks of the run the band is for.
     * @param resampledLow   2.5th percentile of the ratio of {@code runForks}-fork resamples of the reference.
     * @param aaFall         the fall that percentile is, {@code 1 - resampledLow / referenceRatio}.
     * @param fall           the band used: {@code max(aaFall, minFall)}.
     */
    public record Band(
        double referenceRatio, int referenceForks, int runForks, double resampledLow, double aaFall, double fall)
    {
        /**
         * @return the least ratio that passes: the reference's minus the band.
         */
        public double limit()
        {
            return referenceRatio * (1 - fall);
        }

        /**
         * @return the band in words, for the log.
         */
        public String describe()
        {
            return String.format(Locale.ROOT, "reference %.3gx - %.1f%% band (A/A of the reference at %d fork(s): 2.5th " +
                "percentile of %d-fork resamples of its %d forks %.3gx, a fall of %.1f%%%s)", referenceRatio, fall * 100,
                runForks, runForks, referenceForks, resampledLow, aaFall * 100, fall > aaFall ? "; raised to the rules' minFall" : "");
        }
    }

    private final Path source;
    private final Map<String, Object> context;
    private final List<JmhResult> results;

    private GateReference(final Path source, final Map<String, Object> context, final List<JmhResult> results)
    {
        this.source = source;
        this.context = context;
        this.results = results;
    }

    /**
     * @param path a reference run directory (with {@code context.json} and {@code jmh.json}) or a JMH JSON file.
     * @return the reference.
     * @throws ResultFileException when it is missing or malformed.
     */
    public static GateReference load(final Path path)
    {
        final RunInput input = RunInput.load(path);
        if (input.jmh().isEmpty())
        {
            throw new ResultFileException(path, null, "no JMH results: record the reference with scripts/gate --record-reference");
        }
        return new GateReference(path, input.context(), input.jmh());
    }

    /**
     * @param source  where the results came from, for messages.
     * @param results the reference's JMH results.
     * @return a reference over these results (tests, and a reference just recorded).
     */
    public static GateReference of(final Path source, final List<JmhResult> results)
    {
        return new GateReference(source, null, results);
    }

    /**
     * @return where the reference was read from.
     */
    public Path source()
    {
        return source;
    }

    /**
     * @return one line on what the reference is: path, commit, start time, machine.
     */
    public String describe()
    {
        if (null == context)
        {
            return source.toString();
        }
        final Object commit = context.get("gitCommit");
        final String shortCommit = commit instanceof String s && s.length() > 12 ? s.substring(0, 12) : String.valueOf(commit);
        return source + " (commit " + shortCommit + ", " + context.get("startedAt") + ", " + context.get("cpuModel") + ", " +
            context.get("cores") + " cores)";
    }

    /**
     * @return the reference's JMH results.
     */
    public List<JmhResult> results()
    {
        return results;
    }

    /**
     * The band of one gated ratio for a run of some forks.
     *
     * @param rule      the rule.
     * @param point     the point key (benchmark, mode, parameters other than {@code impl}).
     * @param tunedImpl the tuned implementation.
     * @param minFall   the narrowest band allowed.
     * @param runForks  forks of the run being judged (the fewer of its tuned and baseline forks).
     * @return the band.
     * @throws RunComparison.RefusedException when the reference lacks the point, has fewer than two
     *                                        forks, has a score that cannot be judged, or is too noisy.
     */
    public Band band(
        final GateRules.Rule rule, final String point, final String tunedImpl, final double minFall, final int runForks)
    {
        final Map<String, JmhResult> byImpl = GateCheck.points(rule, results).get(point);
        final String rerecord = ": re-record it with scripts/gate --record-reference";
        if (null == byImpl || !byImpl.containsKey(tunedImpl) || !byImpl.containsKey(rule.baseline()))
        {
            throw new RunComparison.RefusedException("gate rule '" + rule.name() + "': the reference " + source + " has no " +
                point + " for impl=" + tunedImpl + " and impl=" + rule.baseline() + rerecord);
        }
        final JmhResult tuned = byImpl.get(tunedImpl);
        final JmhResult baseline = byImpl.get(rule.baseline());
        GateCheck.requireJudgeableScores(rule, point, tunedImpl, tuned.primary(), "reference " + source);
        GateCheck.requireJudgeableScores(rule, point, rule.baseline(), baseline.primary(), "reference " + source);
        final Direction direction = GateCheck.direction(rule, tuned);
        final int forks = Math.min(tuned.primary().rawPerFork().size(), baseline.primary().rawPerFork().size());
        if (forks < 2)
        {
            throw new RunComparison.RefusedException("gate rule '" + rule.name() + "': the reference " + source + " has " + forks +
                " fork(s) of " + point + "; its A/A band needs several" + rerecord);
        }
        final NoiseStats.Interval resampled = NoiseStats.bootstrapOfMediansOfForks(
            List.of(MetricComparator.forks(tuned.primary()), MetricComparator.forks(baseline.primary())), Math.max(1, runForks),
            (m) -> GateCheck.timesBetter(direction, m[0], m[1]), GateCheck.RESAMPLES, GateCheck.CONFIDENCE, GateCheck.SEED);
        final double referenceRatio = resampled.point();
        final double aaFall = Math.max(0, 1 - resampled.low() / referenceRatio);
        if (!(aaFall < MAX_FALL))
        {
            throw new RunComparison.RefusedException(String.format(Locale.ROOT,
                "gate rule '%s': the reference %s is too noisy at %s impl=%s: a %d-fork run of it can fall %.0f%% below its " +
                "ratio %.3gx by noise alone (2.5th percentile %.3gx), a band that only catches a collapse%s on a quiet machine",
                rule.name(), source, point, tunedImpl, runForks, aaFall * 100, referenceRatio, resampled.low(), rerecord));
        }
        return new Band(referenceRatio, forks, runForks, resampled.low(), aaFall, Math.max(aaFall, minFall));
    }

    /**
     * Refuse a reference measured differently from this run: warm-up and measurement iterations and
     * times must agree (forks may differ), or the ratios are not like for like (a shorter warm-up
     * measures the interpreter; Raft commit throughput falls over the seconds of a run).
     *
     * @param results this run's results.
     * @throws RunComparison.RefusedException naming both settings when they differ.
     */
    public void requireSameShape(final List<JmhResult> results)
    {
        for (final JmhResult r : results)
        {
            for (final JmhResult ref : this.results)
            {
                if (ref.key().equals(r.key()) && !withoutForks(ref.runSettings()).equals(withoutForks(r.runSettings())))
                {
                    throw new RunComparison.RefusedException(r.key() + ": this run (" + r.runSettings() + ") is not shaped like " +
                        "the reference " + source + " (" + ref.runSettings() + "); run the gate with the rules' JMH options " +
                        "or re-record the reference with scripts/gate --record-reference");
                }
            }
        }
    }

    private static String withoutForks(final String runSettings)
    {
        return runSettings.replaceFirst("^forks=\\S+ ", "");
    }
}
