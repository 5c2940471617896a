package io.quorumbench.lockfree.ring;

import io.quorumbench.conformance.ring.RingQuality;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The movement rules {@link JumpRing} documents: minimal for the last-added node, about twice
 * minimal for any other; and the defining property of jump hash itself.
 */
class JumpRingMovementTest
{
    private static final int KEYS = 200_000;

    @Test
    void shouldMoveOnlyTheLastAddedNodesKeysWhenItLeaves()
    {
        final List<String> nodes = names(50);
        final RingQuality.Movement m = RingQuality.movedFractionOnRemove(JumpRing::new, nodes, "n-49", KEYS, 5);
        assertEquals(0, m.movedBetweenSurvivors());
        assertEquals(m.changedNodeShare(), m.moved(), 1e-12);
    }

    @Test
    void shouldMoveAboutTwiceTheMinimumWhenAnotherNodeLeaves()
    {
        final int n = 50;
        final RingQuality.Movement m = RingQuality.movedFractionOnRemove(JumpRing::new, names(n), "n-10", KEYS, 5);
        final double predictedMoved = (2.0 - 1.0 / (n - 1)) / n;
        final double predictedBetweenSurvivors = (1.0 - 1.0 / (n - 1)) / n;
        final double betweenSurvivors = m.movedBetweenSurvivors() / (double)KEYS;
        System.out.printf("[jump-xxh3] remove non-last of %d: moved %.5f (predicted %.5f), between survivors %.5f " +
            "(predicted %.5f)%n", n, m.moved(), predictedMoved, betweenSurvivors, predictedBetweenSurvivors);
        // Each figure is a binomial share of 200k keys: 15% relative covers > 4 standard deviations.
        assertEquals(predictedMoved, m.moved(), predictedMoved * 0.15);
        assertEquals(predictedBetweenSurvivors, betweenSurvivors, predictedBetweenSurvivors * 0.15);
    }

    @Test
    void shouldKeepTheOtherBucketNamesWhenMovingTheLastIntoTheGap()
    {
        final JumpRing ring = new JumpRing();
        for (final String node : new String[]{ "a", "b", "c", "d" })
        {
            ring.addNode(node);
        }
        ring.removeNode("b");
        assertEquals(List.of("a", "d", "c"), ring.bucketOrder());
        ring.removeNode("c");
        assertEquals(List.of("a", "d"), ring.bucketOrder());
    }

    @Test
    void shouldOnlyEverJumpToTheNewBucketWhenBucketsGrow()
    {
        final SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 20_000; i++)
        {
            final long key = random.nextLong();
            assertEquals(0, JumpRing.jump(key, 1));
            int previous = 0;
            for (int buckets = 2; buckets <= 64; buckets++)
            {
                final int bucket = JumpRing.jump(key, buckets);
                assertTrue(bucket == previous || bucket == buckets - 1,
                    "key " + key + " went from bucket " + previous + " to " + bucket + " of " + buckets);
                previous = bucket;
            }
        }
    }

    private static List<String> names(final int n)
    {
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            names.add("n-" + i);
        }
        return names;
    }
}
