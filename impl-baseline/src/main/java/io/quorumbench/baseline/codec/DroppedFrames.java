package io.quorumbench.baseline.codec;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The warning a baseline core logs when {@link FrameEnvelope#open} refuses a peer frame, shared by every
 * protocol's core. Rate-limited by count, not time (a core has no clock of its own), and per process, so
 * a simulator running hundreds of nodes does not flood its output either: the first ten, then one in
 * ten thousand. Thread-safe.
 */
public final class DroppedFrames
{
    private static final System.Logger LOGGER = System.getLogger(DroppedFrames.class.getName());
    private static final AtomicLong LOGGED = new AtomicLong();

    private DroppedFrames()
    {
    }

    /**
     * Count one dropped frame in this process and log it if it is among the ones logged.
     *
     * @param nodeId        the node that dropped it.
     * @param fromNodeId    the sender the transport named.
     * @param claimedFrom   the sender the frame claimed.
     * @param length        frame bytes.
     * @param verdict       why it was refused.
     * @param droppedByNode frames this node dropped so far.
     */
    public static void onDropped(
        final int nodeId, final int fromNodeId, final int claimedFrom, final int length, final FrameVerdict verdict,
        final long droppedByNode)
    {
        final long dropped = LOGGED.incrementAndGet();
        if (dropped <= 10 || dropped % 10_000 == 0)
        {
            LOGGER.log(System.Logger.Level.WARNING, "node {0}: dropped frame from {1} (claims {2}, {3} bytes): {4}; {5} dropped so far",
                nodeId, fromNodeId, claimedFrom, length, verdict, droppedByNode);
        }
    }
}
