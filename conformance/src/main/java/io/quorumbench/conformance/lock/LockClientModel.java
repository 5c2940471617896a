package io.quorumbench.conformance.lock;

import io.quorumbench.api.lock.LockCommand;
import io.quorumbench.api.lock.LockResult;
import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.history.OpType;
import io.quorumbench.conformance.linearizability.LinearizabilityChecker;
import io.quorumbench.conformance.linearizability.LinearizabilityResult;
import io.quorumbench.conformance.sim.ClientModel;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Simulated clients of the lock service: each opens a session, keeps it alive, acquires locks
 * (waiting in the queue and polling, or try-only), writes the fenced resource with its token,
 * releases, sometimes closes its session, and sometimes <b>pauses while holding a lock</b>: it
 * stops keeping its session alive until the log time it observes has passed its lease plus the
 * lock-delay, so others can take the lock, then wakes and writes with its old token, as a process
 * stopped by a GC pause or SIGSTOP does. Whether that write gets through is for the fenced resource
 * to decide, and for {@link LockEventChecker} and {@link LockHistoryModel} to judge.
 *
 * <p>History entries: {@code f} is the operation, {@code key} the lock (or {@code session}),
 * {@code value} the session id or written value, {@code expected} the token used; every answer
 * of the state machine is an {@code ok} whose value is {@code STATUS:token[:highest]}. The final
 * (liveness) operations open a session, try-acquire a lock no one else uses and write with the
 * token; they complete {@code ok} only if granted and accepted.
 */
public final class LockClientModel implements ClientModel
{
    /** Open a session. */
    public static final String OPEN = "open";
    /** Keep the session alive. */
    public static final String KEEP_ALIVE = "keepalive";
    /** Close the session. */
    public static final String CLOSE = "close";
    /** A paused client's harmless traffic (a Tick), which keeps nothing alive. */
    public static final String PAUSE = "pause";
    /** Acquire, queueing if busy (polled again until granted). */
    public static final String ACQUIRE = "acquire";
    /** Acquire without queueing. */
    public static final String TRY_ACQUIRE = "try-acquire";
    /** Release with the token. */
    public static final String RELEASE = "release";
    /** Write the fenced resource with the token. */
    public static final String WRITE = "write";

    private static final String SESSION_KEY = "session";
    private static final String FINAL_PREFIX = "final-";
    private static final String SELF = "$";

    private final long leaseNs;
    private final long lockDelayNs;
    private final int locks;

    /**
     * Clients with the given lease over a number of locks.
     *
     * @param leaseNs     lease each session asks for.
     * @param lockDelayNs the service's lock-delay (a paused client sleeps past lease plus this).
     * @param locks       number of distinct locks (contention grows as it shrinks).
     */
    public LockClientModel(final long leaseNs, final long lockDelayNs, final int locks)
    {
        if (leaseNs <= 0 || lockDelayNs < 0 || locks < 1)
        {
            throw new IllegalArgumentException("leaseNs > 0, lockDelayNs >= 0 and locks >= 1 required");
        }
        this.leaseNs = leaseNs;
        this.lockDelayNs = lockDelayNs;
        this.locks = locks;
    }

    /**
     * Whether an operation acts on a lock (rather than on a session).
     *
     * @param f the operation.
     * @return true for acquire, try-acquire, release and write.
     */
    public static boolean isLockOperation(final String f)
    {
        return ACQUIRE.equals(f) || TRY_ACQUIRE.equals(f) || RELEASE.equals(f) || WRITE.equals(f);
    }

    /** {@inheritDoc} */
    @Override
    public Client newClient(final int clientIndex)
    {
        return new LockClient();
    }

    /** {@inheritDoc} */
    @Override
    public List<Operation> finalOperations(final long seed, final int keys)
    {
        final String lock = FINAL_PREFIX + seed;
        return List.of(new Operation(OPEN, FINAL_PREFIX + SESSION_KEY, null, null),
            new Operation(TRY_ACQUIRE, lock, SELF, null),
            new Operation(WRITE, lock, "final-value-" + seed, SELF));
    }

