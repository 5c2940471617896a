package io.quorumbench.loadgen.engine;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.loadgen.workload.WorkloadSession;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One open-loop client session: sends each request at its intended time from an
 * {@link ArrivalSchedule}, whether or not earlier ones have been answered, and records latency
 * twice — from the intended send time (corrected for coordinated omission) and from the actual
 * send time (raw) — into single-writer HdrHistogram recorders that a monitor thread harvests.
 *
 * <p>Hot path, per request: one clock read, the workload's encode into a reused buffer, a
 * non-blocking {@code trySend}, two {@code recordValue}s on completion; no allocation, no lock.
 * While a request is due within {@link #YIELD_THRESHOLD_NS} the thread spins; up to
 * {@link #PARK_THRESHOLD_NS} it yields (so a target's threads get the core on a 2-core machine); it parks only when
 * the next request is further away and either nothing is in flight or the target stamps
 * completion times itself ({@link ClientSession#stampsCompletionOnArrival()}), so polling never
 * delays a recorded response.
 *
 * <p>A sender that cannot keep up (back-pressure, a full in-flight window, a slow machine) does
 * not skip or re-time requests: it sends the backlog as fast as it can, late, and its lag (now
 * minus the oldest unsent due time) is published for the run's on-schedule verdict.
 *
 * <p><b>Threading</b>: {@link #run()} on the sender's own thread; the counters are published
 * with ordered stores for the monitor thread; {@link #stop()} from any thread.
 */
public final class Sender implements Runnable, CompletionHandler
{
    /** Park only if the next request is due later than this, nanoseconds. */
    public static final long PARK_THRESHOLD_NS = 200_000;
    /** Yield the core (rather than spin) while the next request is due later than this, nanoseconds. */
    public static final long YIELD_THRESHOLD_NS = 20_000;
    /** Wake this long before the due time when parking, covering timer slack, nanoseconds. */
    public static final long PARK_MARGIN_NS = 120_000;
    /** Largest latency the histograms hold, nanoseconds (one hour); larger values are clamped. */
    public static final long HIGHEST_TRACKABLE_NS = 3_600_000_000_000L;
    /** Significant value digits of every histogram. */
    public static final int SIGNIFICANT_DIGITS = 3;

    /**
     * A backlog left at the end of the schedule is still sent for this long, nanoseconds: a
     * scheduling hiccup in the last milliseconds then shows as late requests (in corrected
     * latency), not as lost throughput. Whatever is still unsent after it is counted as not sent.
     */
    public static final long END_GRACE_NS = 250_000_000L;

    private static final long FREE = -1;
    private static final int POLL_LIMIT = 256;
    /**
     * Most requests sent back to back, without polling between them, while more are already due
     * (a sender behind its schedule, or Poisson arrivals that bunch up): a target then sees them
     * together and can batch them, as it would see a burst from many clients. On schedule only
     * one request is due at a time, so this changes nothing there.
     */
    public static final int SEND_BURST = 64;
    /** Most faults whose unavailability window a run measures. */
    public static final int MAX_WATCHES = 256;

    private final int index;
    private final ArrivalSchedule schedule;
    private final ClientSession session;
    private final WorkloadSession workload;
    private final long measureStartNs;
    private final long endNs;
    private final long timeoutNs;
    private final byte[] buffer;

    private final long[] slotSeq;
    private final long[] slotIntendedNs;
    private final long[] slotSentNs;
    private final int mask;
    private final boolean parkWithRequestsInFlight;

    private final SingleWriterRecorder corrected =
        new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    private final SingleWriterRecorder raw = new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    // Warm-up answers are recorded too, into recorders nobody harvests, and the measured/warm-up
    // choice is an array index, not a branch: the JIT then compiles the very code the measured
    // window runs. With a branch never taken in warm-up, the first measured answer hit an
    // uncommon trap and deoptimised sendPhase and onComplete, and their recompilation competed
    // with the sender and the target for the cores (per-second p99 of 6.5-7.9 ms in the first
    // measured seconds at 10k/s, against 0.2-0.9 ms later).
    private final SingleWriterRecorder[] correctedByWarmUp = {
        corrected, new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS)};
    private final SingleWriterRecorder[] rawByWarmUp = {
        raw, new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS)};
    // The monitor harvests the warm-up recorders too (see harvestWarmUp); kept for reuse.
    private Histogram droppedWarmUpCorrected;
    private Histogram droppedWarmUpRaw;

    private volatile boolean stopped;
    private volatile long threadId = -1;

    // published to the monitor with ordered stores; written only by this sender's thread
    private final AtomicLong sentCount = new AtomicLong();
    private final AtomicLong okCount = new AtomicLong();
    private final AtomicLong errorCount = new AtomicLong();
    private final AtomicLong timeoutCount = new AtomicLong();
    private final AtomicLong lagNs = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();

    // measured-window tallies, read after the thread has been joined
    private long scheduledMeasured;
    private long sentMeasured;
    private long okMeasured;
    private long errorsMeasured;
    private long timeoutsMeasured;
    private long unknownCount;
    private long lateCompletions;
    private long backPressured;
    private long windowFullWaits;
    private long clampedValues;
    private long maxLagNs;
    private long notSentAtEnd;
    private long sendPhaseAllocatedBytes = -1;

    private long nextSeq;
    private long oldestSeq;
    private int inFlight;

    // fault watches: the monitor appends a fault time, then publishes it by the volatile count;
    // this sender stamps the first OK answer to a request it sent at or after that time
    private final long[] watchFromNs = new long[MAX_WATCHES];
    private volatile int watchCount;
    private final AtomicLongArray firstOkAfterWatchNs = new AtomicLongArray(MAX_WATCHES);
    private int nextUnresolvedWatch;

    /**
     * A sender.
     *
     * @param index          0-based sender index.
     * @param schedule       its intended send times.
     * @param session        its target session.
     * @param workload       its workload session.
     * @param slotCapacity   in-flight slots, a power of two.
     * @param commandLength  largest command the workload writes, bytes.
     * @param measureStartNs requests intended before this are warm-up: sent, not measured.
     * @param endNs          no request intended at or after this is sent.
     * @param timeoutNs      a request unanswered this long after its send is a timeout.
     */
    public Sender(
        final int index,
        final ArrivalSchedule schedule,
        final ClientSession session,
        final WorkloadSession workload,
        final int slotCapacity,
        final int commandLength,
        final long measureStartNs,
        final long endNs,
        final long timeoutNs)
    {
        if (Integer.bitCount(slotCapacity) != 1)
        {
            throw new IllegalArgumentException("slotCapacity must be a power of two: " + slotCapacity);
        }
        this.index = index;
        this.schedule = schedule;
        this.session = session;
        this.workload = workload;
        this.measureStartNs = measureStartNs;
        this.endNs = endNs;
        this.timeoutNs = timeoutNs;
        this.buffer = new byte[commandLength];
        this.slotSeq = new long[slotCapacity];
        this.slotIntendedNs = new long[slotCapacity];
        this.slotSentNs = new long[slotCapacity];
        this.mask = slotCapacity - 1;
        this.parkWithRequestsInFlight = session.stampsCompletionOnArrival();
        java.util.Arrays.fill(slotSeq, FREE);
    }

    /** Send until the schedule ends (or {@link #stop()}), then wait for answers until the timeout. */
    @Override
    public void run()
    {
        threadId = RunQueueWait.currentThreadId();
        try
        {
            final long allocatedBefore = allocatedBytes();
            sendPhase();
            sendPhaseAllocatedBytes = allocatedBytes() - allocatedBefore;
            drainPhase();
        }
        finally
        {
            finished.set(1);
        }
    }

    private static long allocatedBytes()
    {
        final java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean)
        {
            return ((com.sun.management.ThreadMXBean)bean).getCurrentThreadAllocatedBytes();
        }
        return -1;
    }

    private void sendPhase()
    {
        long dueNs = schedule.next();
        boolean encoded = false;
        int length = 0;
        int sentSincePoll = 0;
        while (!stopped && dueNs < endNs)
        {
            long nowNs = System.nanoTime();
            if (inFlight > 0 && (nowNs < dueNs || sentSincePoll >= SEND_BURST))
            {
                // The sender's clock read serves the session's timers too: their own reads in poll
                // and trySend were 2.2% of this thread with the cluster on it (async-profiler, 450k/s).
                session.poll(this, POLL_LIMIT, nowNs);
                expireTimeouts(nowNs);
                sentSincePoll = 0;
            }

            if (nowNs >= dueNs)
            {
                if (nowNs >= endNs + END_GRACE_NS)
                {
                    // still behind well after the end: what is unsent is counted, not sent
                    break;
                }
                final int slot = (int)(nextSeq & mask);
                if (FREE != slotSeq[slot])
                {
                    windowFullWaits++;
                    publishLag(nowNs - dueNs);
                    sentSincePoll = SEND_BURST;
                    continue;
                }
                if (!encoded)
                {
                    length = workload.encode(slot, nextSeq, nowNs, buffer);
                    encoded = true;
                }
                if (session.trySend(nextSeq, buffer, 0, length, nowNs))
                {
                    slotSeq[slot] = nextSeq;
                    slotIntendedNs[slot] = dueNs;
                    slotSentNs[slot] = nowNs;
                    inFlight++;
                    nextSeq++;
                    sentSincePoll++;
                    encoded = false;
                    final int measured = 1 - warmUp(dueNs);
                    scheduledMeasured += measured;
                    sentMeasured += measured;
                    sentCount.lazySet(nextSeq);
                    publishLag(nowNs - dueNs);
                    dueNs = schedule.next();
                }
                else
                {
                    backPressured++;
                    publishLag(nowNs - dueNs);
                    sentSincePoll = SEND_BURST;
                }
            }
            else
            {
                publishLag(0);
                final long waitNs = dueNs - nowNs;
                if ((0 == inFlight || parkWithRequestsInFlight) && waitNs > PARK_THRESHOLD_NS)
                {
                    LockSupport.parkNanos(waitNs - PARK_MARGIN_NS);
                }
                else if (waitNs > YIELD_THRESHOLD_NS)
                {
                    // On a small machine the target's own threads (Raft agents, media driver) need this
                    // core between requests: yield rather than spin, and poll again when rescheduled.
                    Thread.yield();
                }
                else
                {
                    Thread.onSpinWait();
                }
            }
        }

        // count what the schedule still held for the window but was never sent
        final long firstUnsentNs = dueNs;
        while (dueNs < endNs)
        {
            notSentAtEnd++;
            if (dueNs >= measureStartNs)
            {
                scheduledMeasured++;
            }
            dueNs = schedule.next();
        }
        final long nowNs = System.nanoTime();
        if (notSentAtEnd > 0)
        {
            publishLag(nowNs - firstUnsentNs);
        }
    }

    private void drainPhase()
    {
        while (inFlight > 0)
        {
            final long nowNs = System.nanoTime();
            if (session.poll(this, POLL_LIMIT) == 0)
            {
                Thread.onSpinWait();
            }
            expireTimeouts(nowNs);
            if (stopped && inFlight > 0)
            {
                expireAll(nowNs);
            }
        }
    }

    private void publishLag(final long lag)
    {
        if (lag > maxLagNs)
        {
            maxLagNs = lag;
        }
        lagNs.lazySet(lag);
    }

    private void expireTimeouts(final long nowNs)
    {
        while (oldestSeq < nextSeq)
        {
            final int slot = (int)(oldestSeq & mask);
            if (slotSeq[slot] != oldestSeq)
            {
                oldestSeq++;
                continue;
            }
            if (nowNs - slotSentNs[slot] < timeoutNs)
            {
                return;
            }
            timeout(slot, nowNs);
            oldestSeq++;
        }
    }

    private void expireAll(final long nowNs)
    {
        for (long seq = oldestSeq; seq < nextSeq; seq++)
        {
            final int slot = (int)(seq & mask);
            if (slotSeq[slot] == seq)
            {
                timeout(slot, nowNs);
            }
        }
        oldestSeq = nextSeq;
    }

    private void timeout(final int slot, final long nowNs)
    {
        final long intendedNs = slotIntendedNs[slot];
        final int warmUp = warmUp(intendedNs);
        timeoutsMeasured += 1 - warmUp;
        // a timeout's latency is at least this long: record it rather than let it vanish
        record(correctedByWarmUp[warmUp], nowNs - intendedNs);
        record(rawByWarmUp[warmUp], nowNs - slotSentNs[slot]);
        slotSeq[slot] = FREE;
        inFlight--;
        timeoutCount.lazySet(timeoutCount.get() + 1);
        workload.onTimeout(slot);
    }

    /** {@inheritDoc} */
    @Override
    public void onComplete(
        final long requestId,
        final int outcome,
        final long completedNs,
        final byte[] result,
        final int offset,
        final int length)
    {
        final int slot = (int)(requestId & mask);
        if (slotSeq[slot] != requestId)
        {
            // answered after it was declared a timeout: counted, not recorded twice
            lateCompletions++;
            return;
        }
        slotSeq[slot] = FREE;
        inFlight--;
        final long intendedNs = slotIntendedNs[slot];
        final int warmUp = warmUp(intendedNs);
        final int measured = 1 - warmUp;
        record(correctedByWarmUp[warmUp], completedNs - intendedNs);
        record(rawByWarmUp[warmUp], completedNs - slotSentNs[slot]);
        if (OK == outcome)
        {
            if (nextUnresolvedWatch < watchCount)
            {
                resolveWatches(slotSentNs[slot], completedNs);
            }
            okCount.lazySet(okCount.get() + 1);
            okMeasured += measured;
        }
        else
        {
            if (UNKNOWN == outcome)
            {
                unknownCount++;
            }
            errorCount.lazySet(errorCount.get() + 1);
            errorsMeasured += measured;
        }
        workload.onComplete(slot, outcome, completedNs, result, offset, length);
    }

    private void resolveWatches(final long sentNs, final long completedNs)
    {
        // faults are watched in time order: a request sent after fault i+1 was sent after fault i too
        final int count = watchCount;
        while (nextUnresolvedWatch < count && sentNs >= watchFromNs[nextUnresolvedWatch])
        {
            firstOkAfterWatchNs.lazySet(nextUnresolvedWatch, completedNs);
            nextUnresolvedWatch++;
        }
    }

    /**
     * Start watching for the first OK answer to a request sent at or after {@code fromNs} (a
     * fault's time). Monitor thread only; watches must be added in time order.
     *
     * @param fromNs {@link System#nanoTime()} of the fault.
     * @return the watch's index, or -1 if {@link #MAX_WATCHES} are in use.
     */
    public int watchFrom(final long fromNs)
    {
        final int count = watchCount;
        if (count == MAX_WATCHES)
        {
            return -1;
        }
        watchFromNs[count] = fromNs;
        watchCount = count + 1;
        return count;
    }

    /**
     * Completion time of the first OK answer to a request sent at or after watch {@code index}'s
     * time. Any thread.
     *
     * @param index from {@link #watchFrom}.
     * @return {@link System#nanoTime()} of that answer, or 0 if none yet.
     */
    public long firstOkAfterWatchNs(final int index)
    {
        return firstOkAfterWatchNs.get(index);
    }

    /** 1 if a request intended at {@code intendedNs} belongs to the warm-up, else 0; branch-free. */
    private int warmUp(final long intendedNs)
    {
        return (int)((intendedNs - measureStartNs) >>> 63);
    }

    private void record(final SingleWriterRecorder recorder, final long valueNs)
    {
        long value = valueNs;
        if (value < 1)
        {
            // a clock can stamp a response in the same nanosecond; 1 ns is the histogram's floor
            value = 1;
        }
        else if (value > HIGHEST_TRACKABLE_NS)
        {
            clampedValues++;
            value = HIGHEST_TRACKABLE_NS;
        }
        recorder.recordValue(value);
    }

    /**
     * Run-queue wait of this sender's thread so far ({@link RunQueueWait}). Any thread.
     *
     * @return nanoseconds, or -1 if unknown (not started, or not Linux).
     */
    public long runQueueWaitedNs()
    {
        return RunQueueWait.waitedNs(threadId);
    }

    /** Ask the sender to stop sending now and abandon what is in flight. Any thread. */
    public void stop()
    {
        stopped = true;
    }

    /**
     * Sender index.
     *
     * @return the index.
     */
    public int index()
    {
        return index;
    }

    /**
     * Harvest and drop the warm-up recorders. The monitor calls this at every harvest, from the
     * thread that harvests the measured recorders, so the warm-up recorders flip their phase as
     * the measured ones do: a recorder's writer takes one branch in even phases and another in odd
     * ones, and with unflipped warm-up recorders the JIT had never seen the second branch when the
     * first measured harvest flipped a measured recorder. The next answer then hit an uncommon
     * trap and deoptimised the sender's loop (-XX:+LogCompilation: unstable_if in
     * WriterReaderPhaser.writerCriticalSectionExit, 1 s into the measured window; that second's p99
     * was 136 ms at 500k/s).
     */
    public void harvestWarmUp()
    {
        droppedWarmUpCorrected = correctedByWarmUp[1].getIntervalHistogram(droppedWarmUpCorrected);
        droppedWarmUpRaw = rawByWarmUp[1].getIntervalHistogram(droppedWarmUpRaw);
    }

    /**
     * Recorder of latency from the intended send time. Harvest from one thread only.
     *
     * @return the recorder.
     */
    public SingleWriterRecorder correctedRecorder()
    {
        return corrected;
    }

    /**
     * Recorder of latency from the actual send time. Harvest from one thread only.
     *
     * @return the recorder.
     */
    public SingleWriterRecorder rawRecorder()
    {
        return raw;
    }

    /**
     * Requests sent so far. Any thread.
     *
     * @return the count.
     */
    public long sent()
    {
        return sentCount.get();
    }

    /**
     * Requests answered OK so far. Any thread.
     *
     * @return the count.
     */
    public long ok()
    {
        return okCount.get();
    }

    /**
     * Requests answered with an error (failed or unknown outcome) so far. Any thread.
     *
     * @return the count.
     */
    public long errors()
    {
        return errorCount.get();
    }

    /**
     * Requests that timed out so far. Any thread.
     *
     * @return the count.
     */
    public long timeouts()
    {
        return timeoutCount.get();
    }

    /**
     * Current lag behind the schedule: now minus the due time of the next unsent request, 0 when on time.
     * Any thread.
     *
     * @return lag in nanoseconds.
     */
    public long lagNs()
    {
        return lagNs.get();
    }

    /**
     * Whether {@link #run()} has returned. Any thread.
     *
     * @return true once finished.
     */
    public boolean isFinished()
    {
        return finished.get() == 1;
    }

    /**
     * Tallies of the measured window; valid after the sender's thread has been joined.
     *
     * @return the tallies.
     */
    public Tally tally()
    {
        return new Tally(
            scheduledMeasured, sentMeasured, okMeasured, errorsMeasured, timeoutsMeasured, unknownCount,
            lateCompletions, backPressured, windowFullWaits, clampedValues, maxLagNs, notSentAtEnd, nextSeq,
            sendPhaseAllocatedBytes);
    }

    /**
     * What one sender counted.
     *
     * @param scheduled        requests the schedule held for the measured window.
     * @param sent             of those, sent.
     * @param ok               of those, answered OK.
     * @param errors           of those, answered with an error (failed or unknown outcome).
     * @param timeouts         of those, unanswered within the timeout.
     * @param unknownOutcomes  errors whose outcome was unknown (any window).
     * @param lateCompletions  answers that came after their request had timed out (any window).
     * @param backPressured    sends refused by the target and retried.
     * @param windowFullWaits  loop turns a due request waited for a free in-flight slot.
     * @param clampedValues    latencies above the histogram range, recorded as its maximum.
     * @param maxLagNs         largest lag behind the schedule seen, nanoseconds.
     * @param notSent          scheduled requests never sent because the run ended first.
     * @param sentTotal        requests sent in the whole run, warm-up included.
     * @param allocatedBytes   bytes the sender thread allocated while sending (encode, send, poll,
     *                         record, and whatever the target's session did on this thread); -1 if
     *                         the JVM cannot tell.
     */
    public record Tally(
        long scheduled,
        long sent,
        long ok,
        long errors,
        long timeouts,
        long unknownOutcomes,
        long lateCompletions,
        long backPressured,
        long windowFullWaits,
        long clampedValues,
        long maxLagNs,
        long notSent,
        long sentTotal,
        long allocatedBytes)
    {
    }
}
