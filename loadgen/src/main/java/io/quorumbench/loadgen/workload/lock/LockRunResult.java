package io.quorumbench.loadgen.workload.lock;

import io.quorumbench.analysis.report.LoadTargets;
import io.quorumbench.api.results.CheckResult;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.loadgen.engine.IntervalLog;
import io.quorumbench.loadgen.engine.SummaryWriter;
import io.quorumbench.loadgen.fault.FaultEvent;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a lock workload run measured and how it was judged; written as {@code lock-summary.json},
 * {@code acquire-corrected.hgrm}, {@code handoff.hgrm}, {@code commit.hgrm} and {@code targets.json}.
 *
 * @param config        the settings.
 * @param history       the checkers' verdict over what the log decided ({@link LockEventLog}).
 * @param pausedHolder  the paused holder's verdict, NOT_APPLICABLE when not asked for.
 * @param historyDetail what the checkers judged.
 * @param acquire       acquire latency, corrected (from when the attempt was due), ns.
 * @param handOff       release sent to the next (queued) holder told, ns.
 * @param commit        KeepAlive round trip (one log entry, trivial apply): the run's commit latency, ns.
 * @param counts        the run's counters, by {@link LockLoadRun.Count} ordinal.
 * @param faults        the faults injected.
 * @param targetName    the target's name.
 * @param targetContext the target's facts.
 */
