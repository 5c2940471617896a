package io.quorumbench.loadgen.workload.kv;

import java.util.Arrays;

/**
 * Remembers, per key, what a read-back after the run must find so that no acknowledged write was
 * lost, in bounded memory and without allocating per write.
 *
 * <p>Let {@code M} be the latest invocation time of any acknowledged write to a key. An
 * acknowledged write {@code w} that completed before {@code M} is strictly older than that write
 * in real time, so a linearizable store can no longer return it; only writes with
 * {@code complete >= M} (the <em>frontier</em>, all overlapping the instant {@code M}), or writes
 * that were never acknowledged (which may take effect late), can be the final value. The frontier
 * is kept in a fixed number of slots per key ({@link #FRONTIER_SMALL_KEYSPACE} for up to
 * {@link #SMALL_KEYSPACE} keys, else {@link #FRONTIER}); a burst of more overlapping writes to one
 * key (a sender catching up after a stall) overflows it, and that key's read-back is counted as
 * unverifiable, not as passed.
 *
 * <p>Each sender keeps its own tracker (no sharing on the hot path); {@link #mergeInto} combines
 * them: pruning with a sender's own {@code M} never removes a write the global {@code M} keeps.
 *
 * <p><b>Threading</b>: single-threaded.
 */
public final class AckedWriteTracker
{
    /** Frontier entries kept per key in large key spaces. */
    public static final int FRONTIER = 4;
    /** Frontier entries kept per key when there are at most {@link #SMALL_KEYSPACE} keys. */
    public static final int FRONTIER_SMALL_KEYSPACE = 16;
    /** Key count up to which the larger frontier is kept (~0.3 KiB per key per sender). */
    public static final int SMALL_KEYSPACE = 16_384;
    /** Marker for "no acknowledged write". */
    public static final long NONE = Long.MIN_VALUE;

    private final long[] latestInvokeNs;
    private final long[] frontierIds;
    private final long[] frontierCompleteNs;
    private final boolean[] overflowed;
    private final int[] notAcked;
    private final int frontier;

    /**
     * A tracker for {@code keys} keys.
     *
     * @param keys key count.
     */
    public AckedWriteTracker(final int keys)
    {
        frontier = keys <= SMALL_KEYSPACE ? FRONTIER_SMALL_KEYSPACE : FRONTIER;
        latestInvokeNs = new long[keys];
        Arrays.fill(latestInvokeNs, NONE);
        frontierIds = new long[keys * frontier];
        frontierCompleteNs = new long[keys * frontier];
        overflowed = new boolean[keys];
        notAcked = new int[keys];
    }

    /**
     * A write was acknowledged.
     *
     * @param key        key index.
     * @param valueId    id of the value written (never {@link KvHistoryOp#ABSENT}).
     * @param invokeNs   its invocation time.
     * @param completeNs its completion time.
     */
    public void onAcked(final int key, final long valueId, final long invokeNs, final long completeNs)
    {
        if (invokeNs > latestInvokeNs[key])
        {
            latestInvokeNs[key] = invokeNs;
            prune(key);
        }
        if (completeNs < latestInvokeNs[key])
        {
            return;
        }
        final int base = key * frontier;
        for (int i = 0; i < frontier; i++)
        {
            if (KvHistoryOp.ABSENT == frontierIds[base + i])
            {
                frontierIds[base + i] = valueId;
                frontierCompleteNs[base + i] = completeNs;
                return;
            }
        }
        overflowed[key] = true;
    }

    /**
     * A write got no acknowledgement (failed, unknown or timed out): it may still take effect.
     *
     * @param key key index.
     */
    public void onNotAcked(final int key)
    {
        notAcked[key]++;
    }

    private void prune(final int key)
    {
        final long floor = latestInvokeNs[key];
        final int base = key * frontier;
        for (int i = 0; i < frontier; i++)
        {
            if (KvHistoryOp.ABSENT != frontierIds[base + i] && frontierCompleteNs[base + i] < floor)
            {
                frontierIds[base + i] = KvHistoryOp.ABSENT;
            }
        }
    }

    /**
     * Add this tracker's knowledge into {@code target} (same key count).
     *
     * @param target the merged tracker.
     */
    public void mergeInto(final AckedWriteTracker target)
    {
        for (int key = 0; key < latestInvokeNs.length; key++)
        {
            target.notAcked[key] += notAcked[key];
            target.overflowed[key] |= overflowed[key];
            if (NONE == latestInvokeNs[key])
            {
                continue;
            }
            // raising M first keeps the merged frontier pruned against the global M
            if (latestInvokeNs[key] > target.latestInvokeNs[key])
            {
                target.latestInvokeNs[key] = latestInvokeNs[key];
                target.prune(key);
            }
            final int base = key * frontier;
            for (int i = 0; i < frontier; i++)
            {
                if (KvHistoryOp.ABSENT != frontierIds[base + i] &&
                    frontierCompleteNs[base + i] >= target.latestInvokeNs[key])
                {
                    target.insertMerged(key, frontierIds[base + i], frontierCompleteNs[base + i]);
                }
            }
        }
    }

    private void insertMerged(final int key, final long valueId, final long completeNs)
    {
        final int base = key * frontier;
        for (int i = 0; i < frontier; i++)
        {
            if (KvHistoryOp.ABSENT == frontierIds[base + i])
            {
                frontierIds[base + i] = valueId;
                frontierCompleteNs[base + i] = completeNs;
                return;
            }
        }
        overflowed[key] = true;
    }

    /**
     * Whether any write to the key was acknowledged.
     *
     * @param key key index.
     * @return true if the key must be read back.
     */
    public boolean hasAckedWrite(final int key)
    {
        return NONE != latestInvokeNs[key];
    }

    /**
     * Judge the value read back for a key after the run.
     *
     * @param key             key index.
     * @param valueId         id of the value read, {@link KvHistoryOp#ABSENT} if none.
     * @param writerInvokeNs  invocation time of the write that stored it (carried in the value).
     * @return {@link #VERIFIED}, {@link #LOST} or {@link #UNVERIFIABLE}.
     */
    public int judge(final int key, final long valueId, final long writerInvokeNs)
    {
        if (!hasAckedWrite(key))
        {
            return VERIFIED;
        }
        if (KvHistoryOp.ABSENT == valueId)
        {
            return LOST;
        }
        final int base = key * frontier;
        for (int i = 0; i < frontier; i++)
        {
            if (frontierIds[base + i] == valueId)
            {
                return VERIFIED;
            }
        }
        // not in the frontier: fine if its write began after M (it cannot be an acked write that
        // completed before M, so it is an unacknowledged write taking effect late)
        if (writerInvokeNs >= latestInvokeNs[key])
        {
            return VERIFIED;
        }
        return overflowed[key] || notAcked[key] > 0 ? UNVERIFIABLE : LOST;
    }

    /** {@link #judge} verdict: the value is one a linearizable store may hold. */
    public static final int VERIFIED = 0;
    /** {@link #judge} verdict: an acknowledged write was lost (overwritten by an older one, or gone). */
    public static final int LOST = 1;
    /** {@link #judge} verdict: cannot tell (frontier overflow, or unacknowledged writes that may have landed). */
    public static final int UNVERIFIABLE = 2;
}
