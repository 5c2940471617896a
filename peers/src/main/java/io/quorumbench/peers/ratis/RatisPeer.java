package io.quorumbench.peers.ratis;

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
import org.apache.ratis.server.RaftServer;

import java.util.Map;
import java.util.Optional;

/**
 * Apache Ratis as a peer implementation of Raft ({@code raft/ratis}, so
 * {@code scripts/loadgen --impl ratis} reads as it should): the project's KV state machine in a Ratis
 * {@link org.apache.ratis.statemachine.StateMachine}, servers and clients built with Ratis's public
 * builders and configured through its keys only ({@link RatisSettings}).
 *
 * <p>Stateless; thread-safe.
 */
public final class RatisPeer implements Implementation
{
    /** The implementation's name on command lines. */
    public static final String NAME = "ratis";

    private static final NodeProcess NODE_PROCESS =
        new NodeProcess("io.quorumbench.peers.ratis.RatisNodeMain", 22300, 22499, Transport.GRPC, false);

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
        return "Apache Ratis " + RaftServer.class.getPackage().getImplementationVersion() +
            ": StateMachine over gRPC, reads LINEARIZABLE (ReadIndex)";
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
        return RatisSettings.descriptions();
    }

    /** {@inheritDoc} */
    @Override
    public EmbeddedCluster launch(final ClusterContext context)
    {
        return EmbeddedRatisCluster.launch(this, context);
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
