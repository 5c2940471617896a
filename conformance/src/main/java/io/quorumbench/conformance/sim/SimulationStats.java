package io.quorumbench.conformance.sim;

/**
 * Counters of one simulated run. Mutable, single-threaded (owned by the simulation).
 */
public final class SimulationStats
{
    long framesSent;
    long framesDelivered;
    long framesDropped;
    long framesDuplicated;
    long framesCorrupted;
    long framesTruncated;
    long framesHeld;
    long crashes;
    long powerLosses;
    long restarts;
    long partitionChanges;
    long opsOk;
    long opsFail;
    long opsInfo;
    long rejectedFrames;
    long maxCommitted;
    int termsWithLeader;

    /**
     * Frames nodes handed to their outboxes.
     *
     * @return the count.
     */
    public long framesSent()
    {
        return framesSent;
    }

    /**
     * Frames delivered to a node (copies and mangled frames included).
     *
     * @return the count.
     */
    public long framesDelivered()
    {
        return framesDelivered;
    }

    /**
     * Frames lost: dropped by the plan, a partition, or a down destination.
     *
     * @return the count.
     */
    public long framesDropped()
    {
        return framesDropped;
    }

    /**
     * Frames corrupted or truncated on the way.
     *
     * @return the count.
     */
    public long framesMangled()
    {
        return framesCorrupted + framesTruncated;
    }

    /**
     * Crashes, power losses included.
     *
     * @return the count.
     */
    public long crashes()
    {
        return crashes;
    }

    /**
     * Operations that completed ok.
     *
     * @return the count.
     */
    public long opsOk()
    {
        return opsOk;
    }

    /**
     * Operations that ended with an unknown outcome.
     *
     * @return the count.
     */
    public long opsInfo()
    {
        return opsInfo;
    }

    /**
     * Sum of {@code rejectedFrames()} over every node incarnation.
     *
     * @return the count.
     */
    public long rejectedFrames()
    {
        return rejectedFrames;
    }

    /**
     * Highest index known committed.
     *
     * @return the index.
     */
    public long maxCommitted()
    {
        return maxCommitted;
    }

    /**
     * Terms in which some node was leader.
     *
     * @return the count.
     */
    public int termsWithLeader()
    {
        return termsWithLeader;
    }

    /**
     * Partition or clog changes made.
     *
     * @return the count.
     */
    public long partitionChanges()
    {
        return partitionChanges;
    }

    @Override
    public String toString()
    {
        return "frames{sent=" + framesSent + " delivered=" + framesDelivered + " dropped=" + framesDropped + " dup=" +
            framesDuplicated + " corrupt=" + framesCorrupted + " truncated=" + framesTruncated + " held=" + framesHeld +
            " rejected=" + rejectedFrames + "} crashes=" + crashes + "(powerLoss=" + powerLosses + ") restarts=" + restarts +
            " partitionChanges=" + partitionChanges + " ops{ok=" + opsOk + " fail=" + opsFail + " info=" + opsInfo +
            "} committed=" + maxCommitted + " leaderTerms=" + termsWithLeader;
    }
}
