package io.quorumbench.loadgen.workload.lock;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.api.fault.FaultInjector;
import io.quorumbench.api.lock.LockCommand;
import io.quorumbench.api.lock.LockResult;
import io.quorumbench.api.results.CheckResult;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.loadgen.engine.Arrivals;
import io.quorumbench.loadgen.engine.IntervalLog;
import io.quorumbench.loadgen.fault.FaultEvent;
import io.quorumbench.loadgen.fault.FaultFirer;
import io.quorumbench.loadgen.fault.FaultSchedule;
import io.quorumbench.loadgen.target.LoadTarget;
import org.HdrHistogram.Histogram;
import org.agrona.collections.Long2LongHashMap;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The lock workload's engine: lock service clients (each its own session with keep-alives) spread
 * over sender threads, each sender driving its clients through one session of the implementation's
 * own client, open loop. Each client's acquire attempts are due on its own schedule (constant or
 * Poisson gaps, the run's rate shared by all clients); an attempt due while the client still holds
 * or waits starts late, and its latency counts from when it was due (corrected for coordinated
 * omission). A granted client writes the fenced resource with its token, holds for the hold time,
 * and releases.
 *
 * <p><b>Measured</b> (HdrHistograms, the measured window only): acquire latency, corrected; hand-off
 * latency, from the release being sent to the next holder being told (a queued waiter learns its
 * grant by re-sending its Acquire back to back: there is no push from the hosts); the KeepAlive round
 * trip, which is one log entry with a trivial apply on the same client path, as this run's commit
 * latency; grants/s and keep-alives/s.
 *
 * <p><b>Judged</b>: the {@link LockEventLog}'s checkers over what the log decided, and, if asked,
 * the paused holder: a client holding a lock is frozen (no keep-alives, no commands) for longer than
 * its lease while another client acquires the lock and writes; when it wakes it writes with its old
 * token, and the run FAILS if the fenced resource accepts it.
 *
 * <p><b>Threading</b>: {@link #execute()} on the controlling thread, which fires faults; one thread
 * per sender.
 */
public final class LockLoadRun
{
    private static final int OPEN = 0;
    private static final int IDLE = 1;
    private static final int ACQUIRE = 2;
    private static final int WRITE = 3;
    private static final int HOLD = 4;
    private static final int RELEASE = 5;
    private static final int PAUSED = 6;
    private static final int STALE_WRITE = 7;
    private static final int DONE = 8;
    private static final int SPINS_BEFORE_PARK = 200;
    private static final byte[] KEY = "resource".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUE = "v".getBytes(StandardCharsets.US_ASCII);

    private final LockLoadConfig config;
    private final LoadTarget target;
    private final LockEventLog events;
    private final FaultSchedule faults;
    private final PrintStream progress;
    private final AtomicLongArray releaseSentNs;
    private final List<FaultEvent> faultEvents = new ArrayList<>();
    private volatile boolean running = true;
    private volatile boolean pauseRequested;
    private long measureStartNs;
    private long endNs;

    /**
     * @param config   the settings.
     * @param target   a started target running the lock service; {@link #execute()} closes it.
     * @param events   the judge fed by the target's state machines (empty for member processes).
     * @param faults   faults to inject (the target must be a {@link FaultInjector} if any), times
     *                 since the start of the warm-up.
     * @param progress where start, fault and end lines go.
     * @throws IllegalArgumentException if the target cannot do a fault asked for.
     */
    public LockLoadRun(
        final LockLoadConfig config, final LoadTarget target, final LockEventLog events, final FaultSchedule faults,
        final PrintStream progress)
    {
        this.config = config;
        this.target = target;
        this.events = events;
        this.faults = faults;
        this.progress = progress;
        this.releaseSentNs = new AtomicLongArray(config.lockCount());
        if (!faults.isEmpty())
        {
            if (!(target instanceof FaultInjector injector))
            {
                throw new IllegalArgumentException("target " + target.name() + " cannot inject faults");
            }
            faults.validate(config.warmupNs() + config.durationNs(), injector.members());
            for (final FaultSchedule.Entry entry : faults.entries())
            {
                if (!injector.supportedFaults().contains(entry.action()))
                {
                    throw new IllegalArgumentException("bad fault entry '" + entry.text() + "': target " + target.name() +
                        " cannot " + entry.action().spelling());
                }
            }
        }
    }

    /**
     * Run, close the target, judge.
     *
     * @return the result.
     */
    public LockRunResult execute()
    {
        final Sender[] senders = new Sender[config.senders()];
        final Thread[] threads = new Thread[senders.length];
        final long startNs = System.nanoTime() + 50_000_000L;
        measureStartNs = startNs + config.warmupNs();
        endNs = measureStartNs + config.durationNs();
        try
        {
            for (int s = 0; s < senders.length; s++)
            {
                senders[s] = new Sender(s, target.openSession(s), startNs);
                threads[s] = new Thread(senders[s], "qb-lock-sender-" + s);
            }
            for (final Thread thread : threads)
            {
                thread.start();
            }
            progress.println(String.format(Locale.ROOT, "loadgen: lock workload %s, %d clients on %d locks, %,.0f acquires/s " +
                "offered, grants learnt by polling", config.mode().name().toLowerCase(Locale.ROOT), config.clients(),
                config.lockCount(), config.rate()));
            monitor(startNs);
        }
        finally
        {
            running = false;
            for (final Thread thread : threads)
            {
                joinQuietly(thread);
            }
            target.close();
        }
        return result(senders);
    }

    private void monitor(final long startNs)
    {
        final FaultFirer firer = faults.isEmpty() ? null : new FaultFirer((FaultInjector)target);
        int nextFault = 0;
        boolean pauseDone = config.pauseHolderAtNs() < 0;
        while (true)
        {
            final long nowNs = System.nanoTime();
            if (nowNs >= endNs)
            {
                return;
            }
            while (null != firer && nextFault < faults.entries().size() &&
                nowNs - startNs >= faults.entries().get(nextFault).atNs())
            {
                final FaultSchedule.Entry entry = faults.entries().get(nextFault++);
                final FaultFirer.Fired fired = firer.fire(entry);
                faultEvents.add(new FaultEvent(nowNs - startNs, entry.action().spelling(), fired.node(), fired.note()));
                progress.println(String.format(Locale.ROOT, "[%6.2fs] fault: %s%s (%s)", (nowNs - startNs) / 1e9,
                    entry.action().spelling(), fired.node() >= 0 ? " node " + fired.node() : "", fired.note()));
            }
            if (!pauseDone && nowNs - startNs >= config.pauseHolderAtNs())
            {
                pauseDone = true;
                pauseRequested = true;
                progress.println(String.format(Locale.ROOT, "[%6.2fs] fault: pause-holder for %d ms", (nowNs - startNs) / 1e9,
                    config.pauseForNs() / 1_000_000));
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static void joinQuietly(final Thread thread)
    {
        if (null == thread)
        {
            return;
        }
        try
        {
            thread.join(30_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private LockRunResult result(final Sender[] senders)
    {
        final Histogram acquire = IntervalLog.newHistogram();
        final Histogram handOff = IntervalLog.newHistogram();
        final Histogram commit = IntervalLog.newHistogram();
        final long[] counts = new long[Count.values().length];
        PausedHolder paused = null;
        for (final Sender sender : senders)
        {
            if (null == sender)
            {
                continue;
            }
            acquire.add(sender.acquire);
            handOff.add(sender.handOff);
            commit.add(sender.commit);
            for (int i = 0; i < counts.length; i++)
            {
                counts[i] += sender.counts[i];
            }
            if (null != sender.paused)
            {
                paused = sender.paused;
            }
        }
        final CheckResult history = events.check();
        final CheckResult pausedHolder = pausedHolderVerdict(config.pauseHolderAtNs() >= 0, paused);
        return new LockRunResult(config, history, pausedHolder, events.details(), acquire, handOff, commit, counts,
            List.copyOf(faultEvents), target.name(), target.context());
    }

    /**
     * The paused holder's verdict: PASS if its late write with the old token was refused as stale,
     * FAIL if it was accepted after the next holder wrote with a newer token, else INCONCLUSIVE (never
     * paused, never woke in the run, or nobody wrote meanwhile so nothing was tested).
     */
    static CheckResult pausedHolderVerdict(final boolean asked, final PausedHolder paused)
    {
        if (!asked)
        {
            return CheckResult.notApplicable("no paused holder asked for (--pause-holder-at)");
        }
        if (null == paused)
        {
            return CheckResult.inconclusive("no client was holding a lock with nothing in flight to pause before the run ended");
        }
        if (0 == paused.staleWriteStatusKnown)
        {
            return CheckResult.inconclusive("the run ended before the paused holder's late write was answered");
        }
        if (LockResult.STALE_TOKEN == paused.staleWriteStatus)
        {
            return CheckResult.pass("the fenced resource refused the paused holder's token " + paused.token + " after " +
                (paused.nextHolderWroteNs > 0 ? "the next holder wrote with token " + paused.nextHolderToken : "a newer write"));
        }
        if (LockResult.OK == paused.staleWriteStatus)
        {
            return paused.nextHolderWroteNs > 0 ?
                CheckResult.fail("the fenced resource ACCEPTED the paused holder's old token " + paused.token +
                    " after the next holder wrote with token " + paused.nextHolderToken) :
                CheckResult.inconclusive("no other holder wrote before the paused holder woke, so its write was " +
                    "rightly accepted; nothing was tested");
        }
        return CheckResult.inconclusive("the paused holder's late write was answered " +
            LockResult.name(paused.staleWriteStatus) + ", neither accepted nor refused as stale");
    }

    /** Counters summed over the senders. */
    enum Count
    {
        GRANTS, KEEP_ALIVES, ACQUIRE_POLLS, WAIT_TIMEOUTS, BUSY, SESSIONS_LOST, WRITES_OK, WRITES_REFUSED, RELEASES,
        RELEASES_REFUSED, UNKNOWN_OUTCOMES, ERRORS, SESSIONS_OPENED
    }

    /** What happened to the paused holder. */
    static final class PausedHolder
    {
        long token;
        int lockIndex;
        long pausedAtNs;
        long wakeAtNs;
        long nextHolderWroteNs;
        long nextHolderToken;
        byte staleWriteStatus = -1;
        int staleWriteStatusKnown;
    }

    /** One lock service client: its session and where it is in its attempt. */
    private static final class Client
    {
        final int index;
        final int lockIndex;
        final byte[] lock;
        final boolean nextHolder;
        int state = OPEN;
        long sessionId;
        long token;
        long nextAttemptNs;
        long attemptNs;
        long attemptDeadlineNs;
        boolean queued;
        long queuedAtNs;
        long holdUntilNs;
        long opRequestId;
        long opSentNs;
        long keepAliveRequestId;
        long keepAliveSentNs;
        long nextKeepAliveNs;
        boolean sessionLost;

        Client(final int index, final int lockIndex, final boolean nextHolder)
        {
            this.index = index;
            this.lockIndex = lockIndex;
            this.lock = ("lock-" + lockIndex).getBytes(StandardCharsets.US_ASCII);
            this.nextHolder = nextHolder;
        }
    }

    private final class Sender implements Runnable, CompletionHandler
    {
        final Histogram acquire = IntervalLog.newHistogram();
        final Histogram handOff = IntervalLog.newHistogram();
        final Histogram commit = IntervalLog.newHistogram();
        final long[] counts = new long[Count.values().length];
        final ClientSession session;
        final SplittableRandom random;
        final Long2LongHashMap requests = new Long2LongHashMap(-1);
        final double meanGapNs;
        Client[] clients;
        long nextRequestId;
        final int senderIndex;
        PausedHolder paused;

        Sender(final int senderIndex, final ClientSession session, final long startNs)
        {
            this.senderIndex = senderIndex;
            this.session = session;
            this.random = new SplittableRandom(config.seed() * 31 + senderIndex);
            this.meanGapNs = 1e9 * config.clients() / config.rate();
            final List<Client> mine = new ArrayList<>();
            for (int c = senderIndex; c < config.clients(); c += config.senders())
            {
                final Client client = new Client(c, c % config.lockCount(), false);
                // clients start staggered over one gap, so attempts do not arrive in step
                client.nextAttemptNs = startNs + (long)(meanGapNs * c / config.clients());
                mine.add(client);
            }
            this.clients = mine.toArray(new Client[0]);
        }

        @Override
        public void run()
        {
            int idle = 0;
            while (running)
            {
                final long nowNs = System.nanoTime();
                if (pauseRequested && null == paused && 0 == senderIndex)
                {
                    tryPause(nowNs);
                }
                boolean sent = false;
                for (final Client client : clients)
                {
                    sent |= step(client, nowNs);
                }
                final int polled = session.poll(this, 256, nowNs);
                if (sent || polled > 0)
                {
                    idle = 0;
                }
                else if (++idle > SPINS_BEFORE_PARK)
                {
                    LockSupport.parkNanos(session.stampsCompletionOnArrival() ? 50_000 : 5_000);
                }
                else
                {
                    Thread.onSpinWait();
                }
            }
            session.close();
        }

        private void tryPause(final long nowNs)
        {
            for (final Client client : clients)
            {
                if (HOLD == client.state && 0 == client.opRequestId && 0 == client.keepAliveRequestId && !client.nextHolder)
                {
                    paused = new PausedHolder();
                    paused.token = client.token;
                    paused.lockIndex = client.lockIndex;
                    paused.pausedAtNs = nowNs;
                    paused.wakeAtNs = nowNs + config.pauseForNs();
                    client.state = PAUSED;
                    // the next holder: a client of its own that queues for the paused holder's lock and writes
                    final Client next = new Client(config.clients(), client.lockIndex, true);
                    clients = Arrays.copyOf(clients, clients.length + 1);
                    clients[clients.length - 1] = next;
                    return;
                }
            }
        }

        private long send(final Client client, final byte[] command, final boolean keepAlive, final long nowNs)
        {
            final long requestId = ++nextRequestId;
            if (!session.trySend(requestId, command, 0, command.length, nowNs))
            {
                nextRequestId--;
                return 0;
            }
            requests.put(requestId, ((long)client.index << 1) | (keepAlive ? 1 : 0));
            return requestId;
        }

        private boolean sendOp(final Client client, final byte[] command, final long nowNs)
        {
            final long requestId = send(client, command, false, nowNs);
            if (0 == requestId)
            {
                return false;
            }
            client.opRequestId = requestId;
            client.opSentNs = nowNs;
            return true;
        }

        private boolean step(final Client client, final long nowNs)
        {
            if (PAUSED == client.state)
            {
                // frozen: no keep-alives, no commands; it wakes after the pause once the next holder wrote
                // (or, if that never happens, at the pause's end plus the acquire timeout)
                if (nowNs >= paused.wakeAtNs &&
                    (paused.nextHolderWroteNs > 0 || nowNs >= paused.wakeAtNs + config.acquireTimeoutNs()))
                {
                    client.state = STALE_WRITE;
                }
                else
                {
                    return false;
                }
            }
            boolean sent = false;
            if (0 != client.sessionId && 0 == client.keepAliveRequestId && nowNs >= client.nextKeepAliveNs &&
                STALE_WRITE != client.state && DONE != client.state)
            {
                final long requestId = send(client, LockCommand.keepAlive(client.sessionId), true, nowNs);
                if (0 != requestId)
                {
                    client.keepAliveRequestId = requestId;
                    client.keepAliveSentNs = nowNs;
                    sent = true;
                }
            }
            if (0 != client.opRequestId || DONE == client.state)
            {
                return sent;
            }
            if (client.sessionLost && STALE_WRITE != client.state)
            {
                client.sessionLost = false;
                client.sessionId = 0;
                client.state = OPEN;
                counts[Count.SESSIONS_LOST.ordinal()]++;
            }
            switch (client.state)
            {
                case OPEN -> sent |= sendOp(client, LockCommand.openSession(config.leaseNs()), nowNs);
                case IDLE ->
                {
                    if (client.nextHolder || nowNs >= client.nextAttemptNs)
                    {
                        client.attemptNs = client.nextHolder ? nowNs : client.nextAttemptNs;
                        client.nextAttemptNs += nextGapNs();
                        client.attemptDeadlineNs = nowNs + (client.nextHolder ? 10 * config.pauseForNs() : config.acquireTimeoutNs());
                        client.queued = false;
                        client.state = ACQUIRE;
                        sent |= sendAcquire(client, nowNs);
                    }
                }
                case ACQUIRE ->
                {
                    if (nowNs - client.attemptDeadlineNs >= 0)
                    {
                        counts[Count.WAIT_TIMEOUTS.ordinal()]++;
                        client.state = client.nextHolder ? DONE : IDLE;
                    }
                    else
                    {
                        sent |= sendAcquire(client, nowNs);
                    }
                }
                case WRITE -> sent |= sendOp(client, LockCommand.fencedWrite(client.lock, client.token, KEY, VALUE), nowNs);
                case HOLD ->
                {
                    if (nowNs >= client.holdUntilNs)
                    {
                        client.state = RELEASE;
                        releaseSentNs.set(client.lockIndex, nowNs);
                        sent |= sendOp(client, LockCommand.release(client.sessionId, client.lock, client.token), nowNs);
                    }
                }
                case RELEASE -> sent |= sendOp(client, LockCommand.release(client.sessionId, client.lock, client.token), nowNs);
                case STALE_WRITE -> sent |= sendOp(client, LockCommand.fencedWrite(client.lock, paused.token, KEY, VALUE), nowNs);
                default ->
                {
                }
            }
            return sent;
        }

        private boolean sendAcquire(final Client client, final long nowNs)
        {
            final long remainingNs = Math.max(1, client.attemptDeadlineNs - nowNs);
            return sendOp(client, LockCommand.acquire(client.sessionId, client.lock, remainingNs, false), nowNs);
        }

        private long nextGapNs()
        {
            if (Arrivals.CONSTANT == config.arrivals())
            {
                return (long)meanGapNs;
            }
            return (long)(-Math.log(1.0 - random.nextDouble()) * meanGapNs);
        }

        private long holdNs()
        {
            if (!config.holdExponential())
            {
                return config.holdNs();
            }
            return (long)(-Math.log(1.0 - random.nextDouble()) * config.holdNs());
        }

        private boolean measured(final long atNs)
        {
            return atNs >= measureStartNs && atNs < endNs;
        }

        private Client client(final int index)
        {
            for (final Client client : clients)
            {
                if (client.index == index)
                {
                    return client;
                }
            }
            return null;
        }

        @Override
        public void onComplete(
            final long requestId, final int outcome, final long completedNs, final byte[] result, final int offset,
            final int length)
        {
            final long tag = requests.remove(requestId);
            if (-1 == tag)
            {
                return;
            }
            final Client client = client((int)(tag >>> 1));
            if (null == client)
            {
                return;
            }
            final boolean answered = OK == outcome && length >= LockResult.LENGTH;
            final byte status = answered ? LockResult.status(result, offset) : -1;
            if (!answered)
            {
                counts[Count.UNKNOWN_OUTCOMES.ordinal()]++;
            }
            if (1 == (tag & 1))
            {
                client.keepAliveRequestId = 0;
                client.nextKeepAliveNs = client.keepAliveSentNs + config.keepAliveIntervalNs();
                if (LockResult.OK == status)
                {
                    counts[Count.KEEP_ALIVES.ordinal()] += measured(client.keepAliveSentNs) ? 1 : 0;
                    if (measured(client.keepAliveSentNs))
                    {
                        commit.recordValue(Math.max(1, completedNs - client.keepAliveSentNs));
                    }
                }
                else if (LockResult.UNKNOWN_SESSION == status || LockResult.EXPIRED == status)
                {
                    client.sessionLost = true;
                }
                return;
            }
            client.opRequestId = 0;
            onOpAnswered(client, status, completedNs, result, offset);
        }

        private void onOpAnswered(final Client client, final byte status, final long completedNs, final byte[] result, final int offset)
        {
            if (-1 == status)
            {
                return; // unknown outcome: the same state sends the command again
            }
            if ((LockResult.UNKNOWN_SESSION == status || LockResult.EXPIRED == status) && STALE_WRITE != client.state &&
                OPEN != client.state)
            {
                client.sessionLost = true;
                return;
            }
            switch (client.state)
            {
                case OPEN ->
                {
                    if (LockResult.OK == status)
                    {
                        client.sessionId = LockResult.sessionId(result, offset);
                        client.nextKeepAliveNs = completedNs + config.keepAliveIntervalNs();
                        client.state = IDLE;
                        counts[Count.SESSIONS_OPENED.ordinal()]++;
                    }
                    else
                    {
                        counts[Count.ERRORS.ordinal()]++;
                    }
                }
                case ACQUIRE -> onAcquireAnswered(client, status, completedNs, result, offset);
                case WRITE ->
                {
                    counts[(LockResult.OK == status ? Count.WRITES_OK : Count.WRITES_REFUSED).ordinal()]++;
                    if (client.nextHolder && LockResult.OK == status)
                    {
                        paused.nextHolderWroteNs = completedNs;
                        paused.nextHolderToken = client.token;
                        client.holdUntilNs = completedNs;
                    }
                    client.state = HOLD;
                }
                case RELEASE ->
                {
                    counts[(LockResult.OK == status ? Count.RELEASES : Count.RELEASES_REFUSED).ordinal()]++;
                    client.state = client.nextHolder ? DONE : IDLE;
                }
                case STALE_WRITE ->
                {
                    paused.staleWriteStatus = status;
                    paused.staleWriteStatusKnown = 1;
                    // awake again: its session is gone, so it starts over with a new one; its attempts are due
                    // from now, not from before the pause (the pause is the test's, not the service's latency)
                    client.nextAttemptNs = Math.max(client.nextAttemptNs, completedNs);
                    client.sessionId = 0;
                    client.sessionLost = false;
                    client.state = OPEN;
                }
                default ->
                {
                }
            }
        }

        private void onAcquireAnswered(
            final Client client, final byte status, final long completedNs, final byte[] result, final int offset)
        {
            switch (status)
            {
                case LockResult.GRANTED, LockResult.HELD ->
                {
                    client.token = LockResult.token(result, offset);
                    if (!client.nextHolder && measured(client.attemptNs))
                    {
                        counts[Count.GRANTS.ordinal()]++;
                        acquire.recordValue(Math.max(1, completedNs - client.attemptNs));
                        final long releasedNs = releaseSentNs.get(client.lockIndex);
                        if (client.queued && releasedNs > client.queuedAtNs)
                        {
                            handOff.recordValue(Math.max(1, completedNs - releasedNs));
                        }
                    }
                    client.holdUntilNs = completedNs + holdNs();
                    client.state = WRITE;
                }
                case LockResult.QUEUED ->
                {
                    if (!client.queued)
                    {
                        client.queued = true;
                        client.queuedAtNs = client.opSentNs;
                    }
                    else
                    {
                        counts[Count.ACQUIRE_POLLS.ordinal()]++;
                    }
                }
                case LockResult.BUSY ->
                {
                    counts[Count.BUSY.ordinal()]++;
                    client.state = IDLE;
                }
                default ->
                {
                    counts[Count.ERRORS.ordinal()]++;
                    client.state = IDLE;
                }
            }
        }
    }
}
