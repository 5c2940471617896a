package io.quorumbench.jmh.ring;

import io.quorumbench.api.ring.ConsistentHashRing;
import io.quorumbench.baseline.ring.KetamaRing;
import io.quorumbench.lockfree.ring.ArrayRing;
import io.quorumbench.lockfree.ring.JumpRing;
import io.quorumbench.lockfree.ring.MaglevRing;

import java.util.function.IntFunction;

/**
 * The ring placements the benchmarks compare, by the {@code impl} param value they answer to.
 * {@code lockfree-ketama} is the tuned array structure with the baseline's MD5 ketama hashing, so
 * a reader can separate what the structure buys from what the hash buys.
 *
 * <p>Rings are made for a known largest member count: Maglev's table size follows its capacity
 * ({@code M} ≈ 100 × capacity, the paper's {@code M >> n}), so each benchmark sizes it for the
 * members it will hold rather than the default 256, which would give a 10-node ring a table 25×
 * larger than its peers'. The other placements ignore the hint.
 */
public enum RingImpl
{
    /** {@link KetamaRing}: TreeMap + MD5 per lookup, the way most code does it. */
    BASELINE("baseline", max -> new KetamaRing()),

    /** {@link ArrayRing#xxHash()}: sorted primitive arrays, one volatile read per lookup, xxHash. */
    LOCKFREE("lockfree", max -> ArrayRing.xxHash()),

    /**
     * {@link ArrayRing#xxHash(int)} with ketama's 160 points per node: what the default's 512
     * points buy in balance and cost in memory, side by side in the quality report.
     */
    LOCKFREE_160("lockfree-160", max -> ArrayRing.xxHash(160)),

    /** {@link ArrayRing#ketamaMd5()}: the tuned structure with ketama MD5 points and key hashing. */
    LOCKFREE_KETAMA("lockfree-ketama", max -> ArrayRing.ketamaMd5()),

    /** {@link JumpRing}: jump consistent hash. */
    JUMP("jump", max -> new JumpRing()),

    /** {@link MaglevRing}: Maglev lookup table, capacity = the largest member count the benchmark uses. */
    MAGLEV("maglev", MaglevRing::new);

    private final String id;
    private final IntFunction<ConsistentHashRing> factory;

    RingImpl(final String id, final IntFunction<ConsistentHashRing> factory)
    {
        this.id = id;
        this.factory = factory;
    }

    /**
     * The {@code impl} param value.
     *
     * @return the id.
     */
    public String id()
    {
        return id;
    }

    /**
     * A new, empty ring of this placement.
     *
     * @param maxMembers most members the ring will hold at once.
     * @return the ring.
     */
    public ConsistentHashRing newEmptyRing(final int maxMembers)
    {
        return factory.apply(maxMembers);
    }

    /**
     * A new ring with nodes {@code node-0} .. {@code node-(count-1)}, with room for one more.
     *
     * @param count number of nodes.
     * @return the ring.
     */
    public ConsistentHashRing newRing(final int count)
    {
        final ConsistentHashRing ring = newEmptyRing(count + 1);
        for (int i = 0; i < count; i++)
        {
            ring.addNode(nodeName(i));
        }
        return ring;
    }

    /**
     * Name of the i-th node in benchmark rings.
     *
     * @param i index.
     * @return {@code "node-" + i}.
     */
    public static String nodeName(final int i)
    {
        return "node-" + i;
    }

    /**
     * The placement for an {@code impl} param value.
     *
     * @param id the value.
     * @return the placement.
     * @throws IllegalArgumentException naming the accepted values if {@code id} is unknown.
     */
    public static RingImpl of(final String id)
    {
        for (final RingImpl impl : values())
        {
            if (impl.id.equals(id))
            {
                return impl;
            }
        }
        final StringBuilder known = new StringBuilder();
        for (final RingImpl impl : values())
        {
            known.append(known.length() == 0 ? "" : ", ").append(impl.id);
        }
        throw new IllegalArgumentException("unknown ring impl '" + id + "', expected one of " + known);
    }
}
