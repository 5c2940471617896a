package io.quorumbench.peers.aeron;

import io.aeron.cluster.ClusteredMediaDriver;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.NodeProcess;
import io.quorumbench.api.registry.Transport;
import io.quorumbench.peers.PeerImplementation;

import java.util.Map;

/**
 * Aeron Cluster as a peer implementation of Raft ({@code raft/aeron-cluster}, so
 * {@code scripts/loadgen --impl aeron-cluster} reads as it should): the project's KV state machine in a
 * {@link io.aeron.cluster.service.ClusteredService}, members and client configured through Aeron's
 * public contexts only ({@link AeronClusterSettings}).
 *
 * <p>Stateless; thread-safe.
 */
public final class AeronClusterPeer extends PeerImplementation
{
    /** The implementation's name on command lines. */
    public static final String NAME = "aeron-cluster";

    /** Registered by {@code ServiceLoader}. */
    public AeronClusterPeer()
    {
        super(NAME, new NodeProcess("io.quorumbench.peers.aeron.AeronClusterNodeMain", 22100, 22299, Transport.UDP, true));
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
}
