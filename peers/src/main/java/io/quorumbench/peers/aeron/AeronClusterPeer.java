package io.quorumbench.peers.aeron;

import io.aeron.cluster.ClusteredMediaDriver;
import io.quorumbench.api.client.ClusterClient;
import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.NodeProcess;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Transport;

import java.util.Map;
import java.util.Optional;

/**
 * Aeron Cluster as a peer implementation of Raft ({@code raft/aeron-cluster}, so
 * {@code scripts/loadgen --impl aeron-cluster} reads as it should): the project's KV state machine in a
 * {@link io.aeron.cluster.service.ClusteredService}, members and client configured through Aeron's
 * public contexts only ({@link AeronClusterSettings}).
 *
 * <p>Stateless; thread-safe.
 */
public final class AeronClusterPeer implements Implementation
{
    /** The implementation's name on command lines. */
    public static final String NAME = "aeron-cluster";

    private static final NodeProcess NODE_PROCESS =
        new NodeProcess("io.quorumbench.peers.aeron.AeronClusterNodeMain", 22100, 22299, Transport.UDP, true);

    /** {@inheritDoc} */
    @Override
    public Protocol protocol()
    {
        return Protocol.RAFT;
    }

    /** {@inheritDoc} */
    @Override
    public String impl()
    {
        return NAME;
    }

    /** {@inheritDoc} */
    @Override
    public ImplementationKind kind()
    {
        return ImplementationKind.PEER;
    }

    /** {@inheritDoc} */
    @Override
    public String description()
    {
        return "Aeron Cluster " + ClusteredMediaDriver.class.getPackage().getImplementationVersion() +
            ": ClusteredService over UDP, SHARED driver and archive, back-off idle";
    }

    /** {@inheritDoc} */
    @Override
    public Optional<ProtocolNodeFactory> nodeFactory()
    {
        return Optional.empty();
    }

    /** {@inheritDoc} */
    @Override
    public NodeProcess nodeProcess()
    {
        return NODE_PROCESS;
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, String> options()
    {
        return AeronClusterSettings.descriptions();
    }

    /** {@inheritDoc} */
    @Override
    public EmbeddedCluster launch(final ClusterContext context)
    {
        return EmbeddedAeronCluster.launch(this, context);
    }

    /**
     * {@inheritDoc}
     *
     * @throws UnsupportedOperationException always: member processes of this peer are not yet offered.
     */
    @Override
    public ClusterClient connect(final ClusterConfig cluster, final ClusterContext context)
    {
        throw new UnsupportedOperationException(id() + ": member processes are not offered yet; run it embedded");
    }
}
