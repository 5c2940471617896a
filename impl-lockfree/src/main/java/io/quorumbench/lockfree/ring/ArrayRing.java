package io.quorumbench.lockfree.ring;

import io.quorumbench.api.ring.ConsistentHashRing;
import org.agrona.DirectBuffer;

import java.util.Arrays;
import java.util.List;

/**
 * A consistent-hash ring of virtual nodes held in immutable primitive arrays, read without locks.
 *
 * <h2>Layout of one published {@link State}</h2>
 * <pre>
 *   points   long[n]   positions on the unsigned 64-bit circle, ascending (unsigned)
 *   owners   int[n]    owners[i] = slot in members[] of the node owning points[i]
 *   members  String[m] node names by slot (insertion order, compacted on removal)
 *   index    int[2^k+1] index[b] = first i with (points[i] &gt;&gt;&gt; (64 - k)) &gt;= b; index[2^k] = n
 * </pre>
 * A key at position {@code h} belongs to the first point at or after {@code h}, wrapping to point 0.
 * The prefix index over the top {@code k} bits, {@code k = ceil(log2 n)} (at least 1, at most 20),
 * narrows the search to one bucket of about one point, so a lookup is a table read and a scan of
 * about one slot instead of a binary search's {@code log2 n} dependent cache misses. (Beyond 2^20
 * points, about 2,000 nodes of 512 points, buckets hold several points and the scan grows.)
 *
 * <p>Equal positions (32-bit ketama points collide at 100 nodes with a few percent probability)
 * are kept, ordered by owner name, so the smallest name owns the position and the placement is a
 * function of the membership alone; the baseline {@code KetamaRing} uses the same rule.
 *
 * <h2>Hashes</h2>
 * {@link #xxHash(int)}: xxHash3 64-bit from zero-allocation-hashing for keys and points.
 * {@link #ketamaMd5()}: libketama's MD5 points and key hash in a 32-bit space, mapping every key
 * exactly as {@code KetamaRing} does; it exists as a differential oracle and to separate the
 * data-structure gain from the hash gain in benchmarks.
 *
 * <h2>Threading</h2>
 * Lookups read one volatile reference to an immutable {@link State} and never lock or allocate
 * (an ASCII {@code String} key is hashed in place; other text is UTF-8 encoded into per-thread
 * scratch). Membership changes are serialised on a
 * lock, build new arrays off to the side in {@code O(n)} by merging, and publish them with a single
 * volatile write, so a lookup sees the old view or the new one, never a mix.
 */
public final class ArrayRing implements ConsistentHashRing
{
    /**
     * Virtual nodes per unit of weight unless told otherwise: 512, not ketama's 160.
     *
     * <p>A node's share of a ring with {@code v} random points per node has a coefficient of
     * variation of about {@code 1/sqrt(v)}, so with 100 nodes the fullest one carries about
     * {@code 1 + 2.5/sqrt(v)} of the mean. At 160 points that is 1.20: over 200 random sets of 100
     * node names (exact arc shares, xxh3 and ketama MD5 alike) the median max/mean was 1.205-1.209
     * and only 41-45% of the sets stayed within 1.20. At 512 points the median was 1.113 and every
     * set stayed within 1.184. The price is memory (8 + 4 bytes a point: about 0.6 MiB for 100
     * nodes) and build time; the lookup still scans about one slot thanks to the prefix index.
     * {@link #xxHash(int)} takes any other count.
     */
    public static final int DEFAULT_POINTS_PER_NODE = 512;

    /** Points per unit of weight of libketama (40 MD5 digests × 4), which {@link #ketamaMd5()} must keep. */
    public static final int KETAMA_POINTS_PER_NODE = 160;

    /** Largest number of points one node may own (points per node × weight). */
    public static final int MAX_POINTS_PER_NODE = 1 << 20;

    private static final int MAX_INDEX_BITS = 20;

    private final RingHash hash;
    private final int pointsPerNode;
    private final String placement;
    private final Object writeLock = new Object();
    private volatile State state = State.EMPTY;

    /**
     * An xxHash3 ring with {@link #DEFAULT_POINTS_PER_NODE} points per node.
     */
    public ArrayRing()
    {
        this(XxRingHash.INSTANCE, DEFAULT_POINTS_PER_NODE, "array-xxh3-" + DEFAULT_POINTS_PER_NODE);
    }

