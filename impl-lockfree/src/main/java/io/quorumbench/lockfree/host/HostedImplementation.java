package io.quorumbench.lockfree.host;

import io.quorumbench.api.client.ClusterClient;
import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.NodeProcess;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.api.registry.Transport;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A protocol's {@code lockfree} implementation on this host: the protocol's zero-copy core (a
 * {@link DirectNodeFactory}) on Aeron IPC/UDP and Agrona agents. Everything but the core, its codec
 * and its node main is the host's — {@link EmbeddedNodeCluster} in process, {@link UdpClusterClient}
 * for node processes, the {@link HostOptions} — so a protocol's registration (a subclass with a
 * public no-argument constructor, listed for ServiceLoader) only names them.
 *
 * <p>The factories are built on every call, so a tuning read from system properties is read when
 * a cluster is built, not when the registry was discovered. Stateless; thread-safe.
 */
public abstract class HostedImplementation implements Implementation
{
    /** The implementation's name. */
    public static final String IMPL = "lockfree";

    private final Protocol protocol;
    private final String description;
    private final Supplier<DirectNodeFactory> factory;
    private final Supplier<DirectNodeFactory> embeddedFactory;
    private final NodeProcess nodeProcess;

    /**
     * @param protocol        the protocol.
     * @param description     one line for listings.
     * @param factory         the core for node processes.
     * @param embeddedFactory the core for nodes sharing one JVM (e.g. smaller log segments).
     * @param mainClass       the node main that runs one node as a process.
     * @param firstPort       first port of the range generated configurations take node ports from.
     * @param lastPort        last port of that range, inclusive; not overlapping another pair's.
     */
    protected HostedImplementation(
        final Protocol protocol,
        final String description,
        final Supplier<DirectNodeFactory> factory,
        final Supplier<DirectNodeFactory> embeddedFactory,
        final Class<?> mainClass,
        final int firstPort,
        final int lastPort)
    {
        this.protocol = protocol;
        this.description = description;
        this.factory = factory;
        this.embeddedFactory = embeddedFactory;
        this.nodeProcess = new NodeProcess(mainClass.getName(), firstPort, lastPort, Transport.UDP, true);
    }

    /** {@inheritDoc} */
    @Override
    public final Protocol protocol()
    {
        return protocol;
    }

    /** {@inheritDoc} */
    @Override
    public final String impl()
    {
        return IMPL;
    }

    /** {@inheritDoc} */
    @Override
    public final ImplementationKind kind()
    {
        return ImplementationKind.TUNED;
    }

    /** {@inheritDoc} */
    @Override
    public final String description()
    {
        return description;
    }

    /** {@inheritDoc} */
    @Override
    public final Optional<ProtocolNodeFactory> nodeFactory()
    {
        return Optional.of(factory.get());
    }

    /** {@inheritDoc} */
    @Override
    public final Optional<ProtocolNodeFactory> embeddedNodeFactory()
    {
        return Optional.of(embeddedFactory.get());
    }

    /**
     * {@inheritDoc}
     *
     * <p>The lock service's is the tuned lock table ({@code lockfree.lock.LockTableStateMachine}).
     */
    @Override
    public final StateMachine stateMachine(final StateMachineKind kind)
    {
        return HostOptions.defaultStateMachine(kind);
    }

    /** {@inheritDoc} */
    @Override
    public final NodeProcess nodeProcess()
    {
        return nodeProcess;
    }

    /** {@inheritDoc} */
    @Override
    public final Map<String, String> options()
    {
        return HostOptions.DESCRIPTIONS;
    }

    /** {@inheritDoc} */
    @Override
    public final EmbeddedCluster launch(final ClusterContext context)
    {
        context.conclude().checkOptions(this);
        return EmbeddedNodeCluster.launch(id(), embeddedFactory.get(), context);
    }

    /** {@inheritDoc} */
    @Override
    public final ClusterClient connect(final ClusterConfig cluster, final ClusterContext context)
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
