package io.quorumbench.analysis.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.results.CheckResult;
import io.quorumbench.api.results.CheckVerdict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load-run targets of the README's "Figures measured here", judged from a run's own
 * {@code summary.json} or {@code sweep.json} and written as {@code targets.json} in the layout of
 * the JMH targets ({@code results/README.md}): name, threshold, comparison, measured, unit, verdict,
 * source, note.
 *
 * <p><b>Which targets apply</b> is decided by the scenario the run records in
 * {@code context.settings}, never by the caller:
 * <pre>
 *   scenario                                                       targets
 *   noop, offered &ge; 1 M/s                                           load.noop.rate
 *   lockfree in-process, 3 nodes, fsync none, 10k/s, no faults     load.inprocess.10k.p50, .p99
 *   lockfree node processes over UDP (loopback), same              load.udp.10k.p50
 *   lockfree in-process sweep, 3 nodes, fsync none, SLO p99 1 ms   load.inprocess.sweep.maxRate, .speedup
 *   any cluster with faults                                        load.failover.history, .lostAckedWrites,
 *                                                                  .recovered
 *   any cluster with a kill-leader fault                           load.failover.unavailability
 * </pre>
 * A scenario that matches none gets an empty list: those runs are measured, not judged.
 *
 * <p><b>Verdicts</b>: PASS, MISS or INCONCLUSIVE, never a silent default. A measurement that is
 * missing or NaN is INCONCLUSIVE. A performance target takes the run's verdict first: a run that
 * FAILED (behind schedule, a check failed, stopped) MISSES it, since its numbers do not stand; a run
 * that was INCONCLUSIVE leaves it INCONCLUSIVE. The fail-over targets judge their own check, whatever
 * the schedule. The speed-up over the baseline needs the baseline's sweep ({@code scripts/targets
 * --baseline}); without it, it is INCONCLUSIVE.
 *
 * <p><b>Threading</b>: stateless.
 */
public final class LoadTargets
{
    /** A target's outcome. */
    public enum Verdict
    {
        /** Measured, and within the threshold. */
        PASS,
        /** Measured outside the threshold, or the run's numbers do not stand (it failed). */
        MISS,
        /** Not decided: not measured, the run's checks did not decide, or a bound is not tight enough. */
        INCONCLUSIVE
    }

    /**
     * One judged target, as written to {@code targets.json}.
     *
     * @param name        stable id, e.g. {@code load.inprocess.10k.p99}.
     * @param description one line a reader understands without the code.
     * @param threshold   the bound, in {@code unit}.
     * @param comparison  {@code <=} or {@code >=}.
     * @param measured    the measured value in {@code unit}, null when not measured.
     * @param unit        {@code us}, {@code req/s}, {@code x}, {@code writes}, {@code faults}, or
     *                    {@code verdict} (measured 1 = the check passed, 0 = it did not).
     * @param verdict     PASS, MISS or INCONCLUSIVE.
     * @param source      the file and field the value came from.
     * @param note        why a value is missing or how it was derived; empty if nothing to say.
     */
    public record Result(
        String name, String description, double threshold, String comparison, Double measured, String unit,
        Verdict verdict, String source, String note)
    {
        /**
         * One line for a console: verdict, name, measured against the threshold, and the note.
         *
         * @return e.g. {@code MISS  load.inprocess.10k.p99  923 <= 250 us}.
         */
        public String describe()
        {
            return String.format(Locale.ROOT, "%-12s %-32s %s %s %s %s%s", verdict, name,
                null == measured ? "-" : ReportBuilder.num(measured), comparison, ReportBuilder.num(threshold), unit,
                note.isEmpty() ? "" : "  (" + note + ")");
        }

        /**
         * The layout of {@code targets.json}.
         *
         * @return an ordered map for a JSON writer.
         */
        public Map<String, Object> toMap()
        {
            final Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", name);
            map.put("description", description);
            map.put("threshold", threshold);
            map.put("comparison", comparison);
            map.put("measured", measured);
            map.put("error", null);
            map.put("unit", unit);
            map.put("verdict", verdict.name());
            map.put("source", source);
            if (!note.isEmpty())
            {
                map.put("note", note);
            }
            return map;
        }
    }

