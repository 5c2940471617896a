package io.quorumbench.lockfree.lock;

import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.lock.LockCommand;
import io.quorumbench.api.lock.LockEvents;
import io.quorumbench.api.lock.LockResult;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.api.lock.LockStateDigest;
import net.openhft.hashing.LongHashFunction;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * The lock service state machine, tuned: the same semantics as the baseline (documented on
 * {@code BaselineLockStateMachine} and {@link LockResult}; the baseline is its oracle, command by
 * command), held in primitive tables so that applying a command allocates nothing once the tables
 * have grown to the working set.
 *
 * <ul>
 *   <li><b>Sessions</b>: slots in parallel {@code long[]}s, found by id through an Agrona
 *       {@link Long2LongHashMap}; freed slots are reused.</li>
 *   <li><b>Locks</b>: slots with the name in a byte slab ({@code maxNameLength} bytes per slot),
 *       found through a {@link Long2LongHashMap} from a 64-bit hash of the name (probing
 *       {@code hash + 1, + 2, ...} on a collision of different names). Lock slots are never freed:
 *       the table grows with the number of distinct names ever used, which a benchmark bounds.</li>
 *   <li><b>Who holds and waits</b>: intrusive doubly linked lists through {@code int[]} links: each
 *       lock's FIFO queue of waiter slots, each session's waits, each session's held locks, so
 *       expiry and close release everything of a session without a scan.</li>
 *   <li><b>The fenced resource</b>: the highest accepted token in the lock's slot; keys like lock
 *       names with values in a slab of {@code maxValueLength} bytes per key.</li>
 * </ul>
 *
 * <p><b>Threading</b>: the node's thread only.
 */
public final class LockTableStateMachine implements StateMachine
{
    private static final int NONE = -1;
    private static final int TOKEN_SHIFT = 8;
    private static final int INITIAL_CAPACITY = 64;
    private static final LongHashFunction XX3 = LongHashFunction.xx3();

    private final LockServiceConfig config;
    private final LockEvents events;
    private final int nameStride;
    private final int valueStride;
    private final long[] statusCounts = new long[LockResult.INVALID + 1];
    private long nowNs;
    private long term;
    private long nextTimerNs = Long.MAX_VALUE;
    private long logIndex;

    // sessions
    private final Long2LongHashMap sessionSlots = new Long2LongHashMap(INITIAL_CAPACITY, 0.5f, NONE);
    private long[] sessionId = new long[INITIAL_CAPACITY];
    private long[] sessionLeaseNs = new long[INITIAL_CAPACITY];
    private long[] sessionLeaseEndNs = new long[INITIAL_CAPACITY];
    private long[] sessionVersion = new long[INITIAL_CAPACITY];
    private boolean[] sessionGraceUsed = new boolean[INITIAL_CAPACITY];
    private int[] sessionHeldHead = new int[INITIAL_CAPACITY];
    private int[] sessionWaitHead = new int[INITIAL_CAPACITY];
    private int[] freeSessions = new int[INITIAL_CAPACITY];
    private int freeSessionCount;
    private int sessionHighWater;

    // locks
    private final Long2LongHashMap lockSlots = new Long2LongHashMap(INITIAL_CAPACITY, 0.5f, NONE);
    private int lockCount;
    private byte[] lockNames;
    private int[] lockNameLength = new int[INITIAL_CAPACITY];
    private int[] lockHolderSlot = new int[INITIAL_CAPACITY];
    private long[] lockToken = new long[INITIAL_CAPACITY];
    private long[] lockDelayUntilNs = new long[INITIAL_CAPACITY];
    private long[] lockHighestWrite = new long[INITIAL_CAPACITY];
    private int[] lockHeldNext = new int[INITIAL_CAPACITY];
    private int[] lockHeldPrev = new int[INITIAL_CAPACITY];
    private int[] lockQueueHead = new int[INITIAL_CAPACITY];
    private int[] lockQueueTail = new int[INITIAL_CAPACITY];

