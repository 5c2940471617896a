package io.quorumbench.lockfree.host;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableRingBuffer;

/**
 * Appending to a bounded {@link ExpandableRingBuffer} without tripping its wrap-around bug: at its
 * maximum capacity, with the free space split between the end and the start of the buffer, Agrona's
 * {@code append} (2.4.1, still in 2.6.0; aeron-io/agrona#370) asks for a resize that cannot grow,
 * then writes the message past the end and throws {@link IndexOutOfBoundsException} — a frame to a
 * slow peer would crash the node's duty cycle instead of being dropped and counted.
 *
 * <p>The guard admits a message only when the buffer could hold it twice: then either the space to
 * the end fits it, or the padding written there (less than one message) leaves the start enough. It
 * gives up at most one message's worth of the cap; a refused message is the caller's to drop and count.
 */
final class Backlogs
{
    private Backlogs()
    {
    }

    /**
     * Append a message if it surely fits.
     *
     * @param backlog the buffer.
     * @param buffer  the message's bytes.
     * @param offset  where it starts.
     * @param length  its length.
     * @return true if appended; false if the backlog is too full (nothing written).
     */
    static boolean append(final ExpandableRingBuffer backlog, final DirectBuffer buffer, final int offset, final int length)
    {
        final long alignedLength =
            BitUtil.align(ExpandableRingBuffer.HEADER_LENGTH + length, ExpandableRingBuffer.HEADER_ALIGNMENT);
        if ((long)backlog.size() + 2 * alignedLength > backlog.maxCapacity())
        {
            return false;
        }
        return backlog.append(buffer, offset, length);
    }
}
