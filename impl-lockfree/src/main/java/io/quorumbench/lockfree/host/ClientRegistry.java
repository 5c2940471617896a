package io.quorumbench.lockfree.host;

import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Egress ring buffers of the in-process clients, indexed by client id (1..capacity). Clients
 * register from any thread; agents look up with one volatile read and no allocation.
 *
 * <p>The egress ring buffers are written by the node agents; when all agents share one thread
 * (the default composition) a {@code OneToOneRingBuffer} is correct, otherwise use
 * {@code ManyToOneRingBuffer}s.
 */
public final class ClientRegistry
{
    private final AtomicReferenceArray<RingBuffer> egress;
    private final AtomicLong nextClientId = new AtomicLong(1);
    private final AtomicLong droppedResponses = new AtomicLong();

    /**
     * A registry for up to {@code capacity} clients.
     *
     * @param capacity maximum clients over the registry's life.
     */
    public ClientRegistry(final int capacity)
    {
        egress = new AtomicReferenceArray<>(capacity + 1);
    }

    /**
     * Register a client's egress and assign its id.
     *
     * @param ringBuffer the client's egress.
     * @return the client id.
     */
    public long register(final RingBuffer ringBuffer)
    {
        final long clientId = nextClientId.getAndIncrement();
        if (clientId >= egress.length())
        {
            throw new IllegalStateException("client registry full: " + (egress.length() - 1) + " clients");
        }
        egress.set((int)clientId, ringBuffer);
        return clientId;
    }

    /**
     * Unregister a client; later outcomes for it are discarded.
     *
     * @param clientId the client.
     */
    public void unregister(final long clientId)
    {
        if (clientId > 0 && clientId < egress.length())
        {
            egress.set((int)clientId, null);
        }
    }

    /**
     * Egress of a client.
     *
     * @param clientId the client.
     * @return its ring buffer, or null if unknown.
     */
    public RingBuffer egress(final long clientId)
    {
        return clientId > 0 && clientId < egress.length() ? egress.get((int)clientId) : null;
    }

    /** Count an outcome lost because the client's egress was full. */
    public void onDroppedResponse()
    {
        droppedResponses.incrementAndGet();
    }

    /**
     * Outcomes lost because a client's egress was full.
     *
     * @return the count.
     */
    public long droppedResponses()
    {
        return droppedResponses.get();
    }
}
