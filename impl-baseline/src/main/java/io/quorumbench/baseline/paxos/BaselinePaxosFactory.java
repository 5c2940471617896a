package io.quorumbench.baseline.paxos;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.ProtocolNodeFactory;

import java.util.EnumSet;
import java.util.Set;

/**
 * Builds {@link PaxosNode}s: the baseline Multi-Paxos for the conformance kit, the hosts and the
 * benchmarks. Immutable; thread-safe.
 */
public final class BaselinePaxosFactory implements ProtocolNodeFactory
{
    private final Set<PaxosMutation> mutations;

    /** The production factory: no mutation planted. */
    public BaselinePaxosFactory()
    {
        this(EnumSet.noneOf(PaxosMutation.class));
    }

    private BaselinePaxosFactory(final Set<PaxosMutation> mutations)
    {
        this.mutations = mutations;
    }

    /**
     * A factory whose nodes carry planted bugs; for the tests that check the kit catches them.
     *
     * @param planted the mutations.
     * @return the factory.
     */
    static BaselinePaxosFactory withMutations(final Set<PaxosMutation> planted)
    {
        return new BaselinePaxosFactory(planted.isEmpty() ? EnumSet.noneOf(PaxosMutation.class) : EnumSet.copyOf(planted));
    }

    /** {@inheritDoc} */
    @Override
    public ProtocolNode create(final NodeConfig config)
    {
        return new PaxosNode(config, mutations);
    }
}
