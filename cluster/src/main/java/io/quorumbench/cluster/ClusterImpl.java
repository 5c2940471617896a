package io.quorumbench.cluster;

import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.NodeProcess;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.api.registry.Transport;

import java.util.List;
import java.util.Objects;

/**
 * One protocol × implementation pair of the {@link Registry} as a {@link ClusterRunner} starts it:
 * its member process ({@link NodeProcess}: main class, port range, transport, Aeron directory).
 * Nothing here names a protocol or an implementation; a pair registered by an implementation module
 * on the classpath can be started as processes.
 */
public final class ClusterImpl
{
    private final Implementation implementation;
    private final NodeProcess process;

    private ClusterImpl(final Implementation implementation)
    {
        this.implementation = Objects.requireNonNull(implementation, "implementation");
        this.process = implementation.nodeProcess();
    }

    /**
     * @param implementation a registered pair.
     * @return the pair as the runner starts it.
     */
    public static ClusterImpl of(final Implementation implementation)
    {
        return new ClusterImpl(implementation);
    }

    /**
     * The pair named on a command line.
     *
     * @param protocol e.g. {@code raft}.
     * @param impl     e.g. {@code lockfree}.
     * @return the pair.
     * @throws IllegalArgumentException naming the accepted values otherwise.
     */
    public static ClusterImpl of(final String protocol, final String impl)
    {
        return new ClusterImpl(Registry.discover().get(protocol, impl));
    }

    /**
     * A Raft pair by its implementation name, as {@code --impl} was before protocols were named.
     *
     * @param impl e.g. {@code lockfree}.
     * @return the pair.
     * @throws IllegalArgumentException naming the accepted values otherwise.
     */
    public static ClusterImpl of(final String impl)
    {
        return of(Protocol.RAFT.id(), impl);
    }

    /**
     * @return every registered pair, in the registry's order.
     */
    public static List<ClusterImpl> all()
    {
        return Registry.discover().all().stream().map(ClusterImpl::new).toList();
    }

    /**
     * @return the registered pair.
     */
    public Implementation implementation()
    {
        return implementation;
    }

    /**
     * Name in directory names and messages: the implementation's name for Raft (as before protocols
     * were named), {@code protocol-impl} for the others.
     *
     * @return e.g. {@code lockfree} or {@code paxos-lockfree}.
     */
    public String id()
    {
        return implementation.protocol() == Protocol.RAFT ? implementation.impl() :
            implementation.protocol().id() + "-" + implementation.impl();
    }

    /**
     * The member's main class, run as {@code MainClass --config FILE --node ID}.
     *
     * @return fully qualified class name.
     */
    public String mainClass()
    {
        return process.mainClass();
    }

    /**
     * @return first port of the range default configurations use.
     */
    public int firstPort()
    {
        return process.firstPort();
    }

    /**
     * @return last port (inclusive) of the range default configurations use.
     */
    public int lastPort()
    {
        return process.lastPort();
    }

    /**
     * @return whether peers talk over UDP (Aeron) rather than TCP.
     */
    public boolean udp()
    {
        return process.transport() == Transport.UDP;
    }

    /**
     * Whether the members run an embedded Aeron media driver (whose directory must not outlive them;
     * such members also take {@code --idle}).
     *
     * @return true when they do.
     */
    public boolean usesAeron()
    {
        return process.usesAeronDirectory();
    }

    /**
     * The cluster id default configurations carry, so a baseline member never accepts a frame of a
     * tuned cluster on a reused port (41 for baselines, 42 for the others, as before).
     *
     * @return the id.
     */
    public int defaultClusterId()
    {
        return implementation.kind() == ImplementationKind.BASELINE ? 41 : 42;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof ClusterImpl other && implementation.id().equals(other.implementation.id());
    }

    @Override
    public int hashCode()
    {
        return implementation.id().hashCode();
    }

    @Override
    public String toString()
    {
        return implementation.id();
    }
}
