package io.quorumbench.baseline.ring;

import io.quorumbench.api.ring.ConsistentHashRing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Ketama consistent hashing the way most Java code does it: a {@link TreeMap} from point to node,
 * MD5 everywhere, {@link TreeMap#ceilingEntry(Object)} with wrap-around.
 *
 * <p>Points follow libketama: for each unit of weight a node gets 40 MD5 digests of
 * {@code node + "-" + i}, each cut into four little-endian 32-bit points, so 160 points per unit of
 * weight. A key's point is the first four bytes of its MD5, little-endian. {@code long} keys are
 * hashed as their 8 bytes big-endian, text keys as their UTF-8 bytes.
 *
 * <p>Two nodes can draw the same 32-bit point (a few percent chance at 100 nodes); the node with
 * the smaller name keeps it, so the placement depends only on the membership. libketama leaves
 * this to {@code qsort} order; a fixed rule is what makes the tuned {@code ArrayRing.ketamaMd5()}
 * comparable key for key.
 *
 * <p><b>Threading</b>: membership changes are {@code synchronized} and copy the map (a removal
 * rebuilds it from the remaining members), then publish it through a volatile field; lookups read
 * that field and never lock. Each lookup allocates (the digest's output, key bytes for
 * {@code long} and text keys, a boxed point, a map entry), as is usual.
 */
public final class KetamaRing implements ConsistentHashRing
{
    /** Points per unit of weight, as libketama. */
    public static final int POINTS_PER_WEIGHT = 160;

    /** Largest accepted weight. */
    public static final int MAX_WEIGHT = 10_000;

    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(KetamaRing::newMd5);

    private final Map<String, Integer> weights = new TreeMap<>();
    private volatile View view = new View(new TreeMap<>(), List.of());

    /**
     * An empty ring.
     */
    public KetamaRing()
    {
    }

    /**
     * {@inheritDoc}
     */
    public String placement()
    {
        return "ketama-md5";
    }

    /**
     * {@inheritDoc}
     * Weight {@code w} gives the node {@code 160 × w} points.
     */
    public synchronized void addNode(final String node, final int weight)
    {
        checkName(node);
        if (weight < 1 || weight > MAX_WEIGHT)
        {
            throw new IllegalArgumentException(
                "weight must be in [1, " + MAX_WEIGHT + "], got " + weight + " for node " + node);
        }
        if (weights.containsKey(node))
        {
            throw new IllegalArgumentException("node " + node + " is already a member");
        }

        final TreeMap<Long, String> points = new TreeMap<>(view.points);
        addPoints(points, node, weight);
        weights.put(node, weight);
        publish(points);
    }

    /**
     * {@inheritDoc}
     */
    public synchronized void removeNode(final String node)
    {
        if (null == node)
        {
            throw new IllegalArgumentException("node name must not be null");
        }
        if (!weights.containsKey(node))
        {
            throw new IllegalArgumentException("node " + node + " is not a member");
        }

        weights.remove(node);
        // Rebuild rather than delete: a point the removed node won on a collision goes back to the
        // node it shadowed.
        final TreeMap<Long, String> points = new TreeMap<>();
        for (final Map.Entry<String, Integer> e : weights.entrySet())
        {
            addPoints(points, e.getKey(), e.getValue());
        }
        publish(points);
    }

    /**
     * {@inheritDoc}
     */
    public String nodeFor(final long key)
    {
        return nodeFor(ByteBuffer.allocate(Long.BYTES).putLong(key).array());
    }

    /**
     * {@inheritDoc}
     */
    public String nodeFor(final byte[] key, final int offset, final int length)
    {
        if (null == key)
        {
            throw new NullPointerException("key must not be null");
        }
        Objects.checkFromIndexSize(offset, length, key.length);

        final NavigableMap<Long, String> points = view.points;
        if (points.isEmpty())
        {
            throw new IllegalStateException("ring is empty: no members to place a key on");
        }
        final MessageDigest md5 = MD5.get();
        md5.update(key, offset, length);
        final long point = littleEndianUInt(md5.digest(), 0);

        Map.Entry<Long, String> entry = points.ceilingEntry(point);
        if (null == entry)
        {
            entry = points.firstEntry();
        }
        return entry.getValue();
    }

    /**
     * {@inheritDoc}
     */
    public String nodeFor(final CharSequence key)
    {
        if (null == key)
        {
            throw new NullPointerException("key must not be null");
        }
        return nodeFor(key.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@inheritDoc}
     */
    public List<String> members()
    {
        return view.members;
    }

    /**
     * {@inheritDoc}
     */
    public int size()
    {
        return view.members.size();
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        final View v = view;
        return "KetamaRing{members=" + v.members + ", points=" + v.points.size() + "}";
    }

    private void publish(final TreeMap<Long, String> points)
    {
        view = new View(points, Collections.unmodifiableList(new ArrayList<>(weights.keySet())));
    }

    private static void addPoints(final TreeMap<Long, String> points, final String node, final int weight)
    {
        final MessageDigest md5 = newMd5();
        for (int i = 0; i < POINTS_PER_WEIGHT / 4 * weight; i++)
        {
            final byte[] digest = md5.digest((node + "-" + i).getBytes(StandardCharsets.UTF_8));
            for (int h = 0; h < 4; h++)
            {
                points.merge(littleEndianUInt(digest, 4 * h), node, (a, b) -> a.compareTo(b) <= 0 ? a : b);
            }
        }
    }

    private static void checkName(final String node)
    {
        if (null == node)
        {
            throw new IllegalArgumentException("node name must not be null");
        }
        if (node.isEmpty())
        {
            throw new IllegalArgumentException("node name must not be empty");
        }
    }

    private static long littleEndianUInt(final byte[] bytes, final int offset)
    {
        return ((bytes[offset + 3] & 0xFFL) << 24) |
            ((bytes[offset + 2] & 0xFFL) << 16) |
            ((bytes[offset + 1] & 0xFFL) << 8) |
            (bytes[offset] & 0xFFL);
    }

    private static MessageDigest newMd5()
    {
        try
        {
            return MessageDigest.getInstance("MD5");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("MD5 is required of every Java platform but is missing", ex);
        }
    }

    /** One published membership view; neither field is modified after publication. */
    private static final class View
    {
        final NavigableMap<Long, String> points;
        final List<String> members;

        View(final NavigableMap<Long, String> points, final List<String> members)
        {
            this.points = points;
            this.members = members;
        }
    }
}
