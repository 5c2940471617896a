package io.quorumbench.lockfree.host;

import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.quorumbench.api.consensus.Outbox;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableRingBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * The core's {@link Outbox} on Aeron: one {@link ExclusivePublication} per peer, small frames by
 * {@code tryClaim} (written in place), larger ones by {@code offer} (fragmented by Aeron).
 *
 * <p><b>Back-pressure</b> (BACK_PRESSURED, ADMIN_ACTION) does not lose frames: they are copied
 * to a per-peer {@link ExpandableRingBuffer} backlog, later frames queue behind them to keep the
 * order, and the agent retries the backlog at the start of every duty cycle. Only when a backlog
 * reaches its cap, or the peer is not connected (down), is a frame dropped; drops are counted
 * (the protocols recover from loss by retransmission). A link can be cut for fault injection
 * ({@link #blockPeer(int, boolean)}): frames to a blocked peer are dropped and counted.
 *
 * <p>Single writer: only the owning agent's thread sends; {@link #blockPeer} may be called from
 * any thread (one volatile word).
 */
public final class AeronOutbox implements Outbox
{
    private static final int SENT = 0;
    private static final int RETRY = 1;
    private static final int DROPPED = 2;
    private static final int BACKLOG_INITIAL_BYTES = 64 * 1024;

    private final int[] members;
    private final ExclusivePublication[] publications;
    private final ExpandableRingBuffer[] backlogs;
    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
    private final BufferClaim claim = new BufferClaim();
    private final ExpandableRingBuffer.MessageConsumer backlogConsumer = this::onBacklogFrame;
    private int backlogSlot;
    private volatile long blockedMask;
    private long sentFrames;
    private long droppedFrames;
    private long backPressureEvents;

    /**
     * An outbox over already connected publications.
     *
     * @param members          sorted member ids.
     * @param publications     publication per member slot; null at the sender's own slot.
     * @param maxBacklogBytes  cap of each peer's backlog.
     */
    public AeronOutbox(final int[] members, final ExclusivePublication[] publications, final int maxBacklogBytes)
    {
        this.members = members.clone();
        this.publications = publications.clone();
        this.backlogs = new ExpandableRingBuffer[members.length];
        for (int slot = 0; slot < members.length; slot++)
        {
            backlogs[slot] = new ExpandableRingBuffer(
                Math.min(BACKLOG_INITIAL_BYTES, maxBacklogBytes), maxBacklogBytes, true);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void send(final int toNodeId, final byte[] bytes, final int offset, final int length)
    {
        final int slot = Arrays.binarySearch(members, toNodeId);
        if (slot < 0 || null == publications[slot] || isBlocked(slot))
        {
            droppedFrames++;
            return;
        }
        frame.wrap(bytes, offset, length);
        final ExpandableRingBuffer backlog = backlogs[slot];
        if (!backlog.isEmpty() || RETRY == publish(slot, frame, 0, length))
        {
            if (!Backlogs.append(backlog, frame, 0, length))
            {
                droppedFrames++;
            }
        }
    }

    /**
     * Retry back-pressured frames, oldest first, stopping at the first that still cannot go.
     *
     * @return frames sent or dropped.
     */
    public int flushBacklogs()
    {
        int work = 0;
        for (int slot = 0; slot < backlogs.length; slot++)
        {
            if (!backlogs[slot].isEmpty())
            {
                backlogSlot = slot;
                work += backlogs[slot].consume(backlogConsumer, Integer.MAX_VALUE);
            }
        }
        return work;
    }

    /** Forget queued frames, as a restarted process would. */
    public void clearBacklogs()
    {
        for (final ExpandableRingBuffer backlog : backlogs)
        {
            backlog.reset(BACKLOG_INITIAL_BYTES);
        }
    }

    /**
     * Cut or restore the link to a peer in both directions (the agent also drops inbound frames).
     *
     * @param slot    peer's slot in the sorted member ids.
     * @param blocked whether the link is cut.
     */
    public void blockPeer(final int slot, final boolean blocked)
    {
        long mask = blockedMask;
        mask = blocked ? mask | (1L << slot) : mask & ~(1L << slot);
        blockedMask = mask;
    }

    /**
     * Whether the link to a peer is cut.
     *
     * @param slot peer slot.
     * @return true if cut.
     */
    public boolean isBlocked(final int slot)
    {
        return (blockedMask & (1L << slot)) != 0;
    }

    /**
     * Frames handed to Aeron.
     *
     * @return the count.
     */
    public long sentFrames()
    {
        return sentFrames;
    }

    /**
     * Frames dropped: peer down, link cut, or backlog full.
     *
     * @return the count.
     */
    public long droppedFrames()
    {
        return droppedFrames;
    }

    /**
     * Times a publication answered BACK_PRESSURED or ADMIN_ACTION.
     *
     * @return the count.
     */
    public long backPressureEvents()
    {
        return backPressureEvents;
    }

    private boolean onBacklogFrame(final MutableDirectBuffer buffer, final int offset, final int length, final int headOffset)
    {
        return RETRY != publish(backlogSlot, buffer, offset, length);
    }

    private int publish(final int slot, final DirectBuffer buffer, final int offset, final int length)
    {
        final ExclusivePublication publication = publications[slot];
        final long result;
        if (length <= publication.maxPayloadLength())
        {
            result = publication.tryClaim(length, claim);
            if (result > 0)
            {
                claim.buffer().putBytes(claim.offset(), buffer, offset, length);
                claim.commit();
            }
        }
        else
        {
            result = publication.offer(buffer, offset, length);
        }
        if (result > 0)
        {
            sentFrames++;
            return SENT;
        }
        if (Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result)
        {
            backPressureEvents++;
            return RETRY;
        }
        droppedFrames++;
        return DROPPED;
    }
}