public record LockRunResult(
    LockLoadConfig config,
    CheckResult history,
    CheckResult pausedHolder,
    Map<String, Object> historyDetail,
    Histogram acquire,
    Histogram handOff,
    Histogram commit,
    long[] counts,
    List<FaultEvent> faults,
    String targetName,
    Map<String, Object> targetContext)
{
    /**
     * The run's summary file: not {@code summary.json}, whose readers (compare, report, targets)
     * expect a KV run's layout.
     */
    public static final String SUMMARY_FILE = "lock-summary.json";
    /** Fewest measured samples a latency target is judged on; fewer is INCONCLUSIVE. */
    public static final long MIN_SAMPLES = 20;
    /** Uncontended acquire p50 at most this many times the commit p50 (issue 14). */
    public static final double ACQUIRE_RATIO_MAX = 1.2;
    /** Hand-off p50 at most this many times the commit p50 (issue 14). */
    public static final double HANDOFF_RATIO_MAX = 2.0;

    /**
     * The run's verdict: FAIL if a check failed, else INCONCLUSIVE if one did not decide (or nothing
     * was granted), else PASS.
     *
     * @return the verdict.
     */
    public CheckVerdict verdict()
    {
        final CheckVerdict checks = history.verdict().and(pausedHolder.verdict());
        if (CheckVerdict.FAIL == checks)
        {
            return CheckVerdict.FAIL;
        }
        if (0 == count(LockLoadRun.Count.GRANTS))
        {
            return CheckVerdict.INCONCLUSIVE;
        }
        return checks.decides() ? checks : CheckVerdict.INCONCLUSIVE;
    }

    /**
     * @param count a counter.
     * @return its value.
     */
    public long count(final LockLoadRun.Count count)
    {
        return counts[count.ordinal()];
    }

    private double perSecond(final LockLoadRun.Count count)
    {
        return count(count) * 1e9 / config.durationNs();
    }

    private static Map<String, Object> check(final CheckResult result)
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("verdict", result.verdict().name());
        map.put("reason", result.reason());
        return map;
    }

    private static Map<String, Object> percentiles(final Histogram histogram)
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", histogram.getTotalCount());
        if (histogram.getTotalCount() > 0)
        {
            map.put("p50Us", histogram.getValueAtPercentile(50) / 1e3);
            map.put("p90Us", histogram.getValueAtPercentile(90) / 1e3);
            map.put("p99Us", histogram.getValueAtPercentile(99) / 1e3);
            map.put("p999Us", histogram.getValueAtPercentile(99.9) / 1e3);
            map.put("maxUs", histogram.getMaxValue() / 1e3);
        }
        return map;
    }

    /**
     * The summary's content.
     *
     * @return an ordered map for a JSON writer.
     */
    public Map<String, Object> toMap()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("workload", "lock");
        map.put("impl", targetName);
        map.put("verdict", verdict().name());
        map.put("settings", config.toMap());
        map.put("target", targetContext);
        final Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("acquireCorrected", percentiles(acquire));
        latency.put("handOff", percentiles(handOff));
        latency.put("commitKeepAlive", percentiles(commit));
        map.put("latency", latency);
        final Map<String, Object> rates = new LinkedHashMap<>();
        rates.put("grantsPerSecond", perSecond(LockLoadRun.Count.GRANTS));
        rates.put("keepAlivesPerSecond", perSecond(LockLoadRun.Count.KEEP_ALIVES));
        map.put("rates", rates);
        final Map<String, Object> counters = new LinkedHashMap<>();
        for (final LockLoadRun.Count count : LockLoadRun.Count.values())
        {
            counters.put(count.name().toLowerCase(Locale.ROOT), count(count));
        }
        map.put("counts", counters);
        final Map<String, Object> verdicts = new LinkedHashMap<>();
        verdicts.put("history", check(history));
        verdicts.put("pausedHolder", check(pausedHolder));
        map.put("verdicts", verdicts);
        map.put("verification", historyDetail);
        final List<Map<String, Object>> faultList = new ArrayList<>();
        for (final FaultEvent fault : faults)
        {
            faultList.add(Map.of("atNs", fault.atNs(), "action", fault.action(), "node", fault.nodeId(), "note", fault.note()));
        }
        map.put("faults", faultList);
        return map;
    }

    /**
     * The targets of issue 14 that apply to this run's mode, judged on its own commit latency.
     *
     * @return uncontended: the acquire target; contended: the hand-off target.
     */
    public List<LoadTargets.Result> targets()
    {
        final boolean uncontended = LockLoadConfig.LockMode.UNCONTENDED == config.mode();
        final Histogram measured = uncontended ? acquire : handOff;
        final String name = uncontended ? "lock.uncontended.acquire.p50" : "lock.contended.handoff.p50";
        final String description = uncontended ?
            "uncontended replicated acquire p50 (corrected) over the log's commit p50 in the same run" :
            "hand-off p50 (release sent to next holder told) over the log's commit p50 in the same run";
        final double threshold = uncontended ? ACQUIRE_RATIO_MAX : HANDOFF_RATIO_MAX;
        final String source = SUMMARY_FILE + " latency." + (uncontended ? "acquireCorrected" : "handOff") +
            ".p50Us / latency.commitKeepAlive.p50Us";
        final CheckVerdict run = verdict();
        final LoadTargets.Verdict verdict;
        Double ratio = null;
        String note = "commit latency: the KeepAlive round trip (one log entry, trivial apply, same client)";
        if (measured.getTotalCount() < MIN_SAMPLES || commit.getTotalCount() < MIN_SAMPLES)
        {
            verdict = LoadTargets.Verdict.INCONCLUSIVE;
            note = "too few samples (" + measured.getTotalCount() + " and " + commit.getTotalCount() + " commits, need " +
                MIN_SAMPLES + ")";
        }
        else
        {
            ratio = (double)measured.getValueAtPercentile(50) / commit.getValueAtPercentile(50);
            if (CheckVerdict.FAIL == run)
            {
                verdict = LoadTargets.Verdict.MISS;
                note = "the run failed: its numbers do not stand";
            }
            else if (CheckVerdict.PASS != run)
            {
                verdict = LoadTargets.Verdict.INCONCLUSIVE;
                note = "the run's checks did not decide";
            }
            else
            {
                verdict = ratio <= threshold ? LoadTargets.Verdict.PASS : LoadTargets.Verdict.MISS;
            }
        }
        return List.of(new LoadTargets.Result(name, description, threshold, "<=", ratio, "x", verdict, source, note));
    }

    /**
     * Write the summary, the histograms and the targets.
     *
     * @param outDir   the run's directory (created by the caller).
     * @param settings the run's context, recorded under {@code context}.
     */
    public void write(final Path outDir, final Map<String, Object> settings)
    {
        final Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("summaryVersion", SummaryWriter.SUMMARY_VERSION);
        summary.put("context", settings);
        summary.putAll(toMap());
        SummaryWriter.write(summary, outDir.resolve(SUMMARY_FILE));
        IntervalLog.writeHgrm(acquire, outDir.resolve("acquire-corrected.hgrm"));
        IntervalLog.writeHgrm(handOff, outDir.resolve("handoff.hgrm"));
        IntervalLog.writeHgrm(commit, outDir.resolve("commit.hgrm"));
        LoadTargets.write(targets(), outDir.resolve("targets.json"));
    }

    /**
     * The console lines.
     *
     * @param out where to print.
     */
    public void print(final PrintStream out)
    {
        out.println(String.format(Locale.ROOT, "lock      grants %,.0f/s, keep-alives %,.0f/s, acquire polls %d, wait " +
            "timeouts %d, sessions lost %d, unknown outcomes %d", perSecond(LockLoadRun.Count.GRANTS),
            perSecond(LockLoadRun.Count.KEEP_ALIVES), count(LockLoadRun.Count.ACQUIRE_POLLS),
            count(LockLoadRun.Count.WAIT_TIMEOUTS), count(LockLoadRun.Count.SESSIONS_LOST),
            count(LockLoadRun.Count.UNKNOWN_OUTCOMES)));
        line(out, "acquire", acquire);
        line(out, "hand-off", handOff);
        line(out, "commit", commit);
        out.println("history   " + history.verdict() + ": " + history.reason());
        out.println("paused    " + pausedHolder.verdict() + ": " + pausedHolder.reason());
        for (final LoadTargets.Result target : targets())
        {
            out.println("target    " + target.describe());
        }
        out.println("verdict   " + verdict());
    }

    private static void line(final PrintStream out, final String name, final Histogram histogram)
    {
        if (0 == histogram.getTotalCount())
        {
            out.println(String.format(Locale.ROOT, "%-9s no samples", name));
            return;
        }
        out.println(String.format(Locale.ROOT, "%-9s p50 %,.1f us  p99 %,.1f us  max %,.1f us  (%d)", name,
            histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
            histogram.getMaxValue() / 1e3, histogram.getTotalCount()));
    }
}
