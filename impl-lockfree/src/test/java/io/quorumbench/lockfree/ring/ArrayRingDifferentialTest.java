package io.quorumbench.lockfree.ring;

import io.quorumbench.api.ring.ConsistentHashRing;
import io.quorumbench.baseline.ring.KetamaRing;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The plain {@link KetamaRing} as an oracle for {@link ArrayRing#ketamaMd5()}: same membership
 * changes, same owner for every key, in all three key forms, before and after removals, with
 * weights, and where two nodes draw the same 32-bit point.
 */
class ArrayRingDifferentialTest
{
    private static final int KEYS_PER_FORM = 200_000;

    @Test
    void shouldMapEveryKeyExactlyAsKetamaRingThroughChanges()
    {
        final KetamaRing oracle = new KetamaRing();
        final ArrayRing tuned = ArrayRing.ketamaMd5();
        for (int i = 0; i < 50; i++)
        {
            final int weight = i % 10 == 0 ? 3 : (i % 7 == 0 ? 2 : 1);
            oracle.addNode("server-" + i, weight);
            tuned.addNode("server-" + i, weight);
        }
        long compared = compare(oracle, tuned, 1L);

        for (final String node : new String[]{ "server-0", "server-7", "server-23", "server-49", "server-31" })
        {
            oracle.removeNode(node);
            tuned.removeNode(node);
        }
        oracle.addNode("late-a");
        tuned.addNode("late-a");
        oracle.addNode("late-b", 2);
        tuned.addNode("late-b", 2);
        compared += compare(oracle, tuned, 2L);

        System.out.println("[differential] ArrayRing.ketamaMd5 == KetamaRing for " + compared + " keys");
        assertEquals(6L * KEYS_PER_FORM, compared);
    }

    @Test
    void shouldGiveACollidingPointToTheSmallerNameInAnyOrderAsKetamaRingDoes()
    {
        final String[] pair = findNodesWithCollidingPoint();
        final long position = collidingPosition(pair[0], pair[1]);
        final String smaller = pair[0].compareTo(pair[1]) < 0 ? pair[0] : pair[1];
        final String larger = smaller.equals(pair[0]) ? pair[1] : pair[0];

        final ArrayRing forward = ArrayRing.ketamaMd5();
        forward.addNode(smaller);
        forward.addNode(larger);
        final ArrayRing backward = ArrayRing.ketamaMd5();
        backward.addNode(larger);
        backward.addNode(smaller);
        assertEquals(smaller, forward.ownerOfPosition(position));
        assertEquals(smaller, backward.ownerOfPosition(position));

        // The shadowed point comes back when the winner leaves.
        forward.addNode("third");
        forward.removeNode(smaller);
        assertEquals(larger, forward.ownerOfPosition(position));

        // And the oracle agrees on every key with a colliding pair present.
        final KetamaRing oracle = new KetamaRing();
        final ArrayRing tuned = ArrayRing.ketamaMd5();
        for (final String node : new String[]{ larger, "x", smaller, "y" })
        {
            oracle.addNode(node);
            tuned.addNode(node);
        }
        final SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++)
        {
            final long key = random.nextLong();
            assertEquals(oracle.nodeFor(key), tuned.nodeFor(key));
        }
    }

    private static long compare(final ConsistentHashRing oracle, final ArrayRing tuned, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        long compared = 0;
        for (int i = 0; i < KEYS_PER_FORM; i++)
        {
            final long key = random.nextLong();
            check(oracle.nodeFor(key), tuned.nodeFor(key), "long key " + key);

            final byte[] bytes = new byte[1 + random.nextInt(24)];
            random.nextBytes(bytes);
            check(oracle.nodeFor(bytes), tuned.nodeFor(bytes), "byte key #" + i);

            final String text = "user:" + random.nextInt() + (i % 5 == 0 ? ":ü€" : "");
            check(oracle.nodeFor(text), tuned.nodeFor(text), "text key " + text);
            compared += 3;
        }
        return compared;
    }

    private static void check(final String expected, final String actual, final String key)
    {
        if (!expected.equals(actual))
        {
            fail(key + ": KetamaRing says " + expected + ", ArrayRing.ketamaMd5 says " + actual);
        }
    }

    private static String[] findNodesWithCollidingPoint()
    {
        // About 80k random 32-bit points give an even chance of a collision (birthday bound).
        final Map<Long, String> seen = new HashMap<>();
        for (int i = 0; i < 100_000; i++)
        {
            final String node = "c-" + i;
            for (final long point : KetamaMd5RingHash.INSTANCE.nodePoints(node, 160))
            {
                final String previous = seen.putIfAbsent(point, node);
                if (null != previous && !previous.equals(node))
                {
                    return new String[]{ previous, node };
                }
            }
        }
        throw new AssertionError("no colliding ketama points among 16M points");
    }

    private static long collidingPosition(final String a, final String b)
    {
        final long[] pointsA = KetamaMd5RingHash.INSTANCE.nodePoints(a, 160);
        final long[] pointsB = KetamaMd5RingHash.INSTANCE.nodePoints(b, 160);
        for (final long pa : pointsA)
        {
            for (final long pb : pointsB)
            {
                if (pa == pb)
                {
                    return pa;
                }
            }
        }
        throw new AssertionError(a + " and " + b + " share no point");
    }

    @Test
    void shouldFindPointsThroughThePrefixIndexAsABinarySearchWould()
    {
        final SplittableRandom random = new SplittableRandom(11);
        for (final int pointsPerNode : new int[]{ 1, 3, 160 })
        {
            final ArrayRing ring = ArrayRing.xxHash(pointsPerNode);
            for (int i = 0; i < 7; i++)
            {
                ring.addNode("n" + i);
            }
            final ArrayRing.State state = ring.state();
            final long[] points = state.points;
            for (int i = 1; i < points.length; i++)
            {
                assertTrue(Long.compareUnsigned(points[i - 1], points[i]) <= 0, "points not sorted at " + i);
            }

            final long[] probes = new long[points.length * 3 + 1000];
            int p = 0;
            for (final long point : points)
            {
                probes[p++] = point;
                probes[p++] = point - 1;
                probes[p++] = point + 1;
            }
            probes[p++] = 0;
            probes[p++] = -1L;
            probes[p++] = Long.MIN_VALUE;
            probes[p++] = Long.MAX_VALUE;
            while (p < probes.length)
            {
                probes[p++] = random.nextLong();
            }

            for (final long probe : probes)
            {
                int expected = 0;
                while (expected < points.length && Long.compareUnsigned(points[expected], probe) < 0)
                {
                    expected++;
                }
                if (expected == points.length)
                {
                    expected = 0;
                }
                assertEquals(state.members[state.owners[expected]], ring.ownerOfPosition(probe),
                    "owner of position " + Long.toUnsignedString(probe) + " with " + pointsPerNode + " points per node");
            }
        }
    }
}
