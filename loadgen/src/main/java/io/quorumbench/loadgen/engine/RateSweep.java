package io.quorumbench.loadgen.engine;

import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.api.results.RunContext;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A series of runs at rising offered rates: the throughput–latency curve, and the highest rate
 * that held its schedule, passed its checks and kept the corrected p99 within the SLO (the
 * maximum sustainable rate). A rate whose checks did not decide (INCONCLUSIVE) is not within the
 * SLO: its numbers are not known to stand. The sweep stops after the first rate that falls behind
 * its schedule: past saturation, latency only measures queue growth. Writes {@code sweep.json}.
 *
 * <p>The sweep's own verdict judges correctness, not capacity: FAIL if a rate failed a check or
 * the sweep was stopped, otherwise INCONCLUSIVE if a rate's checks did not decide, otherwise PASS
 * (falling behind at the top is what a sweep looks for, not a failure).
 *
 * <p><b>Threading</b>: runs on the calling thread, one run at a time.
 */
public final class RateSweep
{
    /** Most rates one sweep accepts. */
    public static final int MAX_POINTS = 100;

    /** Runs one point of the sweep. */
    @FunctionalInterface
    public interface PointRunner
    {
        /**
         * Run at one rate.
         *
         * @param config  settings with the point's rate.
         * @param outDir  the point's directory.
         * @param context the point's context.
         * @return its result.
         */
        RunResult run(RunConfig config, Path outDir, RunContext context);
    }

    /**
     * What a sweep found.
     *
     * @param verdict            PASS, FAIL (a rate failed a check, or the sweep was stopped) or
     *                           INCONCLUSIVE (a rate's checks did not decide), see the class comment.
     * @param maxSustainableRate highest offered rate on schedule, passing, within the SLO; null if none.
     * @param points             one map per run, as in {@code sweep.json}.
     */
    public record Outcome(CheckVerdict verdict, Double maxSustainableRate, List<Map<String, Object>> points)
    {
        /**
         * Whether the sweep's verdict is PASS.
         *
         * @return true if no rate failed or left a check undecided.
         */
        public boolean passed()
        {
            return verdict == CheckVerdict.PASS;
        }
    }

    private final List<Double> rates;
    private final long sloP99Ns;
    private final PointRunner runner;
    private final Map<String, Object> compareFields = new LinkedHashMap<>();

    /**
     * Fields written at the top of {@code sweep.json} for {@code scripts/compare}, e.g.
     * {@code scenario} and {@code impl}.
     *
     * @param fields the fields, in order.
     * @return this.
     */
    public RateSweep compareFields(final Map<String, Object> fields)
    {
        compareFields.putAll(fields);
        return this;
    }

    /**
     * A sweep.
     *
     * @param rates    offered rates in increasing order.
     * @param sloP99Ns SLO on the corrected p99, nanoseconds.
     * @param runner   runs one point.
     */
    public RateSweep(final List<Double> rates, final long sloP99Ns, final PointRunner runner)
    {
        if (rates.isEmpty())
        {
            throw new IllegalArgumentException("a sweep needs at least one rate");
        }
        this.rates = List.copyOf(rates);
        this.sloP99Ns = sloP99Ns;
        this.runner = runner;
    }

    /**
     * Parse {@code START:END:STEP} (linear) or {@code START:END:xFACTOR} (geometric).
     *
     * @param spec the sweep specification.
     * @return the rates, increasing, END included if the steps land on it.
     * @throws IllegalArgumentException naming the problem.
     */
    public static List<Double> parseRates(final String spec)
    {
        final String[] parts = spec.split(":");
        if (parts.length != 3)
        {
            throw new IllegalArgumentException("--sweep: expected START:END:STEP or START:END:xFACTOR, got '" + spec + "'");
        }
        final double start;
        final double end;
        try
        {
            start = Double.parseDouble(parts[0]);
            end = Double.parseDouble(parts[1]);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--sweep: START and END must be numbers, got '" + spec + "'");
        }
        if (!(start > 0) || !(end >= start) || Double.isInfinite(end))
        {
            throw new IllegalArgumentException("--sweep: need 0 < START <= END, got '" + spec + "'");
        }
        final boolean geometric = parts[2].startsWith("x");
        final double step;
        try
        {
            step = Double.parseDouble(geometric ? parts[2].substring(1) : parts[2]);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--sweep: STEP must be a number or xFACTOR, got '" + parts[2] + "'");
        }
        if (geometric ? !(step > 1) : !(step > 0))
        {
            throw new IllegalArgumentException("--sweep: " + (geometric ? "FACTOR must be > 1" : "STEP must be > 0"));
        }
        final List<Double> rates = new ArrayList<>();
        double rate = start;
        int i = 0;
        while (rate <= end * (1 + 1e-9))
        {
            rates.add(rate);
            if (rates.size() > MAX_POINTS)
            {
                throw new IllegalArgumentException("--sweep: more than " + MAX_POINTS + " rates in '" + spec + "'");
            }
            i++;
            rate = geometric ? start * Math.pow(step, i) : start + step * i;
        }
        return rates;
    }

