package io.quorumbench.api.kv;

import io.quorumbench.api.consensus.StateMachine;

/**
 * A {@link StateMachine} that does nothing and returns an empty result, for benchmarks of the bare
 * replicated log. Stateless; allocates nothing; safe from any thread. Use {@link #INSTANCE}.
 */
public final class NoOpStateMachine implements StateMachine
{
    /** The shared instance. */
    public static final NoOpStateMachine INSTANCE = new NoOpStateMachine();

    private NoOpStateMachine()
    {
    }

    /** {@inheritDoc} */
    @Override
    public int apply(
        final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
    {
        return 0;
    }

    /** {@inheritDoc} */
    @Override
    public int maxResultLength()
    {
        return 0;
    }
}
