package io.quorumbench.baseline.paxos;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.paxos.PaxosOptions;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Builds {@link PaxosNode}s: the baseline Multi-Paxos for the conformance kit, the hosts and the
 * benchmarks. Immutable; thread-safe.
 */
public final class BaselinePaxosFactory implements ProtocolNodeFactory
{
    private final Set<PaxosMutation> mutations;
    private final PaxosOptions options;

    /** The production factory: no mutation planted, adaptive batches, the default window. */
    public BaselinePaxosFactory()
    {
        this(EnumSet.noneOf(PaxosMutation.class), new PaxosOptions(PaxosOptions.ADAPTIVE_BATCH, PaxosNode.WINDOW));
    }

    /**
     * The production factory with the given batch and window.
     *
     * @param options the batch and window.
     */
    public BaselinePaxosFactory(final PaxosOptions options)
    {
        this(EnumSet.noneOf(PaxosMutation.class), options);
    }

    private BaselinePaxosFactory(final Set<PaxosMutation> mutations, final PaxosOptions options)
    {
        this.mutations = mutations;
        this.options = options;
    }

    /**
     * The production factory with the registry's {@code batch} and {@code window} options.
     *
     * @param options implementation options; keys other than the Paxos knobs are ignored.
     * @return the factory.
     * @throws IllegalArgumentException for a bad batch or window.
     */
    public static BaselinePaxosFactory withOptions(final Map<String, String> options)
    {
        return new BaselinePaxosFactory(PaxosOptions.parse(options, PaxosNode.WINDOW));
    }

    /**
     * The batch and window of every node this factory builds.
     *
     * @return the knobs.
     */
    public PaxosOptions options()
    {
        return options;
    }

    /**
     * A factory whose nodes carry planted bugs; for the tests that check the kit catches them.
     *
     * @param planted the mutations.
     * @return the factory.
     */
    static BaselinePaxosFactory withMutations(final Set<PaxosMutation> planted)
    {
        return new BaselinePaxosFactory(planted.isEmpty() ? EnumSet.noneOf(PaxosMutation.class) : EnumSet.copyOf(planted),
            new PaxosOptions(PaxosOptions.ADAPTIVE_BATCH, PaxosNode.WINDOW));
    }

    /** {@inheritDoc} */
    @Override
    public ProtocolNode create(final NodeConfig config)
    {
        return new PaxosNode(config, mutations, options);
    }
}