    /** {@inheritDoc} */
    @Override
    public LinearizabilityResult check(final History history)
    {
        return new LinearizabilityChecker(new LockHistoryModel()).check(history);
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One client: its session, the lock it holds or waits for, and whether it is paused. */
    private final class LockClient implements Client
    {
        private long session;
        private String held;
        private long token;
        private String waiting;
        private long logTimeNs;
        private long pauseUntilNs = -1;
        private boolean staleWriteDue;

        @Override
        public Operation next(final ClientContext context)
        {
            if (0 == session)
            {
                return new Operation(OPEN, SESSION_KEY, null, null);
            }
            if (pauseUntilNs >= 0)
            {
                if (logTimeNs < pauseUntilNs)
                {
                    return new Operation(PAUSE, SESSION_KEY, null, null);
                }
                pauseUntilNs = -1;
                staleWriteDue = null != held;
            }
            final String sessionId = Long.toString(session);
            if (staleWriteDue)
            {
                // the woken holder writes as if it still held the lock: only the token can stop it
                staleWriteDue = false;
                return new Operation(WRITE, held, context.uniqueValue(0), Long.toString(token));
            }
            final double r = context.random().nextDouble();
            if (null != held)
            {
                if (r < 0.25)
                {
                    return new Operation(KEEP_ALIVE, SESSION_KEY, sessionId, null);
                }
                if (r < 0.6)
                {
                    return new Operation(WRITE, held, context.uniqueValue(0), Long.toString(token));
                }
                if (r < 0.65)
                {
                    pauseUntilNs = logTimeNs + leaseNs + lockDelayNs + leaseNs / 2;
                    return new Operation(PAUSE, SESSION_KEY, null, null);
                }
                return new Operation(RELEASE, held, sessionId, Long.toString(token));
            }
            if (null != waiting)
            {
                return r < 0.7 ? new Operation(ACQUIRE, waiting, sessionId, null) :
                    new Operation(KEEP_ALIVE, SESSION_KEY, sessionId, null);
            }
            if (r < 0.3)
            {
                return new Operation(KEEP_ALIVE, SESSION_KEY, sessionId, null);
            }
            if (r < 0.33)
            {
                return new Operation(CLOSE, SESSION_KEY, sessionId, null);
            }
            final String lock = "lock-" + context.random().nextInt(locks);
            return new Operation(r < 0.75 ? ACQUIRE : TRY_ACQUIRE, lock, sessionId, null);
        }

        @Override
        public byte[] encode(final Operation operation)
        {
            final long sessionId = SELF.equals(operation.value()) || null == operation.value() ||
                !isNumeric(operation.value()) ? session : Long.parseLong(operation.value());
            final long usedToken = null == operation.expected() ? 0 :
                SELF.equals(operation.expected()) ? token : Long.parseLong(operation.expected());
            return switch (operation.f())
            {
                case OPEN -> LockCommand.openSession(leaseNs);
                case KEEP_ALIVE -> LockCommand.keepAlive(sessionId);
                case CLOSE -> LockCommand.closeSession(sessionId);
                case PAUSE -> LockCommand.tick();
                case ACQUIRE -> LockCommand.acquire(sessionId, bytes(operation.key()), leaseNs, false);
                case TRY_ACQUIRE -> LockCommand.acquire(sessionId, bytes(operation.key()), 0, true);
                case RELEASE -> LockCommand.release(sessionId, bytes(operation.key()), usedToken);
                case WRITE -> LockCommand.fencedWrite(bytes(operation.key()), usedToken, bytes(operation.key() + "/k"),
                    bytes(operation.value()));
                default -> throw new IllegalArgumentException("unknown lock operation " + operation.f());
            };
        }

        @Override
        public Outcome onCommitted(final Operation operation, final byte[] result, final long logIndex)
        {
            if (result.length != LockResult.LENGTH)
            {
                throw new AssertionError("lock result of " + result.length + " bytes for " + operation);
            }
            final byte status = LockResult.status(result, 0);
            final long resultToken = LockResult.token(result, 0);
            logTimeNs = Math.max(logTimeNs, LockResult.timeNs(result, 0));
            String value = LockResult.name(status) + ":" + resultToken;
            if (LockResult.UNKNOWN_SESSION == status || LockResult.EXPIRED == status)
            {
                forgetSession();
            }
            boolean success = LockResult.OK == status;
            switch (operation.f())
            {
                case OPEN ->
                {
                    if (LockResult.OK == status)
                    {
                        session = LockResult.sessionId(result, 0);
                        logTimeNs = Math.max(logTimeNs, LockResult.timeNs(result, 0));
                    }
                }
                case CLOSE ->
                {
                    if (LockResult.OK == status)
                    {
                        forgetSession();
                    }
                }
                case ACQUIRE, TRY_ACQUIRE ->
                {
                    success = LockResult.GRANTED == status || LockResult.HELD == status;
                    if (success)
                    {
                        held = operation.key();
                        token = resultToken;
                        waiting = null;
                    }
                    else
                    {
                        waiting = LockResult.QUEUED == status ? operation.key() : null;
                    }
                }
                case RELEASE ->
                {
                    if (LockResult.OK == status || LockResult.NOT_HOLDER == status)
                    {
                        held = null;
                    }
                }
                case WRITE ->
                {
                    final long used = null == operation.expected() || SELF.equals(operation.expected()) ? token :
                        Long.parseLong(operation.expected());
                    value = LockResult.name(status) + ":" + used + (LockResult.STALE_TOKEN == status ? ":" + resultToken : "");
                    if (LockResult.STALE_TOKEN == status)
                    {
                        held = null;
                    }
                }
                default ->
                {
                }
            }
            if (operation.key().startsWith(FINAL_PREFIX) && !success)
            {
                return new Outcome(OpType.FAIL, value, value);
            }
            return new Outcome(OpType.OK, value, null);
        }

        private void forgetSession()
        {
            session = 0;
            held = null;
            waiting = null;
            pauseUntilNs = -1;
            staleWriteDue = false;
        }
    }

    private static boolean isNumeric(final String s)
    {
        if (s.isEmpty())
        {
            return false;
        }
        for (int i = 0; i < s.length(); i++)
        {
            if (!Character.isDigit(s.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }
}
