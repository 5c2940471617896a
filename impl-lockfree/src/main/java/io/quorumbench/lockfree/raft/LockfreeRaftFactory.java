package io.quorumbench.lockfree.raft;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.lockfree.host.DirectNodeFactory;

/**
 * Builds tuned Raft nodes ({@link RaftCore}) for the simulator, the host
 * ({@code io.quorumbench.lockfree.host}) and the benchmarks. Thread-safe: the tuning is immutable
 * once concluded.
 */
public final class LockfreeRaftFactory implements DirectNodeFactory
{
    /** Log segment length of a node in an in-process cluster: N nodes share one machine's memory. */
    public static final int EMBEDDED_SEGMENT_LENGTH = 16 * 1024 * 1024;

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

    /**
     * A factory for the nodes of an in-process cluster: the default tuning (system properties
     * honoured) with {@link #EMBEDDED_SEGMENT_LENGTH} log segments.
     *
     * @return the factory.
     */
    public static LockfreeRaftFactory embedded()
    {
        return new LockfreeRaftFactory(new RaftTuning().segmentLength(EMBEDDED_SEGMENT_LENGTH));
    }

    /**
     * Build a node with its concrete type.
     *
     * @param config node configuration.
     * @return the node.
     */
    @Override
    public RaftCore createNode(final NodeConfig config)
    {
        return new RaftCore(config, tuning);
    }

    /** {@inheritDoc} */
    @Override
    public int maxFrameLength(final int maxCommandLength)
    {
        return tuning.maxFrameLength(maxCommandLength);
    }

    /** {@inheritDoc} */
    @Override
    public String protocolName()
    {
        return "raft";
    }

    /**
     * The tuning, for log lines.
     *
     * @return e.g. {@code raft RaftTuning{...}}.
     */
    @Override
    public String toString()
    {
        return "raft " + tuning;
    }
}
