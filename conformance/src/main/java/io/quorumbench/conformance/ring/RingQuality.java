package io.quorumbench.conformance.ring;

import io.quorumbench.api.ring.ConsistentHashRing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Quality figures of a placement: how evenly it spreads keys and how many keys a membership change
 * moves. Used by the conformance suite to assert bounds and by reports to print the figures.
 *
 * <p>Keys are {@code long} values drawn from a {@link SplittableRandom} with the given seed, so a
 * figure is reproducible from {@code (placement, nodes, keys, seed)}.
 *
 * <p><b>Threading</b>: stateless; each call builds or reads rings only from the calling thread.
 */
public final class RingQuality
{
    private RingQuality()
    {
    }

    /**
     * What one membership change did to the placement of a set of keys.
     *
     * @param keys                   number of keys looked up before and after.
     * @param moved                  fraction of keys whose owner changed.
     * @param ideal                  fraction a perfect placement moves: {@code 1/n} with {@code n}
     *                               the larger of the member counts before and after.
     * @param changedNodeShare       share of the keys owned by the removed node before the change,
     *                               or by the added node after it: the least that must move.
     * @param movedBetweenSurvivors  number of keys that moved from one node present on both sides
     *                               to another; 0 for a minimal-disruption placement.
     */
    public record Movement(int keys, double moved, double ideal, double changedNodeShare, long movedBetweenSurvivors)
    {
        /**
         * Moved fraction relative to the ideal {@code 1/n}.
         *
         * @return {@code moved / ideal}.
         */
        public double movedOverIdeal()
        {
            return moved / ideal;
        }
    }

    /**
     * Balance: the largest number of keys any node owns divided by the mean per node.
     *
     * @param ring a ring with at least one member; only read.
     * @param keys number of {@code long} keys to place.
     * @param seed seed of the keys.
     * @return max / mean keys per node, at least 1.0; 1.0 is perfect.
     */
    public static double balance(final ConsistentHashRing ring, final int keys, final long seed)
    {
        final Map<String, int[]> counts = countKeys(ring, keys, seed);
        int max = 0;
        for (final int[] count : counts.values())
        {
            max = Math.max(max, count[0]);
        }
        final int nodes = ring.size();
        return max / ((double)keys / nodes);
    }

    /**
     * Keys per node.
     *
     * @param ring a ring with at least one member; only read.
     * @param keys number of {@code long} keys to place.
     * @param seed seed of the keys.
     * @return node name to a one-element array holding its key count; nodes with no key are absent.
     */
    public static Map<String, int[]> countKeys(final ConsistentHashRing ring, final int keys, final long seed)
    {
        final Map<String, int[]> counts = new HashMap<>();
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < keys; i++)
        {
            counts.computeIfAbsent(ring.nodeFor(random.nextLong()), k -> new int[1])[0]++;
        }
        return counts;
    }

    /**
     * Movement when one node leaves: builds a ring of {@code nodes} (added in list order, weight 1),
     * places the keys, removes {@code removed}, places them again.
     *
     * @param factory makes an empty ring.
     * @param nodes   members before the change, in the order they are added.
     * @param removed member to remove.
     * @param keys    number of {@code long} keys.
     * @param seed    seed of the keys.
     * @return what moved.
     */
    public static Movement movedFractionOnRemove(
        final Supplier<? extends ConsistentHashRing> factory,
        final List<String> nodes,
        final String removed,
        final int keys,
        final long seed)
    {
        final ConsistentHashRing ring = build(factory, nodes);
        final String[] before = place(ring, keys, seed);
        ring.removeNode(removed);
        final String[] after = place(ring, keys, seed);
        return compare(before, after, removed, nodes.size());
    }

    /**
     * Movement when one node joins: builds a ring of {@code nodes} (added in list order, weight 1),
     * places the keys, adds {@code added}, places them again.
     *
     * @param factory makes an empty ring.
     * @param nodes   members before the change, in the order they are added.
     * @param added   node to add.
     * @param keys    number of {@code long} keys.
     * @param seed    seed of the keys.
     * @return what moved.
     */
    public static Movement movedFractionOnAdd(
        final Supplier<? extends ConsistentHashRing> factory,
        final List<String> nodes,
        final String added,
        final int keys,
        final long seed)
    {
        final ConsistentHashRing ring = build(factory, nodes);
        final String[] before = place(ring, keys, seed);
        ring.addNode(added);
        final String[] after = place(ring, keys, seed);
        return compare(before, after, added, nodes.size() + 1);
    }

    private static ConsistentHashRing build(final Supplier<? extends ConsistentHashRing> factory, final List<String> nodes)
    {
        final ConsistentHashRing ring = factory.get();
        for (final String node : nodes)
        {
            ring.addNode(node);
        }
        return ring;
    }

    private static String[] place(final ConsistentHashRing ring, final int keys, final long seed)
    {
        final String[] owners = new String[keys];
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < keys; i++)
        {
            owners[i] = ring.nodeFor(random.nextLong());
        }
        return owners;
    }

    private static Movement compare(final String[] before, final String[] after, final String changed, final int n)
    {
        int moved = 0;
        int changedOwned = 0;
        long betweenSurvivors = 0;
        for (int i = 0; i < before.length; i++)
        {
            if (before[i].equals(changed) || after[i].equals(changed))
            {
                changedOwned++;
            }
            if (!before[i].equals(after[i]))
            {
                moved++;
                if (!before[i].equals(changed) && !after[i].equals(changed))
                {
                    betweenSurvivors++;
                }
            }
        }
        final double keys = before.length;
        return new Movement(before.length, moved / keys, 1.0 / n, changedOwned / keys, betweenSurvivors);
    }
}
