package io.quorumbench.lockfree.host;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import io.quorumbench.api.consensus.ClientResponder;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.lockfree.codec.ClientMessageDescriptor;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * A node's client endpoint over Aeron UDP: a subscription on {@code node.N.client} for
 * {@link ClientMessageDescriptor#MSG_CONNECT} and {@link ClientMessageDescriptor#MSG_COMMAND}
 * messages, and one publication per connected client to the response channel it announced.
 * Outcomes that cannot be published at once (back-pressure, client gone) are dropped and counted:
 * the client times out and retries, which the core's sessions make safe.
 *
 * <p>Agent thread only. Connecting a new client adds a publication, a blocking call to the media
 * driver; it happens once per client, never per command.
 */
public final class AeronClientTransport implements ClientResponder, AutoCloseable
{
    /** Receives decoded client commands. */
    @FunctionalInterface
    public interface CommandSink
    {
        /**
         * A command from a client.
         *
         * @param clientId client session.
         * @param sequence command sequence.
         * @param buffer   holding the command.
         * @param offset   first byte.
         * @param length   length.
         */
        void onCommand(long clientId, long sequence, DirectBuffer buffer, int offset, int length);
    }

    /** Immediate retries of a claim or offer that met a term rotation (ADMIN_ACTION). */
    static final int MAX_ADMIN_RETRIES = 3;

    private static final int COMMAND_PREFIX = ClientMessageDescriptor.UDP_PREFIX_LENGTH + ClientMessageDescriptor.COMMAND_OFFSET;

    private final Aeron aeron;
    private final Subscription subscription;
    private final FragmentHandler fragmentHandler;
    private final Long2ObjectHashMap<ExclusivePublication> responses = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<String> responseChannels = new Long2ObjectHashMap<>();
    private final BufferClaim claim = new BufferClaim();
    private final UnsafeBuffer scratch;
    private CommandSink sink;
    private long malformed;
    private long droppedResponses;

    /**
     * Listen for clients.
     *
     * @param aeron           connected client.
     * @param channel         channel of the node's client endpoint.
     * @param maxResultLength largest state machine result.
     * @param maxCommandLength largest command, to size the reassembly buffer once.
     */
    public AeronClientTransport(
        final Aeron aeron, final String channel, final int maxResultLength, final int maxCommandLength)
    {
        this.fragmentHandler = new FragmentAssembler(this::onFragment, COMMAND_PREFIX + maxCommandLength);
        this.aeron = aeron;
        this.subscription = aeron.addSubscription(channel, ClientMessageDescriptor.CLIENT_STREAM_ID);
        this.scratch = new UnsafeBuffer(new byte[
            ClientMessageDescriptor.UDP_PREFIX_LENGTH + ClientMessageDescriptor.RESULT_OFFSET + maxResultLength]);
    }

    /**
     * Deliver waiting client messages.
     *
     * @param sink  where commands go.
     * @param limit most fragments to read.
     * @return fragments read.
     */
    public int poll(final CommandSink sink, final int limit)
    {
        this.sink = sink;
        return subscription.poll(fragmentHandler, limit);
    }

    /**
     * Whether a client has announced a response channel.
     *
     * @param clientId the client.
     * @return true if connected.
     */
    public boolean isConnected(final long clientId)
    {
        return responses.containsKey(clientId);
    }

    /**
     * Malformed client messages dropped.
     *
     * @return the count.
     */
    public long malformed()
    {
        return malformed;
    }

    /**
     * Outcomes not delivered (no connection, back-pressure).
     *
     * @return the count.
     */
    public long droppedResponses()
    {
        return droppedResponses;
    }

    /** {@inheritDoc} */
    @Override
    public void onCommitted(
        final long clientId, final long sequence, final long logIndex, final byte[] result, final int offset, final int length)
    {
        final ExclusivePublication publication = responses.get(clientId);
        if (null == publication)
        {
            droppedResponses++;
            return;
        }
        final int messageLength = ClientMessageDescriptor.UDP_PREFIX_LENGTH + ClientMessageDescriptor.RESULT_OFFSET + length;
        final int base = ClientMessageDescriptor.UDP_PREFIX_LENGTH;
        scratch.putInt(ClientMessageDescriptor.UDP_TYPE_OFFSET, ClientMessageDescriptor.MSG_COMMITTED, BYTE_ORDER);
        scratch.putInt(ClientMessageDescriptor.UDP_TYPE_OFFSET + 4, 0, BYTE_ORDER);
        scratch.putLong(base + ClientMessageDescriptor.CLIENT_ID_OFFSET, clientId, BYTE_ORDER);
        scratch.putLong(base + ClientMessageDescriptor.SEQUENCE_OFFSET, sequence, BYTE_ORDER);
        scratch.putLong(base + ClientMessageDescriptor.LOG_INDEX_OFFSET, logIndex, BYTE_ORDER);
        scratch.putBytes(base + ClientMessageDescriptor.RESULT_OFFSET, result, offset, length);
        publish(publication, messageLength);
    }

    /** {@inheritDoc} */
    @Override
    public void onRejected(final long clientId, final long sequence, final RejectReason reason, final int leaderHint)
    {
        final ExclusivePublication publication = responses.get(clientId);
        if (null == publication)
        {
            droppedResponses++;
            return;
        }
        final int base = ClientMessageDescriptor.UDP_PREFIX_LENGTH;
        scratch.putInt(ClientMessageDescriptor.UDP_TYPE_OFFSET, ClientMessageDescriptor.MSG_REJECTED, BYTE_ORDER);
        scratch.putInt(ClientMessageDescriptor.UDP_TYPE_OFFSET + 4, 0, BYTE_ORDER);
        scratch.putLong(base + ClientMessageDescriptor.CLIENT_ID_OFFSET, clientId, BYTE_ORDER);
        scratch.putLong(base + ClientMessageDescriptor.SEQUENCE_OFFSET, sequence, BYTE_ORDER);
        scratch.putInt(base + ClientMessageDescriptor.REASON_OFFSET, reason.ordinal(), BYTE_ORDER);
        scratch.putInt(base + ClientMessageDescriptor.LEADER_HINT_OFFSET, leaderHint, BYTE_ORDER);
        publish(publication, base + ClientMessageDescriptor.REJECTED_LENGTH);
    }

    /** Close the subscription and every response publication. */
    @Override
    public void close()
    {
        responses.values().forEach(CloseHelper::quietClose);
        responses.clear();
        CloseHelper.quietClose(subscription);
    }

    private void publish(final ExclusivePublication publication, final int length)
    {
        long result;
        int attempts = 0;
        do
        {
            // ADMIN_ACTION (the term rotated under this claim) asks for an immediate retry; a
            // 64 KiB term of ~160-byte answers rotates every ~400 of them, so treating it as
            // back-pressure dropped about one answer in 400 (seen as 20 timeouts/s at 10k/s)
            if (length <= publication.maxPayloadLength())
            {
                result = publication.tryClaim(length, claim);
                if (result > 0)
                {
                    claim.buffer().putBytes(claim.offset(), scratch, 0, length);
                    claim.commit();
                }
            }
            else
            {
                result = publication.offer(scratch, 0, length);
            }
        }
        while (Publication.ADMIN_ACTION == result && ++attempts < MAX_ADMIN_RETRIES);
        if (result < 0)
        {
            droppedResponses++;
        }
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final io.aeron.logbuffer.Header header)
    {
        if (length < COMMAND_PREFIX)
        {
            malformed++;
            return;
        }
        final int type = buffer.getInt(offset + ClientMessageDescriptor.UDP_TYPE_OFFSET, BYTE_ORDER);
        final int base = offset + ClientMessageDescriptor.UDP_PREFIX_LENGTH;
        final long clientId = buffer.getLong(base + ClientMessageDescriptor.CLIENT_ID_OFFSET, BYTE_ORDER);
        if (ClientMessageDescriptor.MSG_COMMAND == type)
        {
            sink.onCommand(
                clientId,
                buffer.getLong(base + ClientMessageDescriptor.SEQUENCE_OFFSET, BYTE_ORDER),
                buffer,
                offset + COMMAND_PREFIX,
                length - COMMAND_PREFIX);
        }
        else if (ClientMessageDescriptor.MSG_CONNECT == type && length > COMMAND_PREFIX && length - COMMAND_PREFIX < 1024)
        {
            final String channel = buffer.getStringWithoutLengthAscii(offset + COMMAND_PREFIX, length - COMMAND_PREFIX);
            if (!channel.startsWith("aeron:udp?") && !channel.startsWith("aeron:ipc"))
            {
                malformed++;
                return;
            }
            if (!channel.equals(responseChannels.get(clientId)))
            {
                CloseHelper.quietClose(responses.remove(clientId));
                responses.put(clientId, aeron.addExclusivePublication(channel, ClientMessageDescriptor.RESPONSE_STREAM_ID));
                responseChannels.put(clientId, channel);
            }
        }
        else
        {
            malformed++;
        }
    }
}
