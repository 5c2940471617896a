package io.quorumbench.conformance.sim;

/**
 * A simulated run failed: an invariant broke, a node threw, liveness was not regained after
 * healing, replicas did not converge, or the history is not linearizable. The message carries the
 * seed, the fault plan and the last events, and says how to replay the run.
 */
public final class SimulationFailure extends AssertionError
{
    private final long seed;

    /**
     * A failure.
     *
     * @param message what failed, with seed, plan and recent events.
     * @param seed    the run's seed.
     * @param cause   the underlying violation or exception, or {@code null}.
     */
    public SimulationFailure(final String message, final long seed, final Throwable cause)
    {
        super(message, cause);
        this.seed = seed;
    }

    /**
     * The seed that reproduces the failure.
     *
     * @return the seed.
     */
    public long seed()
    {
        return seed;
    }
}
