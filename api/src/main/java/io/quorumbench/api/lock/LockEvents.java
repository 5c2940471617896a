package io.quorumbench.api.lock;

/**
 * What a lock service state machine decided while applying a command, in the order it decided it:
 * for checkers that judge the service by what the log decided (grant intervals, tokens, lock-delay,
 * FIFO, expiry) rather than by what clients happened to see. Every replica that applies the same
 * log reports the same events.
 *
 * <p>Name bytes are valid only during the call. Called on the applying thread; the default methods
 * do nothing, so {@link #NONE} costs nothing on the hot path.
 */
public interface LockEvents
{
    /** Release cause: the holder released it. */
    byte RELEASED = 1;
    /** Release cause: the holder closed its session. */
    byte CLOSED = 2;
    /** Release cause: the holder's session expired; lock-delay follows. */
    byte EXPIRED = 3;

    /** Waiter removal cause: its wait deadline passed. */
    byte WAIT_TIMED_OUT = 1;
    /** Waiter removal cause: its session closed or expired. */
    byte SESSION_ENDED = 2;
    /** Waiter removal cause: its turn came after its lease had run out in log time. */
    byte LEASE_RAN_OUT = 3;

    /** Listens to nothing. */
    LockEvents NONE = new LockEvents()
    {
    };

    /**
     * A session was opened.
     *
     * @param logIndex   index being applied.
     * @param timeNs     log time.
     * @param sessionId  the new session.
     * @param leaseEndNs when its lease runs out unless kept alive.
     */
    default void onSessionOpened(final long logIndex, final long timeNs, final long sessionId, final long leaseEndNs)
    {
    }

    /**
     * A session ended: closed or expired, after its locks were released and its waits dropped.
     *
     * @param logIndex  index being applied.
     * @param timeNs    log time.
     * @param sessionId the session.
     * @param cause     {@link #CLOSED} or {@link #EXPIRED}.
     */
    default void onSessionEnded(final long logIndex, final long timeNs, final long sessionId, final byte cause)
    {
    }

    /**
     * A lock was granted.
     *
     * @param logIndex   index being applied.
     * @param timeNs     log time.
     * @param lock       buffer holding the lock name.
     * @param lockOffset first byte of the name.
     * @param lockLength name length.
     * @param sessionId  the new holder.
     * @param token      its fencing token.
     */
    default void onGranted(
        final long logIndex, final long timeNs, final byte[] lock, final int lockOffset, final int lockLength,
        final long sessionId, final long token)
    {
    }

    /**
     * A lock was released.
     *
     * @param logIndex         index being applied.
     * @param timeNs           log time.
     * @param lock             buffer holding the lock name.
     * @param lockOffset       first byte of the name.
     * @param lockLength       name length.
     * @param sessionId        the holder.
     * @param token            its token.
     * @param cause            {@link #RELEASED}, {@link #CLOSED} or {@link #EXPIRED}.
     * @param lockDelayUntilNs log time before which the lock is granted to nobody (0 if none).
     */
    default void onReleased(
        final long logIndex, final long timeNs, final byte[] lock, final int lockOffset, final int lockLength,
        final long sessionId, final long token, final byte cause, final long lockDelayUntilNs)
    {
    }

    /**
     * A session joined a lock's FIFO queue.
     *
     * @param logIndex   index being applied.
     * @param timeNs     log time.
     * @param lock       buffer holding the lock name.
     * @param lockOffset first byte of the name.
     * @param lockLength name length.
     * @param sessionId  the waiter.
     * @param deadlineNs log time at which it stops waiting.
     */
    default void onQueued(
        final long logIndex, final long timeNs, final byte[] lock, final int lockOffset, final int lockLength,
        final long sessionId, final long deadlineNs)
    {
    }

    /**
     * A waiter left a lock's queue without being granted.
     *
     * @param logIndex   index being applied.
     * @param timeNs     log time.
     * @param lock       buffer holding the lock name.
     * @param lockOffset first byte of the name.
     * @param lockLength name length.
     * @param sessionId  the waiter.
     * @param cause      {@link #WAIT_TIMED_OUT}, {@link #SESSION_ENDED} or {@link #LEASE_RAN_OUT}.
     */
    default void onWaiterRemoved(
        final long logIndex, final long timeNs, final byte[] lock, final int lockOffset, final int lockLength,
        final long sessionId, final byte cause)
    {
    }

    /**
     * The fenced resource judged a write.
     *
     * @param logIndex   index being applied.
     * @param timeNs     log time.
     * @param lock       buffer holding the lock name.
     * @param lockOffset first byte of the name.
     * @param lockLength name length.
     * @param token      the writer's token.
     * @param accepted   whether the write was accepted.
     */
    default void onFencedWrite(
        final long logIndex, final long timeNs, final byte[] lock, final int lockOffset, final int lockLength,
        final long token, final boolean accepted)
    {
    }
}
