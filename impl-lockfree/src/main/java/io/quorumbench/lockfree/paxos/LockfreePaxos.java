package io.quorumbench.lockfree.paxos;

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
import io.quorumbench.lockfree.host.DirectNodeFactory;
import io.quorumbench.lockfree.host.EmbeddedNodeCluster;
import io.quorumbench.lockfree.host.HostOptions;
import io.quorumbench.lockfree.host.UdpClusterClient;

import java.util.Map;
import java.util.Optional;

/**
 * The registry's {@code paxos/lockfree}: the tuned Multi-Paxos core ({@link LockfreePaxosFactory}) on the
 * protocol-neutral Aeron/Agrona host. Everything here but the factory and {@link PaxosNodeMain} is
 * the host's: {@link EmbeddedNodeCluster} in process, {@link UdpClusterClient} for node processes,
 * and the {@link HostOptions}.
 *
 * <p>Stateless; thread-safe.
 */
public final class LockfreePaxos implements Implementation
{
    /** The implementation's name. */
    public static final String IMPL = "lockfree";
    /** First port of generated node-process configurations. */
    public static final int FIRST_PORT = 20_300;
    /** Last port of generated node-process configurations. */
    public static final int LAST_PORT = 20_499;

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
        return IMPL;
    }

    /** {@inheritDoc} */
    @Override
    public ImplementationKind kind()
    {
        return ImplementationKind.TUNED;
    }

    /** {@inheritDoc} */
    @Override
    public String description()
    {
        return "tuned batched Multi-Paxos: Aeron IPC/UDP, Agrona agents, flyweights, mapped log with holes";
    }

    /** {@inheritDoc} */
    @Override
    public Optional<ProtocolNodeFactory> nodeFactory()
    {
        return Optional.of(new LockfreePaxosFactory());
    }

    /**
     * Nodes sized for an in-process cluster: three share one machine's memory.
     *
     * @return {@link LockfreePaxosFactory#embedded()}.
     */
    @Override
    public Optional<ProtocolNodeFactory> embeddedNodeFactory()
    {
        return Optional.of(LockfreePaxosFactory.embedded());
    }

    /** {@inheritDoc} */
    @Override
    public NodeProcess nodeProcess()
    {
        return new NodeProcess(PaxosNodeMain.class.getName(), FIRST_PORT, LAST_PORT, Transport.UDP, true);
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, String> options()
    {
        return HostOptions.DESCRIPTIONS;
    }

    /** {@inheritDoc} */
    @Override
    public EmbeddedCluster launch(final ClusterContext context)
    {
        context.conclude().checkOptions(this);
        return EmbeddedNodeCluster.launch(id(), (DirectNodeFactory)embeddedNodeFactory().orElseThrow(), context);
    }

    /** {@inheritDoc} */
    @Override
    public ClusterClient connect(final ClusterConfig cluster, final ClusterContext context)
    {
        context.conclude().checkOptions(this);
        if (HostOptions.parse(context).clusterOnSender())
        {
            throw new IllegalArgumentException("option " + HostOptions.CLUSTER_ON_SENDER_OPTION +
                " applies to an embedded cluster (launch), not to node processes (connect)");
        }
        return UdpClusterClient.connect(id(), cluster, context);
    }
}
