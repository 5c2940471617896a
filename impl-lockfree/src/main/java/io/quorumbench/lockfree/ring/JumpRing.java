package io.quorumbench.lockfree.ring;

import io.quorumbench.api.ring.ConsistentHashRing;
import org.agrona.DirectBuffer;

import java.util.Arrays;
import java.util.List;

/**
 * Jump consistent hash (Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash Algorithm",
 * 2014) over an array of bucket names.
 *
 * <p>A key is hashed to 64 bits (xxHash3, as {@link ArrayRing#xxHash()}) and
 * {@code jump(hash, n)} picks a bucket in {@code [0, n)}; bucket {@code b} belongs to
 * {@code buckets[b]}. Buckets are numbered in insertion order, so the placement depends on the
 * order of membership changes, not only on the final set (the contract asks for the former).
 *
 * <h2>Movement</h2>
 * Jump hash is minimal only when buckets are appended or the last one is dropped:
 * <ul>
 *   <li>{@link #addNode(String)} appends bucket {@code n}: only the ~1/(n+1) of keys that now land
 *   in it move, all to the new node.</li>
 *   <li>Removing the last-added node drops bucket {@code n-1}: only its keys move.</li>
 *   <li>Removing any other node {@code X} at bucket {@code r} moves the name of the last bucket
 *   {@code L} into bucket {@code r} and drops the last bucket. X's keys (1/n) move to L, and L's
 *   old keys (1/n) are re-spread over the {@code n-1} remaining buckets; those landing on
 *   {@code r} stay with L. So about {@code (1/n)(2 - 1/(n-1))} of keys move instead of
 *   {@code 1/n}, and about {@code (1/n)(1 - 1/(n-1))} move between two surviving nodes. That is
 *   the price of a placement with no table; callers that remove arbitrary nodes often should use
 *   {@link ArrayRing} or {@link MaglevRing}.</li>
 * </ul>
 * Weights are not supported: any weight but 1 is rejected.
 *
 * <h2>Threading</h2>
 * Lookups read one volatile reference to an immutable view and never lock or allocate; membership
 * changes are serialised on a lock and publish a new view with one volatile write.
 */
public final class JumpRing implements ConsistentHashRing
{
    private static final String PLACEMENT = "jump-xxh3";

    private final Object writeLock = new Object();
    private volatile State state = State.EMPTY;

    /**
     * An empty ring.
     */
    public JumpRing()
    {
    }

    /**
     * Jump consistent hash: the bucket in {@code [0, buckets)} of a 64-bit key, as in figure 1 of
     * Lamping and Veach.
     *
     * @param key     well-mixed 64-bit key.
     * @param buckets number of buckets, at least 1.
     * @return the bucket.
     */
    public static int jump(final long key, final int buckets)
    {
        long k = key;
        long b = -1;
        long j = 0;
        while (j < buckets)
        {
            b = j;
            k = k * 2862933555777941143L + 1;
            j = (long)((b + 1) * ((double)(1L << 31) / (double)((k >>> 33) + 1)));
        }
        return (int)b;
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
     * The node becomes the last bucket.
     */
    public void addNode(final String node, final int weight)
    {
        Members.checkName(node);
        Members.checkUnweighted(PLACEMENT, node, weight);
        synchronized (writeLock)
        {
            final State current = state;
            if (current.slotOf(node) >= 0)
            {
                throw new IllegalArgumentException("node " + node + " is already a member");
            }
            final String[] buckets = Arrays.copyOf(current.buckets, current.buckets.length + 1);
            buckets[buckets.length - 1] = node;
            state = new State(buckets);
        }
    }

    /**
     * {@inheritDoc}
     * Removing the last-added node is minimal; removing another moves the last bucket's name into
     * the freed bucket, which moves about twice the minimal fraction of keys (see the class doc).
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
            final int last = current.buckets.length - 1;
            final String[] buckets = Arrays.copyOf(current.buckets, last);
            if (slot != last)
            {
                buckets[slot] = current.buckets[last];
            }
            state = new State(buckets);
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
        return state.buckets.length;
    }

    /**
     * Bucket names in bucket order: the order that decides which removal is minimal.
     *
     * @return immutable list of names, bucket 0 first.
     */
    public List<String> bucketOrder()
    {
        return List.of(state.buckets);
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "JumpRing{buckets=" + Arrays.toString(state.buckets) + "}";
    }

    private static final class State
    {
        static final State EMPTY = new State(new String[0]);

        final String[] buckets;
        final List<String> sortedMembers;

        State(final String[] buckets)
        {
            this.buckets = buckets;
            this.sortedMembers = Members.sortedCopy(buckets);
        }

        String ownerOf(final long hash)
        {
            final String[] buckets = this.buckets;
            if (0 == buckets.length)
            {
                throw new IllegalStateException("ring is empty: no members to place a key on");
            }
            return buckets[jump(hash, buckets.length)];
        }

        int slotOf(final String node)
        {
            for (int i = 0; i < buckets.length; i++)
            {
                if (buckets[i].equals(node))
                {
                    return i;
                }
            }
            return -1;
        }
    }
}
