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

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A protocol's {@code lockfree} implementation on this host: the protocol's zero-copy core (a
 * {@link DirectNodeFactory}) on Aeron IPC/UDP and Agrona agents. Everything but the core, its codec
 * and its node main is the host's — {@link EmbeddedNodeCluster} in process, {@link UdpClusterClient}
 * for node processes, the {@link HostOptions} — so a protocol's registration (a subclass with a
 * public no-argument constructor, listed for ServiceLoader) only names them.
 *
 * <p>Options are the host's ({@link HostOptions}) and those the protocol's core takes (e.g. Paxos's
 * batch and window), which shape the core of an embedded cluster ({@link #embeddedNodeFactory(Map)})
 * and of a member process (its main reads them from system properties,
 * {@link NodeProcess#options(java.util.Properties)}).
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
    private final Function<Map<String, String>, DirectNodeFactory> factory;
    private final Function<Map<String, String>, DirectNodeFactory> embeddedFactory;
    private final Map<String, String> options;
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
        this(protocol, description, Map.of(), options -> factory.get(), options -> embeddedFactory.get(), mainClass,
            firstPort, lastPort);
    }

    /**
     * @param protocol        the protocol.
     * @param description     one line for listings.
     * @param coreOptions     the options the core takes, with a line each, besides the host's.
     * @param factory         the core for node processes, for the given implementation options (other
     *                        keys ignored); throws IllegalArgumentException for a bad value.
     * @param embeddedFactory the core for nodes sharing one JVM, for the given options.
     * @param mainClass       the node main that runs one node as a process.
     * @param firstPort       first port of the range generated configurations take node ports from.
     * @param lastPort        last port of that range, inclusive; not overlapping another pair's.
     */
    protected HostedImplementation(
        final Protocol protocol,
        final String description,
        final Map<String, String> coreOptions,
        final Function<Map<String, String>, DirectNodeFactory> factory,
        final Function<Map<String, String>, DirectNodeFactory> embeddedFactory,
        final Class<?> mainClass,
        final int firstPort,
        final int lastPort)
    {
        this.protocol = protocol;
        this.description = description;
        this.factory = factory;
        this.embeddedFactory = embeddedFactory;
        final Map<String, String> all = new LinkedHashMap<>(HostOptions.DESCRIPTIONS);
        all.putAll(coreOptions);
        this.options = Collections.unmodifiableMap(all);
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
        // a member process's core options arrive as system properties (NodeProcess.optionFlag)
        return Optional.of(factory.apply(NodeProcess.options(System.getProperties())));
    }

    /** {@inheritDoc} */
    @Override
    public final Optional<ProtocolNodeFactory> embeddedNodeFactory()
    {
        return Optional.of(embeddedFactory.apply(Map.of()));
    }

    /** {@inheritDoc} */
    @Override
    public final Optional<ProtocolNodeFactory> embeddedNodeFactory(final Map<String, String> options)
    {
        return Optional.of(embeddedFactory.apply(options));
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
        return options;
    }

    /** {@inheritDoc} */
    @Override
    public final void checkOptionValues(final ClusterContext context)
    {
        HostOptions.parse(context);
        embeddedFactory.apply(context.options());
    }

    /** {@inheritDoc} */
    @Override
    public final EmbeddedCluster launch(final ClusterContext context)
    {
        context.conclude().checkOptions(this);
        return EmbeddedNodeCluster.launch(id(), embeddedFactory.apply(context.options()), context);
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
