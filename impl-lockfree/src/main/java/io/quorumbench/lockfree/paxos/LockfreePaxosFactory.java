package io.quorumbench.lockfree.paxos;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.paxos.PaxosOptions;
import io.quorumbench.lockfree.host.DirectNodeFactory;

import java.util.Map;

/**
 * Builds tuned Multi-Paxos nodes ({@link PaxosCore}) for the simulator, the host
 * ({@code io.quorumbench.lockfree.host}) and the benchmarks. Thread-safe: the tuning is immutable
 * once concluded.
 */
public final class LockfreePaxosFactory implements DirectNodeFactory
{
    /** Log segment length of a node in an in-process cluster: N nodes share one machine's memory. */
    public static final int EMBEDDED_SEGMENT_LENGTH = 16 * 1024 * 1024;

    private final PaxosTuning tuning;

    /** A factory with the default tuning (system properties honoured, see {@link PaxosTuning}). */
    public LockfreePaxosFactory()
    {
        this(new PaxosTuning());
    }

    /**
     * A factory with an explicit tuning.
     *
     * @param tuning tuning; concluded here if it is not already.
     */
    public LockfreePaxosFactory(final PaxosTuning tuning)
    {
        this.tuning = tuning.isConcluded() ? tuning : tuning.conclude();
    }

    /**
     * A factory for the nodes of an in-process cluster: the default tuning (system properties
     * honoured) with {@link #EMBEDDED_SEGMENT_LENGTH} log segments.
     *
     * @return the factory.
     */
    public static LockfreePaxosFactory embedded()
    {
        return new LockfreePaxosFactory(new PaxosTuning().segmentLength(EMBEDDED_SEGMENT_LENGTH));
    }

    /**
     * A factory for node processes with the registry's {@link PaxosOptions} (batch, window) applied
     * over the default tuning.
     *
     * @param options implementation options; keys other than the Paxos knobs are ignored.
     * @return the factory.
     * @throws IllegalArgumentException for a bad batch or window.
     */
    public static LockfreePaxosFactory withOptions(final Map<String, String> options)
    {
        final PaxosTuning tuning = new PaxosTuning();
        return new LockfreePaxosFactory(tuning.options(PaxosOptions.parse(options, tuning.windowSlots())));
    }

    /**
     * {@link #embedded()} with the registry's {@link PaxosOptions} (batch, window) applied.
     *
     * @param options implementation options; keys other than the Paxos knobs are ignored.
     * @return the factory.
     * @throws IllegalArgumentException for a bad batch or window.
     */
    public static LockfreePaxosFactory embedded(final Map<String, String> options)
    {
        final PaxosTuning tuning = new PaxosTuning().segmentLength(EMBEDDED_SEGMENT_LENGTH);
        return new LockfreePaxosFactory(tuning.options(PaxosOptions.parse(options, tuning.windowSlots())));
    }

    /**
     * The tuning every node of this factory gets.
     *
     * @return the tuning.
     */
    public PaxosTuning tuning()
    {
        return tuning;
    }

    /**
     * Build a node with its concrete type.
     *
     * @param config node configuration.
     * @return the node.
     */
    @Override
    public PaxosCore createNode(final NodeConfig config)
    {
        return new PaxosCore(config, tuning);
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
        return "paxos";
    }

    /**
     * The tuning, for log lines.
     *
     * @return e.g. {@code paxos PaxosTuning{...}}.
     */
    @Override
    public String toString()
    {
        return "paxos " + tuning;
    }
}
