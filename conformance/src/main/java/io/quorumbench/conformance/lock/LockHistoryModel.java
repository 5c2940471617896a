package io.quorumbench.conformance.lock;

import io.quorumbench.conformance.history.Op;
import io.quorumbench.conformance.linearizability.Model;

/**
 * The lock service as clients see it, for the linearizability checker: per lock (the history's
 * key), the tokens clients are told and the fenced resource's answers must fit one order of the
 * operations that respects real time.
 * <ul>
 *   <li>{@code GRANTED t} needs {@code t} above every token seen before; {@code HELD t} and a
 *       release of {@code t} need {@code t} at least that (the holder's token is the latest);</li>
 *   <li>a fenced write accepted with {@code t} needs {@code t} at least the highest accepted so
 *       far; a write rejected as stale with {@code t}, reporting highest {@code h}, needs
 *       {@code t < h} and {@code h} to be the highest accepted so far.</li>
 * </ul>
 * Expiry and queue hand-offs are invisible to clients (the log-level {@link LockEventChecker}
 * judges them); other answers (queued, busy, errors) and operations of unknown outcome do not
 * constrain the state. Session operations are their own trivial partitions, one per process.
 *
 * <p>Completion values are {@code STATUS:token[:highest]} as {@link LockClientModel} records them.
 */
public final class LockHistoryModel implements Model<LockHistoryModel.State>
{
    /**
     * What clients have learned of one lock.
     *
     * @param lastToken    the latest token observed granted or held.
     * @param highestWrite the highest token the fenced resource accepted.
     */
    public record State(long lastToken, long highestWrite)
    {
    }

    /** {@inheritDoc} */
    @Override
    public State init()
    {
        return new State(0, 0);
    }

    /** {@inheritDoc} */
    @Override
    public String partition(final Op invoke)
    {
        return LockClientModel.isLockOperation(invoke.f()) ? "lock " + invoke.key() : "process " + invoke.process();
    }

    /** {@inheritDoc} */
    @Override
    public boolean failDidNothing(final Op invoke, final Op completion)
    {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public State step(final State state, final Op invoke, final Op completion)
    {
        if (!LockClientModel.isLockOperation(invoke.f()))
        {
            return state;
        }
        if (null == completion || null == completion.value())
        {
            // unknown outcome: a write with a known token may have been accepted
            if (LockClientModel.WRITE.equals(invoke.f()) && null != invoke.expected() && isNumber(invoke.expected()))
            {
                final long token = Long.parseLong(invoke.expected());
                return token >= state.highestWrite ? new State(state.lastToken, token) : state;
            }
            return state;
        }
        final String[] parts = completion.value().split(":");
        final String status = parts[0];
        final long token = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
        switch (invoke.f())
        {
            case LockClientModel.ACQUIRE, LockClientModel.TRY_ACQUIRE ->
            {
                if ("GRANTED".equals(status))
                {
                    return token > state.lastToken ? new State(token, state.highestWrite) : null;
                }
                if ("HELD".equals(status))
                {
                    return token >= state.lastToken ? new State(token, state.highestWrite) : null;
                }
                return state;
            }
            case LockClientModel.RELEASE ->
            {
                if ("OK".equals(status))
                {
                    return token >= state.lastToken ? new State(token, state.highestWrite) : null;
                }
                return state;
            }
            default ->
            {
                if ("OK".equals(status))
                {
                    return token >= state.highestWrite ? new State(state.lastToken, token) : null;
                }
                if ("STALE_TOKEN".equals(status))
                {
                    final long highest = Long.parseLong(parts[2]);
                    return token < highest && highest == state.highestWrite ? state : null;
                }
                return state;
            }
        }
    }

    private static boolean isNumber(final String s)
    {
        for (int i = 0; i < s.length(); i++)
        {
            if (!Character.isDigit(s.charAt(i)))
            {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
