package io.quorumbench.peers;

import io.quorumbench.api.client.ClusterClient;
import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.NodeProcess;
import io.quorumbench.api.registry.Protocol;

import java.util.Optional;

/**
 * A peer engine as an implementation of Raft: kind {@link ImplementationKind#PEER}, no deterministic
 * core for the kit (the engine cannot be stepped), embedded clusters only for now ({@link #connect}
 * refuses). A subclass names the engine, describes it, and launches it.
 *
 * <p>Stateless; thread-safe.
 */
public abstract class PeerImplementation implements Implementation
{
    private final String impl;
    private final NodeProcess nodeProcess;

    /**
     * @param impl        the name on command lines.
     * @param nodeProcess the member process it will have (its port range is reserved now).
     */
    protected PeerImplementation(final String impl, final NodeProcess nodeProcess)
    {
        this.impl = impl;
        this.nodeProcess = nodeProcess;
    }

    /** {@inheritDoc} */
    @Override
    public final Protocol protocol()
    {
        return Protocol.RAFT;
    }

    /** {@inheritDoc} */
    @Override
    public final String impl()
    {
        return impl;
    }

    /** {@inheritDoc} */
    @Override
    public final ImplementationKind kind()
    {
        return ImplementationKind.PEER;
    }

    /** {@inheritDoc} */
    @Override
    public final Optional<ProtocolNodeFactory> nodeFactory()
    {
        return Optional.empty();
    }

    /** {@inheritDoc} */
    @Override
    public final NodeProcess nodeProcess()
    {
        return nodeProcess;
    }

    /**
     * {@inheritDoc}
     *
     * @throws UnsupportedOperationException always: member processes of the peers are not offered yet.
     */
    @Override
    public final ClusterClient connect(final ClusterConfig cluster, final ClusterContext context)
    {
        throw new UnsupportedOperationException(id() + ": member processes are not offered yet; run it embedded");
    }
}
