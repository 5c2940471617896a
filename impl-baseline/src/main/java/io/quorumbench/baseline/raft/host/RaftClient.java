package io.quorumbench.baseline.raft.host;

import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.baseline.host.NodeClient;
import io.quorumbench.baseline.host.NodeClientException;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Compatibility: a {@link NodeClient} that throws {@link RaftClientException} for an unknown
 * outcome, as before. Use {@link NodeClient} in new code; this class goes when the load generator
 * and the benchmarks stop using it.
 *
 * <p><b>Threading</b>: not thread-safe; one client per thread.
 */
public final class RaftClient implements AutoCloseable
{
    private final NodeClient client;

    /**
     * See {@link NodeClient#NodeClient}.
     *
     * @param endpoints          client endpoint of every node, by node id.
     * @param clientId           this client's session id; unique among clients of the cluster.
     * @param requestTimeoutMs   how long to wait for one node's answer before trying again.
     * @param operationTimeoutMs how long to keep retrying one command before giving up.
     */
    public RaftClient(
        final Map<Integer, InetSocketAddress> endpoints, final long clientId, final long requestTimeoutMs,
        final long operationTimeoutMs)
    {
        this(new NodeClient(endpoints, clientId, requestTimeoutMs, operationTimeoutMs));
    }

    private RaftClient(final NodeClient client)
    {
        this.client = client;
    }

    /**
     * See {@link NodeClient#of}.
     *
     * @param cluster            the cluster.
     * @param clientId           session id.
     * @param requestTimeoutMs   per-attempt timeout.
     * @param operationTimeoutMs per-command timeout.
     * @return the client.
     */
    public static RaftClient of(
        final ClusterConfig cluster, final long clientId, final long requestTimeoutMs, final long operationTimeoutMs)
    {
        return new RaftClient(NodeClient.of(cluster, clientId, requestTimeoutMs, operationTimeoutMs));
    }

    /**
     * See {@link NodeClient#execute}.
     *
     * @param command the command bytes.
     * @return the state machine's result.
     * @throws RaftClientException      if no node confirmed it in time (outcome unknown).
     * @throws IllegalArgumentException if the cluster rejected the command as invalid.
     */
    public byte[] execute(final byte[] command)
    {
        try
        {
            return client.execute(command);
        }
        catch (final NodeClientException ex)
        {
            throw new RaftClientException(ex);
        }
    }

    /**
     * @return see {@link NodeClient#lastLogIndex()}.
     */
    public long lastLogIndex()
    {
        return client.lastLogIndex();
    }

    /**
     * @return see {@link NodeClient#retries()}.
     */
    public long retries()
    {
        return client.retries();
    }

    /**
     * @return see {@link NodeClient#target()}.
     */
    public int target()
    {
        return client.target();
    }

    /** Close the connection. */
    @Override
    public void close()
    {
        client.close();
    }

    @Override
    public String toString()
    {
        return client.toString();
    }
}
