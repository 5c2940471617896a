package io.quorumbench.lockfree.host;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.lockfree.codec.ClientMessageDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * A client session of an in-process tuned cluster ({@link InProcessCluster}): writes commands
 * into the ingress ring buffer of the node it believes leads, reads outcomes from its own egress ring buffer.
 * {@link #offer} and {@link #poll} allocate nothing, so a JMH or load-generator thread can drive
 * it directly. NOT_LEADER and LEADERSHIP_LOST outcomes update the leader hint before the handler
 * sees them; retrying is the caller's choice.
 *
 * <p>Not thread-safe: one thread owns a client. Outcomes are reported once per submission (a
 * retry of a command that was already applied is answered from the node's session table).
 */
public final class InProcessClient implements AutoCloseable
{
    private final long clientId;
    private final int[] members;
    private final RingBuffer[] ingressBySlot;
    private final RingBuffer egress;
    private final ClientRegistry registry;
    private final MessageHandler egressHandler = this::onEgress;
    private ResponseHandler handler;
    private int leaderHint = NodeConfig.NO_NODE;
    private int roundRobin;

    InProcessClient(
        final int[] members,
        final RingBuffer[] ingressBySlot,
        final ClientRegistry registry,
        final int egressCapacity,
        final boolean manyWriters)
    {
        this.members = members.clone();
        this.ingressBySlot = ingressBySlot.clone();
        this.registry = registry;
        // Node agents write the egress: one thread for all agents makes it one writer.
        final UnsafeBuffer buffer = new UnsafeBuffer(
            ByteBuffer.allocateDirect(egressCapacity + RingBufferDescriptor.TRAILER_LENGTH));
        egress = manyWriters ? new ManyToOneRingBuffer(buffer) : new OneToOneRingBuffer(buffer);
        clientId = registry.register(egress);
    }

    /**
     * This client's session id.
     *
     * @return the client id.
     */
    public long clientId()
    {
        return clientId;
    }

    /**
     * The node commands go to next: the last leader hint, or a round-robin guess.
     *
     * @return a node id.
     */
    public int target()
    {
        if (NodeConfig.NO_NODE != leaderHint)
        {
            return leaderHint;
        }
        roundRobin = (roundRobin + 1) % members.length;
        return members[roundRobin];
    }

    /**
     * Current leader hint.
     *
     * @return a node id or {@link NodeConfig#NO_NODE}.
     */
    public int leaderHint()
    {
        return leaderHint;
    }

    /**
     * Set or clear the leader hint (e.g. after a timeout, clear it to try other nodes).
     *
     * @param nodeId a node id or {@link NodeConfig#NO_NODE}.
     */
    public void leaderHint(final int nodeId)
    {
        this.leaderHint = nodeId;
    }

    /**
     * Submit a command to {@link #target()}.
     *
     * @param sequence command sequence, increasing per client; a retry reuses it.
     * @param command  buffer holding the command.
     * @param offset   first byte.
     * @param length   length.
     * @return false if the node's ingress is full (back off and retry).
     */
    public boolean offer(final long sequence, final DirectBuffer command, final int offset, final int length)
    {
        return offer(target(), sequence, command, offset, length);
    }

    /**
     * Submit a command to a given node.
     *
     * @param nodeId   the node.
     * @param sequence command sequence.
     * @param command  buffer holding the command.
     * @param offset   first byte.
     * @param length   length.
     * @return false if the node's ingress is full.
     */
    public boolean offer(final int nodeId, final long sequence, final DirectBuffer command, final int offset, final int length)
    {
        final int slot = Arrays.binarySearch(members, nodeId);
        if (slot < 0)
        {
            throw new IllegalArgumentException("unknown node " + nodeId);
        }
        final RingBuffer ingress = ingressBySlot[slot];
        final int index = ingress.tryClaim(ClientMessageDescriptor.MSG_COMMAND, ClientMessageDescriptor.COMMAND_OFFSET + length);
        if (index < 0)
        {
            return false;
        }
        final AtomicBuffer buffer = ingress.buffer();
        buffer.putLong(index + ClientMessageDescriptor.CLIENT_ID_OFFSET, clientId, BYTE_ORDER);
        buffer.putLong(index + ClientMessageDescriptor.SEQUENCE_OFFSET, sequence, BYTE_ORDER);
        buffer.putBytes(index + ClientMessageDescriptor.COMMAND_OFFSET, command, offset, length);
        ingress.commit(index);
        return true;
    }

    /**
     * Deliver available outcomes.
     *
     * @param handler receives them.
     * @param limit   maximum outcomes to deliver.
     * @return outcomes delivered.
     */
    public int poll(final ResponseHandler handler, final int limit)
    {
        this.handler = handler;
        return egress.read(egressHandler, limit);
    }

    /** Unregister; later outcomes are discarded. */
    @Override
    public void close()
    {
        registry.unregister(clientId);
    }

    private void onEgress(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long sequence = buffer.getLong(index + ClientMessageDescriptor.SEQUENCE_OFFSET, BYTE_ORDER);
        if (ClientMessageDescriptor.MSG_COMMITTED == msgTypeId)
        {
            handler.onCommitted(
                clientId, sequence, buffer.getLong(index + ClientMessageDescriptor.LOG_INDEX_OFFSET, BYTE_ORDER),
                buffer, index + ClientMessageDescriptor.RESULT_OFFSET, length - ClientMessageDescriptor.RESULT_OFFSET);
        }
        else if (ClientMessageDescriptor.MSG_REJECTED == msgTypeId)
        {
            final RejectReason reason =
                ClientMessageDescriptor.reason(buffer.getInt(index + ClientMessageDescriptor.REASON_OFFSET, BYTE_ORDER));
            final int hint = buffer.getInt(index + ClientMessageDescriptor.LEADER_HINT_OFFSET, BYTE_ORDER);
            if (RejectReason.NOT_LEADER == reason || RejectReason.LEADERSHIP_LOST == reason)
            {
                leaderHint = hint;
            }
            handler.onRejected(clientId, sequence, reason, hint);
        }
    }
}
