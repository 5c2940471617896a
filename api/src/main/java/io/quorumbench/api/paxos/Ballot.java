package io.quorumbench.api.paxos;

/**
 * A Paxos ballot {@code (round, nodeId)} packed in one {@code long} so that ballots order as longs:
 * the round in the high 48 bits, the proposer's node id in the low 16. Ballot {@link #NONE} (0)
 * is below every real ballot (rounds start at 1), the "nothing promised / nothing accepted" value.
 *
 * <pre>
 *   63                                          16 15             0
 *  +----------------------------------------------+----------------+
 *  |                     round                    |     nodeId     |
 *  +----------------------------------------------+----------------+
 * </pre>
 */
public final class Ballot
{
    /** No ballot: nothing promised, nothing accepted. */
    public static final long NONE = 0L;

    /** Bits of the node id. */
    public static final int NODE_ID_BITS = 16;

    /** Largest round a ballot can carry. */
    public static final long MAX_ROUND = (1L << (Long.SIZE - 1 - NODE_ID_BITS)) - 1;

    private static final long NODE_ID_MASK = (1L << NODE_ID_BITS) - 1;

    private Ballot()
    {
    }

    /**
     * Pack a ballot.
     *
     * @param round  1 .. {@link #MAX_ROUND}.
     * @param nodeId 0 .. 65535, the proposer.
     * @return the packed ballot, greater than {@link #NONE}.
     * @throws IllegalArgumentException if either is out of range.
     */
    public static long of(final long round, final int nodeId)
    {
        if (round < 1 || round > MAX_ROUND)
        {
            throw new IllegalArgumentException("round " + round + " outside 1.." + MAX_ROUND);
        }
        if (nodeId < 0 || nodeId > NODE_ID_MASK)
        {
            throw new IllegalArgumentException("node id " + nodeId + " outside 0.." + NODE_ID_MASK);
        }
        return (round << NODE_ID_BITS) | nodeId;
    }

    /**
     * The round of a ballot.
     *
     * @param ballot a packed ballot.
     * @return its round (0 for {@link #NONE}).
     */
    public static long round(final long ballot)
    {
        return ballot >>> NODE_ID_BITS;
    }

    /**
     * The proposer of a ballot.
     *
     * @param ballot a packed ballot.
     * @return its node id.
     */
    public static int nodeId(final long ballot)
    {
        return (int)(ballot & NODE_ID_MASK);
    }

    /**
     * A readable form for logs and failure messages.
     *
     * @param ballot a packed ballot.
     * @return {@code "none"} or {@code "round.nodeId"}, e.g. {@code "7.2"}.
     */
    public static String toString(final long ballot)
    {
        return NONE == ballot ? "none" : round(ballot) + "." + nodeId(ballot);
    }
}
