package io.quorumbench.peers.ratis;

import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.NodeProcess;
import io.quorumbench.api.registry.Transport;
import io.quorumbench.peers.PeerImplementation;
import org.apache.ratis.server.RaftServer;

import java.util.Map;

/**
 * Apache Ratis as a peer implementation of Raft ({@code raft/ratis}, so
 * {@code scripts/loadgen --impl ratis} reads as it should): the project's KV state machine in a Ratis
 * {@link org.apache.ratis.statemachine.StateMachine}, servers and clients built with Ratis's public
 * builders and configured through its keys only ({@link RatisSettings}).
 *
 * <p>Stateless; thread-safe.
 */
public final class RatisPeer extends PeerImplementation
{
    /** The implementation's name on command lines. */
    public static final String NAME = "ratis";

    /** Registered by {@code ServiceLoader}. */
    public RatisPeer()
    {
        super(NAME, new NodeProcess("io.quorumbench.peers.ratis.RatisNodeMain", 22300, 22499, Transport.GRPC, false));
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
}
