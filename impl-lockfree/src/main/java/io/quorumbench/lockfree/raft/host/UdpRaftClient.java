package io.quorumbench.lockfree.raft.host;

import io.aeron.Aeron;
import io.quorumbench.lockfree.host.ResponseHandler;
import io.quorumbench.lockfree.host.UdpClient;
import org.agrona.DirectBuffer;

/**
 * The old UDP client, still used by the load generator until it switches to the registry; every
 * call goes straight to a {@link UdpClient}.
 *
 * @deprecated use {@link UdpClient}.
 */
@Deprecated(forRemoval = true)
public final class UdpRaftClient implements AutoCloseable
{
    private final UdpClient delegate;

    /**
     * See {@link UdpClient#UdpClient(Aeron, long, int[], String[], String)}.
     *
     * @param aeron            connected Aeron client.
     * @param clientId         session id.
     * @param nodeIds          node ids.
     * @param clientEndpoints  each node's client endpoint.
     * @param responseEndpoint this client's response endpoint.
     */
    public UdpRaftClient(
        final Aeron aeron, final long clientId, final int[] nodeIds, final String[] clientEndpoints, final String responseEndpoint)
    {
        delegate = new UdpClient(aeron, clientId, nodeIds, clientEndpoints, responseEndpoint);
    }

    /**
     * @return nodes the announcement was handed to.
     */
    public int connect()
    {
        return delegate.connect();
    }

    /**
     * @return the client id.
     */
    public long clientId()
    {
        return delegate.clientId();
    }

    /**
     * @return whether some node publishes to this client.
     */
    public boolean hasResponder()
    {
        return delegate.hasResponder();
    }

    /**
     * @return nodes connected back.
     */
    public int connectedResponders()
    {
        return delegate.connectedResponders();
    }

    /**
     * @param nodeId a node id or {@code NodeConfig.NO_NODE}.
     */
    public void leaderHint(final int nodeId)
    {
        delegate.leaderHint(nodeId);
    }

    /**
     * See {@link UdpClient#offer(long, DirectBuffer, int, int)}.
     *
     * @param sequence command sequence.
     * @param command  buffer holding the command.
     * @param offset   first byte.
     * @param length   length.
     * @return false if the node is unreachable or back-pressured.
     */
    public boolean offer(final long sequence, final DirectBuffer command, final int offset, final int length)
    {
        return delegate.offer(sequence, command, offset, length);
    }

    /**
     * See {@link UdpClient#poll(ResponseHandler, int)}.
     *
     * @param handler receives outcomes.
     * @param limit   most fragments.
     * @return fragments read.
     */
    public int poll(final ResponseHandler handler, final int limit)
    {
        return delegate.poll(handler, limit);
    }

    /** Close the publications and the subscription. */
    @Override
    public void close()
    {
        delegate.close();
    }
}
