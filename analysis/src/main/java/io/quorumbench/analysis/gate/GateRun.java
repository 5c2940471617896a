package io.quorumbench.analysis.gate;

import io.quorumbench.analysis.compare.JmhResult;
import io.quorumbench.analysis.compare.Metric;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The gate's decision: evaluate every rule, and re-run a rule whose ratio check did not pass with
 * more forks, pooled with the forks already measured, before anything about it passes or fails:
 * an {@link GateCheck.Outcome#INCONCLUSIVE} ratio (point below the limit, interval still reaching
 * it) must not pass on a noisy first run, and a {@link GateCheck.Outcome#FAIL} is confirmed on the
 * pooled forks, because on a shared 2-core machine the first two forks can land together in a
 * benchmark's slower JIT mode or beside a busy neighbour. The pooled run decides, not the better
 * of the two. What is still undecided after {@link GateRules#maxReruns()} re-runs stays
 * INCONCLUSIVE, which the gate reports with its own exit status: never a pass, in CI as anywhere
 * else. Allocation failures are not re-run: bytes per operation do not move with load.
 *
 * <p>The runner is an interface so the decision is tested without JMH.
 */
public final class GateRun
{
    /** Runs one rule's benchmark for some implementations with a number of forks. */
    @FunctionalInterface
    public interface RuleRunner
    {
        /**
         * @param rule  the rule whose benchmark (at its pinned parameters) to run.
         * @param impls the implementations to run, baseline included.
         * @param forks JMH forks.
         * @return the results, one per implementation and point.
         * @throws IOException          when the run failed.
         * @throws InterruptedException when interrupted while waiting for it.
         */
        List<JmhResult> run(GateRules.Rule rule, Set<String> impls, int forks) throws IOException, InterruptedException;
    }

    /**
     * The decision.
     *
     * @param checks  every check, final outcomes.
     * @param results the results judged, re-run forks pooled in.
     * @param reruns  re-runs made, one line each.
     */
    public record Decision(List<GateCheck> checks, List<JmhResult> results, List<String> reruns)
    {
        /**
         * @param outcome an outcome.
         * @return how many checks came out that way.
         */
        public long count(final GateCheck.Outcome outcome)
        {
            return checks.stream().filter((c) -> c.outcome() == outcome).count();
        }
    }

    private GateRun()
    {
    }

    /**
     * @param rules     the rules.
     * @param reference the committed reference.
     * @param measured  the first run's results.
     * @param runner    runs more forks of a rule, or {@code null} when none can be run ({@code --from-json}).
     * @param log       progress.
     * @return the decision.
     * @throws IOException          when a re-run failed.
     * @throws InterruptedException when interrupted during a re-run.
     */
    public static Decision decide(
        final GateRules rules, final GateReference reference, final List<JmhResult> measured, final RuleRunner runner,
        final PrintStream log) throws IOException, InterruptedException
    {
        List<JmhResult> results = List.copyOf(measured);
        final List<GateCheck> checks = new ArrayList<>();
        final List<String> reruns = new ArrayList<>();
        for (final GateRules.Rule rule : rules.rules())
        {
            List<GateCheck> ruleChecks = GateCheck.evaluate(rule, results, reference, rules.minFall());
            for (int attempt = 1; null != runner && attempt <= rules.maxReruns() && ruleChecks.stream().anyMatch(GateRun::unsettled);
                attempt++)
            {
                final Set<String> impls = new LinkedHashSet<>();
                impls.add(rule.baseline());
                ruleChecks.stream().filter(GateRun::unsettled).forEach((c) -> impls.add(c.impl()));
                final String why = String.join("; ", ruleChecks.stream()
                    .filter(GateRun::unsettled)
                    .map((c) -> String.format(Locale.ROOT, "%s %s %s %.3gx < %.3gx", c.kind(), c.impl(), c.outcome(),
                        c.measured(), c.limit()))
                    .toList());
                final String line = "rule '" + rule.name() + "' re-run " + attempt + "/" + rules.maxReruns() + " with " +
                    rules.rerunForks() + " more fork(s) of " + impls + ", pooled, before a ratio below its limit passes or " +
                    "fails (" + why + ")";
                log.println("gate: " + line);
                reruns.add(line);
                results = pool(results, runner.run(rule, impls, rules.rerunForks()));
                ruleChecks = GateCheck.evaluate(rule, results, reference, rules.minFall());
            }
            checks.addAll(ruleChecks);
        }
        return new Decision(checks, results, reruns);
    }

    private static boolean unsettled(final GateCheck check)
    {
        return !GateCheck.ALLOC.equals(check.kind()) && check.outcome() != GateCheck.Outcome.PASS;
    }

    /**
     * Pool more forks into results: a result of {@code more} with the key of one in {@code results}
     * has its forks appended to that one's (primary and the secondary metrics both have); others
     * are added.
     *
     * @param results results so far.
     * @param more    results of a re-run.
     * @return the pooled results, in the order of {@code results}, new keys last.
     */
    static List<JmhResult> pool(final List<JmhResult> results, final List<JmhResult> more)
    {
        final Map<String, JmhResult> byKey = new LinkedHashMap<>();
        for (final JmhResult r : results)
        {
            byKey.put(r.key(), r);
        }
        for (final JmhResult m : more)
        {
            final JmhResult r = byKey.get(m.key());
            if (null == r)
            {
                byKey.put(m.key(), m);
                continue;
            }
            final Map<String, Metric> secondary = new LinkedHashMap<>();
            for (final Map.Entry<String, Metric> e : r.secondary().entrySet())
            {
                final Metric other = m.secondary().get(e.getKey());
                secondary.put(e.getKey(), null == other ? e.getValue() : pool(e.getValue(), other));
            }
            byKey.put(r.key(), new JmhResult(r.benchmark(), r.mode(), r.params(), r.threads(), r.measurementTimeNs(),
                pool(r.primary(), m.primary()), secondary, r.runSettings()));
        }
        return List.copyOf(byKey.values());
    }

    private static Metric pool(final Metric a, final Metric b)
    {
        final List<List<Double>> forks = new ArrayList<>(a.rawPerFork());
        forks.addAll(b.rawPerFork());
        final Metric pooled = new Metric(a.name(), a.unit(), Double.NaN, Double.NaN, List.copyOf(forks));
        // JMH's score is the mean of its iterations; the pooled score is the same statistic over all of them.
        final double mean = Arrays.stream(pooled.samples()).average().orElse(Double.NaN);
        return new Metric(a.name(), a.unit(), mean, Double.NaN, pooled.rawPerFork());
    }
}
