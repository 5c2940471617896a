package io.quorumbench.baseline.lock;

import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.lock.LockCommand;
import io.quorumbench.api.lock.LockEvents;
import io.quorumbench.api.lock.LockResult;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.api.lock.LockStateDigest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Chubby-style lock service as a replicated state machine, written the way ordinary Java is:
 * {@link HashMap}s of session and lock objects, an {@link ArrayDeque} of waiters per lock. The
 * reference the tuned implementation is checked against, command by command.
 *
 * <p><b>Semantics</b> (results in {@link LockResult}, layout in {@link LockCommand}):
 * <ul>
 *   <li><b>Time</b> is the log's: every command carries the leader's clock and term
 *       ({@link LockCommand#stamp}); the state machine's clock is the largest stamp applied so far,
 *       so it never runs backwards and no replica reads its own clock.</li>
 *   <li><b>Sessions</b> have a lease; a KeepAlive renews it and bumps the session's version. Once
 *       the lease has run out in log time, the session can do nothing but expire: the leader
 *       proposes ExpireSession with the version it saw, and a keep-alive that won the race makes it
 *       a no-op ({@link LockResult#NOT_DUE}). Expiry releases the session's locks into lock-delay
 *       and drops its waits; a clean close releases them at once.</li>
 *   <li><b>Leader grace</b>: the first command stamped with a higher term extends every live lease
 *       to at least that command's time plus {@link LockServiceConfig#leaderGraceNs()}, once per
 *       keep-alive: a client that sends none gets one extension, so leader changes in a row cannot
 *       keep a dead holder's session alive. The term is in the log, so every replica extends the
 *       same leases at the same index.</li>
 *   <li><b>Locks</b> are exclusive, granted in FIFO order to queued waiters; a waiter gives up at
 *       its deadline; a waiter whose lease has run out by its turn is skipped.</li>
 *   <li><b>Fencing tokens</b>: a grant at log index {@code i} gets token
 *       {@code max(i << 8, previous token of the lock + 1)}: strictly increasing per lock, also
 *       across the lock's entry being dropped while unused, and when one entry grants a lock twice
 *       (a waiter's turn comes, then the same command hands it on).</li>
 *   <li><b>The fenced resource</b>: a KV map that accepts a write only with a token at least the
 *       highest it has seen for the lock.</li>
 * </ul>
 * Waiter deadlines and lock-delay ends take effect at the first command applied at or after them
 * (the leader proposes Tick commands so that one comes).
 *
 * <p><b>Threading</b>: the node's thread only; {@code synchronized} accessors let tests read it.
 */
public final class BaselineLockStateMachine implements StateMachine
{
    private static final int TOKEN_SHIFT = 8;

    private final LockServiceConfig config;
    private final LockEvents events;
    private final Map<Long, Session> sessions = new HashMap<>();
    private final Map<String, Lock> locks = new HashMap<>();
    private final Map<String, Long> highestTokens = new HashMap<>();
    private final Map<String, byte[]> values = new HashMap<>();
    private final long[] statusCounts = new long[LockResult.INVALID + 1];
    private long nowNs;
    private long term;
    private long nextTimerNs = Long.MAX_VALUE;
    private long logIndex;

    /** A session: its lease and what it holds and waits for. */
    private static final class Session
    {
        final long id;
        final long leaseNs;
        long leaseEndNs;
        long version;
        boolean graceUsed;
        final Set<String> held = new LinkedHashSet<>();
        final Set<String> waiting = new LinkedHashSet<>();

        Session(final long id, final long leaseNs)
        {
            this.id = id;
            this.leaseNs = leaseNs;
        }
    }

    /** A queued acquire. */
    private record Waiter(long sessionId, long deadlineNs)
    {
    }

    /** A lock: holder, token, lock-delay and waiters. */
    private static final class Lock
    {
        final byte[] name;
        long holder;
        long token;
        long delayUntilNs;
        final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

        Lock(final byte[] name)
        {
            this.name = name;
        }
    }

    /**
     * A lock service with the given settings and no listener.
     *
     * @param config the settings.
     */
    public BaselineLockStateMachine(final LockServiceConfig config)
    {
        this(config, LockEvents.NONE);
    }

    /**
     * A lock service with the given settings reporting what it decides.
     *
     * @param config the settings.
     * @param events the listener.
     */
    public BaselineLockStateMachine(final LockServiceConfig config, final LockEvents events)
    {
        this.config = config;
        this.events = events;
    }

    /** {@inheritDoc} */
    @Override
    public synchronized int apply(
        final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
    {
        this.logIndex = logIndex;
        if (!LockCommand.isWellFormed(command, offset, length))
        {
            return answer(result, LockResult.INVALID, 0, 0, 0, 0);
        }
        advance(LockCommand.timeNs(command, offset), LockCommand.term(command, offset));
        final long sessionId = LockCommand.sessionId(command, offset);
        final long argument = LockCommand.argument(command, offset);
        switch (LockCommand.op(command, offset))
        {
            case LockCommand.OP_OPEN_SESSION:
                return onOpenSession(argument, result);
            case LockCommand.OP_KEEP_ALIVE:
                return onKeepAlive(sessionId, result);
            case LockCommand.OP_EXPIRE_SESSION:
                return onExpireSession(sessionId, argument, result);
            case LockCommand.OP_CLOSE_SESSION:
                return onCloseSession(sessionId, result);
            case LockCommand.OP_ACQUIRE:
                return onAcquire(sessionId, command, offset, argument, LockCommand.tryOnly(command, offset), result);
            case LockCommand.OP_RELEASE:
                return onRelease(sessionId, command, offset, argument, result);
            case LockCommand.OP_FENCED_WRITE:
                return onFencedWrite(command, offset, argument, result);
            default:
                return answer(result, LockResult.OK, 0, 0, 0, 0);
        }
    }

    /** {@inheritDoc} */
    @Override
    public int maxResultLength()
    {
        return LockResult.LENGTH;
    }

    private void advance(final long stampNs, final long stampTerm)
    {
        nowNs = Math.max(nowNs, stampNs);
        if (stampTerm > term)
        {
            term = stampTerm;
            final long graceEndNs = nowNs + config.leaderGraceNs();
            for (final Session session : sessions.values())
            {
                if (session.leaseEndNs > nowNs && !session.graceUsed && graceEndNs > session.leaseEndNs)
                {
                    session.leaseEndNs = graceEndNs;
                    session.graceUsed = true;
                }
            }
        }
        if (nowNs >= nextTimerNs)
        {
            onTimers();
        }
    }

    /** Waiters past their deadline leave; locks whose lock-delay ended go to their next waiter. */
    private void onTimers()
    {
        long next = Long.MAX_VALUE;
        final Iterator<Lock> it = locks.values().iterator();
        while (it.hasNext())
        {
            final Lock lock = it.next();
            final Iterator<Waiter> waiters = lock.waiters.iterator();
            while (waiters.hasNext())
            {
                final Waiter waiter = waiters.next();
                if (nowNs >= waiter.deadlineNs)
                {
                    waiters.remove();
                    sessions.get(waiter.sessionId).waiting.remove(key(lock.name));
                    events.onWaiterRemoved(logIndex, nowNs, lock.name, 0, lock.name.length, waiter.sessionId,
                        LockEvents.WAIT_TIMED_OUT);
                }
            }
            if (0 == lock.holder && nowNs >= lock.delayUntilNs)
            {
                grantNext(lock);
            }
            if (isUnused(lock))
            {
                it.remove();
                continue;
            }
            next = Math.min(next, timerOf(lock));
        }
        nextTimerNs = next;
    }

    private long timerOf(final Lock lock)
    {
        long next = Long.MAX_VALUE;
        for (final Waiter waiter : lock.waiters)
        {
            next = Math.min(next, waiter.deadlineNs);
        }
        if (!lock.waiters.isEmpty() && 0 == lock.holder && lock.delayUntilNs > nowNs)
        {
            next = Math.min(next, lock.delayUntilNs);
        }
        return next;
    }

    private boolean isUnused(final Lock lock)
    {
        return 0 == lock.holder && lock.waiters.isEmpty() && nowNs >= lock.delayUntilNs;
    }

    private int onOpenSession(final long leaseNs, final byte[] result)
    {
        if (leaseNs <= 0)
        {
            return answer(result, LockResult.INVALID, 0, 0, 0, 0);
        }
        final Session session = new Session(logIndex, leaseNs);
        session.leaseEndNs = nowNs + leaseNs;
        session.version = 1;
        sessions.put(session.id, session);
        events.onSessionOpened(logIndex, nowNs, session.id, session.leaseEndNs);
        return answer(result, LockResult.OK, session.id, 0, session.leaseEndNs, session.version);
    }

    private int onKeepAlive(final long sessionId, final byte[] result)
    {
        final Session session = sessions.get(sessionId);
        if (null == session)
        {
            return answer(result, LockResult.UNKNOWN_SESSION, sessionId, 0, 0, 0);
        }
        if (nowNs >= session.leaseEndNs)
        {
            return answer(result, LockResult.EXPIRED, sessionId, 0, session.leaseEndNs, session.version);
        }
        session.leaseEndNs = nowNs + session.leaseNs;
        session.version++;
        session.graceUsed = false;
        return answer(result, LockResult.OK, sessionId, 0, session.leaseEndNs, session.version);
    }

    private int onExpireSession(final long sessionId, final long version, final byte[] result)
    {
        final Session session = sessions.get(sessionId);
        if (null == session)
        {
            return answer(result, LockResult.UNKNOWN_SESSION, sessionId, 0, 0, 0);
        }
        if (version != session.version || nowNs < session.leaseEndNs)
        {
            return answer(result, LockResult.NOT_DUE, sessionId, 0, session.leaseEndNs, session.version);
        }
        endSession(session, LockEvents.EXPIRED);
        return answer(result, LockResult.OK, sessionId, 0, session.leaseEndNs, session.version);
    }

    private int onCloseSession(final long sessionId, final byte[] result)
    {
        final Session session = sessions.get(sessionId);
        if (null == session)
        {
            return answer(result, LockResult.UNKNOWN_SESSION, sessionId, 0, 0, 0);
        }
        if (nowNs >= session.leaseEndNs)
        {
            // its holder may already be presumed dead by others: only expiry, with lock-delay, ends it
            return answer(result, LockResult.EXPIRED, sessionId, 0, session.leaseEndNs, session.version);
        }
        endSession(session, LockEvents.CLOSED);
        return answer(result, LockResult.OK, sessionId, 0, 0, session.version);
    }

    private void endSession(final Session session, final byte cause)
    {
        sessions.remove(session.id);
        for (final String name : session.waiting)
        {
            final Lock lock = locks.get(name);
            lock.waiters.removeIf(waiter -> waiter.sessionId == session.id);
            events.onWaiterRemoved(logIndex, nowNs, lock.name, 0, lock.name.length, session.id, LockEvents.SESSION_ENDED);
            dropIfUnused(lock);
        }
        for (final String name : session.held)
        {
            final Lock lock = locks.get(name);
            final long token = lock.token;
            lock.holder = 0;
            if (LockEvents.EXPIRED == cause && config.lockDelayNs() > 0)
            {
                lock.delayUntilNs = nowNs + config.lockDelayNs();
                events.onReleased(logIndex, nowNs, lock.name, 0, lock.name.length, session.id, token, cause,
                    lock.delayUntilNs);
                if (!lock.waiters.isEmpty())
                {
                    nextTimerNs = Math.min(nextTimerNs, lock.delayUntilNs);
                }
            }
            else
            {
                events.onReleased(logIndex, nowNs, lock.name, 0, lock.name.length, session.id, token, cause, 0);
                grantNext(lock);
            }
            dropIfUnused(lock);
        }
        events.onSessionEnded(logIndex, nowNs, session.id, cause);
    }

    private int onAcquire(
        final long sessionId, final byte[] command, final int offset, final long timeoutNs, final boolean tryOnly,
        final byte[] result)
    {
        final int nameLength = LockCommand.lockLength(command, offset);
        if (nameLength > config.maxNameLength())
        {
            return answer(result, LockResult.NAME_TOO_LONG, sessionId, 0, 0, 0);
        }
        if (0 == nameLength || timeoutNs < 0)
        {
            return answer(result, LockResult.INVALID, sessionId, 0, 0, 0);
        }
        final Session session = sessions.get(sessionId);
        if (null == session)
        {
            return answer(result, LockResult.UNKNOWN_SESSION, sessionId, 0, 0, 0);
        }
        if (nowNs >= session.leaseEndNs)
        {
            return answer(result, LockResult.EXPIRED, sessionId, 0, session.leaseEndNs, session.version);
        }
        final String key = key(command, LockCommand.lockOffset(offset), nameLength);
        Lock lock = locks.get(key);
        if (null == lock)
        {
            final int nameOffset = LockCommand.lockOffset(offset);
            lock = new Lock(Arrays.copyOfRange(command, nameOffset, nameOffset + nameLength));
            locks.put(key, lock);
        }
        if (lock.holder == sessionId)
        {
            return answer(result, LockResult.HELD, sessionId, lock.token, 0, 0);
        }
        for (final Waiter waiter : lock.waiters)
        {
            if (waiter.sessionId == sessionId)
            {
                return answer(result, LockResult.QUEUED, sessionId, 0, waiter.deadlineNs, 0);
            }
        }
        if (0 == lock.holder && lock.waiters.isEmpty() && nowNs >= lock.delayUntilNs)
        {
            grant(lock, session);
            return answer(result, LockResult.GRANTED, sessionId, lock.token, 0, 0);
        }
        if (tryOnly || 0 == timeoutNs)
        {
            dropIfUnused(lock);
            return answer(result, LockResult.BUSY, sessionId, 0, 0, 0);
        }
        final long deadlineNs = saturatedAdd(nowNs, timeoutNs);
        lock.waiters.addLast(new Waiter(sessionId, deadlineNs));
        session.waiting.add(key);
        nextTimerNs = Math.min(nextTimerNs, Math.min(deadlineNs, 0 == lock.holder ? lock.delayUntilNs : Long.MAX_VALUE));
        events.onQueued(logIndex, nowNs, lock.name, 0, lock.name.length, sessionId, deadlineNs);
        return answer(result, LockResult.QUEUED, sessionId, 0, deadlineNs, 0);
    }

    private int onRelease(
        final long sessionId, final byte[] command, final int offset, final long token, final byte[] result)
    {
        final int nameLength = LockCommand.lockLength(command, offset);
        if (nameLength > config.maxNameLength())
        {
            return answer(result, LockResult.NAME_TOO_LONG, sessionId, 0, 0, 0);
        }
        final Session session = sessions.get(sessionId);
        if (null == session)
        {
            return answer(result, LockResult.UNKNOWN_SESSION, sessionId, 0, 0, 0);
        }
        final Lock lock = locks.get(key(command, LockCommand.lockOffset(offset), nameLength));
        if (null == lock || lock.holder != sessionId)
        {
            return answer(result, LockResult.NOT_HOLDER, sessionId, 0, 0, 0);
        }
        if (token != lock.token)
        {
            return answer(result, LockResult.STALE_TOKEN, sessionId, lock.token, 0, 0);
        }
        lock.holder = 0;
        session.held.remove(key(lock.name));
        events.onReleased(logIndex, nowNs, lock.name, 0, lock.name.length, sessionId, token, LockEvents.RELEASED, 0);
        grantNext(lock);
        dropIfUnused(lock);
        return answer(result, LockResult.OK, sessionId, token, 0, 0);
    }

    private int onFencedWrite(final byte[] command, final int offset, final long token, final byte[] result)
    {
        final int nameLength = LockCommand.lockLength(command, offset);
        final int keyLength = LockCommand.keyLength(command, offset);
        if (nameLength > config.maxNameLength() || keyLength > config.maxNameLength())
        {
            return answer(result, LockResult.NAME_TOO_LONG, 0, 0, 0, 0);
        }
        final int valueLength = LockCommand.valueLength(command, offset);
        if (0 == nameLength || token <= 0 || valueLength > config.maxValueLength())
        {
            return answer(result, LockResult.INVALID, 0, 0, 0, 0);
        }
        final int nameOffset = LockCommand.lockOffset(offset);
        final String lockKey = key(command, nameOffset, nameLength);
        final Long highest = highestTokens.get(lockKey);
        if (null != highest && token < highest)
        {
            events.onFencedWrite(logIndex, nowNs, command, nameOffset, nameLength, token, false);
            return answer(result, LockResult.STALE_TOKEN, 0, highest, 0, 0);
        }
        highestTokens.put(lockKey, token);
        final int keyOffset = LockCommand.keyOffset(command, offset);
        final int valueOffset = LockCommand.valueOffset(command, offset);
        values.put(key(command, keyOffset, keyLength), Arrays.copyOfRange(command, valueOffset, valueOffset + valueLength));
        events.onFencedWrite(logIndex, nowNs, command, nameOffset, nameLength, token, true);
        return answer(result, LockResult.OK, 0, token, 0, 0);
    }

    /** Hand a free lock to its first waiter whose wait and lease still run. */
    private void grantNext(final Lock lock)
    {
        while (!lock.waiters.isEmpty())
        {
            final Waiter waiter = lock.waiters.pollFirst();
            final Session session = sessions.get(waiter.sessionId);
            session.waiting.remove(key(lock.name));
            if (nowNs >= waiter.deadlineNs)
            {
                events.onWaiterRemoved(logIndex, nowNs, lock.name, 0, lock.name.length, waiter.sessionId,
                    LockEvents.WAIT_TIMED_OUT);
            }
            else if (nowNs >= session.leaseEndNs)
            {
                events.onWaiterRemoved(logIndex, nowNs, lock.name, 0, lock.name.length, waiter.sessionId,
                    LockEvents.LEASE_RAN_OUT);
            }
            else
            {
                grant(lock, session);
                return;
            }
        }
    }

    private void grant(final Lock lock, final Session session)
    {
        lock.holder = session.id;
        lock.token = Math.max(logIndex << TOKEN_SHIFT, lock.token + 1);
        lock.delayUntilNs = 0;
        session.held.add(key(lock.name));
        events.onGranted(logIndex, nowNs, lock.name, 0, lock.name.length, session.id, lock.token);
    }

    private void dropIfUnused(final Lock lock)
    {
        if (isUnused(lock))
        {
            locks.remove(key(lock.name));
        }
    }

    private int answer(
        final byte[] result, final byte status, final long sessionId, final long token, final long deadlineNs,
        final long version)
    {
        statusCounts[status]++;
        return LockResult.encode(result, status, sessionId, token, deadlineNs, version, nowNs);
    }

    private static long saturatedAdd(final long a, final long b)
    {
        final long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }

    private static String key(final byte[] bytes, final int offset, final int length)
    {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static String key(final byte[] name)
    {
        return key(name, 0, name.length);
    }

    /**
     * Results of a status so far (errors included: "counted").
     *
     * @param status a {@link LockResult} status.
     * @return the count.
     */
    public synchronized long count(final byte status)
    {
        return statusCounts[status];
    }

    /**
     * The log time: the largest stamp applied.
     *
     * @return the time in ns.
     */
    public synchronized long nowNs()
    {
        return nowNs;
    }

    /**
     * The holder of a lock.
     *
     * @param lock the lock name.
     * @return the holding session, or 0.
     */
    public synchronized long holder(final byte[] lock)
    {
        final Lock entry = locks.get(key(lock));
        return null == entry ? 0 : entry.holder;
    }

    /**
     * A copy of a fenced-resource value.
     *
     * @param key the key.
     * @return the value, or {@code null}.
     */
    public synchronized byte[] value(final byte[] key)
    {
        final byte[] value = values.get(key(key));
        return null == value ? null : value.clone();
    }

    /**
     * A digest of the whole replicated state in a canonical order ({@link LockStateDigest}): equal
     * for equal states, in any JVM and in either implementation.
     *
     * @return the digest.
     */
    public synchronized long stateDigest()
    {
        final LockStateDigest digest = new LockStateDigest();
        digest.mix(nowNs).mix(term);
        final List<Session> sortedSessions = new ArrayList<>(sessions.values());
        sortedSessions.sort((a, b) -> Long.compare(a.id, b.id));
        digest.mix(sortedSessions.size());
        for (final Session session : sortedSessions)
        {
            digest.mix(session.id).mix(session.leaseNs).mix(session.leaseEndNs).mix(session.version)
                .mix(session.graceUsed ? 1 : 0);
        }
        final List<Lock> sortedLocks = new ArrayList<>();
        for (final Lock lock : locks.values())
        {
            if (!isUnused(lock))
            {
                sortedLocks.add(lock);
            }
        }
        sortedLocks.sort((a, b) -> Arrays.compareUnsigned(a.name, b.name));
        digest.mix(sortedLocks.size());
        for (final Lock lock : sortedLocks)
        {
            digest.mix(lock.name).mix(lock.holder).mix(0 == lock.holder ? 0 : lock.token).mix(lock.delayUntilNs)
                .mix(lock.waiters.size());
            for (final Waiter waiter : lock.waiters)
            {
                digest.mix(waiter.sessionId).mix(waiter.deadlineNs);
            }
        }
        final List<String> tokenKeys = new ArrayList<>(highestTokens.keySet());
        tokenKeys.sort(null);
        digest.mix(tokenKeys.size());
        for (final String key : tokenKeys)
        {
            digest.mix(key.getBytes(StandardCharsets.ISO_8859_1)).mix(highestTokens.get(key));
        }
        final List<String> valueKeys = new ArrayList<>(values.keySet());
        valueKeys.sort(null);
        digest.mix(valueKeys.size());
        for (final String key : valueKeys)
        {
            digest.mix(key.getBytes(StandardCharsets.ISO_8859_1)).mix(values.get(key));
        }
        return digest.value();
    }
}
