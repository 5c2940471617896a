package io.quorumbench.api.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Every protocol × implementation pair on the class path, found with {@link ServiceLoader}: the one
 * list every entry point takes its choices, defaults and help texts from.
 *
 * <p>Immutable; thread-safe.
 */
public final class Registry
{
    private final List<Implementation> implementations;

    private Registry(final List<Implementation> implementations)
    {
        final List<Implementation> sorted = new ArrayList<>(implementations);
        sorted.sort(Comparator.comparing(Implementation::protocol).thenComparing(Implementation::kind)
            .thenComparing(Implementation::impl));
        for (int i = 1; i < sorted.size(); i++)
        {
            if (sorted.get(i).id().equals(sorted.get(i - 1).id()))
            {
                throw new IllegalStateException("two implementations claim " + sorted.get(i).id() + ": " +
                    sorted.get(i - 1).getClass().getName() + " and " + sorted.get(i).getClass().getName());
            }
        }
        this.implementations = List.copyOf(sorted);
    }

    /**
     * The pairs declared on the class path of this class's loader.
     *
     * @return the registry.
     */
    public static Registry discover()
    {
        final List<Implementation> found = new ArrayList<>();
        ServiceLoader.load(Implementation.class, Registry.class.getClassLoader()).forEach(found::add);
        return new Registry(found);
    }

    /**
     * A registry of the given pairs (tests).
     *
     * @param implementations the pairs.
     * @return the registry.
     */
    public static Registry of(final List<Implementation> implementations)
    {
        return new Registry(implementations);
    }

    /**
     * @return every pair, by protocol, then baseline, tuned, peers, then name.
     */
    public List<Implementation> all()
    {
        return implementations;
    }

    /**
     * The pairs of one protocol.
     *
     * @param protocol the protocol.
     * @return its pairs, baseline first.
     */
    public List<Implementation> of(final Protocol protocol)
    {
        return implementations.stream().filter((i) -> i.protocol() == protocol).collect(Collectors.toList());
    }

    /**
     * One pair.
     *
     * @param protocol the protocol.
     * @param impl     the implementation's name.
     * @return the pair.
     * @throws IllegalArgumentException naming the implementations the protocol has.
     */
    public Implementation get(final Protocol protocol, final String impl)
    {
        for (final Implementation implementation : implementations)
        {
            if (implementation.protocol() == protocol && implementation.impl().equals(impl))
            {
                return implementation;
            }
        }
        throw new IllegalArgumentException("unknown implementation '" + impl + "' of " + protocol.id() +
            ", expected one of: " + names(protocol));
    }

    /**
     * One pair by names, as given on a command line.
     *
     * @param protocol e.g. {@code raft}.
     * @param impl     e.g. {@code lockfree}.
     * @return the pair.
     * @throws IllegalArgumentException naming the accepted values.
     */
    public Implementation get(final String protocol, final String impl)
    {
        return get(Protocol.of(protocol), impl);
    }

    /**
     * The baseline of a protocol: the denominator of its ratios.
     *
     * @param protocol the protocol.
     * @return its baseline.
     * @throws IllegalStateException if it has none.
     */
    public Implementation baseline(final Protocol protocol)
    {
        return of(protocol).stream().filter((i) -> i.kind() == ImplementationKind.BASELINE).findFirst()
            .orElseThrow(() -> new IllegalStateException(protocol.id() + " has no baseline implementation"));
    }

    /**
     * The implementation names of a protocol, for messages and help texts.
     *
     * @param protocol the protocol.
     * @return e.g. {@code "baseline, lockfree"}.
     */
    public String names(final Protocol protocol)
    {
        return of(protocol).stream().map(Implementation::impl).collect(Collectors.joining(", "));
    }

    @Override
    public String toString()
    {
        return implementations.stream().map(Implementation::id).collect(Collectors.joining(", ", "Registry[", "]"));
    }
}
