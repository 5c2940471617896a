package io.quorumbench.peers.aeron;

import io.aeron.Aeron;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.exceptions.AeronException;
import io.aeron.logbuffer.Header;
import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.peers.CompletionQueue;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ClientSession} over one {@link AeronCluster} connection: {@code trySend} offers
 * {@code requestId + command} to the ingress, {@code poll} polls the egress (which is also how
 * {@link AeronCluster} follows a new leader) and stamps each answer as it is read.
 *
 * <p>Outcomes: an answer is {@link CompletionHandler#OK}. A request unanswered after the operation
 * timeout (its message or its answer lost in a leader change, or the session closed by the cluster)
 * is {@link CompletionHandler#UNKNOWN}: Aeron Cluster does not deduplicate a resent message, so the
 * session never resends. A connection the cluster closed is opened anew on the next poll.
 *
 * <p><b>Threading</b>: every method on the one sender thread that owns the session.
 */
final class AeronClusterSession implements ClientSession, EgressListener
{
    private static final long MISSING = -1;
    private static final long TIMEOUT_SCAN_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Aeron aeron;
    private final String ingressEndpoints;
    private final int ingressTermLength;
    private final int maxInFlight;
    private final long operationTimeoutNs;
    private final UnsafeBuffer ingress;
    private final Long2LongHashMap sentNsByRequest = new Long2LongHashMap(MISSING);
    private final CompletionQueue completions = new CompletionQueue();
    private AeronCluster cluster;
    private long nextTimeoutScanNs;
    private boolean closed;

    /**
     * Connect one session.
     *
     * @param aeron              the client's Aeron, shared by its sessions.
     * @param ingressEndpoints   Aeron's ingress endpoints string ({@code 0=host:port,...}).
     * @param ingressTermLength  term length of the ingress channel, bytes.
     * @param maxCommandLength   largest command, bytes.
     * @param maxInFlight        most unanswered requests.
     * @param operationTimeoutNs how long a request may stay unanswered before it is reported unknown.
     */
    AeronClusterSession(
        final Aeron aeron,
        final String ingressEndpoints,
        final int ingressTermLength,
        final int maxCommandLength,
        final int maxInFlight,
        final long operationTimeoutNs)
    {
        this.aeron = aeron;
        this.ingressEndpoints = ingressEndpoints;
        this.ingressTermLength = ingressTermLength;
        this.maxInFlight = maxInFlight;
        this.operationTimeoutNs = operationTimeoutNs;
        this.ingress = new UnsafeBuffer(new byte[KvClusteredService.REQUEST_ID_LENGTH + maxCommandLength]);
        this.cluster = connect();
    }

    private AeronCluster connect()
    {
        return AeronCluster.connect(new AeronCluster.Context()
            .aeron(aeron)
            .ownsAeronClient(false)
            .ingressChannel("aeron:udp?term-length=" + ingressTermLength)
            .ingressEndpoints(ingressEndpoints)
            .egressChannel("aeron:udp?endpoint=127.0.0.1:0")
            .egressListener(this));
    }

    /** {@inheritDoc} */
    @Override
    public boolean trySend(final long requestId, final byte[] command, final int offset, final int length)
    {
        if (closed || sentNsByRequest.size() >= maxInFlight || null == cluster || cluster.isClosed())
        {
            return false;
        }
        ingress.putLong(0, requestId, ByteOrder.LITTLE_ENDIAN);
        ingress.putBytes(KvClusteredService.REQUEST_ID_LENGTH, command, offset, length);
        final long position = cluster.offer(ingress, 0, KvClusteredService.REQUEST_ID_LENGTH + length);
        if (position > 0)
        {
            sentNsByRequest.put(requestId, System.nanoTime());
            return true;
        }
        return false;
    }

    /** {@inheritDoc} */
    @Override
    public int poll(final CompletionHandler handler, final int limit)
    {
        int delivered = completions.drain(handler, limit);
        if (delivered < limit && !closed)
        {
            pollCluster();
            delivered += completions.drain(handler, limit - delivered);
        }
        return delivered;
    }

    private void pollCluster()
    {
        final long nowNs = System.nanoTime();
        if (null == cluster || cluster.isClosed())
        {
            reconnect();
            return;
        }
        try
        {
            cluster.pollEgress();
        }
        catch (final AeronException ex)
        {
            reconnect();
            return;
        }
        if (nowNs - nextTimeoutScanNs >= 0)
        {
            nextTimeoutScanNs = nowNs + TIMEOUT_SCAN_INTERVAL_NS;
            expire(nowNs);
        }
    }

    /** A closed session loses its unanswered requests: unknown, then a new connection. */
    private void reconnect()
    {
        abandonAll();
        if (null != cluster)
        {
            cluster.close();
            cluster = null;
        }
        try
        {
            cluster = connect();
        }
        catch (final AeronException ex)
        {
            // no leader reachable yet: the next poll tries again, the sender sees back-pressure meanwhile
            cluster = null;
        }
    }

    private void expire(final long nowNs)
    {
        final Long2LongHashMap.EntryIterator entries = sentNsByRequest.entrySet().iterator();
        while (entries.hasNext())
        {
            entries.next();
            if (nowNs - entries.getLongValue() > operationTimeoutNs)
            {
                completions.add(entries.getLongKey(), CompletionHandler.UNKNOWN, nowNs, null);
                entries.remove();
            }
        }
    }

    private void abandonAll()
    {
        final long nowNs = System.nanoTime();
        final Long2LongHashMap.KeyIterator ids = sentNsByRequest.keySet().iterator();
        while (ids.hasNext())
        {
            completions.add(ids.nextValue(), CompletionHandler.UNKNOWN, nowNs, null);
        }
        sentNsByRequest.clear();
    }

    /** {@inheritDoc} */
    @Override
    public void onMessage(
        final long clusterSessionId,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        final long completedNs = System.nanoTime();
        final long requestId = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        if (MISSING == sentNsByRequest.remove(requestId))
        {
            // already reported unknown after a timeout: the answer came too late to count
            return;
        }
        final byte[] result = new byte[length - KvClusteredService.REQUEST_ID_LENGTH];
        buffer.getBytes(offset + KvClusteredService.REQUEST_ID_LENGTH, result);
        completions.add(requestId, CompletionHandler.OK, completedNs, result);
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (null != cluster)
        {
            cluster.close();
        }
    }

    @Override
    public String toString()
    {
        return "AeronClusterSession{inFlight=" + sentNsByRequest.size() + '}';
    }
}
