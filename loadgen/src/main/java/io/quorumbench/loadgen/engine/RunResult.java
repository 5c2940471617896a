package io.quorumbench.loadgen.engine;

import io.quorumbench.api.results.CheckResult;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.loadgen.fault.FaultEvent;
import io.quorumbench.loadgen.workload.Verification;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What one run measured and concluded. The on-schedule verdict is computed here, once, from the
 * senders' tallies and the per-second samples; the field names of {@link #toMap()} are the
 * summary format documented in {@code loadgen/SUMMARY-FORMAT.md}.
 *
 * @param config              the run's settings.
 * @param measuredSeconds     length of the measured window, seconds.
 * @param scheduled           requests the schedule held for the measured window.
 * @param sent                of those, sent.
 * @param ok                  of those, answered OK.
 * @param errors              of those, answered with an error.
 * @param timeouts            of those, unanswered within the timeout.
 * @param unknownOutcomes     errors whose outcome is unknown (whole run).
 * @param lateCompletions     answers after a timeout (whole run).
 * @param backPressured       sends refused by the target and retried (whole run).
 * @param clampedValues       latencies above the histogram range (whole run).
 * @param notSent             scheduled requests never sent because the run ended first.
 * @param maxLagNs            largest lag behind the schedule of any sender, nanoseconds.
 * @param senderAllocatedBytesPerRequest bytes the sender threads allocated per request sent while
 *                            sending (the hot path; should be ~0), or -1 if unknown.
 * @param senderRunQueueWaitNs time the sender threads spent runnable but not running (waiting on
 *                            the run queue) from the measurement's start to their end, summed, or
 *                            -1 if unknown: what the machine took from a busy-polling sender.
 * @param onSchedule          whether the run kept to its schedule.
 * @param onScheduleReasons   why not, one sentence each; empty when on schedule.
 * @param corrected           latency from intended send time, nanoseconds (summed from the log).
 * @param raw                 latency from actual send time, nanoseconds (summed from the log).
 * @param seconds             per-second samples.
 * @param verification        the workload's verdicts, never null: NOT_APPLICABLE when the target applies
 *                            no commands, INCONCLUSIVE when the run was stopped before they were made.
 * @param aborted             whether the run was stopped early (Ctrl-C, interrupt).
 * @param faults              faults injected during the run, in order.
 * @param failovers           the unavailability window after each fault, in fault order.
 */