    /**
     * Run the sweep and write {@code sweep.json}.
     *
     * @param base    settings; the rate is replaced per point.
     * @param context the sweep's context.
     * @param outDir  directory of {@code sweep.json}; each point writes into {@code rate-<rate>/}.
     * @param out     where the curve is printed.
     * @return what it found.
     */
    public Outcome run(final RunConfig base, final RunContext context, final Path outDir, final PrintStream out)
    {
        final List<Map<String, Object>> points = new ArrayList<>();
        final List<Map<String, Object>> curve = new ArrayList<>();
        Map<String, Object> bestPercentiles = null;
        Map<String, Object> lastPercentiles = null;
        Double best = null;
        CheckVerdict verdict = CheckVerdict.PASS;
        for (final double rate : rates)
        {
            final String name = String.format(Locale.ROOT, "rate-%.0f", rate);
            final RunResult result = runner.run(
                base.withRate(rate), outDir.resolve(name), context.withRunId(context.runId() + "-" + name));
            final long p99 = result.corrected().getValueAtPercentile(99.0);
            // the point's checks: anything but PASS (or a check that cannot apply) keeps it out of the SLO
            final CheckVerdict checks = result.verification().verdict();
            final boolean checksPassed = result.verification().passed();
            final boolean meetsSlo = result.onSchedule() && checksPassed && !result.aborted() && p99 <= sloP99Ns;
            verdict = verdict.and(result.aborted() ? CheckVerdict.FAIL : checks);
            final Map<String, Object> byNumber = new LinkedHashMap<>();
            byNumber.put("corrected", RunResult.percentilesByNumber(result.corrected()));
            byNumber.put("raw", RunResult.percentilesByNumber(result.raw()));
            lastPercentiles = byNumber;
            if (meetsSlo)
            {
                best = rate;
                bestPercentiles = byNumber;
            }
            final Map<String, Object> curvePoint = new LinkedHashMap<>();
            curvePoint.put("offeredRate", rate);
            curvePoint.put("achievedRate", result.achievedRate());
            curvePoint.put("p50", result.corrected().getValueAtPercentile(50.0));
            curvePoint.put("p99", p99);
            curvePoint.put("p999", result.corrected().getValueAtPercentile(99.9));
            curve.add(curvePoint);
            final Map<String, Object> point = new LinkedHashMap<>();
            point.put("offeredRate", rate);
            point.put("achievedRate", result.achievedRate());
            point.put("onSchedule", result.onSchedule());
            point.put("checksPassed", checksPassed);
            point.put("checks", checks.name());
            point.put("verdict", result.verdict().name());
            point.put("meetsSlo", meetsSlo);
            point.put("correctedNs", RunResult.percentiles(result.corrected()));
            point.put("rawNs", RunResult.percentiles(result.raw()));
            point.put("errors", result.errors());
            point.put("timeouts", result.timeouts());
            point.put("dir", name);
            points.add(point);
            out.println(String.format(Locale.ROOT, "sweep: offered %,.0f/s achieved %,.0f/s p99 %s %s%s%s",
                rate, result.achievedRate(), LoadRun.formatNs(p99), result.onSchedule() ? "on schedule" : "BEHIND",
                checksPassed ? "" : " checks " + checks, meetsSlo ? " (meets SLO)" : ""));
            if (!result.onSchedule() || result.aborted())
            {
                break;
            }
        }
        final Map<String, Object> sweep = new LinkedHashMap<>();
        sweep.put("summaryVersion", SummaryWriter.SUMMARY_VERSION);
        sweep.put("context", context.toMap());
        sweep.put("sloP99Ns", sloP99Ns);
        sweep.put("sloRule", "corrected p99 <= sloP99Ns, on schedule, checks passed (an undecided check is not passed)");
        sweep.put("maxSustainableRate", best);
        sweep.put("passed", verdict == CheckVerdict.PASS);
        sweep.put("verdict", verdict.name());
        sweep.put("points", points);
        // the fields scripts/compare reads: scenario and impl come from the caller's extras
        sweep.putAll(compareFields);
        sweep.put("unit", "ns");
        sweep.put("percentilesOf", null != bestPercentiles ? "the maximum sustainable rate" : "the last rate run");
        sweep.put("percentiles", null != bestPercentiles ? bestPercentiles : lastPercentiles);
        sweep.put("sweep", curve);
        SummaryWriter.write(sweep, outDir.resolve("sweep.json"));
        // every run directory records its context (results/README.md), the sweep's own included
        SummaryWriter.write(context.toMap(), outDir.resolve("context.json"));
        out.println("sweep: maximum sustainable rate at p99 <= " + LoadRun.formatNs(sloP99Ns) + ": " +
            (null == best ? "none of the rates" : String.format(Locale.ROOT, "%,.0f/s", best)));
        out.println("sweep: verdict " + verdict + (verdict == CheckVerdict.PASS ? "" :
            verdict == CheckVerdict.FAIL ? " (a rate failed its checks or the sweep was stopped)" :
            " (a rate's checks did not decide; see its summary.json)"));
        return new Outcome(verdict, best, points);
    }
}
