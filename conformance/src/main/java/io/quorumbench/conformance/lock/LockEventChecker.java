package io.quorumbench.conformance.lock;

import io.quorumbench.api.lock.LockEvents;
import io.quorumbench.api.results.CheckVerdict;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges a lock service by what its log decided: fed the {@link LockEvents} a state machine reports
 * while applying the log (or a hand-made history of them), it checks, per lock,
 * <ol>
 *   <li><b>mutual exclusion</b>: grant intervals never overlap (a grant only while nobody holds the
 *       lock; a release or expiry only by the holder with its token);</li>
 *   <li><b>fencing tokens strictly increase</b> from grant to grant;</li>
 *   <li><b>lock-delay</b>: no grant within {@code lockDelayNs} of an expiry that released the lock;</li>
 *   <li><b>FIFO</b>: while sessions are queued, the lock goes to the first of them (no barging, no
 *       overtaking); a waiter leaves early only at its deadline or when its session ends;</li>
 *   <li><b>expiry and close release everything</b>: a session that ends holds and waits for nothing,
 *       and is never granted anything afterwards;</li>
 *   <li><b>the fenced resource</b> never accepts a write with a token older than one it accepted for
 *       the lock, nor one that was never granted for it, and never rejects a current one;</li>
 * </ol>
 * and that log time never runs backwards. Violations are collected, not thrown; the
 * {@link #verdict()} is never a silent pass: a history with no grant is {@link CheckVerdict#INCONCLUSIVE}.
 *
 * <p>Not thread-safe: one per applying state machine.
 */
public final class LockEventChecker implements LockEvents
{
    private final long lockDelayNs;
    private final Map<String, LockState> locks = new HashMap<>();
    private final Set<Long> endedSessions = new HashSet<>();
    private final Map<Long, Set<String>> holdings = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private long lastTimeNs = Long.MIN_VALUE;
    private long grants;
    private long fencedWrites;

    /** What the checker believes of one lock. */
    private static final class LockState
    {
        long holder;
        long token;
        long lastToken = Long.MIN_VALUE;
        long delayUntilNs = Long.MIN_VALUE;
        long highestWrittenToken = Long.MIN_VALUE;
        final Set<Long> grantedTokens = new HashSet<>();
        final ArrayDeque<long[]> waiters = new ArrayDeque<>();
    }

    /**
     * A checker for a service configured with the given lock-delay.
     *
     * @param lockDelayNs the service's lock-delay; grants within it of an expiry are violations.
     */
    public LockEventChecker(final long lockDelayNs)
    {
        this.lockDelayNs = lockDelayNs;
    }

    /**
     * Violations found so far, each naming the log index, the lock and what was wrong.
     *
     * @return the violations, empty if none.
     */
    public List<String> violations()
    {
        return violations;
    }

    /**
     * Grants seen so far.
     *
     * @return the count.
     */
    public long grants()
    {
        return grants;
    }

    /**
     * Locks held now with sessions queued for them.
     *
     * @return the count.
     */
    public int heldWithWaiters()
    {
        int count = 0;
        for (final LockState state : locks.values())
        {
            if (0 != state.holder && !state.waiters.isEmpty())
            {
                count++;
            }
        }
        return count;
    }

    /**
     * Fenced writes seen so far, accepted or not.
     *
     * @return the count.
     */
    public long fencedWrites()
    {
        return fencedWrites;
    }

    /**
     * The verdict: {@link CheckVerdict#FAIL} if anything was violated, {@link CheckVerdict#INCONCLUSIVE}
     * if no lock was ever granted (nothing was really checked), else {@link CheckVerdict#PASS}.
     *
     * @return the verdict.
     */
    public CheckVerdict verdict()
    {
        if (!violations.isEmpty())
        {
            return CheckVerdict.FAIL;
        }
        return 0 == grants ? CheckVerdict.INCONCLUSIVE : CheckVerdict.PASS;
    }

    private void violation(final long logIndex, final String lock, final String what)
    {
        violations.add("index " + logIndex + (null == lock ? "" : " lock '" + lock + "'") + ": " + what);
    }

    private void onTime(final long logIndex, final long timeNs)
    {
        if (timeNs < lastTimeNs)
        {
            violation(logIndex, null, "log time ran backwards from " + lastTimeNs + " to " + timeNs + " ns");
        }
        lastTimeNs = Math.max(lastTimeNs, timeNs);
    }

    private LockState lock(final String name)
    {
        return locks.computeIfAbsent(name, ignored -> new LockState());
    }

    private static String name(final byte[] lock, final int offset, final int length)
    {
        return new String(lock, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static long[] find(final LockState state, final long sessionId)
    {
        for (final long[] waiter : state.waiters)
        {
            if (waiter[0] == sessionId)
            {
                return waiter;
            }
        }
        return null;
    }

    /** {@inheritDoc} */
    @Override
    public void onSessionOpened(final long logIndex, final long timeNs, final long sessionId, final long leaseEndNs)
    {
        onTime(logIndex, timeNs);
        if (endedSessions.contains(sessionId) || holdings.containsKey(sessionId))
        {
            violation(logIndex, null, "session " + sessionId + " opened twice");
        }
        holdings.put(sessionId, new HashSet<>());
    }

    /** {@inheritDoc} */
    @Override
    public void onSessionEnded(final long logIndex, final long timeNs, final long sessionId, final byte cause)
    {
        onTime(logIndex, timeNs);
        final Set<String> held = holdings.remove(sessionId);
        if (null != held && !held.isEmpty())
        {
            violation(logIndex, null, "session " + sessionId + " ended (cause " + cause + ") still holding " + held);
        }
        for (final Map.Entry<String, LockState> entry : locks.entrySet())
        {
            if (null != find(entry.getValue(), sessionId))
            {
                violation(logIndex, entry.getKey(), "session " + sessionId + " ended still queued");
            }
        }
        endedSessions.add(sessionId);
    }

    /** {@inheritDoc} */
    @Override
    public void onGranted(
        final long logIndex, final long timeNs, final byte[] lock, final int lockOffset, final int lockLength,
        final long sessionId, final long token)
    {
        onTime(logIndex, timeNs);
        grants++;
        final String name = name(lock, lockOffset, lockLength);
        final LockState state = lock(name);
        if (0 != state.holder)
        {
            violation(logIndex, name, "granted to session " + sessionId + " while session " + state.holder +
                " holds it with token " + state.token + ": two holders");
        }
        if (token <= state.lastToken)
        {
            violation(logIndex, name, "token " + token + " granted after token " + state.lastToken + ": not increasing");
        }
        if (timeNs < state.delayUntilNs)
        {
            violation(logIndex, name, "granted at " + timeNs + " ns inside the lock-delay that lasts until " +
                state.delayUntilNs + " ns");
        }
        if (endedSessions.contains(sessionId))
        {
            violation(logIndex, name, "granted to session " + sessionId + " after it ended");
        }
        if (!state.waiters.isEmpty() && state.waiters.peekFirst()[0] != sessionId)
        {
            violation(logIndex, name, "granted to session " + sessionId + " while session " +
                state.waiters.peekFirst()[0] + " was first in the queue: not FIFO");
        }
        final long[] waiter = find(state, sessionId);
        if (null != waiter)
        {
            state.waiters.remove(waiter);
        }
        state.holder = sessionId;
        state.token = token;
        state.lastToken = Math.max(state.lastToken, token);
        state.grantedTokens.add(token);
        holdings.computeIfAbsent(sessionId, ignored -> new HashSet<>()).add(name);
    }

    /** {@inheritDoc} */
    @Override
    public void onReleased(
        final long logIndex, final long timeNs, final byte[] lock, final int lockOffset, final int lockLength,
        final long sessionId, final long token, final byte cause, final long lockDelayUntilNs)
    {
        onTime(logIndex, timeNs);
        final String name = name(lock, lockOffset, lockLength);
        final LockState state = lock(name);
        if (state.holder != sessionId || state.token != token)
        {
            violation(logIndex, name, "released by session " + sessionId + " with token " + token + " but the holder is " +
                state.holder + " with token " + state.token);
        }
        state.holder = 0;
        if (LockEvents.EXPIRED == cause)
        {
            state.delayUntilNs = timeNs + lockDelayNs;
        }
        final Set<String> held = holdings.get(sessionId);
        if (null != held)
        {
            held.remove(name);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void onQueued(
        final long logIndex, final long timeNs, final byte[] lock, final int lockOffset, final int lockLength,
        final long sessionId, final long deadlineNs)
    {
        onTime(logIndex, timeNs);
        final String name = name(lock, lockOffset, lockLength);
        final LockState state = lock(name);
        if (null != find(state, sessionId) || state.holder == sessionId)
        {
            violation(logIndex, name, "session " + sessionId + " queued twice or while holding the lock");
        }
        if (endedSessions.contains(sessionId))
        {
            violation(logIndex, name, "session " + sessionId + " queued after it ended");
        }
        state.waiters.addLast(new long[]{sessionId, deadlineNs});
    }

    /** {@inheritDoc} */
    @Override
    public void onWaiterRemoved(
        final long logIndex, final long timeNs, final byte[] lock, final int lockOffset, final int lockLength,
        final long sessionId, final byte cause)
    {
        onTime(logIndex, timeNs);
        final String name = name(lock, lockOffset, lockLength);
        final LockState state = lock(name);
        final long[] waiter = find(state, sessionId);
        if (null == waiter)
        {
            violation(logIndex, name, "removed waiter " + sessionId + " that was not queued");
            return;
        }
        if (LockEvents.WAIT_TIMED_OUT == cause && timeNs < waiter[1])
        {
            violation(logIndex, name, "waiter " + sessionId + " timed out at " + timeNs + " ns before its deadline " +
                waiter[1] + " ns");
        }
        state.waiters.remove(waiter);
    }

    /** {@inheritDoc} */
    @Override
    public void onFencedWrite(
        final long logIndex, final long timeNs, final byte[] lock, final int lockOffset, final int lockLength,
        final long token, final boolean accepted)
    {
        onTime(logIndex, timeNs);
        fencedWrites++;
        final String name = name(lock, lockOffset, lockLength);
        final LockState state = lock(name);
        if (accepted)
        {
            if (token < state.highestWrittenToken)
            {
                violation(logIndex, name, "fenced resource accepted token " + token + " after token " +
                    state.highestWrittenToken + ": a stale holder's write got through");
            }
            if (!state.grantedTokens.contains(token))
            {
                violation(logIndex, name, "fenced resource accepted token " + token + ", never granted for this lock");
            }
            state.highestWrittenToken = Math.max(state.highestWrittenToken, token);
        }
        else if (token >= state.highestWrittenToken)
        {
            violation(logIndex, name, "fenced resource rejected token " + token + ", not older than " +
                state.highestWrittenToken);
        }
    }
}
