package io.quorumbench.api.lock;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;

import java.util.concurrent.locks.LockSupport;

/**
 * A lock service client over any implementation's own {@link ClientSession} (the tuned ring-buffer
 * or Aeron UDP session, the baseline's TCP worker pool): one lock service session with its lease
 * kept alive, blocking {@link #acquire}, {@link #tryAcquire}, {@link #release} and
 * {@link #writeFenced} to the fenced resource. Each call is one replicated command (or, for a
 * queued acquire, several); leader discovery and resends are the {@link ClientSession}'s.
 *
 * <p><b>How a waiter learns of its grant: by polling.</b> The hosts answer each command once and
 * have no path to push a later event to a client, so a queued {@link #acquire} re-sends its Acquire
 * back to back (one in flight) until the state machine answers {@code HELD} with the token (the
 * state machine answers a queued session's repeated Acquire with {@code QUEUED}, never queueing it
 * twice). A hand-off is therefore seen one to two commit round trips after the release commits,
 * and a queued waiter adds one Acquire per round trip to the log.
 *
 * <p><b>Keep-alives</b> are sent from the owner's calls: every call (and {@link #keepAliveIfDue},
 * which an owner that holds a lock without calling must call) sends a KeepAlive first when the
 * last one is older than the keep-alive interval. An owner that stops calling stops keeping its
 * session alive, exactly like a paused process: after the lease its session expires, its locks go
 * to the next waiter after the lock-delay, and its old token is refused by the fenced resource.
 *
 * <p><b>Threading</b>: the thread that owns the {@link ClientSession}; not thread-safe.
 */
public final class LockClient implements AutoCloseable
{
    private static final int SPINS_BEFORE_PARK = 1_000;
    private static final long PARK_NS = 20_000;

    private final ClientSession session;
    private final long leaseNs;
    private final long keepAliveIntervalNs;
    private final long callTimeoutNs;
    private final byte[] result = new byte[LockResult.LENGTH];
    private final CompletionHandler handler = this::onComplete;
    private long nextRequestId;
    private long awaitedRequestId;
    private int outcome;
    private boolean answered;
    private long sessionId;
    private long lastKeepAliveNs;
    private long keepAlives;
    private long acquirePolls;

    /**
     * @param session             the implementation's session, owned by the calling thread.
     * @param leaseNs             lease asked for at {@link #openSession()}.
     * @param keepAliveIntervalNs how often a KeepAlive is sent while the owner calls (well under the lease).
     * @param callTimeoutNs       how long one command may take before {@link LockServiceException} (outcome unknown).
     */
    public LockClient(final ClientSession session, final long leaseNs, final long keepAliveIntervalNs, final long callTimeoutNs)
    {
        if (leaseNs <= 0 || keepAliveIntervalNs <= 0 || keepAliveIntervalNs >= leaseNs || callTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("need 0 < keepAliveIntervalNs < leaseNs and callTimeoutNs > 0, got " +
                keepAliveIntervalNs + ", " + leaseNs + ", " + callTimeoutNs);
        }
        this.session = session;
        this.leaseNs = leaseNs;
        this.keepAliveIntervalNs = keepAliveIntervalNs;
        this.callTimeoutNs = callTimeoutNs;
    }

    /**
     * Open the lock service session.
     *
     * @return the session id.
     * @throws LockServiceException if the service refused it or the outcome is unknown.
     */
    public long openSession()
    {
        final byte status = call(LockCommand.openSession(leaseNs));
        if (LockResult.OK != status)
        {
            throw new LockServiceException("OpenSession", status);
        }
        sessionId = LockResult.sessionId(result, 0);
        lastKeepAliveNs = System.nanoTime();
        return sessionId;
    }

    /**
     * @return the open session's id, 0 before {@link #openSession()}.
     */
    public long sessionId()
    {
        return sessionId;
    }

    /**
     * Send a KeepAlive if the last one is older than the keep-alive interval.
     *
     * @return whether one was sent.
     * @throws LockServiceException if the session is gone (expired, unknown) or the outcome is unknown.
     */
    public boolean keepAliveIfDue()
    {
        requireSession();
        if (System.nanoTime() - lastKeepAliveNs < keepAliveIntervalNs)
        {
            return false;
        }
        final byte status = call(LockCommand.keepAlive(sessionId));
        if (LockResult.OK != status)
        {
            throw new LockServiceException("KeepAlive", status);
        }
        lastKeepAliveNs = System.nanoTime();
        keepAlives++;
        return true;
    }

    /**
     * Take a lock, waiting in its FIFO queue up to {@code timeoutNs}.
     *
     * @param lock      the lock name.
     * @param timeoutNs how long to wait, &gt; 0.
     * @return the fencing token, or 0 if not granted within the timeout.
     * @throws LockServiceException if the service answered an error (session gone, name too long) or
     *                              the outcome is unknown.
     */
    public long acquire(final byte[] lock, final long timeoutNs)
    {
        if (timeoutNs <= 0)
        {
            throw new IllegalArgumentException("timeoutNs must be > 0, got " + timeoutNs + " (tryAcquire does not wait)");
        }
        requireSession();
        final long deadlineNs = System.nanoTime() + timeoutNs;
        long remainingNs = timeoutNs;
        while (true)
        {
            keepAliveIfDue();
            final byte status = call(LockCommand.acquire(sessionId, lock, remainingNs, false));
            switch (status)
            {
                case LockResult.GRANTED, LockResult.HELD ->
                {
                    return LockResult.token(result, 0);
                }
                case LockResult.QUEUED ->
                {
                    remainingNs = deadlineNs - System.nanoTime();
                    if (remainingNs <= 0)
                    {
                        // the state machine drops the waiter at its own (log-time) deadline
                        return 0;
                    }
                    acquirePolls++;
                }
                default -> throw new LockServiceException("Acquire", status);
            }
        }
    }

