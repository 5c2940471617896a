package io.quorumbench.loadgen.engine;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.fault.FaultInjector;
import io.quorumbench.loadgen.fault.FaultEvent;
import io.quorumbench.loadgen.fault.FaultFirer;
import io.quorumbench.loadgen.fault.FaultSchedule;
import io.quorumbench.loadgen.target.LoadTarget;
import io.quorumbench.loadgen.workload.CheckBudgets;
import io.quorumbench.loadgen.workload.Verification;
import io.quorumbench.loadgen.workload.Workload;
import io.quorumbench.loadgen.workload.WorkloadSession;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One open-loop run against one target: starts the senders, harvests their recorders once a
 * second into the interval log and a progress line, waits for the answers, runs the workload's
 * checks, and derives the result from the log.
 *
 * <p>Every thread it starts is joined before {@link #execute} returns, also when it is interrupted
 * (Ctrl-C: the CLI's shutdown hook calls {@link #abort()}).
 *
 * <p><b>Threading</b>: {@link #execute} on the controlling thread, which also acts as the monitor;
 * {@link #abort()} from any thread.
 */
public final class LoadRun
{
    /** Time between the threads being started and the first request, so they are all running. */
    public static final long START_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Harvest and progress interval, nanoseconds. */
    public static final long INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);

    private final RunConfig config;
    private final LoadTarget target;
    private final Workload workload;
    private final Path outDir;
    private final PrintStream progressOut;
    private volatile boolean aborted;
    private FaultSchedule schedule = FaultSchedule.none();
    private CheckBudgets budgets = CheckBudgets.DEFAULT;
    private int nextFault;
    private long[] waitAtMeasureStartNs;
    private long[] waitLatestNs;
    private FaultFirer firer;
    private final List<FaultEvent> faults = new ArrayList<>();
    private final List<long[]> watches = new ArrayList<>();
    private final List<RunResult.Failover> failovers = new ArrayList<>();
    private volatile Sender[] senders;

    /**
     * A run, not started.
     *
     * @param config      the settings.
     * @param target      the system under test, started; not closed by the run.
     * @param workload    what to send.
     * @param outDir      directory for {@code latency.hlog}, {@code *.hgrm}; created if absent.
     * @param progressOut where progress lines go (when {@link RunConfig#progress()}).
     */
    public LoadRun(
        final RunConfig config,
        final LoadTarget target,
        final Workload workload,
        final Path outDir,
        final PrintStream progressOut)
    {
        this.config = config;
        this.target = target;
        this.workload = workload;
        this.outDir = outDir;
        this.progressOut = progressOut;
    }

    /**
     * Kill the target's leader once, this long after the start (the target must be a
     * {@link FaultInjector}). Same as {@link #faults} with {@code kill-leader} at that time.
     *
     * @param atNs time since the start, nanoseconds, within the run.
     * @return this.
     */
    public LoadRun killLeaderAt(final long atNs)
    {
        return faults(FaultSchedule.parse(atNs + "ns:kill-leader"));
    }

    /**
     * Inject these faults during the run (the target must be a {@link FaultInjector} supporting
     * every action of the schedule).
     *
     * @param faultSchedule the plan; times since the start.
     * @return this.
     * @throws IllegalArgumentException if the target cannot perform it or an entry is outside the run.
     */
    public LoadRun faults(final FaultSchedule faultSchedule)
    {
        if (faultSchedule.isEmpty())
        {
            schedule = faultSchedule;
            return this;
        }
        if (!(target instanceof FaultInjector))
        {
            throw new IllegalArgumentException("target " + target.name() + " cannot inject faults");
        }
        final FaultInjector injector = (FaultInjector)target;
        faultSchedule.validate(config.durationNs(), injector.members());
        for (final FaultSchedule.Entry entry : faultSchedule.entries())
        {
            if (!injector.supportedFaults().contains(entry.action()))
            {
                throw new IllegalArgumentException("bad fault entry '" + entry.text() + "': target " + target.name() +
                    " cannot " + entry.action().spelling() + " (it supports: " + injector.supportedFaults() + ")");
            }
        }
        schedule = faultSchedule;
        return this;
    }

    /**
     * How long the after-run checks may take, each on its own clock (the read of the state before
     * the run gets the read-back's budget).
     *
     * @param checkBudgets the budgets; {@link CheckBudgets#DEFAULT} unless set.
     * @return this.
     */
    public LoadRun checkBudgets(final CheckBudgets checkBudgets)
    {
        budgets = checkBudgets;
        return this;
    }

    /** Stop the run early: senders stop sending and abandon what is in flight. Any thread. */
    public void abort()
    {
        aborted = true;
        final Sender[] current = senders;
        if (null != current)
        {
            for (final Sender sender : current)
            {
                sender.stop();
            }
        }
    }

    /**
     * Run to completion.
     *
     * @return what was measured and checked.
     */
    public RunResult execute()
    {
        try
        {
            Files.createDirectories(outDir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + outDir, ex);
        }

        final int senderCount = config.senders();
        final int slotCapacity = config.slotCapacity();
        final boolean track = target.appliesCommands();
        final ClientSession[] sessions = new ClientSession[senderCount];
        final WorkloadSession[] workloadSessions = new WorkloadSession[senderCount];
        final Sender[] built = new Sender[senderCount];
        final Thread[] threads = new Thread[senderCount];
        final Path hlog = outDir.resolve("latency.hlog");

        if (track)
        {
            // a session of its own: request ids must rise per session, and the senders start at 0
            try (ClientSession prepareSession = target.openSession(senderCount))
            {
                workload.prepare(prepareSession, System.nanoTime() + budgets.readBackNs());
            }
        }
        final long startEpochMs = System.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(START_DELAY_NS);
        final long startNs = System.nanoTime() + START_DELAY_NS;
        final long measureStartNs = startNs + config.warmupNs();
        final long endNs = startNs + config.durationNs();
        final List<RunResult.Second> seconds = new ArrayList<>();
        Verification verification = track ? null : Verification.notApplicable(
            "target " + target.name() + " applies no commands (a generator self-test): there is no state to check");
        boolean interrupted = false;

        try (IntervalLog log = new IntervalLog(hlog, startEpochMs, "quorumbench loadgen target=" + target.name() +
            " workload=" + workload.name() + " rate=" + config.rate() + "/s arrivals=" + config.arrivals()))
        {
            for (int i = 0; i < senderCount; i++)
            {
                sessions[i] = target.openSession(i);
                workloadSessions[i] = workload.newSession(i, slotCapacity, track, config.seed() + 31L * i);
                final ArrivalSchedule schedule = ArrivalSchedule.ramped(
                    ArrivalSchedule.create(config.arrivals(), startNs, config.rate(), i, senderCount, config.seed()),
                    startNs, config.warmupRampNs());
                built[i] = new Sender(
                    i, schedule, sessions[i], workloadSessions[i], slotCapacity, workload.maxCommandLength(),
                    measureStartNs, endNs, config.timeoutNs());
            }
            senders = built;
            if (aborted)
            {
                abort();
            }
            for (int i = 0; i < senderCount; i++)
            {
                threads[i] = new Thread(built[i], "qb-sender-" + i);
                threads[i].setDaemon(true);
                threads[i].start();
            }

            interrupted = monitor(built, log, startNs, startEpochMs, measureStartNs, seconds);
            interrupted |= joinAll(threads, built);
            if (!schedule.isEmpty())
            {
                resolveWatches(startNs, built);
                unresolvedWatches();
            }

            if (track && !aborted && !interrupted)
            {
                verification = workload.verify(workloadSessions, sessions[0], budgets);
            }
        }
        finally
        {
            for (final Sender sender : built)
            {
                if (null != sender)
                {
                    sender.stop();
                }
            }
            joinAll(threads, built);
            for (final ClientSession session : sessions)
            {
                if (null != session)
                {
                    session.close();
                }
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }

        final Map<String, Histogram> totals = IntervalLog.readTotals(hlog);
        final Histogram corrected = totals.getOrDefault(IntervalLog.CORRECTED, IntervalLog.newHistogram());
        final Histogram raw = totals.getOrDefault(IntervalLog.RAW, IntervalLog.newHistogram());
        IntervalLog.writeHgrm(corrected, outDir.resolve("corrected.hgrm"));
        IntervalLog.writeHgrm(raw, outDir.resolve("raw.hgrm"));

        final Sender.Tally[] tallies = new Sender.Tally[senderCount];
        for (int i = 0; i < senderCount; i++)
        {
            tallies[i] = built[i].tally();
        }
        if (null == verification)
        {
            verification = Verification.notMade("the run was stopped before its end; the checks were not made");
        }
        return RunResult.of(
            config, tallies, seconds, corrected, raw, verification, aborted || interrupted, List.copyOf(faults),
            List.copyOf(failovers), senderRunQueueWaitNs());
    }

    /** Sum over the senders of their run-queue wait from the measurement's start to their last reading, or -1. */
    private long senderRunQueueWaitNs()
    {
        if (null == waitLatestNs)
        {
            return -1;
        }
        long sum = 0;
        for (int i = 0; i < waitLatestNs.length; i++)
        {
            if (waitLatestNs[i] < 0)
            {
                return -1;
            }
            sum += waitLatestNs[i] - waitAtMeasureStartNs[i];
        }
        return sum;
    }

    private boolean monitor(
        final Sender[] all,
        final IntervalLog log,
        final long startNs,
        final long startEpochMs,
        final long measureStartNs,
        final List<RunResult.Second> seconds)
    {
        // a new thread has waited 0; without schedstats the readings stay -1
        waitAtMeasureStartNs = new long[all.length];
        waitLatestNs = new long[all.length];
        java.util.Arrays.fill(waitLatestNs, -1);
        final Histogram correctedInterval = IntervalLog.newHistogram();
        final Histogram rawInterval = IntervalLog.newHistogram();
        final Histogram correctedSoFar = IntervalLog.newHistogram();
        // a recorder only takes back histograms it handed out, so one recycle slot per recorder
        final Histogram[] recycleCorrected = new Histogram[all.length];
        final Histogram[] recycleRaw = new Histogram[all.length];
        long lastOk = 0;
        long lastErrors = 0;
        long lastTimeouts = 0;
        int tick = 0;
        boolean done = false;
        while (!done)
        {
            tick++;
            final long tickNs = startNs + tick * INTERVAL_NS;
            while (true)
            {
                final long waitNs = tickNs - System.nanoTime();
                if (waitNs <= 0)
                {
                    break;
                }
                if (Thread.currentThread().isInterrupted())
                {
                    abort();
                    return true;
                }
                LockSupport.parkNanos(Math.min(waitNs, TimeUnit.MILLISECONDS.toNanos(10)));
                injectFaults(startNs, all);
                if (allFinished(all))
                {
                    break;
                }
            }
            done = allFinished(all);

            correctedInterval.reset();
            rawInterval.reset();
            long ok = 0;
            long errors = 0;
            long timeouts = 0;
            long maxLagNs = 0;
            for (int i = 0; i < all.length; i++)
            {
                final Sender sender = all[i];
                recycleCorrected[i] = sender.correctedRecorder().getIntervalHistogram(recycleCorrected[i]);
                correctedInterval.add(recycleCorrected[i]);
                recycleRaw[i] = sender.rawRecorder().getIntervalHistogram(recycleRaw[i]);
                rawInterval.add(recycleRaw[i]);
                sender.harvestWarmUp();
                ok += sender.ok();
                errors += sender.errors();
                timeouts += sender.timeouts();
                maxLagNs = Math.max(maxLagNs, sender.lagNs());
            }
            final long intervalStartMs = startEpochMs + (tick - 1) * 1000L;
            final long intervalEndMs = startEpochMs + tick * 1000L;
            writeInterval(log, correctedInterval, IntervalLog.CORRECTED, intervalStartMs, intervalEndMs);
            writeInterval(log, rawInterval, IntervalLog.RAW, intervalStartMs, intervalEndMs);
            correctedSoFar.add(correctedInterval);

            final long okDelta = ok - lastOk;
            final long errorDelta = errors - lastErrors;
            final long timeoutDelta = timeouts - lastTimeouts;
            lastOk = ok;
            lastErrors = errors;
            lastTimeouts = timeouts;
            final boolean warmup = tickNs <= measureStartNs;
            for (int i = 0; i < all.length; i++)
            {
                // a finished sender's thread is gone from /proc: keep its last reading
                final long waited = all[i].runQueueWaitedNs();
                if (waited >= 0)
                {
                    if (warmup)
                    {
                        waitAtMeasureStartNs[i] = waited;
                    }
                    waitLatestNs[i] = waited;
                }
            }
            seconds.add(new RunResult.Second(
                tick, warmup, okDelta, errorDelta, timeoutDelta, maxLagNs, correctedInterval.getValueAtPercentile(99.0)));
            if (config.progress())
            {
                progressOut.println(String.format(Locale.ROOT,
                    "[%4ds]%s offered %,.0f/s achieved %,d/s p99 %s (so far %s) errors %d timeouts %d lag %s",
                    tick, warmup ? " warm-up" : "", config.rate(), okDelta,
                    0 == correctedInterval.getTotalCount() ? "-" : formatNs(correctedInterval.getValueAtPercentile(99.0)),
                    0 == correctedSoFar.getTotalCount() ? "-" : formatNs(correctedSoFar.getValueAtPercentile(99.0)),
                    errorDelta, timeoutDelta, formatNs(maxLagNs)));
                progressOut.flush();
            }
        }
        return false;
    }

    private void injectFaults(final long startNs, final Sender[] all)
    {
        final List<FaultSchedule.Entry> entries = schedule.entries();
        while (nextFault < entries.size() && System.nanoTime() - startNs >= entries.get(nextFault).atNs())
        {
            fire(entries.get(nextFault++), startNs, all);
        }
        resolveWatches(startNs, all);
    }

    private void fire(final FaultSchedule.Entry entry, final long startNs, final Sender[] all)
    {
        if (null == firer)
        {
            firer = new FaultFirer((FaultInjector)target);
        }
        final long faultNs = System.nanoTime();
        final long sinceStartNs = faultNs - startNs;
        final FaultFirer.Fired fired = firer.fire(entry);
        final int leaderBefore = fired.leaderBefore();
        final int node = fired.node();
        final String note = fired.note();
        // The window runs from when the fault began, but only a request sent once it is in effect can
        // end it: a fault that takes time to apply (a partition is several `ip` commands) must not let
        // a request that slipped through before the last link was cut count as recovery.
        final long inEffectNs = System.nanoTime();
        final FaultEvent event = new FaultEvent(sinceStartNs, entry.action().spelling(), node, note);
        faults.add(event);
        final long[] watch = new long[all.length + 3];
        watch[0] = faultNs;
        watch[1] = faults.size() - 1;
        watch[2] = leaderBefore;
        for (int i = 0; i < all.length; i++)
        {
            watch[3 + i] = all[i].watchFrom(inEffectNs);
        }
        watches.add(watch);
        if (config.progress())
        {
            progressOut.println(String.format(Locale.ROOT, "[%6.2fs] fault: %s%s%s", sinceStartNs / 1e9,
                entry.action().spelling(), node >= 0 ? " node " + node : "", note.isEmpty() ? "" : " (" + note + ")"));
        }
    }

    /** Turn watches whose first OK answer has arrived into failover windows. */
    private void resolveWatches(final long startNs, final Sender[] all)
    {
        for (final java.util.Iterator<long[]> it = watches.iterator(); it.hasNext(); )
        {
            final long[] watch = it.next();
            long firstOkNs = 0;
            for (int i = 0; i < all.length; i++)
            {
                final int index = (int)watch[3 + i];
                final long okNs = index < 0 ? 0 : all[i].firstOkAfterWatchNs(index);
                if (0 != okNs && (0 == firstOkNs || okNs < firstOkNs))
                {
                    firstOkNs = okNs;
                }
            }
            if (0 != firstOkNs)
            {
                it.remove();
                failovers.add(new RunResult.Failover(faults.get((int)watch[1]), (int)watch[2],
                    ((FaultInjector)target).leaderId(), firstOkNs - watch[0]));
            }
        }
    }

    private void unresolvedWatches()
    {
        for (final long[] watch : watches)
        {
            failovers.add(new RunResult.Failover(faults.get((int)watch[1]), (int)watch[2],
                target instanceof FaultInjector ? ((FaultInjector)target).leaderId() : -1, -1));
        }
        watches.clear();
        failovers.sort(java.util.Comparator.comparingLong(f -> f.fault().atNs()));
    }

    private static void writeInterval(
        final IntervalLog log, final Histogram interval, final String tag, final long startMs, final long endMs)
    {
        interval.setTag(tag);
        interval.setStartTimeStamp(startMs);
        interval.setEndTimeStamp(endMs);
        log.append(interval);
    }

    private static boolean allFinished(final Sender[] all)
    {
        for (final Sender sender : all)
        {
            if (!sender.isFinished())
            {
                return false;
            }
        }
        return true;
    }

    private boolean joinAll(final Thread[] threads, final Sender[] all)
    {
        boolean interrupted = false;
        for (int i = 0; i < threads.length; i++)
        {
            final Thread thread = threads[i];
            if (null == thread)
            {
                continue;
            }
            while (thread.isAlive())
            {
                try
                {
                    thread.join(TimeUnit.NANOSECONDS.toMillis(config.timeoutNs()) + 1000);
                    if (thread.isAlive())
                    {
                        all[i].stop();
                    }
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                    abort();
                }
            }
        }
        return interrupted;
    }

    /**
     * Format nanoseconds with a unit that keeps three or four significant digits.
     *
     * @param ns nanoseconds.
     * @return e.g. {@code 812ns}, {@code 12.3us}, {@code 4.56ms}, {@code 1.20s}.
     */
    public static String formatNs(final double ns)
    {
        if (ns < 1_000)
        {
            return String.format(Locale.ROOT, "%.0fns", ns);
        }
        if (ns < 1_000_000)
        {
            return String.format(Locale.ROOT, "%.1fus", ns / 1e3);
        }
        if (ns < 1_000_000_000)
        {
            return String.format(Locale.ROOT, "%.2fms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.2fs", ns / 1e9);
    }
}
