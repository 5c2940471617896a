package io.quorumbench.lockfree.raft;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.ProtocolNodeFactory;

/**
 * Builds tuned Raft nodes ({@link RaftCore}) for the simulator, the hosts and the benchmarks.
 * Thread-safe: the tuning is immutable once concluded.
 */
public final class LockfreeRaftFactory implements ProtocolNodeFactory
{
    private final RaftTuning tuning;

    /** A factory with the default tuning (system properties honoured, see {@link RaftTuning}). */
    public LockfreeRaftFactory()
    {
        this(new RaftTuning());
    }

    /**
     * A factory with an explicit tuning.
     *
     * @param tuning tuning; concluded here if it is not already.
     */
    public LockfreeRaftFactory(final RaftTuning tuning)
    {
        RaftTuning concluded;
        try
        {
            concluded = tuning.conclude();
        }
        catch (final IllegalStateException alreadyConcluded)
        {
            concluded = tuning;
        }
        this.tuning = concluded;
    }

    /**
     * The tuning every node of this factory gets.
     *
     * @return the tuning.
     */
    public RaftTuning tuning()
    {
        return tuning;
    }

    /** {@inheritDoc} */
    @Override
    public ProtocolNode create(final NodeConfig config)
    {
        return createCore(config);
    }

    /**
     * Build a node with its concrete type, for hosts that use the zero-copy entry points.
     *
     * @param config node configuration.
     * @return the node.
     */
    public RaftCore createCore(final NodeConfig config)
    {
        return new RaftCore(config, tuning);
    }
}