    private ArrayRing(final RingHash hash, final int pointsPerNode, final String placement)
    {
        this.hash = hash;
        this.pointsPerNode = pointsPerNode;
        this.placement = placement;
    }

    /**
     * An xxHash3 ring with {@link #DEFAULT_POINTS_PER_NODE} points per node.
     *
     * @return a new empty ring.
     */
    public static ArrayRing xxHash()
    {
        return xxHash(DEFAULT_POINTS_PER_NODE);
    }

    /**
     * An xxHash3 ring.
     *
     * @param pointsPerNode virtual nodes per unit of weight, at least 1.
     * @return a new empty ring.
     */
    public static ArrayRing xxHash(final int pointsPerNode)
    {
        if (pointsPerNode < 1 || pointsPerNode > MAX_POINTS_PER_NODE)
        {
            throw new IllegalArgumentException(
                "pointsPerNode must be in [1, " + MAX_POINTS_PER_NODE + "], got " + pointsPerNode);
        }
        return new ArrayRing(XxRingHash.INSTANCE, pointsPerNode, "array-xxh3-" + pointsPerNode);
    }

    /**
     * A ring with libketama's MD5 points (160 per unit of weight) and key hash, which places every
     * key exactly as the baseline {@code KetamaRing} does for the same membership.
     *
     * @return a new empty ring.
     */
    public static ArrayRing ketamaMd5()
    {
        return new ArrayRing(KetamaMd5RingHash.INSTANCE, KETAMA_POINTS_PER_NODE, "array-ketama-md5");
    }

    /**
     * {@inheritDoc}
     */
    public String placement()
    {
        return placement;
    }

    /**
     * {@inheritDoc}
     * Weight {@code w} gives the node {@code w × pointsPerNode} points.
     */
    public void addNode(final String node, final int weight)
    {
        Members.checkName(node);
        if (weight < 1)
        {
            throw new IllegalArgumentException("weight must be >= 1, got " + weight + " for node " + node);
        }
        if ((long)weight * pointsPerNode > MAX_POINTS_PER_NODE)
        {
            throw new IllegalArgumentException("weight " + weight + " for node " + node + " gives more than " +
                MAX_POINTS_PER_NODE + " points (" + pointsPerNode + " per unit of weight)");
        }

        synchronized (writeLock)
        {
            final State current = state;
            if (current.slotOf(node) >= 0)
            {
                throw new IllegalArgumentException("node " + node + " is already a member");
            }
            final long[] nodePoints = hash.nodePoints(node, weight * pointsPerNode);
            sortUnsigned(nodePoints);
            state = current.withAdded(node, nodePoints);
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
            final int slot = current.slotOf(node);
            if (slot < 0)
            {
                throw new IllegalArgumentException("node " + node + " is not a member");
            }
            state = current.withRemoved(slot);
        }
    }

    /**
     * {@inheritDoc}
     */
    public String nodeFor(final long key)
    {
        return state.ownerOf(hash.hashLong(key));
    }

    /**
     * {@inheritDoc}
     */
    public String nodeFor(final byte[] key, final int offset, final int length)
    {
        RingHash.checkBytes(key, offset, length);
        return state.ownerOf(hash.hashBytes(key, offset, length));
    }

    /**
     * {@inheritDoc}
     */
    public String nodeFor(final CharSequence key)
    {
        RingHash.checkChars(key);
        return state.ownerOf(hash.hashChars(key));
    }

    /**
     * Node that owns a key held in a buffer, on or off heap, hashed as its bytes: it agrees with
     * {@link #nodeFor(byte[], int, int)} over the same bytes.
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
        return state.ownerOf(hash.hashBuffer(key, offset, length));
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
     * Owner of a position on the circle, bypassing the key hash: for tests of the index itself.
     *
     * @param position unsigned 64-bit position.
     * @return the member owning the first point at or after it.
     */
    String ownerOfPosition(final long position)
    {
        return state.ownerOf(position);
    }

    /**
     * Points of the current view, for tests.
     *
     * @return the published view.
     */
    State state()
    {
        return state;
    }

    /**
     * Number of points (virtual nodes) in the current view.
     *
     * @return number of points.
     */
    public int pointCount()
    {
        return state.points.length;
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        final State s = state;
        return "ArrayRing{" + placement + ", members=" + s.sortedMembers + ", points=" + s.points.length + "}";
    }

