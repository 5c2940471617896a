package io.quorumbench.api.registry;

import io.quorumbench.api.client.ClusterClient;
import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.ProtocolNodeFactory;

import java.util.Map;
import java.util.Optional;

/**
 * A registry entry with a protocol, a name, a kind and perhaps a core, and nothing to run: for
 * tests of whatever reads the registry (the registry itself, the JMH fixtures, gate rules, the
 * report). Shared through this module's test jar; a test overrides what it needs (e.g. options).
 */
public class FakeImplementation implements Implementation
{
    private final Protocol protocol;
    private final String impl;
    private final ImplementationKind kind;
    private final Optional<ProtocolNodeFactory> nodeFactory;

    /**
     * An entry with a core.
     *
     * @param protocol    the protocol.
     * @param impl        the implementation's name.
     * @param kind        its kind.
     * @param nodeFactory its core, if any.
     */
    public FakeImplementation(
        final Protocol protocol, final String impl, final ImplementationKind kind, final Optional<ProtocolNodeFactory> nodeFactory)
    {
        this.protocol = protocol;
        this.impl = impl;
        this.kind = kind;
        this.nodeFactory = nodeFactory;
    }

    /**
     * An entry without a core.
     *
     * @param protocol the protocol.
     * @param impl     the implementation's name.
     * @param kind     its kind.
     */
    public FakeImplementation(final Protocol protocol, final String impl, final ImplementationKind kind)
    {
        this(protocol, impl, kind, Optional.empty());
    }

    @Override
    public Protocol protocol()
    {
        return protocol;
    }

    @Override
    public String impl()
    {
        return impl;
    }

    @Override
    public ImplementationKind kind()
    {
        return kind;
    }

    @Override
    public Optional<ProtocolNodeFactory> nodeFactory()
    {
        return nodeFactory;
    }

    @Override
    public String description()
    {
        return "a fake";
    }

    @Override
    public NodeProcess nodeProcess()
    {
        return new NodeProcess("Main", 30_000, 30_099, Transport.TCP, false);
    }

    @Override
    public Map<String, String> options()
    {
        return Map.of();
    }

    @Override
    public EmbeddedCluster launch(final ClusterContext context)
    {
        throw new UnsupportedOperationException("a fake has nothing to launch");
    }

    @Override
    public ClusterClient connect(final ClusterConfig cluster, final ClusterContext context)
    {
        throw new UnsupportedOperationException("a fake has nothing to connect to");
    }
}