    // waiters
    private int[] waiterSessionSlot = new int[INITIAL_CAPACITY];
    private int[] waiterLock = new int[INITIAL_CAPACITY];
    private long[] waiterDeadlineNs = new long[INITIAL_CAPACITY];
    private int[] waiterNext = new int[INITIAL_CAPACITY];
    private int[] waiterPrev = new int[INITIAL_CAPACITY];
    private int[] waiterSessionNext = new int[INITIAL_CAPACITY];
    private int[] waiterSessionPrev = new int[INITIAL_CAPACITY];
    private int[] freeWaiters = new int[INITIAL_CAPACITY];
    private int freeWaiterCount;
    private int waiterHighWater;

    // fenced resource keys and values
    private final Long2LongHashMap keySlots = new Long2LongHashMap(INITIAL_CAPACITY, 0.5f, NONE);
    private int keyCount;
    private byte[] keyNames;
    private int[] keyNameLength = new int[INITIAL_CAPACITY];
    private byte[] values;
    private int[] valueLength = new int[INITIAL_CAPACITY];

    /**
     * A lock service with the given settings and no listener.
     *
     * @param config the settings.
     */
    public LockTableStateMachine(final LockServiceConfig config)
    {
        this(config, LockEvents.NONE);
    }

    /**
     * A lock service with the given settings reporting what it decides.
     *
     * @param config the settings.
     * @param events the listener.
     */
    public LockTableStateMachine(final LockServiceConfig config, final LockEvents events)
    {
        this.config = config;
        this.events = events;
        this.nameStride = config.maxNameLength();
        this.valueStride = config.maxValueLength();
        this.lockNames = new byte[INITIAL_CAPACITY * nameStride];
        this.keyNames = new byte[INITIAL_CAPACITY * nameStride];
        this.values = new byte[INITIAL_CAPACITY * valueStride];
    }