public record RunResult(
    RunConfig config,
    double measuredSeconds,
    long scheduled,
    long sent,
    long ok,
    long errors,
    long timeouts,
    long unknownOutcomes,
    long lateCompletions,
    long backPressured,
    long clampedValues,
    long notSent,
    long maxLagNs,
    double senderAllocatedBytesPerRequest,
    long senderRunQueueWaitNs,
    boolean onSchedule,
    List<String> onScheduleReasons,
    Histogram corrected,
    Histogram raw,
    List<Second> seconds,
    Verification verification,
    boolean aborted,
    List<FaultEvent> faults,
    List<Failover> failovers)
{
    private String eventsIn(final int second)
    {
        final StringBuilder event = new StringBuilder();
        for (final FaultEvent fault : faults)
        {
            if ((int)(fault.atNs() / 1_000_000_000L) + 1 == second)
            {
                event.append(event.length() == 0 ? "" : "; ").append(fault.action())
                    .append(fault.nodeId() >= 0 ? " node " + fault.nodeId() : "");
            }
        }
        return event.toString();
    }

    private static final String ABORTED_REASON = "the run was stopped before its end";

    /** The backlog counts as growing if it rose over the last this many one-second samples... */
    public static final int LAG_TREND_SAMPLES = 3;
    /** ...and ended above this, nanoseconds. */
    public static final long LAG_TREND_FLOOR_NS = 10_000_000L;

    /**
     * One second of the run as the monitor saw it.
     *
     * @param second      1-based second since the start.
     * @param warmup      whether the second lies in the warm-up.
     * @param ok          OK answers received in the second.
     * @param errors      error answers received in the second.
     * @param timeouts    timeouts declared in the second.
     * @param lagNs       largest sender lag at the end of the second, nanoseconds.
     * @param p99Ns       99th percentile of corrected latency recorded in the second, nanoseconds.
     */
    public record Second(int second, boolean warmup, long ok, long errors, long timeouts, long lagNs, long p99Ns)
    {
    }

    /**
     * What a fault cost: the time from the fault until the first OK answer to a request sent at
     * or after it (for a leader kill: the first commit acknowledged by the new leader).
     *
     * @param fault           the fault.
     * @param leaderBefore    who led just before it, -1 if unknown.
     * @param leaderAfter     who led when that first OK answer was seen (at the end of the run if
     *                        none came), -1 if unknown.
     * @param unavailableNs   the window, nanoseconds, at most the monitor's 10 ms polling late in
     *                        noticing does not matter (times are the senders' own stamps); -1 if no
     *                        request sent after the fault was answered OK before the run ended.
     */
    public record Failover(FaultEvent fault, int leaderBefore, int leaderAfter, long unavailableNs)
    {
    }

    static RunResult of(
        final RunConfig config,
        final Sender.Tally[] tallies,
        final List<Second> seconds,
        final Histogram corrected,
        final Histogram raw,
        final Verification verification,
        final boolean aborted,
        final List<FaultEvent> faults,
        final List<Failover> failovers,
        final long senderRunQueueWaitNs)
    {
        long scheduled = 0;
        long sent = 0;
        long ok = 0;
        long errors = 0;
        long timeouts = 0;
        long unknown = 0;
        long late = 0;
        long backPressured = 0;
        long clamped = 0;
        long notSent = 0;
        long maxLagNs = 0;
        long sentTotal = 0;
        long allocated = 0;
        boolean allocationKnown = true;
        for (final Sender.Tally tally : tallies)
        {
            sentTotal += tally.sentTotal();
            allocated += tally.allocatedBytes();
            allocationKnown &= tally.allocatedBytes() >= 0;
            scheduled += tally.scheduled();
            sent += tally.sent();
            ok += tally.ok();
            errors += tally.errors();
            timeouts += tally.timeouts();
            unknown += tally.unknownOutcomes();
            late += tally.lateCompletions();
            backPressured += tally.backPressured();
            clamped += tally.clampedValues();
            notSent += tally.notSent();
            maxLagNs = Math.max(maxLagNs, tally.maxLagNs());
        }

        final List<String> reasons = new ArrayList<>();
        final double floor = RunConfig.ON_SCHEDULE_FRACTION * scheduled;
        if (scheduled == 0)
        {
            reasons.add("no request was scheduled in the measured window");
        }
        if (sent < floor)
        {
            reasons.add(String.format(Locale.ROOT, "sent %d of %d scheduled requests (%.2f%% < %.0f%%)",
                sent, scheduled, 100.0 * sent / Math.max(1, scheduled), 100 * RunConfig.ON_SCHEDULE_FRACTION));
        }
        if (ok < floor)
        {
            reasons.add(String.format(Locale.ROOT, "achieved %d OK answers for %d scheduled requests (%.2f%% < %.0f%%)",
                ok, scheduled, 100.0 * ok / Math.max(1, scheduled), 100 * RunConfig.ON_SCHEDULE_FRACTION));
        }
        if (lagGrowing(seconds))
        {
            reasons.add("sender lag behind the schedule was still growing at the end of the run");
        }
        if (aborted)
        {
            reasons.add(ABORTED_REASON);
        }
        return new RunResult(
            config, config.measuredNs() / 1e9, scheduled, sent, ok, errors, timeouts, unknown, late, backPressured,
            clamped, notSent, maxLagNs, allocationKnown ? allocated / (double)Math.max(1, sentTotal) : -1,
            senderRunQueueWaitNs, reasons.isEmpty(), List.copyOf(reasons), corrected, raw, List.copyOf(seconds),
            Objects.requireNonNull(verification, "verification"), aborted, faults, failovers);
    }

    /**
     * Whether the last {@link #LAG_TREND_SAMPLES} measured lag samples strictly rise and end above
     * {@link #LAG_TREND_FLOOR_NS}: the backlog grows, the target (or the generator) cannot keep up.
     *
     * @param seconds per-second samples in order.
     * @return true if the lag keeps growing.
     */
    static boolean lagGrowing(final List<Second> seconds)
    {
        final List<Second> measured = new ArrayList<>();
        for (final Second second : seconds)
        {
            if (!second.warmup())
            {
                measured.add(second);
            }
        }
        if (measured.size() < LAG_TREND_SAMPLES)
        {
            return false;
        }
        final List<Second> tail = measured.subList(measured.size() - LAG_TREND_SAMPLES, measured.size());
        for (int i = 1; i < tail.size(); i++)
        {
            if (tail.get(i).lagNs() <= tail.get(i - 1).lagNs())
            {
                return false;
            }
        }
        return tail.get(tail.size() - 1).lagNs() > LAG_TREND_FLOOR_NS;
    }

    /**
     * Rate of OK answers to requests scheduled in the measured window.
     *
     * @return requests per second.
     */
    public double achievedRate()
    {
        return ok / measuredSeconds;
    }

    /**
     * The run's verdict: FAIL if it fell behind its schedule, was stopped, or a check failed;
     * otherwise INCONCLUSIVE if a check that applies did not decide; otherwise PASS. Checks that
     * were skipped by an explicit option or cannot apply (no-op target) do not decide it, so a
     * generator self-test on schedule passes.
     *
     * @return PASS, FAIL or INCONCLUSIVE.
     */
    public CheckVerdict verdict()
    {
        final CheckVerdict run = onSchedule && !aborted ? CheckVerdict.PASS : CheckVerdict.FAIL;
        return run.and(verification.verdict());
    }

    /**
     * Why the run did not pass, one sentence each (empty when it passed): schedule reasons, then
     * each check that failed or did not decide.
     *
     * @return the reasons.
     */
    public List<String> verdictReasons()
    {
        final List<String> reasons = new ArrayList<>(onScheduleReasons);
        if (aborted && !reasons.contains(ABORTED_REASON))
        {
            reasons.add(ABORTED_REASON);
        }
        addIfUndecidedOrFailed(reasons, "history check", verification.history());
        addIfUndecidedOrFailed(reasons, "read-back", verification.readBack());
        return List.copyOf(reasons);
    }

    private static void addIfUndecidedOrFailed(final List<String> reasons, final String check, final CheckResult result)
    {
        if (result.verdict() == CheckVerdict.FAIL || result.verdict() == CheckVerdict.INCONCLUSIVE)
        {
            reasons.add(check + " " + result);
        }
    }

    /**
     * Whether the run's numbers stand: its verdict is PASS (on schedule, not stopped, and every
     * check that applies decided and held). An undecided check is not a pass.
     *
     * @return true if {@link #verdict()} is PASS.
     */
    public boolean passed()
    {
        return verdict() == CheckVerdict.PASS;
    }

    /**
     * Percentiles of a latency histogram, nanoseconds.
     *
     * @param histogram the histogram.
     * @return {@code count, mean, p50, p90, p99, p99_9, p99_99, max}.
     */
    public static Map<String, Object> percentiles(final Histogram histogram)
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", histogram.getTotalCount());
        map.put("mean", Math.round(histogram.getMean()));
        map.put("p50", histogram.getValueAtPercentile(50.0));
        map.put("p90", histogram.getValueAtPercentile(90.0));
        map.put("p99", histogram.getValueAtPercentile(99.0));
        map.put("p99_9", histogram.getValueAtPercentile(99.9));
        map.put("p99_99", histogram.getValueAtPercentile(99.99));
        map.put("max", histogram.getMaxValue());
        return map;
    }

    /**
     * Percentiles keyed by percentile number, as {@code scripts/compare} reads them
     * ({@code "50"}, {@code "90"}, {@code "99"}, {@code "99.9"}, {@code "99.99"}, {@code "100"} = max).
     *
     * @param histogram the histogram, nanoseconds.
     * @return percentile to value, nanoseconds.
     */
    public static Map<String, Object> percentilesByNumber(final Histogram histogram)
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("50", histogram.getValueAtPercentile(50.0));
        map.put("90", histogram.getValueAtPercentile(90.0));
        map.put("99", histogram.getValueAtPercentile(99.0));
        map.put("99.9", histogram.getValueAtPercentile(99.9));
        map.put("99.99", histogram.getValueAtPercentile(99.99));
        map.put("100", histogram.getMaxValue());
        return map;
    }

    /** True for PASS, false for FAIL, null for a check that did not decide or was not made. */
    private static Boolean decided(final CheckResult result)
    {
        return switch (result.verdict())
        {
            case PASS -> Boolean.TRUE;
            case FAIL -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * The result part of {@code summary.json} (everything but the context).
     *
     * @return an ordered map of JSON-ready values.
     */
    public Map<String, Object> toMap()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("passed", passed());
        map.put("verdict", verdict().name());
        map.put("verdictReasons", verdictReasons());
        map.put("offeredRate", config.rate());
        map.put("achievedRate", achievedRate());
        map.put("sentRate", sent / measuredSeconds);
        map.put("measuredSeconds", measuredSeconds);
        final Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("scheduled", scheduled);
        counts.put("sent", sent);
        counts.put("ok", ok);
        counts.put("errors", errors);
        counts.put("timeouts", timeouts);
        counts.put("unknownOutcomes", unknownOutcomes);
        counts.put("lateCompletions", lateCompletions);
        counts.put("backPressured", backPressured);
        counts.put("clampedValues", clampedValues);
        counts.put("notSent", notSent);
        map.put("requests", counts);
        map.put("errors", errors);
        map.put("timeouts", timeouts);
        final Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("unit", "ns");
        latency.put("corrected", percentiles(corrected));
        latency.put("raw", percentiles(raw));
        map.put("latencyNs", latency);
        final Map<String, Object> verdicts = new LinkedHashMap<>();
        verdicts.put("onSchedule", onSchedule);
        // the boolean of summaryVersion 1, kept for its readers: true and false only when the check decided
        verdicts.put("linearizable", decided(verification.history()));
        verdicts.put("lostAckedWrites", verification.lostAckedWrites());
        verdicts.put("history", verification.history().verdict().name());
        verdicts.put("historyReason", verification.history().reason());
        verdicts.put("readBack", verification.readBack().verdict().name());
        verdicts.put("readBackReason", verification.readBack().reason());
        verdicts.put("aborted", aborted);
        map.put("verdicts", verdicts);
        map.put("onScheduleReasons", onScheduleReasons);
        map.put("maxLagNs", maxLagNs);
        map.put("senderAllocatedBytesPerRequest", senderAllocatedBytesPerRequest);
        map.put("senderRunQueueWaitNs", senderRunQueueWaitNs < 0 ? null : senderRunQueueWaitNs);
        map.put("verification", verification.details());
        final List<Map<String, Object>> perSecond = new ArrayList<>();
        for (final Second second : seconds)
        {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("second", second.second());
            row.put("warmup", second.warmup());
            row.put("ok", second.ok());
            row.put("errors", second.errors());
            row.put("timeouts", second.timeouts());
            row.put("lagNs", second.lagNs());
            row.put("p99Ns", second.p99Ns());
            row.put("event", eventsIn(second.second()));
            perSecond.add(row);
        }
        map.put("seconds", perSecond);
        final List<Map<String, Object>> faultList = new ArrayList<>();
        for (final FaultEvent fault : faults)
        {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("atNs", fault.atNs());
            row.put("second", (int)(fault.atNs() / 1_000_000_000L) + 1);
            row.put("action", fault.action());
            row.put("nodeId", fault.nodeId());
            row.put("note", fault.note());
            faultList.add(row);
        }
        map.put("faults", faultList);
        if (!faults.isEmpty())
        {
            // the per-second failover timeline, with fault markers (the report draws it)
            final List<Map<String, Object>> timeline = new ArrayList<>();
            for (final Second second : seconds)
            {
                final Map<String, Object> row = new LinkedHashMap<>();
                row.put("second", second.second());
                row.put("throughput", second.ok());
                row.put("errors", second.errors());
                row.put("timeouts", second.timeouts());
                row.put("p99", second.p99Ns());
                row.put("event", eventsIn(second.second()));
                timeline.add(row);
            }
            map.put("timeline", timeline);
            final List<Map<String, Object>> failover = new ArrayList<>();
            for (final Failover f : failovers)
            {
                final Map<String, Object> row = new LinkedHashMap<>();
                row.put("fault", f.fault().action() + (f.fault().nodeId() >= 0 ? " node " + f.fault().nodeId() : ""));
                row.put("action", f.fault().action());
                row.put("nodeId", f.fault().nodeId());
                row.put("atNs", f.fault().atNs());
                row.put("atSec", Math.round(f.fault().atNs() / 1e6) / 1e3);
                // what scripts/compare's reader takes a fault marker from: 1-based second and a label
                row.put("second", (int)(f.fault().atNs() / 1_000_000_000L) + 1);
                row.put("event", row.get("fault"));
                row.put("unavailableNs", f.unavailableNs() < 0 ? null : f.unavailableNs());
                row.put("unavailableMs", f.unavailableNs() < 0 ? null : Math.round(f.unavailableNs() / 1e3) / 1e3);
                row.put("recovered", f.unavailableNs() >= 0);
                row.put("leaderBefore", f.leaderBefore());
                row.put("newLeader", f.leaderAfter());
                row.put("note", f.fault().note());
                failover.add(row);
            }
            map.put("failover", failover);
        }
        // the fields scripts/compare reads (io.quorumbench.analysis.compare.LoadgenSummary)
        map.put("unit", "ns");
        map.put("behindSchedule", !onSchedule);
        final Map<String, Object> byNumber = new LinkedHashMap<>();
        byNumber.put("corrected", percentilesByNumber(corrected));
        byNumber.put("raw", percentilesByNumber(raw));
        map.put("percentiles", byNumber);
        return map;
    }
}