    /** The offered rate of the 10k scenarios, requests/s. */
    static final double TEN_K = 10_000;
    /** The fault action whose unavailability is bounded by the election timeout. */
    static final String KILL_LEADER = "kill-leader";
    /** The sweep's SLO the rate targets are stated for, ns. */
    static final double SLO_1MS_NS = 1_000_000;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private LoadTargets()
    {
    }

    /**
     * The in-process and sweep figures below are the floors of every tuned replicated log (the
     * mission's for Raft, issue 13's for Multi-Paxos: the same numbers); whether a run drove a tuned
     * implementation is the registry's answer, not a name compared here.
     */
    private static boolean tunedLog(final RecordedRun run)
    {
        return run.kind().orElse(null) == ImplementationKind.TUNED;
    }

    /** The 3-process UDP figure is stated for the tuned Raft only. */
    private static boolean tunedRaft(final RecordedRun run)
    {
        return Protocol.RAFT.id().equals(run.protocol()) && tunedLog(run);
    }

    /**
     * Judge every target that applies to a run.
     *
     * @param run      a run or a sweep.
     * @param baseline the baseline's sweep of the same scenario for the speed-up target, or null.
     * @return the targets that apply, in a fixed order; empty when none does.
     */
    public static List<Result> evaluate(final RecordedRun run, final RecordedRun baseline)
    {
        final List<Result> out = new ArrayList<>();
        final Map<String, String> s = run.settings();
        final String source = run.file().getFileName().toString();
        final boolean faults = s.containsKey("faults") && !s.get("faults").isEmpty();
        final boolean threeNodesNoFsync = "3".equals(nodes(s)) && "none".equals(fsync(s));
        if (run.isSweep())
        {
            if (tunedLog(run) && run.topology() == RecordedRun.Topology.IN_PROCESS && threeNodesNoFsync &&
                run.sloP99Ns() == SLO_1MS_NS)
            {
                out.add(maxRate(run, source));
                out.add(speedup(run, baseline, source));
            }
            return out;
        }
        if ("noop".equals(run.impl()) && run.offeredRate() >= 1_000_000)
        {
            out.add(performance(run, "load.noop.rate", "the generator on a no-op target keeps 1 M requests/s on schedule",
                1_000_000, ">=", run.achievedRate(), "req/s", source + ": achievedRate"));
        }
        final boolean tenK = run.offeredRate() == TEN_K && !faults && threeNodesNoFsync && tunedLog(run);
        if (tenK && run.topology() == RecordedRun.Topology.IN_PROCESS)
        {
            out.add(performance(run, "load.inprocess.10k.p50", "tuned in-process cluster at 10k/s: corrected p50",
                25, "<=", run.p50Ns() / 1e3, "us", source + ": latencyNs.corrected.p50"));
            out.add(performance(run, "load.inprocess.10k.p99", "tuned in-process cluster at 10k/s: corrected p99",
                250, "<=", run.p99Ns() / 1e3, "us", source + ": latencyNs.corrected.p99"));
        }
        if (tenK && tunedRaft(run) && run.topology() == RecordedRun.Topology.PROCESSES)
        {
            out.add(performance(run, "load.udp.10k.p50", "tuned, 3 node processes over UDP at 10k/s: corrected p50",
                70, "<=", run.p50Ns() / 1e3, "us", source + ": latencyNs.corrected.p50"));
        }
        if (faults && run.topology() != RecordedRun.Topology.NONE)
        {
            out.add(check("load.failover.history", "under faults: the history is linearizable", run.history(),
                source + ": verdicts.history"));
            out.add(lostWrites(run, source));
            out.add(recovered(run, source));
            if (run.failovers().stream().anyMatch(f -> KILL_LEADER.equals(f.action())))
            {
                out.add(unavailability(run, source));
            }
        }
        return out;
    }