    /** {@inheritDoc} */
    @Override
    public int apply(final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
    {
        this.logIndex = logIndex;
        if (!LockCommand.isWellFormed(command, offset, length))
        {
            return answer(result, LockResult.INVALID, 0, 0, 0, 0);
        }
        advance(LockCommand.timeNs(command, offset), LockCommand.term(command, offset));
        final long session = LockCommand.sessionId(command, offset);
        final long argument = LockCommand.argument(command, offset);
        switch (LockCommand.op(command, offset))
        {
            case LockCommand.OP_OPEN_SESSION:
                return onOpenSession(argument, result);
            case LockCommand.OP_KEEP_ALIVE:
                return onKeepAlive(session, result);
            case LockCommand.OP_EXPIRE_SESSION:
                return onExpireSession(session, argument, result);
            case LockCommand.OP_CLOSE_SESSION:
                return onCloseSession(session, result);
            case LockCommand.OP_ACQUIRE:
                return onAcquire(session, command, offset, argument, LockCommand.tryOnly(command, offset), result);
            case LockCommand.OP_RELEASE:
                return onRelease(session, command, offset, argument, result);
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
            for (int s = 0; s < sessionHighWater; s++)
            {
                // once per keep-alive: leader changes in a row must not keep a silent session alive
                if (0 != sessionId[s] && sessionLeaseEndNs[s] > nowNs && !sessionGraceUsed[s] &&
                    graceEndNs > sessionLeaseEndNs[s])
                {
                    sessionLeaseEndNs[s] = graceEndNs;
                    sessionGraceUsed[s] = true;
                }
            }
        }
        if (nowNs >= nextTimerNs)
        {
            onTimers();
        }
    }

    private void onTimers()
    {
        long next = Long.MAX_VALUE;
        for (int lock = 0; lock < lockCount; lock++)
        {
            int waiter = lockQueueHead[lock];
            while (NONE != waiter)
            {
                final int following = waiterNext[waiter];
                if (nowNs >= waiterDeadlineNs[waiter])
                {
                    final long waiterSession = sessionId[waiterSessionSlot[waiter]];
                    removeWaiter(waiter);
                    events.onWaiterRemoved(logIndex, nowNs, lockNames, lock * nameStride, lockNameLength[lock], waiterSession,
                        LockEvents.WAIT_TIMED_OUT);
                }
                waiter = following;
            }
            if (NONE == lockHolderSlot[lock] && nowNs >= lockDelayUntilNs[lock])
            {
                grantNext(lock);
            }
            for (int w = lockQueueHead[lock]; NONE != w; w = waiterNext[w])
            {
                next = Math.min(next, waiterDeadlineNs[w]);
            }
            if (NONE != lockQueueHead[lock] && NONE == lockHolderSlot[lock] && lockDelayUntilNs[lock] > nowNs)
            {
                next = Math.min(next, lockDelayUntilNs[lock]);
            }
        }
        nextTimerNs = next;
    }

    private int onOpenSession(final long leaseNs, final byte[] result)
    {
        if (leaseNs <= 0)
        {
            return answer(result, LockResult.INVALID, 0, 0, 0, 0);
        }
        final int slot = newSession();
        sessionId[slot] = logIndex;
        sessionLeaseNs[slot] = leaseNs;
        sessionLeaseEndNs[slot] = nowNs + leaseNs;
        sessionVersion[slot] = 1;
        sessionGraceUsed[slot] = false;
        sessionHeldHead[slot] = NONE;
        sessionWaitHead[slot] = NONE;
        sessionSlots.put(logIndex, slot);
        events.onSessionOpened(logIndex, nowNs, logIndex, sessionLeaseEndNs[slot]);
        return answer(result, LockResult.OK, logIndex, 0, sessionLeaseEndNs[slot], 1);
    }

    private int onKeepAlive(final long session, final byte[] result)
    {
        final int slot = (int)sessionSlots.get(session);
        if (NONE == slot)
        {
            return answer(result, LockResult.UNKNOWN_SESSION, session, 0, 0, 0);
        }
        if (nowNs >= sessionLeaseEndNs[slot])
        {
            return answer(result, LockResult.EXPIRED, session, 0, sessionLeaseEndNs[slot], sessionVersion[slot]);
        }
        sessionLeaseEndNs[slot] = nowNs + sessionLeaseNs[slot];
        sessionVersion[slot]++;
        sessionGraceUsed[slot] = false;
        return answer(result, LockResult.OK, session, 0, sessionLeaseEndNs[slot], sessionVersion[slot]);
    }

    private int onExpireSession(final long session, final long version, final byte[] result)
    {
        final int slot = (int)sessionSlots.get(session);
        if (NONE == slot)
        {
            return answer(result, LockResult.UNKNOWN_SESSION, session, 0, 0, 0);
        }
        final long leaseEndNs = sessionLeaseEndNs[slot];
        final long currentVersion = sessionVersion[slot];
        if (version != currentVersion || nowNs < leaseEndNs)
        {
            return answer(result, LockResult.NOT_DUE, session, 0, leaseEndNs, currentVersion);
        }
        endSession(slot, LockEvents.EXPIRED);
        return answer(result, LockResult.OK, session, 0, leaseEndNs, currentVersion);
    }

    private int onCloseSession(final long session, final byte[] result)
    {
        final int slot = (int)sessionSlots.get(session);
        if (NONE == slot)
        {
            return answer(result, LockResult.UNKNOWN_SESSION, session, 0, 0, 0);
        }
        if (nowNs >= sessionLeaseEndNs[slot])
        {
            return answer(result, LockResult.EXPIRED, session, 0, sessionLeaseEndNs[slot], sessionVersion[slot]);
        }
        final long version = sessionVersion[slot];
        endSession(slot, LockEvents.CLOSED);
        return answer(result, LockResult.OK, session, 0, 0, version);
    }

    private void endSession(final int slot, final byte cause)
    {
        final long session = sessionId[slot];
        sessionSlots.remove(session);
        while (NONE != sessionWaitHead[slot])
        {
            final int waiter = sessionWaitHead[slot];
            final int lock = waiterLock[waiter];
            removeWaiter(waiter);
            events.onWaiterRemoved(logIndex, nowNs, lockNames, lock * nameStride, lockNameLength[lock], session,
                LockEvents.SESSION_ENDED);
        }
        while (NONE != sessionHeldHead[slot])
        {
            final int lock = sessionHeldHead[slot];
            unlinkHeld(slot, lock);
            lockHolderSlot[lock] = NONE;
            if (LockEvents.EXPIRED == cause && config.lockDelayNs() > 0)
            {
                lockDelayUntilNs[lock] = nowNs + config.lockDelayNs();
                events.onReleased(logIndex, nowNs, lockNames, lock * nameStride, lockNameLength[lock], session,
                    lockToken[lock], cause, lockDelayUntilNs[lock]);
                if (NONE != lockQueueHead[lock])
                {
                    nextTimerNs = Math.min(nextTimerNs, lockDelayUntilNs[lock]);
                }
            }
            else
            {
                events.onReleased(logIndex, nowNs, lockNames, lock * nameStride, lockNameLength[lock], session,
                    lockToken[lock], cause, 0);
                grantNext(lock);
            }
        }
        sessionId[slot] = 0;
        freeSessions[freeSessionCount++] = slot;
        events.onSessionEnded(logIndex, nowNs, session, cause);
    }

    private int onAcquire(
        final long session, final byte[] command, final int offset, final long timeoutNs, final boolean tryOnly,
        final byte[] result)
    {
        final int nameLength = LockCommand.lockLength(command, offset);
        if (nameLength > nameStride)
        {
            return answer(result, LockResult.NAME_TOO_LONG, session, 0, 0, 0);
        }
        if (0 == nameLength || timeoutNs < 0)
        {
            return answer(result, LockResult.INVALID, session, 0, 0, 0);
        }
        final int slot = (int)sessionSlots.get(session);
        if (NONE == slot)
        {
            return answer(result, LockResult.UNKNOWN_SESSION, session, 0, 0, 0);
        }
        if (nowNs >= sessionLeaseEndNs[slot])
        {
            return answer(result, LockResult.EXPIRED, session, 0, sessionLeaseEndNs[slot], sessionVersion[slot]);
        }
        final int lock = lockSlot(command, LockCommand.lockOffset(offset), nameLength, true);
        if (lockHolderSlot[lock] == slot)
        {
            return answer(result, LockResult.HELD, session, lockToken[lock], 0, 0);
        }
        for (int w = sessionWaitHead[slot]; NONE != w; w = waiterSessionNext[w])
        {
            if (waiterLock[w] == lock)
            {
                return answer(result, LockResult.QUEUED, session, 0, waiterDeadlineNs[w], 0);
            }
        }
        if (NONE == lockHolderSlot[lock] && NONE == lockQueueHead[lock] && nowNs >= lockDelayUntilNs[lock])
        {
            grant(lock, slot);
            return answer(result, LockResult.GRANTED, session, lockToken[lock], 0, 0);
        }
        if (tryOnly || 0 == timeoutNs)
        {
            return answer(result, LockResult.BUSY, session, 0, 0, 0);
        }
        final long sum = nowNs + timeoutNs;
        final long deadlineNs = sum < nowNs ? Long.MAX_VALUE : sum;
        addWaiter(lock, slot, deadlineNs);
        nextTimerNs = Math.min(nextTimerNs,
            Math.min(deadlineNs, NONE == lockHolderSlot[lock] ? lockDelayUntilNs[lock] : Long.MAX_VALUE));
        events.onQueued(logIndex, nowNs, lockNames, lock * nameStride, nameLength, session, deadlineNs);
        return answer(result, LockResult.QUEUED, session, 0, deadlineNs, 0);
    }

    private int onRelease(final long session, final byte[] command, final int offset, final long token, final byte[] result)
    {
        final int nameLength = LockCommand.lockLength(command, offset);
        if (nameLength > nameStride)
        {
            return answer(result, LockResult.NAME_TOO_LONG, session, 0, 0, 0);
        }
        final int slot = (int)sessionSlots.get(session);
        if (NONE == slot)
        {
            return answer(result, LockResult.UNKNOWN_SESSION, session, 0, 0, 0);
        }
        final int lock = lockSlot(command, LockCommand.lockOffset(offset), nameLength, false);
        if (NONE == lock || lockHolderSlot[lock] != slot)
        {
            return answer(result, LockResult.NOT_HOLDER, session, 0, 0, 0);
        }
        if (token != lockToken[lock])
        {
            return answer(result, LockResult.STALE_TOKEN, session, lockToken[lock], 0, 0);
        }
        unlinkHeld(slot, lock);
        lockHolderSlot[lock] = NONE;
        events.onReleased(logIndex, nowNs, lockNames, lock * nameStride, nameLength, session, token, LockEvents.RELEASED, 0);
        grantNext(lock);
        return answer(result, LockResult.OK, session, token, 0, 0);
    }

    private int onFencedWrite(final byte[] command, final int offset, final long token, final byte[] result)
    {
        final int nameLength = LockCommand.lockLength(command, offset);
        final int keyLength = LockCommand.keyLength(command, offset);
        if (nameLength > nameStride || keyLength > nameStride)
        {
            return answer(result, LockResult.NAME_TOO_LONG, 0, 0, 0, 0);
        }
        final int length = LockCommand.valueLength(command, offset);
        if (0 == nameLength || token <= 0 || length > valueStride)
        {
            return answer(result, LockResult.INVALID, 0, 0, 0, 0);
        }
        final int lock = lockSlot(command, LockCommand.lockOffset(offset), nameLength, true);
        final long highest = lockHighestWrite[lock];
        if (0 != highest && token < highest)
        {
            events.onFencedWrite(logIndex, nowNs, lockNames, lock * nameStride, nameLength, token, false);
            return answer(result, LockResult.STALE_TOKEN, 0, highest, 0, 0);
        }
        lockHighestWrite[lock] = token;
        final int key = keySlot(command, LockCommand.keyOffset(command, offset), keyLength);
        System.arraycopy(command, LockCommand.valueOffset(command, offset), values, key * valueStride, length);
        valueLength[key] = length;
        events.onFencedWrite(logIndex, nowNs, lockNames, lock * nameStride, nameLength, token, true);
        return answer(result, LockResult.OK, 0, token, 0, 0);
    }

    private void grantNext(final int lock)
    {
        while (NONE != lockQueueHead[lock])
        {
            final int waiter = lockQueueHead[lock];
            final int slot = waiterSessionSlot[waiter];
            final long deadlineNs = waiterDeadlineNs[waiter];
            removeWaiter(waiter);
            if (nowNs >= deadlineNs)
            {
                events.onWaiterRemoved(logIndex, nowNs, lockNames, lock * nameStride, lockNameLength[lock], sessionId[slot],
                    LockEvents.WAIT_TIMED_OUT);
            }
            else if (nowNs >= sessionLeaseEndNs[slot])
            {
                events.onWaiterRemoved(logIndex, nowNs, lockNames, lock * nameStride, lockNameLength[lock], sessionId[slot],
                    LockEvents.LEASE_RAN_OUT);
            }
            else
            {
                grant(lock, slot);
                return;
            }
        }
    }

    private void grant(final int lock, final int slot)
    {
        lockHolderSlot[lock] = slot;
        lockToken[lock] = Math.max(logIndex << TOKEN_SHIFT, lockToken[lock] + 1);
        lockDelayUntilNs[lock] = 0;
        final int head = sessionHeldHead[slot];
        lockHeldPrev[lock] = NONE;
        lockHeldNext[lock] = head;
        if (NONE != head)
        {
            lockHeldPrev[head] = lock;
        }
        sessionHeldHead[slot] = lock;
        events.onGranted(logIndex, nowNs, lockNames, lock * nameStride, lockNameLength[lock], sessionId[slot], lockToken[lock]);
    }

    private void unlinkHeld(final int slot, final int lock)
    {
        final int prev = lockHeldPrev[lock];
        final int next = lockHeldNext[lock];
        if (NONE == prev)
        {
            sessionHeldHead[slot] = next;
        }
        else
        {
            lockHeldNext[prev] = next;
        }
        if (NONE != next)
        {
            lockHeldPrev[next] = prev;
        }
    }

    private void addWaiter(final int lock, final int slot, final long deadlineNs)
    {
        final int waiter = newWaiter();
        waiterSessionSlot[waiter] = slot;
        waiterLock[waiter] = lock;
        waiterDeadlineNs[waiter] = deadlineNs;
        final int tail = lockQueueTail[lock];
        waiterPrev[waiter] = tail;
        waiterNext[waiter] = NONE;
        if (NONE == tail)
        {
            lockQueueHead[lock] = waiter;
        }
        else
        {
            waiterNext[tail] = waiter;
        }
        lockQueueTail[lock] = waiter;
        final int sessionHead = sessionWaitHead[slot];
        waiterSessionPrev[waiter] = NONE;
        waiterSessionNext[waiter] = sessionHead;
        if (NONE != sessionHead)
        {
            waiterSessionPrev[sessionHead] = waiter;
        }
        sessionWaitHead[slot] = waiter;
    }

    private void removeWaiter(final int waiter)
    {
        final int lock = waiterLock[waiter];
        final int prev = waiterPrev[waiter];
        final int next = waiterNext[waiter];
        if (NONE == prev)
        {
            lockQueueHead[lock] = next;
        }
        else
        {
            waiterNext[prev] = next;
        }
        if (NONE == next)
        {
            lockQueueTail[lock] = prev;
        }
        else
        {
            waiterPrev[next] = prev;
        }
        final int slot = waiterSessionSlot[waiter];
        final int sessionPrev = waiterSessionPrev[waiter];
        final int sessionNext = waiterSessionNext[waiter];
        if (NONE == sessionPrev)
        {
            sessionWaitHead[slot] = sessionNext;
        }
        else
        {
            waiterSessionNext[sessionPrev] = sessionNext;
        }
        if (NONE != sessionNext)
        {
            waiterSessionPrev[sessionNext] = sessionPrev;
        }
        freeWaiters[freeWaiterCount++] = waiter;
    }

    private int newSession()
    {
        if (freeSessionCount > 0)
        {
            return freeSessions[--freeSessionCount];
        }
        if (sessionHighWater == sessionId.length)
        {
            final int capacity = 2 * sessionId.length;
            sessionId = Arrays.copyOf(sessionId, capacity);
            sessionLeaseNs = Arrays.copyOf(sessionLeaseNs, capacity);
            sessionLeaseEndNs = Arrays.copyOf(sessionLeaseEndNs, capacity);
            sessionVersion = Arrays.copyOf(sessionVersion, capacity);
            sessionGraceUsed = Arrays.copyOf(sessionGraceUsed, capacity);
            sessionHeldHead = Arrays.copyOf(sessionHeldHead, capacity);
            sessionWaitHead = Arrays.copyOf(sessionWaitHead, capacity);
            freeSessions = Arrays.copyOf(freeSessions, capacity);
        }
        return sessionHighWater++;
    }

    private int newWaiter()
    {
        if (freeWaiterCount > 0)
        {
            return freeWaiters[--freeWaiterCount];
        }
        if (waiterHighWater == waiterLock.length)
        {
            final int capacity = 2 * waiterLock.length;
            waiterSessionSlot = Arrays.copyOf(waiterSessionSlot, capacity);
            waiterLock = Arrays.copyOf(waiterLock, capacity);
            waiterDeadlineNs = Arrays.copyOf(waiterDeadlineNs, capacity);
            waiterNext = Arrays.copyOf(waiterNext, capacity);
            waiterPrev = Arrays.copyOf(waiterPrev, capacity);
            waiterSessionNext = Arrays.copyOf(waiterSessionNext, capacity);
            waiterSessionPrev = Arrays.copyOf(waiterSessionPrev, capacity);
            freeWaiters = Arrays.copyOf(freeWaiters, capacity);
        }
        return waiterHighWater++;
    }

    /** The lock's slot, created if asked; {@link #NONE} if absent and not created. */
    private int lockSlot(final byte[] name, final int offset, final int length, final boolean create)
    {
        long hash = hash(name, offset, length);
        while (true)
        {
            final int slot = (int)lockSlots.get(hash);
            if (NONE == slot)
            {
                return create ? newLock(hash, name, offset, length) : NONE;
            }
            if (lockNameLength[slot] == length &&
                Arrays.equals(lockNames, slot * nameStride, slot * nameStride + length, name, offset, offset + length))
            {
                return slot;
            }
            hash++;
        }
    }

    private int newLock(final long hash, final byte[] name, final int offset, final int length)
    {
        if (lockCount == lockNameLength.length)
        {
            final int capacity = 2 * lockNameLength.length;
            lockNames = Arrays.copyOf(lockNames, capacity * nameStride);
            lockNameLength = Arrays.copyOf(lockNameLength, capacity);
            lockHolderSlot = Arrays.copyOf(lockHolderSlot, capacity);
            lockToken = Arrays.copyOf(lockToken, capacity);
            lockDelayUntilNs = Arrays.copyOf(lockDelayUntilNs, capacity);
            lockHighestWrite = Arrays.copyOf(lockHighestWrite, capacity);
            lockHeldNext = Arrays.copyOf(lockHeldNext, capacity);
            lockHeldPrev = Arrays.copyOf(lockHeldPrev, capacity);
            lockQueueHead = Arrays.copyOf(lockQueueHead, capacity);
            lockQueueTail = Arrays.copyOf(lockQueueTail, capacity);
        }
        final int slot = lockCount++;
        System.arraycopy(name, offset, lockNames, slot * nameStride, length);
        lockNameLength[slot] = length;
        lockHolderSlot[slot] = NONE;
        lockHeldNext[slot] = NONE;
        lockHeldPrev[slot] = NONE;
        lockQueueHead[slot] = NONE;
        lockQueueTail[slot] = NONE;
        lockSlots.put(hash, slot);
        return slot;
    }

    private int keySlot(final byte[] name, final int offset, final int length)
    {
        long hash = hash(name, offset, length);
        while (true)
        {
            final int slot = (int)keySlots.get(hash);
            if (NONE == slot)
            {
                break;
            }
            if (keyNameLength[slot] == length &&
                Arrays.equals(keyNames, slot * nameStride, slot * nameStride + length, name, offset, offset + length))
            {
                return slot;
            }
            hash++;
        }
        if (keyCount == keyNameLength.length)
        {
            final int capacity = 2 * keyNameLength.length;
            keyNames = Arrays.copyOf(keyNames, capacity * nameStride);
            keyNameLength = Arrays.copyOf(keyNameLength, capacity);
            values = Arrays.copyOf(values, capacity * valueStride);
            valueLength = Arrays.copyOf(valueLength, capacity);
        }
        final int slot = keyCount++;
        System.arraycopy(name, offset, keyNames, slot * nameStride, length);
        keyNameLength[slot] = length;
        keySlots.put(hash, slot);
        return slot;
    }

    /** XXH3 of a name's bytes (allocation-free); never the maps' missing value, which they reserve. */
    static long hash(final byte[] bytes, final int offset, final int length)
    {
        final long h = XX3.hashBytes(bytes, offset, length);
        return NONE == h ? 0 : h;
    }

    private int answer(
        final byte[] result, final byte status, final long session, final long token, final long deadlineNs, final long version)
    {
        statusCounts[status]++;
        return LockResult.encode(result, status, session, token, deadlineNs, version, nowNs);
    }

    /**
     * Results of a status so far (errors included: "counted").
     *
     * @param status a {@link LockResult} status.
     * @return the count.
     */
    public long count(final byte status)
    {
        return statusCounts[status];
    }

    /**
     * A digest of the whole replicated state in the canonical order both implementations use
     * ({@link LockStateDigest}); allocates, for checks only.
     *
     * @return the digest.
     */
    public long stateDigest()
    {
        final LockStateDigest digest = new LockStateDigest();
        digest.mix(nowNs).mix(term);
        final long[] ids = new long[sessionHighWater];
        int sessions = 0;
        for (int s = 0; s < sessionHighWater; s++)
        {
            if (0 != sessionId[s])
            {
                ids[sessions++] = sessionId[s];
            }
        }
        Arrays.sort(ids, 0, sessions);
        digest.mix(sessions);
        for (int i = 0; i < sessions; i++)
        {
            final int s = (int)sessionSlots.get(ids[i]);
            digest.mix(sessionId[s]).mix(sessionLeaseNs[s]).mix(sessionLeaseEndNs[s]).mix(sessionVersion[s])
                .mix(sessionGraceUsed[s] ? 1 : 0);
        }
        final Integer[] used = sortedSlots(lockCount, lockNames, lockNameLength, true);
        digest.mix(used.length);
        for (final int lock : used)
        {
            final int holder = lockHolderSlot[lock];
            int waiters = 0;
            for (int w = lockQueueHead[lock]; NONE != w; w = waiterNext[w])
            {
                waiters++;
            }
            digest.mix(lockNames, lock * nameStride, lockNameLength[lock]).mix(NONE == holder ? 0 : sessionId[holder])
                .mix(NONE == holder ? 0 : lockToken[lock]).mix(lockDelayUntilNs[lock]).mix(waiters);
            for (int w = lockQueueHead[lock]; NONE != w; w = waiterNext[w])
            {
                digest.mix(sessionId[waiterSessionSlot[w]]).mix(waiterDeadlineNs[w]);
            }
        }
        final Integer[] written = sortedSlots(lockCount, lockNames, lockNameLength, false);
        digest.mix(written.length);
        for (final int lock : written)
        {
            digest.mix(lockNames, lock * nameStride, lockNameLength[lock]).mix(lockHighestWrite[lock]);
        }
        final Integer[] keys = sortedSlots(keyCount, keyNames, keyNameLength, false);
        digest.mix(keys.length);
        for (final int key : keys)
        {
            digest.mix(keyNames, key * nameStride, keyNameLength[key]).mix(values, key * valueStride, valueLength[key]);
        }
        return digest.value();
    }

    /** Slots in unsigned name order: locks in use ({@code inUse}), locks with a written token, or every key. */
    private Integer[] sortedSlots(final int count, final byte[] names, final int[] lengths, final boolean inUse)
    {
        int n = 0;
        final Integer[] slots = new Integer[count];
        for (int slot = 0; slot < count; slot++)
        {
            final boolean wanted = names == keyNames ? true : inUse ?
                NONE != lockHolderSlot[slot] || NONE != lockQueueHead[slot] || lockDelayUntilNs[slot] > nowNs :
                0 != lockHighestWrite[slot];
            if (wanted)
            {
                slots[n++] = slot;
            }
        }
        final Integer[] result = Arrays.copyOf(slots, n);
        Arrays.sort(result, (a, b) -> Arrays.compareUnsigned(
            names, a * nameStride, a * nameStride + lengths[a], names, b * nameStride, b * nameStride + lengths[b]));
        return result;
    }
}
