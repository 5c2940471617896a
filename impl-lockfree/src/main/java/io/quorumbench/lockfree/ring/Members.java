package io.quorumbench.lockfree.ring;

import java.util.Arrays;
import java.util.List;

/**
 * Validation and snapshots of member names shared by the placements of this package.
 */
final class Members
{
    private Members()
    {
    }

    /**
     * Reject a name the contract does not allow.
     *
     * @param node name to check.
     * @throws IllegalArgumentException if the name is null or empty.
     */
    static void checkName(final String node)
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

    /**
     * Reject any weight but 1, for placements without weights.
     *
     * @param placement name of the placement, for the message.
     * @param node      node being added.
     * @param weight    weight asked for.
     */
    static void checkUnweighted(final String placement, final String node, final int weight)
    {
        if (weight < 1)
        {
            throw new IllegalArgumentException("weight must be >= 1, got " + weight + " for node " + node);
        }
        if (weight != 1)
        {
            throw new IllegalArgumentException(
                placement + " does not support weights: node " + node + " asked for weight " + weight + ", only 1 is allowed");
        }
    }

    /**
     * An immutable copy sorted by name.
     *
     * @param members names in any order.
     * @return immutable sorted list.
     */
    static List<String> sortedCopy(final String[] members)
    {
        final String[] sorted = members.clone();
        Arrays.sort(sorted);
        return List.of(sorted);
    }
}
