package io.quorumbench.lockfree.host;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.lockfree.codec.ClientMessageDescriptor;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * A client session of tuned node processes ({@link NodeMain}) over Aeron UDP: one
 * publication per node's client endpoint, one subscription on this client's own response
 * endpoint, announced to every node by {@link #connect()}. {@link #offer} and {@link #poll}
 * allocate nothing. Outcomes and leader hints behave as in {@link InProcessClient}.
 *
 * <p>A restarted node forgets its clients: call {@link #connect()} again after a timeout.
 * Not thread-safe: one thread owns a client.
 */
public final class UdpClient implements AutoCloseable
{
    private final long clientId;
    private final int[] nodeIds;
    private final ExclusivePublication[] publications;
    private final Subscription subscription;
    private final UnsafeBuffer connectMessage;
    private final BufferClaim claim = new BufferClaim();
    private final FragmentHandler fragmentHandler = new FragmentAssembler(this::onFragment);
    private ResponseHandler handler;
    private int leaderHint = NodeConfig.NO_NODE;
    private int roundRobin;

    /**
     * Open publications to the nodes and the response subscription.
     *
     * @param aeron            connected Aeron client (its own media driver).
     * @param clientId         session id; must be unique in the cluster and larger than any
     *                         in-process client id (use e.g. a random positive long above 2^32).
     * @param nodeIds          node ids.
     * @param clientEndpoints  {@code host:port} of each node's client endpoint, same order.
     * @param responseEndpoint {@code host:port} this client receives outcomes on.
     */
    public UdpClient(
        final Aeron aeron,
        final long clientId,
        final int[] nodeIds,
        final String[] clientEndpoints,
        final String responseEndpoint)
    {
        this.clientId = clientId;
        this.nodeIds = nodeIds.clone();
        this.publications = new ExclusivePublication[nodeIds.length];
        for (int i = 0; i < nodeIds.length; i++)
        {
            publications[i] = aeron.addExclusivePublication(
                NodeChannels.udpChannel(clientEndpoints[i]), ClientMessageDescriptor.CLIENT_STREAM_ID);
        }
        final String responseChannel = NodeChannels.udpChannel(responseEndpoint);
        subscription = aeron.addSubscription(responseChannel, ClientMessageDescriptor.RESPONSE_STREAM_ID);
        final byte[] channelBytes = responseChannel.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        connectMessage = new UnsafeBuffer(new byte[
            ClientMessageDescriptor.UDP_PREFIX_LENGTH + ClientMessageDescriptor.COMMAND_OFFSET + channelBytes.length]);
        connectMessage.putInt(ClientMessageDescriptor.UDP_TYPE_OFFSET, ClientMessageDescriptor.MSG_CONNECT, BYTE_ORDER);
        connectMessage.putLong(
            ClientMessageDescriptor.UDP_PREFIX_LENGTH + ClientMessageDescriptor.CLIENT_ID_OFFSET, clientId, BYTE_ORDER);
        connectMessage.putBytes(
            ClientMessageDescriptor.UDP_PREFIX_LENGTH + ClientMessageDescriptor.COMMAND_OFFSET, channelBytes);
    }

    /**
     * Announce the response channel to every node whose endpoint is reachable now.
     *
     * @return nodes the announcement was handed to.
     */
    public int connect()
    {
        int sent = 0;
        for (final ExclusivePublication publication : publications)
        {
            if (publication.offer(connectMessage) > 0)
            {
                sent++;
            }
        }
        return sent;
    }

    /**
     * This client's session id.
     *
     * @return the id.
     */
    public long clientId()
    {
        return clientId;
    }

    /**
     * Whether the response subscription has a node connected to it.
     *
     * @return true if some node publishes to this client.
     */
    public boolean hasResponder()
    {
        return subscription.isConnected();
    }

    /**
     * How many nodes have connected a response publication to this client. A node answers only
     * over a connected publication: what it applies for this client before then is applied but its
     * answer is dropped, and a retry finds the outcome only while it is among the session's last
     * stored results. Send after every node that is up has connected.
     *
     * @return nodes connected back (images of the response subscription).
     */
    public int connectedResponders()
    {
        return subscription.imageCount();
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
        roundRobin = (roundRobin + 1) % nodeIds.length;
        return nodeIds[roundRobin];
    }

    /**
     * Set or clear the leader hint.
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
     * @param sequence command sequence.
     * @param command  buffer holding the command.
     * @param offset   first byte.
     * @param length   length.
     * @return false if the node is not reachable or back-pressured (retry later).
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
     * @return false if the node is not reachable or back-pressured.
     */
    public boolean offer(final int nodeId, final long sequence, final DirectBuffer command, final int offset, final int length)
    {
        final int slot = indexOf(nodeId);
        final ExclusivePublication publication = publications[slot];
        final int prefix = ClientMessageDescriptor.UDP_PREFIX_LENGTH + ClientMessageDescriptor.COMMAND_OFFSET;
        final int messageLength = prefix + length;
        if (messageLength > publication.maxPayloadLength())
        {
            // Rare large command: encode into a temporary array, accepting one allocation.
            final UnsafeBuffer message = new UnsafeBuffer(new byte[messageLength]);
            encodeCommand(message, 0, sequence, command, offset, length);
            long result;
            int attempts = 0;
            do
            {
                result = publication.offer(message);
            }
            while (Publication.ADMIN_ACTION == result && ++attempts < AeronClientTransport.MAX_ADMIN_RETRIES);
            return result > 0;
        }
        long result;
        int attempts = 0;
        do
        {
            // ADMIN_ACTION: the term rotated under the claim; retry at once rather than fail the send
            result = publication.tryClaim(messageLength, claim);
        }
        while (Publication.ADMIN_ACTION == result && ++attempts < AeronClientTransport.MAX_ADMIN_RETRIES);
        if (result <= 0)
        {
            return false;
        }
        encodeCommand(claim.buffer(), claim.offset(), sequence, command, offset, length);
        claim.commit();
        return true;
    }

    /**
     * Deliver available outcomes.
     *
     * @param handler receives them.
     * @param limit   most fragments to read.
     * @return fragments read.
     */
    public int poll(final ResponseHandler handler, final int limit)
    {
        this.handler = handler;
        return subscription.poll(fragmentHandler, limit);
    }

    /** Close the publications and the subscription. */
    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(publications);
        CloseHelper.quietClose(subscription);
    }

    private void encodeCommand(
        final org.agrona.MutableDirectBuffer buffer,
        final int at,
        final long sequence,
        final DirectBuffer command,
        final int offset,
        final int length)
    {
        final int base = at + ClientMessageDescriptor.UDP_PREFIX_LENGTH;
        buffer.putInt(at + ClientMessageDescriptor.UDP_TYPE_OFFSET, ClientMessageDescriptor.MSG_COMMAND, BYTE_ORDER);
        buffer.putInt(at + ClientMessageDescriptor.UDP_TYPE_OFFSET + 4, 0, BYTE_ORDER);
        buffer.putLong(base + ClientMessageDescriptor.CLIENT_ID_OFFSET, clientId, BYTE_ORDER);
        buffer.putLong(base + ClientMessageDescriptor.SEQUENCE_OFFSET, sequence, BYTE_ORDER);
        buffer.putBytes(base + ClientMessageDescriptor.COMMAND_OFFSET, command, offset, length);
    }

    private int indexOf(final int nodeId)
    {
        for (int i = 0; i < nodeIds.length; i++)
        {
            if (nodeIds[i] == nodeId)
            {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown node " + nodeId + " (nodes " + Arrays.toString(nodeIds) + ")");
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final int base = offset + ClientMessageDescriptor.UDP_PREFIX_LENGTH;
        if (length < ClientMessageDescriptor.UDP_PREFIX_LENGTH + ClientMessageDescriptor.REJECTED_LENGTH)
        {
            return;
        }
        final int type = buffer.getInt(offset + ClientMessageDescriptor.UDP_TYPE_OFFSET, BYTE_ORDER);
        final long sequence = buffer.getLong(base + ClientMessageDescriptor.SEQUENCE_OFFSET, BYTE_ORDER);
        if (ClientMessageDescriptor.MSG_COMMITTED == type)
        {
            handler.onCommitted(
                clientId, sequence, buffer.getLong(base + ClientMessageDescriptor.LOG_INDEX_OFFSET, BYTE_ORDER),
                buffer, base + ClientMessageDescriptor.RESULT_OFFSET,
                length - ClientMessageDescriptor.UDP_PREFIX_LENGTH - ClientMessageDescriptor.RESULT_OFFSET);
        }
        else if (ClientMessageDescriptor.MSG_REJECTED == type)
        {
            final RejectReason reason =
                ClientMessageDescriptor.reason(buffer.getInt(base + ClientMessageDescriptor.REASON_OFFSET, BYTE_ORDER));
            final int hint = buffer.getInt(base + ClientMessageDescriptor.LEADER_HINT_OFFSET, BYTE_ORDER);
            if (RejectReason.NOT_LEADER == reason || RejectReason.LEADERSHIP_LOST == reason)
            {
                leaderHint = hint;
            }
            handler.onRejected(clientId, sequence, reason, hint);
        }
    }
}