    /**
     * Take a lock if it is free now.
     *
     * @param lock the lock name.
     * @return the fencing token, or 0 if the lock is held, has waiters or is in lock-delay.
     * @throws LockServiceException if the service answered an error or the outcome is unknown.
     */
    public long tryAcquire(final byte[] lock)
    {
        requireSession();
        keepAliveIfDue();
        final byte status = call(LockCommand.acquire(sessionId, lock, 0, true));
        return switch (status)
        {
            case LockResult.GRANTED, LockResult.HELD -> LockResult.token(result, 0);
            case LockResult.BUSY -> 0;
            default -> throw new LockServiceException("TryAcquire", status);
        };
    }

    /**
     * Release a lock held with a token.
     *
     * @param lock  the lock name.
     * @param token the grant's token.
     * @return the status: {@link LockResult#OK}, or why not ({@code NOT_HOLDER}, {@code STALE_TOKEN},
     *         {@code UNKNOWN_SESSION}, {@code NAME_TOO_LONG}).
     * @throws LockServiceException if the outcome is unknown.
     */
    public byte release(final byte[] lock, final long token)
    {
        requireSession();
        return call(LockCommand.release(sessionId, lock, token));
    }

    /**
     * Write a key of the fenced resource guarded by a lock's token.
     *
     * @param lock  the lock guarding the key.
     * @param token the writer's token.
     * @param key   the key.
     * @param value the value.
     * @return {@link LockResult#OK} if accepted, {@link LockResult#STALE_TOKEN} if a newer token was
     *         seen for the lock, or another error status.
     * @throws LockServiceException if the outcome is unknown.
     */
    public byte writeFenced(final byte[] lock, final long token, final byte[] key, final byte[] value)
    {
        return call(LockCommand.fencedWrite(lock, token, key, value));
    }

    /**
     * @return KeepAlives this client sent.
     */
    public long keepAlives()
    {
        return keepAlives;
    }

    /**
     * @return Acquires re-sent while queued (the polls a pushed grant would have saved).
     */
    public long acquirePolls()
    {
        return acquirePolls;
    }

    /**
     * Close the lock service session (its locks are released at once, without lock-delay); the
     * {@link ClientSession} stays the caller's. A failure to close is left to the lease.
     */
    @Override
    public void close()
    {
        if (0 != sessionId)
        {
            try
            {
                call(LockCommand.closeSession(sessionId));
            }
            catch (final LockServiceException ignore)
            {
                // the lease ends the session instead
            }
            sessionId = 0;
        }
    }

    private void requireSession()
    {
        if (0 == sessionId)
        {
            throw new IllegalStateException("no lock service session: call openSession() first");
        }
    }

    private byte call(final byte[] command)
    {
        final long requestId = ++nextRequestId;
        awaitedRequestId = requestId;
        answered = false;
        final long startNs = System.nanoTime();
        int idle = 0;
        while (!session.trySend(requestId, command, 0, command.length))
        {
            session.poll(handler, 16);
            idle = backOff(startNs, idle, "send");
        }
        idle = 0;
        while (!answered)
        {
            if (0 == session.poll(handler, 16))
            {
                idle = backOff(startNs, idle, "answer");
            }
        }
        if (CompletionHandler.OK != outcome)
        {
            throw new LockServiceException(CompletionHandler.FAILED == outcome ?
                "command " + LockCommand.op(command, 0) + " was rejected" :
                "outcome of command " + LockCommand.op(command, 0) + " unknown");
        }
        return LockResult.status(result, 0);
    }

    private int backOff(final long startNs, final int idle, final String waitingFor)
    {
        if (System.nanoTime() - startNs > callTimeoutNs)
        {
            throw new LockServiceException("no " + waitingFor + " within " + callTimeoutNs / 1_000_000 + " ms");
        }
        if (idle < SPINS_BEFORE_PARK)
        {
            Thread.onSpinWait();
        }
        else
        {
            LockSupport.parkNanos(PARK_NS);
        }
        return idle + 1;
    }

    private void onComplete(
        final long requestId, final int outcome, final long completedNs, final byte[] buffer, final int offset, final int length)
    {
        if (requestId != awaitedRequestId)
        {
            return; // a late answer to a call that already gave up
        }
        this.outcome = outcome;
        if (CompletionHandler.OK == outcome)
        {
            if (length < LockResult.LENGTH)
            {
                this.outcome = CompletionHandler.FAILED;
            }
            else
            {
                System.arraycopy(buffer, offset, result, 0, LockResult.LENGTH);
            }
        }
        answered = true;
    }
}
