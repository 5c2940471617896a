package io.quorumbench.conformance.ring;

import io.quorumbench.api.ring.ConsistentHashRing;

import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * A 64-bit fingerprint of a placement over a fixed scenario, to check that placement does not
 * depend on the JVM, the run or the version (the determinism clause of
 * {@link ConsistentHashRing}).
 *
 * <p>Scenario: add {@code node-0} .. {@code node-9}, remove {@code node-3}, add {@code node-10},
 * remove {@code node-10}'s predecessor {@code node-9}; then place {@value #KEYS} {@code long} keys
 * {@code i × 0x9E3779B97F4A7C15}, {@value #KEYS} text keys {@code "key-" + i} and {@value #KEYS}
 * byte keys, the UTF-8 bytes of {@code "bytes-" + i}. The fingerprint is FNV-1a 64 over the
 * members and every owner's UTF-8 name, in that order.
 *
 * <p>{@link #main(String[])} prints the fingerprint of a suite's ring so that a test can compare it
 * with one computed in a second JVM.
 */
public final class PlacementChecksum
{
    /** Keys of each kind in the scenario. */
    public static final int KEYS = 10_000;

    private static final long FNV_OFFSET = 0xCBF29CE484222325L;
    private static final long FNV_PRIME = 0x100000001B3L;

    private PlacementChecksum()
    {
    }

    /**
     * Fingerprint of the placement a factory's rings give in the fixed scenario.
     *
     * @param factory makes an empty ring.
     * @return the fingerprint.
     */
    public static long of(final Supplier<? extends ConsistentHashRing> factory)
    {
        final ConsistentHashRing ring = factory.get();
        for (int i = 0; i < 10; i++)
        {
            ring.addNode("node-" + i);
        }
        ring.removeNode("node-3");
        ring.addNode("node-10");
        ring.removeNode("node-9");

        long hash = FNV_OFFSET;
        for (final String member : ring.members())
        {
            hash = fnv(hash, member);
        }
        for (int i = 0; i < KEYS; i++)
        {
            hash = fnv(hash, ring.nodeFor(i * 0x9E3779B97F4A7C15L));
        }
        for (int i = 0; i < KEYS; i++)
        {
            hash = fnv(hash, ring.nodeFor("key-" + i));
        }
        for (int i = 0; i < KEYS; i++)
        {
            hash = fnv(hash, ring.nodeFor(("bytes-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        return hash;
    }

    /**
     * Print the fingerprint of a suite's ring as 16 hex digits.
     *
     * @param args one argument: the name of a concrete {@link RingConformanceSuite} subclass with a
     *             no-argument constructor.
     * @throws ReflectiveOperationException if the class cannot be instantiated.
     */
    public static void main(final String[] args) throws ReflectiveOperationException
    {
        if (args.length != 1)
        {
            throw new IllegalArgumentException("usage: PlacementChecksum <RingConformanceSuite subclass>");
        }
        final Constructor<?> constructor = Class.forName(args[0]).getDeclaredConstructor();
        constructor.setAccessible(true);
        final RingConformanceSuite suite = (RingConformanceSuite)constructor.newInstance();
        System.out.println(hex(of(suite::newRing)));
    }

    /**
     * Format a fingerprint as {@link #main(String[])} prints it.
     *
     * @param checksum the fingerprint.
     * @return 16 lower-case hex digits.
     */
    public static String hex(final long checksum)
    {
        return String.format("%016x", checksum);
    }

    private static long fnv(final long seed, final String value)
    {
        long hash = seed;
        for (final byte b : value.getBytes(StandardCharsets.UTF_8))
        {
            hash = (hash ^ (b & 0xFF)) * FNV_PRIME;
        }
        // Separator, so that ("ab", "c") and ("a", "bc") differ.
        return (hash ^ 0xFF) * FNV_PRIME;
    }
}
