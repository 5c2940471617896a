package io.quorumbench.conformance.lock;

import io.quorumbench.api.lock.LockCommand;
import io.quorumbench.api.lock.LockResult;
import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.history.OpType;
import io.quorumbench.conformance.linearizability.LinearizabilityResult;
import io.quorumbench.conformance.sim.ClientModel;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The paused holder, scripted over two simulated clients (run it with exactly two): client 0 opens
 * a session, acquires lock {@code L}, writes the fenced resource with its token, then stops (a
 * stopped clock: it sends nothing that keeps its session alive) until the log time it observes is
 * past its lease plus the lock-delay and client 1 has written. Client 1 waits for client 0's grant,
 * then opens a session, queues for {@code L} and polls until granted, and writes with its newer
 * token. Client 0 wakes and writes with its old token: the fenced resource must reject it. The
 * outcome is kept in {@link #staleWriteStatus()} for the test to judge, next to the lock checkers.
 */
public final class PausedHolderClientModel implements ClientModel
{
    private static final String LOCK = "L";
    private static final byte[] LOCK_BYTES = LOCK.getBytes(StandardCharsets.ISO_8859_1);

    private final long leaseNs;
    private final long lockDelayNs;
    private final LockClientModel finalOperations;
    private long holderToken;
    private long grantTimeNs = -1;
    private long secondToken;
    private boolean secondWrote;
    private byte staleWriteStatus = -1;
    private byte secondWriteStatus = -1;

    /**
     * The scenario with the given lease and lock-delay.
     *
     * @param leaseNs     both sessions' lease.
     * @param lockDelayNs the service's lock-delay.
     */
    public PausedHolderClientModel(final long leaseNs, final long lockDelayNs)
    {
        this.leaseNs = leaseNs;
        this.lockDelayNs = lockDelayNs;
        this.finalOperations = new LockClientModel(leaseNs, lockDelayNs, 1);
    }

    /**
     * The fenced resource's answer to the woken holder's write.
     *
     * @return a {@link LockResult} status, or -1 if the write was never answered.
     */
    public byte staleWriteStatus()
    {
        return staleWriteStatus;
    }

    /**
     * The fenced resource's answer to the second holder's write.
     *
     * @return a {@link LockResult} status, or -1 if it was never answered.
     */
    public byte secondWriteStatus()
    {
        return secondWriteStatus;
    }

    /**
     * The tokens of the two grants.
     *
     * @return {first holder's, second holder's}; 0 where there was none.
     */
    public long[] tokens()
    {
        return new long[]{holderToken, secondToken};
    }

    /** {@inheritDoc} */
    @Override
    public Client newClient(final int clientIndex)
    {
        return 0 == clientIndex ? new Holder() : 1 == clientIndex ? new Second() : finalOperations.newClient(clientIndex);
    }

    /** {@inheritDoc} */
    @Override
    public List<Operation> finalOperations(final long seed, final int keys)
    {
        return finalOperations.finalOperations(seed, keys);
    }

    /** {@inheritDoc} */
    @Override
    public LinearizabilityResult check(final History history)
    {
        return finalOperations.check(history);
    }

    private static Outcome ok(final byte[] result, final long token)
    {
        final byte status = LockResult.status(result, 0);
        return new Outcome(OpType.OK, LockResult.name(status) + ":" + token +
            (LockResult.STALE_TOKEN == status ? ":" + LockResult.token(result, 0) : ""), null);
    }

    /** Client 0: acquire, write, stop, wake and write with the old token. */
    private final class Holder implements Client
    {
        private long session;
        private long logTimeNs;
        private boolean wroteOnce;

        @Override
        public Operation next(final ClientContext context)
        {
            if (0 == session)
            {
                return new Operation(LockClientModel.OPEN, "session", null, null);
            }
            if (0 == holderToken)
            {
                return new Operation(LockClientModel.ACQUIRE, LOCK, Long.toString(session), null);
            }
            if (!wroteOnce)
            {
                return new Operation(LockClientModel.WRITE, LOCK, "holder-1", Long.toString(holderToken));
            }
            final boolean awake = logTimeNs > grantTimeNs + leaseNs + lockDelayNs && secondWrote;
            if (awake && -1 == staleWriteStatus)
            {
                return new Operation(LockClientModel.WRITE, LOCK, "holder-stale", Long.toString(holderToken));
            }
            return new Operation(LockClientModel.PAUSE, "session", null, null);
        }

        @Override
        public byte[] encode(final Operation operation)
        {
            return switch (operation.f())
            {
                case LockClientModel.OPEN -> LockCommand.openSession(leaseNs);
                case LockClientModel.ACQUIRE -> LockCommand.acquire(session, LOCK_BYTES, leaseNs, false);
                case LockClientModel.WRITE -> LockCommand.fencedWrite(LOCK_BYTES, holderToken, LOCK_BYTES,
                    operation.value().getBytes(StandardCharsets.ISO_8859_1));
                default -> LockCommand.tick();
            };
        }

        @Override
        public Outcome onCommitted(final Operation operation, final byte[] result, final long logIndex)
        {
            logTimeNs = Math.max(logTimeNs, LockResult.timeNs(result, 0));
            final byte status = LockResult.status(result, 0);
            if ((LockResult.UNKNOWN_SESSION == status || LockResult.EXPIRED == status) && 0 == holderToken)
            {
                session = 0;
            }
            switch (operation.f())
            {
                case LockClientModel.OPEN -> session = LockResult.sessionId(result, 0);
                case LockClientModel.ACQUIRE ->
                {
                    if (LockResult.GRANTED == status || LockResult.HELD == status)
                    {
                        holderToken = LockResult.token(result, 0);
                        grantTimeNs = LockResult.timeNs(result, 0);
                    }
                }
                case LockClientModel.WRITE ->
                {
                    if (wroteOnce)
                    {
                        staleWriteStatus = status;
                    }
                    wroteOnce = true;
                }
                default ->
                {
                }
            }
            return ok(result, LockClientModel.WRITE.equals(operation.f()) ? holderToken : LockResult.token(result, 0));
        }
    }

    /** Client 1: once client 0 holds the lock, queue for it, poll until granted, write. */
    private final class Second implements Client
    {
        private long session;
        private boolean keepAliveNext;

        @Override
        public Operation next(final ClientContext context)
        {
            if (0 == holderToken || secondWrote)
            {
                return new Operation(LockClientModel.PAUSE, "session", null, null);
            }
            if (0 == session)
            {
                return new Operation(LockClientModel.OPEN, "session", null, null);
            }
            keepAliveNext = !keepAliveNext;
            if (keepAliveNext)
            {
                // unlike the holder, this client is alive: it keeps its session while it waits
                return new Operation(LockClientModel.KEEP_ALIVE, "session", Long.toString(session), null);
            }
            if (0 == secondToken)
            {
                return new Operation(LockClientModel.ACQUIRE, LOCK, Long.toString(session), null);
            }
            return new Operation(LockClientModel.WRITE, LOCK, "second", Long.toString(secondToken));
        }

        @Override
        public byte[] encode(final Operation operation)
        {
            return switch (operation.f())
            {
                case LockClientModel.OPEN -> LockCommand.openSession(leaseNs);
                case LockClientModel.KEEP_ALIVE -> LockCommand.keepAlive(session);
                case LockClientModel.ACQUIRE -> LockCommand.acquire(session, LOCK_BYTES, 10 * leaseNs, false);
                case LockClientModel.WRITE -> LockCommand.fencedWrite(LOCK_BYTES, secondToken, LOCK_BYTES,
                    operation.value().getBytes(StandardCharsets.ISO_8859_1));
                default -> LockCommand.tick();
            };
        }

        @Override
        public Outcome onCommitted(final Operation operation, final byte[] result, final long logIndex)
        {
            final byte status = LockResult.status(result, 0);
            if ((LockResult.UNKNOWN_SESSION == status || LockResult.EXPIRED == status) && 0 == secondToken)
            {
                // a fail-over outlasted its lease before it was granted: it opens a new session
                session = 0;
            }
            switch (operation.f())
            {
                case LockClientModel.OPEN -> session = LockResult.sessionId(result, 0);
                case LockClientModel.ACQUIRE ->
                {
                    if (LockResult.GRANTED == status || LockResult.HELD == status)
                    {
                        secondToken = LockResult.token(result, 0);
                    }
                }
                case LockClientModel.WRITE ->
                {
                    secondWrote = true;
                    secondWriteStatus = status;
                }
                default ->
                {
                }
            }
            return ok(result, LockClientModel.WRITE.equals(operation.f()) ? secondToken : LockResult.token(result, 0));
        }
    }
}