    private static void sortUnsigned(final long[] values)
    {
        // Flipping the sign bit maps unsigned order onto signed order and back.
        for (int i = 0; i < values.length; i++)
        {
            values[i] ^= Long.MIN_VALUE;
        }
        Arrays.sort(values);
        for (int i = 0; i < values.length; i++)
        {
            values[i] ^= Long.MIN_VALUE;
        }
    }

    /**
     * One immutable membership view; never modified after construction, so publishing it through
     * the volatile field is a safe publication of every array it holds.
     */
    static final class State
    {
        static final State EMPTY = new State(new long[0], new int[0], new String[0]);

        final long[] points;
        final int[] owners;
        final String[] members;
        final List<String> sortedMembers;
        final int[] index;
        final int shift;

        State(final long[] points, final int[] owners, final String[] members)
        {
            this.points = points;
            this.owners = owners;
            this.members = members;
            this.sortedMembers = Members.sortedCopy(members);

            final int n = points.length;
            int bits = 1;
            while (bits < MAX_INDEX_BITS && (1 << bits) < n)
            {
                bits++;
            }
            shift = 64 - bits;
            final int buckets = 1 << bits;
            index = new int[buckets + 1];
            int i = 0;
            for (int b = 0; b <= buckets; b++)
            {
                while (i < n && (points[i] >>> shift) < b)
                {
                    i++;
                }
                index[b] = i;
            }
        }

        String ownerOf(final long position)
        {
            final long[] points = this.points;
            final int n = points.length;
            if (0 == n)
            {
                throw new IllegalStateException("ring is empty: no members to place a key on");
            }

            final int bucket = (int)(position >>> shift);
            int i = index[bucket];
            final int end = index[bucket + 1];
            // Points in one bucket share the top bits with the key, the sign bit included, so a
            // signed comparison orders them as unsigned ones.
            while (i < end && points[i] < position)
            {
                i++;
            }
            if (i == n)
            {
                i = 0;
            }
            return members[owners[i]];
        }

        int slotOf(final String node)
        {
            final String[] members = this.members;
            for (int i = 0; i < members.length; i++)
            {
                if (members[i].equals(node))
                {
                    return i;
                }
            }
            return -1;
        }

        State withAdded(final String node, final long[] nodePoints)
        {
            final int slot = members.length;
            final String[] newMembers = Arrays.copyOf(members, slot + 1);
            newMembers[slot] = node;

            final int n = points.length;
            final int total = n + nodePoints.length;
            final long[] newPoints = new long[total];
            final int[] newOwners = new int[total];
            int i = 0;
            int j = 0;
            for (int k = 0; k < total; k++)
            {
                final boolean takeExisting;
                if (i == n)
                {
                    takeExisting = false;
                }
                else if (j == nodePoints.length)
                {
                    takeExisting = true;
                }
                else
                {
                    final int cmp = Long.compareUnsigned(points[i], nodePoints[j]);
                    // On equal positions the smaller name comes first and so owns the position.
                    takeExisting = cmp < 0 || (cmp == 0 && members[owners[i]].compareTo(node) < 0);
                }

                if (takeExisting)
                {
                    newPoints[k] = points[i];
                    newOwners[k] = owners[i];
                    i++;
                }
                else
                {
                    newPoints[k] = nodePoints[j];
                    newOwners[k] = slot;
                    j++;
                }
            }
            return new State(newPoints, newOwners, newMembers);
        }

        State withRemoved(final int slot)
        {
            final String[] newMembers = new String[members.length - 1];
            System.arraycopy(members, 0, newMembers, 0, slot);
            System.arraycopy(members, slot + 1, newMembers, slot, newMembers.length - slot);

            int kept = 0;
            for (final int owner : owners)
            {
                if (owner != slot)
                {
                    kept++;
                }
            }
            final long[] newPoints = new long[kept];
            final int[] newOwners = new int[kept];
            int k = 0;
            for (int i = 0; i < points.length; i++)
            {
                final int owner = owners[i];
                if (owner != slot)
                {
                    newPoints[k] = points[i];
                    newOwners[k] = owner > slot ? owner - 1 : owner;
                    k++;
                }
            }
            return new State(newPoints, newOwners, newMembers);
        }
    }
}
