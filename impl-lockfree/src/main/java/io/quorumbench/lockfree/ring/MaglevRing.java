package io.quorumbench.lockfree.ring;

import io.quorumbench.api.ring.ConsistentHashRing;
import org.agrona.DirectBuffer;

import java.util.Arrays;
import java.util.List;

/**
 * Maglev hashing (Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load Balancer",
 * NSDI 2016, section 3.4): a lookup table of prime size {@code M} filled by the members' preference
 * permutations, a key owned by {@code table[hash(key) mod M]}.
 *
 * <p>The table size {@code M} is fixed when the ring is made: the smallest prime above
 * {@code 100 × capacity} (the paper asks for {@code M >> n}), so each of {@code n} members owns
 * {@code M/n} entries give or take one. It must not follow the member count: a key's entry is
 * {@code hash mod M}, so a new {@code M} reshuffles every key (measured: 99% of keys moved when
 * {@code M} was recomputed as the smallest prime above {@code 100 × n} on each change). A ring
 * rejects members beyond its capacity. Member {@code i}'s permutation is
 * {@code (offset_i + j × skip_i) mod M} with {@code offset = h1(name) mod M} and
 * {@code skip = h2(name) mod (M - 1) + 1}, h1 and h2 being xxHash3 with two seeds; members take
 * turns in name order, so the table is a function of the membership set. The table is refilled
 * on every change, off to the side ({@code O(M log M)} expected).
 * Keys are hashed with xxHash3 and reduced to {@code [0, M)} by a multiply-shift of the top 32 bits.
 *
 * <h2>Movement</h2>
 * Maglev trades minimal disruption for balance: removing a node hands its entries to the others,
 * and because the others' permutations then advance differently some entries change hands between
 * surviving nodes too; adding a node likewise moves a few entries between old nodes. The paper
 * reports this as small with {@code M >> n}; the conformance tests measure and bound it (see
 * {@code MaglevRingTest}). Weights are not supported: any weight but 1 is rejected.
 *
 * <h2>Threading</h2>
 * Lookups read one volatile reference to an immutable view and never lock or allocate; membership
 * changes are serialised on a lock and publish a new table with one volatile write.
 */
public final class MaglevRing implements ConsistentHashRing
{
    /** Table entries per member of a full ring: {@code M} is the smallest prime above this × capacity. */
    public static final int TABLE_ENTRIES_PER_NODE = 100;

    /** Members a ring made with the no-argument constructor can hold. */
    public static final int DEFAULT_CAPACITY = 256;

    /** Largest capacity: the table stays within 2^28 entries, so {@code position + skip} fits an int. */
    public static final int MAX_CAPACITY = (1 << 28) / TABLE_ENTRIES_PER_NODE;

    private static final String PLACEMENT = "maglev-xxh3";
    private static final long OFFSET_SEED = 0x6D61676C65764F46L;
    private static final long SKIP_SEED = 0x6D61676C65765348L;

    private final int capacity;
    private final int tableSize;
    private final Object writeLock = new Object();
    private volatile State state = State.EMPTY;

    /**
     * An empty ring for up to {@link #DEFAULT_CAPACITY} members.
     */
    public MaglevRing()
    {
        this(DEFAULT_CAPACITY);
    }

