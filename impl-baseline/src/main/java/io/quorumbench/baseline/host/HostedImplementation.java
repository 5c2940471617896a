package io.quorumbench.baseline.host;

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

/**
 * A protocol's {@code baseline} implementation in this host: the protocol's core (its
 * {@link ProtocolNodeFactory}) in threads, locks and TCP, the blocking client in a worker pool per
 * session. Everything but the core, its codec and its node main is the host's, so a protocol's
 * registration (a subclass with a public no-argument constructor, listed for ServiceLoader) only
 * names them. Options are the host's ({@link HostOptions}) and those the protocol's core takes (e.g.
 * Paxos's batch and window), which shape the core of an embedded cluster
 * ({@link #embeddedNodeFactory(Map)}) and of a member process ({@link #nodeFactory()}, from the
 * system properties {@link NodeProcess#options(java.util.Properties)} reads).
 *
 * <p>Stateless; thread-safe.
 */
public abstract class HostedImplementation implements Implementation
{
    private final Protocol protocol;
    private final String description;
    private final Function<Map<String, String>, ProtocolNodeFactory> factory;
    private final Map<String, String> options;
    private final NodeProcess nodeProcess;

    /**
     * @param protocol    the protocol.
     * @param description one line for listings.
     * @param factory     the core.
     * @param mainClass   the node main that runs one node as a process.
     * @param firstPort   first port of the range generated configurations take node ports from.
     * @param lastPort    last port of that range, inclusive; not overlapping another pair's.
     */
    protected HostedImplementation(
        final Protocol protocol, final String description, final ProtocolNodeFactory factory, final Class<?> mainClass,
        final int firstPort, final int lastPort)
    {
        this(protocol, description, Map.of(), options -> factory, mainClass, firstPort, lastPort);
    }

    /**
     * @param protocol      the protocol.
     * @param description   one line for listings.
     * @param coreOptions   the options the core takes, with a line each, besides the host's.
     * @param factory       the core for the given implementation options (other keys ignored);
     *                      throws IllegalArgumentException for a bad value.
     * @param mainClass     the node main that runs one node as a process.
     * @param firstPort     first port of the range generated configurations take node ports from.
     * @param lastPort      last port of that range, inclusive; not overlapping another pair's.
     */
    protected HostedImplementation(
        final Protocol protocol, final String description, final Map<String, String> coreOptions,
        final Function<Map<String, String>, ProtocolNodeFactory> factory, final Class<?> mainClass,
        final int firstPort, final int lastPort)
    {
        this.protocol = protocol;
        this.description = description;
        this.factory = factory;
        final Map<String, String> all = new LinkedHashMap<>(HostOptions.descriptions());
        all.putAll(coreOptions);
        this.options = Collections.unmodifiableMap(all);
        this.nodeProcess = new NodeProcess(mainClass.getName(), firstPort, lastPort, Transport.TCP, false);
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
        return "baseline";
    }

    /** {@inheritDoc} */
    @Override
    public final ImplementationKind kind()
    {
        return ImplementationKind.BASELINE;
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
    public final Optional<ProtocolNodeFactory> embeddedNodeFactory(final Map<String, String> options)
    {
        return Optional.of(factory.apply(options));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The lock service's is the baseline's ({@code baseline.lock.BaselineLockStateMachine}).
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
        HostOptions.of(context);
        factory.apply(context.options());
    }

    /** {@inheritDoc} */
    @Override
    public final EmbeddedCluster launch(final ClusterContext context)
    {
        return EmbeddedNodeCluster.launch(this, context);
    }

    /** {@inheritDoc} */
    @Override
    public final ClusterClient connect(final ClusterConfig cluster, final ClusterContext context)
    {
        return NodeClusterClient.connect(this, cluster, context);
    }
}
