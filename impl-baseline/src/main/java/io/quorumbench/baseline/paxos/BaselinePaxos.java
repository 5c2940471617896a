package io.quorumbench.baseline.paxos;

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
import io.quorumbench.baseline.host.EmbeddedNodeCluster;
import io.quorumbench.baseline.host.HostOptions;
import io.quorumbench.baseline.host.NodeClusterClient;

import java.util.Map;
import java.util.Optional;

/**
 * The registry's {@code paxos/baseline}: the {@link PaxosNode} core ({@link BaselinePaxosFactory}) in
 * the protocol-neutral baseline host ({@code io.quorumbench.baseline.host}): threads, locks and
 * TCP, the blocking client in a worker pool per session. Everything but the core and its codec is
 * the host's, so this class only names them. Options are the host's ({@link HostOptions}).
 *
 * <p>Stateless; thread-safe.
 */
public final class BaselinePaxos implements Implementation
{
    /** First port of the range generated configurations take node ports from. */
    public static final int FIRST_PORT = 21_300;
    /** Last port of that range, inclusive. */
    public static final int LAST_PORT = 21_499;

    private static final ProtocolNodeFactory FACTORY = new BaselinePaxosFactory();

    /** {@inheritDoc} */
    @Override
    public Protocol protocol()
    {
        return Protocol.PAXOS;
    }

    /** {@inheritDoc} */
    @Override
    public String impl()
    {
        return "baseline";
    }

    /** {@inheritDoc} */
    @Override
    public ImplementationKind kind()
    {
        return ImplementationKind.BASELINE;
    }

    /** {@inheritDoc} */
    @Override
    public String description()
    {
        return "plain batched Multi-Paxos: threads, locks, blocking queues, TCP, DataOutputStream frames, FileChannel acceptor log";
    }

    /** {@inheritDoc} */
    @Override
    public Optional<ProtocolNodeFactory> nodeFactory()
    {
        return Optional.of(FACTORY);
    }

    /** {@inheritDoc} */
    @Override
    public NodeProcess nodeProcess()
    {
        return new NodeProcess(PaxosNodeMain.class.getName(), FIRST_PORT, LAST_PORT, Transport.TCP, false);
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, String> options()
    {
        return HostOptions.descriptions();
    }

    /** {@inheritDoc} */
    @Override
    public EmbeddedCluster launch(final ClusterContext context)
    {
        return EmbeddedNodeCluster.launch(this, context);
    }

    /** {@inheritDoc} */
    @Override
    public ClusterClient connect(final ClusterConfig cluster, final ClusterContext context)
    {
        return NodeClusterClient.connect(this, cluster, context);
    }
}