    /**
     * Write {@code targets.json}.
     *
     * @param results the judged targets.
     * @param file    destination, replaced if it exists.
     */
    public static void write(final List<Result> results, final Path file)
    {
        final List<Map<String, Object>> json = new ArrayList<>();
        results.forEach(r -> json.add(r.toMap()));
        try
        {
            MAPPER.writeValue(file.toFile(), json);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    private static String nodes(final Map<String, String> s)
    {
        return s.getOrDefault("nodes", s.get("requestedNodes"));
    }

    private static String fsync(final Map<String, String> s)
    {
        return s.getOrDefault("fsyncPolicy", s.get("requestedFsync"));
    }

    /** A latency or rate target: the run's verdict first, then the value against the threshold. */
    private static Result performance(
        final RecordedRun run, final String name, final String description, final double threshold,
        final String comparison, final double measured, final String unit, final String source)
    {
        if (run.verdict() == CheckVerdict.FAIL)
        {
            return new Result(name, description, threshold, comparison, finite(measured), unit, Verdict.MISS, source,
                "the run failed, so its numbers do not stand: " + String.join("; ", run.reasons()));
        }
        if (run.verdict() != CheckVerdict.PASS)
        {
            return new Result(name, description, threshold, comparison, finite(measured), unit, Verdict.INCONCLUSIVE, source,
                "the run's checks did not decide: " + String.join("; ", run.reasons()));
        }
        return compare(name, description, threshold, comparison, measured, unit, source, "");
    }

    private static Result compare(
        final String name, final String description, final double threshold, final String comparison,
        final double measured, final String unit, final String source, final String note)
    {
        if (Double.isNaN(measured) || Double.isInfinite(measured))
        {
            return new Result(name, description, threshold, comparison, null, unit, Verdict.INCONCLUSIVE, source,
                (note.isEmpty() ? "" : note + "; ") + "not measured");
        }
        final boolean within = "<=".equals(comparison) ? measured <= threshold : measured >= threshold;
        return new Result(name, description, threshold, comparison, measured, unit, within ? Verdict.PASS : Verdict.MISS,
            source, note);
    }

    /** A correctness target: the check's own verdict (1 = passed), whatever the schedule. */
    private static Result check(final String name, final String description, final CheckResult result, final String source)
    {
        final Verdict verdict = switch (result.verdict())
        {
            case PASS -> Verdict.PASS;
            case FAIL -> Verdict.MISS;
            default -> Verdict.INCONCLUSIVE;
        };
        final Double measured = verdict == Verdict.INCONCLUSIVE ? null : verdict == Verdict.PASS ? 1.0 : 0.0;
        return new Result(name, description, 1, ">=", measured, "verdict", verdict, source, result.toString());
    }

    private static Result lostWrites(final RecordedRun run, final String source)
    {
        final String name = "load.failover.lostAckedWrites";
        final String description = "under faults: no acknowledged write is lost";
        final String src = source + ": verdicts.lostAckedWrites";
        if (null == run.lostAckedWrites())
        {
            return new Result(name, description, 0, "<=", null, "writes", Verdict.INCONCLUSIVE, src,
                "the read-back did not decide: " + run.readBack());
        }
        return compare(name, description, 0, "<=", run.lostAckedWrites(), "writes", src, "");
    }

    private static Result recovered(final RecordedRun run, final String source)
    {
        final String name = "load.failover.recovered";
        final String description = "every fault's unavailability window ended (an OK answer to a request sent after it)";
        final List<String> windows = new ArrayList<>();
        int recovered = 0;
        for (final RecordedRun.Failover f : run.failovers())
        {
            recovered += f.recovered() ? 1 : 0;
            windows.add(f.fault() + ": " + (f.recovered() ? String.format(Locale.ROOT, "%.0f ms", f.unavailableMs()) :
                "not recovered before the end"));
        }
        if (run.failovers().isEmpty())
        {
            return new Result(name, description, 1, ">=", null, "faults", Verdict.INCONCLUSIVE, source + ": failover",
                "no unavailability window recorded");
        }
        return compare(name, description, run.failovers().size(), ">=", recovered, "faults", source + ": failover[].recovered",
            "unavailable " + String.join(", ", windows));
    }

    /**
     * Leader kill: the longest unavailability window against the election timeout's upper bound
     * plus three round trips (issue 13's bound: a follower times out, one vote round, one round to
     * commit the client's retried request). The bound comes from the run's own
     * {@code electionTimeoutMaxNs} as the implementation recorded it; the round trip is taken as the
     * run's corrected p50, an upper estimate (a replicated request takes at least one round trip).
     */
    private static Result unavailability(final RecordedRun run, final String source)
    {
        final String name = "load.failover.unavailability";
        final String description = "leader kill: unavailable at most the election timeout's upper bound + 3 round trips";
        final String src = source + ": failover[].unavailableMs";
        final String recorded = run.settings().get("electionTimeoutMaxNs");
        final double electionMaxMs = null == recorded ? Double.NaN : parse(recorded) / 1e6;
        final double rttMs = run.p50Ns() / 1e6;
        if (Double.isNaN(electionMaxMs) || Double.isNaN(rttMs))
        {
            return new Result(name, description, Double.NaN, "<=", null, "ms", Verdict.INCONCLUSIVE, src,
                null == recorded ? "the implementation did not record electionTimeoutMaxNs" : "no p50 to estimate a round trip");
        }
        final double bound = electionMaxMs + 3 * rttMs;
        double worst = 0;
        final List<String> windows = new ArrayList<>();
        for (final RecordedRun.Failover f : run.failovers())
        {
            if (KILL_LEADER.equals(f.action()))
            {
                worst = Math.max(worst, f.recovered() ? f.unavailableMs() : Double.POSITIVE_INFINITY);
                windows.add(f.fault() + ": " + (f.recovered() ?
                    String.format(Locale.ROOT, "%.0f ms", f.unavailableMs()) : "not recovered"));
            }
        }
        final String note = String.format(Locale.ROOT, "bound = election timeout max %.0f ms + 3 x %.3f ms (p50 as " +
            "round trip); %s", electionMaxMs, rttMs, String.join(", ", windows));
        if (Double.isInfinite(worst))
        {
            return new Result(name, description, bound, "<=", null, "ms", Verdict.MISS, src, note);
        }
        return compare(name, description, bound, "<=", worst, "ms", src, note);
    }

    private static double parse(final String number)
    {
        try
        {
            return Double.parseDouble(number);
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }

    /** The sweep's highest rate within the SLO against the target (see the class comment for the bounds). */
    private static Result maxRate(final RecordedRun sweep, final String source)
    {
        final String name = "load.inprocess.sweep.maxRate";
        final String description = "tuned in-process cluster: highest offered rate with corrected p99 <= 1 ms, on " +
            "schedule, checks passed";
        final double threshold = 500_000;
        final Decision decision = rateAtLeast(sweep, threshold);
        return new Result(name, description, threshold, ">=", sweep.maxSustainableRate(), "req/s", decision.verdict,
            source + ": maxSustainableRate", decision.note);
    }

    /** How a sweep's best rate compares with a threshold, or why that is not decided. */
    private record Decision(Verdict verdict, String note)
    {
    }

    private static Decision rateAtLeast(final RecordedRun sweep, final double threshold)
    {
        if (sweep.verdict() == CheckVerdict.FAIL)
        {
            return new Decision(Verdict.MISS, "a rate failed its checks: " + String.join("; ", sweep.reasons()));
        }
        final Double best = sweep.maxSustainableRate();
        if (null != best && best >= threshold)
        {
            return new Decision(Verdict.PASS, rateNote(sweep));
        }
        final List<RecordedRun.Point> above = sweep.points().stream().filter(p -> p.offeredRate() >= threshold).toList();
        if (above.stream().anyMatch(p -> p.checks() == CheckVerdict.INCONCLUSIVE))
        {
            return new Decision(Verdict.INCONCLUSIVE, "a rate at or above the threshold had checks that did not decide");
        }
        if (above.isEmpty())
        {
            final RecordedRun.Point last = sweep.points().isEmpty() ? null : sweep.points().get(sweep.points().size() - 1);
            if (null != last && !last.onSchedule())
            {
                return new Decision(Verdict.MISS, String.format(Locale.ROOT,
                    "fell behind its schedule at %.0f/s, below the threshold", last.offeredRate()));
            }
            return new Decision(Verdict.INCONCLUSIVE, null == last ? "no rate was run" : String.format(Locale.ROOT,
                "the sweep's highest rate, %.0f/s, is below the threshold: not measured there", last.offeredRate()));
        }
        return new Decision(Verdict.MISS, rateNote(sweep));
    }

    private static String rateNote(final RecordedRun sweep)
    {
        final StringBuilder sb = new StringBuilder("rates within the SLO: ");
        boolean any = false;
        for (final RecordedRun.Point p : sweep.points())
        {
            if (p.meetsSlo())
            {
                sb.append(any ? ", " : "").append(String.format(Locale.ROOT, "%.0f", p.offeredRate()));
                any = true;
            }
        }
        return any ? sb.toString() : "no rate met the SLO";
    }

    /** Tuned over baseline highest rate within the SLO; a baseline that met it at no rate gives a lower bound. */
    private static Result speedup(final RecordedRun tuned, final RecordedRun baseline, final String source)
    {
        final String name = "load.inprocess.sweep.speedup";
        final String description = "tuned over baseline: highest offered rate with corrected p99 <= 1 ms, in-process";
        final double threshold = 10;
        if (null == baseline)
        {
            return new Result(name, description, threshold, ">=", null, "x", Verdict.INCONCLUSIVE, source,
                "needs the baseline's sweep of the same scenario: scripts/targets <this dir> --baseline <baseline sweep dir>");
        }
        final String pair = source + " vs " + baseline.file().getParent().getFileName() + "/" + baseline.file().getFileName() +
            ": maxSustainableRate";
        if (tuned.verdict() == CheckVerdict.FAIL || baseline.verdict() == CheckVerdict.FAIL)
        {
            return new Result(name, description, threshold, ">=", null, "x", Verdict.MISS, pair,
                "a rate failed its checks: " + String.join("; ", tuned.verdict() == CheckVerdict.FAIL ? tuned.reasons() : baseline.reasons()));
        }
        final Double tunedBest = tuned.maxSustainableRate();
        if (null == tunedBest)
        {
            final boolean undecided = tuned.points().stream().anyMatch(p -> p.checks() == CheckVerdict.INCONCLUSIVE);
            return new Result(name, description, threshold, ">=", null, "x", undecided ? Verdict.INCONCLUSIVE : Verdict.MISS,
                pair, "the tuned sweep met the SLO at no rate" + (undecided ? " whose checks decided" : ""));
        }
        final Double baselineBest = baseline.maxSustainableRate();
        if (null != baselineBest)
        {
            return compare(name, description, threshold, ">=", tunedBest / baselineBest, "x", pair, String.format(Locale.ROOT,
                "%.0f/s over %.0f/s", tunedBest, baselineBest));
        }
        final RecordedRun.Point lowest = baseline.points().isEmpty() ? null : baseline.points().get(0);
        if (null == lowest || lowest.checks() == CheckVerdict.INCONCLUSIVE)
        {
            return new Result(name, description, threshold, ">=", null, "x", Verdict.INCONCLUSIVE, pair,
                "the baseline sweep met the SLO at no rate and its lowest rate did not decide its checks");
        }
        // the baseline missed the SLO even at its lowest rate, so its highest rate within it is below that
        final double lowerBound = tunedBest / lowest.offeredRate();
        final String note = String.format(Locale.ROOT, "lower bound: %.0f/s over the baseline's lowest rate %.0f/s, at " +
            "which it already missed the SLO", tunedBest, lowest.offeredRate());
        if (lowerBound >= threshold)
        {
            return new Result(name, description, threshold, ">=", lowerBound, "x", Verdict.PASS, pair, note);
        }
        return new Result(name, description, threshold, ">=", lowerBound, "x", Verdict.INCONCLUSIVE, pair,
            note + "; start the baseline sweep lower to decide");
    }

    private static Double finite(final double value)
    {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }
}