    /**
     * An empty ring.
     *
     * @param capacity most members the ring will hold; the table has about 100 entries per unit.
     */
    public MaglevRing(final int capacity)
    {
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacity must be in [1, " + MAX_CAPACITY + "], got " + capacity);
        }
        this.capacity = capacity;
        this.tableSize = smallestPrimeAbove(TABLE_ENTRIES_PER_NODE * capacity);
    }

    /**
     * {@inheritDoc}
     */
    public String placement()
    {
        return PLACEMENT;
    }

    /**
     * {@inheritDoc}
     */
    public void addNode(final String node, final int weight)
    {
        Members.checkName(node);
        Members.checkUnweighted(PLACEMENT, node, weight);
        synchronized (writeLock)
        {
            final State current = state;
            if (Arrays.binarySearch(current.members, node) >= 0)
            {
                throw new IllegalArgumentException("node " + node + " is already a member");
            }
            if (current.members.length == capacity)
            {
                throw new IllegalArgumentException("cannot add node " + node + ": ring is at its capacity of " +
                    capacity + " members; make a MaglevRing with a larger capacity");
            }
            final String[] members = Arrays.copyOf(current.members, current.members.length + 1);
            members[members.length - 1] = node;
            Arrays.sort(members);
            state = State.build(members, tableSize);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void removeNode(final String node)
    {
        if (null == node)
        {
            throw new IllegalArgumentException("node name must not be null");
        }
        synchronized (writeLock)
        {
            final State current = state;
            final int slot = Arrays.binarySearch(current.members, node);
            if (slot < 0)
            {
                throw new IllegalArgumentException("node " + node + " is not a member");
            }
            final String[] members = new String[current.members.length - 1];
            System.arraycopy(current.members, 0, members, 0, slot);
            System.arraycopy(current.members, slot + 1, members, slot, members.length - slot);
            state = State.build(members, tableSize);
        }
    }

    /**
     * {@inheritDoc}
     */
    public String nodeFor(final long key)
    {
        return state.ownerOf(XxRingHash.INSTANCE.hashLong(key));
    }

    /**
     * {@inheritDoc}
     */
    public String nodeFor(final byte[] key, final int offset, final int length)
    {
        RingHash.checkBytes(key, offset, length);
        return state.ownerOf(XxRingHash.INSTANCE.hashBytes(key, offset, length));
    }

    /**
     * {@inheritDoc}
     */
    public String nodeFor(final CharSequence key)
    {
        RingHash.checkChars(key);
        return state.ownerOf(XxRingHash.INSTANCE.hashChars(key));
    }

    /**
     * Node that owns a key held in a buffer, hashed as its bytes.
     *
     * @param key    buffer holding the key.
     * @param offset first byte of the key in the buffer.
     * @param length number of bytes in the key.
     * @return the owning member's name.
     * @throws NullPointerException      if the buffer is null.
     * @throws IndexOutOfBoundsException if the range is outside the buffer.
     * @throws IllegalStateException     if the ring has no members.
     */
    public String nodeFor(final DirectBuffer key, final int offset, final int length)
    {
        RingHash.checkBuffer(key, offset, length);
        return state.ownerOf(XxRingHash.INSTANCE.hashBuffer(key, offset, length));
    }

    /**
     * {@inheritDoc}
     */
    public List<String> members()
    {
        return state.sortedMembers;
    }

    /**
     * {@inheritDoc}
     */
    public int size()
    {
        return state.members.length;
    }

    /**
     * Owner of a 64-bit hash value, bypassing the key hash: for tests of the table itself.
     *
     * @param hash a hash value.
     * @return the member owning the table entry the hash maps to.
     */
    String ownerOfHash(final long hash)
    {
        return state.ownerOf(hash);
    }

    /**
     * Size {@code M} of the lookup table, fixed at construction.
     *
     * @return number of table entries.
     */
    public int tableSize()
    {
        return tableSize;
    }

    /**
     * Most members this ring can hold.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        final State s = state;
        return "MaglevRing{members=" + s.sortedMembers + ", tableSize=" + tableSize + "}";
    }

    /**
     * Smallest prime strictly greater than {@code n}.
     *
     * @param n lower bound, at least 0.
     * @return the prime.
     */
    static int smallestPrimeAbove(final int n)
    {
        int candidate = n + 1;
        while (!isPrime(candidate))
        {
            candidate++;
        }
        return candidate;
    }

    private static boolean isPrime(final int n)
    {
        if (n < 2)
        {
            return false;
        }
        if (n % 2 == 0)
        {
            return n == 2;
        }
        for (int d = 3; (long)d * d <= n; d += 2)
        {
            if (n % d == 0)
            {
                return false;
            }
        }
        return true;
    }

    private static final class State
    {
        static final State EMPTY = new State(new String[0], new int[0]);

        final String[] members;
        final List<String> sortedMembers;
        final int[] table;

        State(final String[] members, final int[] table)
        {
            this.members = members;
            this.sortedMembers = List.of(members);
            this.table = table;
        }

        /**
         * Fill the table by the paper's population loop (Pseudocode 1).
         *
         * @param members names sorted ascending.
         * @param size    table size, a prime at most {@code 2^28} so {@code position + skip} fits an int.
         * @return the view.
         */
        static State build(final String[] members, final int size)
        {
            final int n = members.length;
            if (0 == n)
            {
                return EMPTY;
            }

            final int[] next = new int[n];
            final int[] skip = new int[n];
            for (int i = 0; i < n; i++)
            {
                next[i] = (int)Long.remainderUnsigned(XxRingHash.hashName(members[i], OFFSET_SEED), size);
                skip[i] = (int)Long.remainderUnsigned(XxRingHash.hashName(members[i], SKIP_SEED), size - 1) + 1;
            }

            final int[] table = new int[size];
            Arrays.fill(table, -1);
            int filled = 0;
            while (true)
            {
                for (int i = 0; i < n; i++)
                {
                    // size is prime and 1 <= skip < size, so the walk visits every entry.
                    int c = next[i];
                    while (table[c] >= 0)
                    {
                        c = advance(c, skip[i], size);
                    }
                    table[c] = i;
                    next[i] = advance(c, skip[i], size);
                    if (++filled == size)
                    {
                        return new State(members, table);
                    }
                }
            }
        }

        private static int advance(final int position, final int skip, final int size)
        {
            final int next = position + skip;
            return next >= size ? next - size : next;
        }

        String ownerOf(final long hash)
        {
            final int[] table = this.table;
            if (0 == table.length)
            {
                throw new IllegalStateException("ring is empty: no members to place a key on");
            }
            // Lemire's multiply-shift maps the top 32 bits onto [0, size) without a division.
            final int entry = (int)(((hash >>> 32) * table.length) >>> 32);
            return members[table[entry]];
        }
    }
}
