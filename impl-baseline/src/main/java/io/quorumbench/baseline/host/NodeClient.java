package io.quorumbench.baseline.host;

import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.baseline.codec.ClientMessageDescriptor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A small blocking client of a baseline cluster ({@link NodeServer}s of any protocol): one command
 * at a time, one session (client id) with increasing sequence numbers. It follows leader hints and
 * retries a command with the <em>same</em> sequence number after a timeout, a lost connection or
 * a lost leadership, so the cluster's session table applies it exactly once.
 *
 * <p><b>Threading</b>: not thread-safe; one client per thread.
 */
public final class NodeClient implements AutoCloseable
{
    private final Map<Integer, InetSocketAddress> endpoints;
    private final List<Integer> ids;
    private final long clientId;
    private final long requestTimeoutMs;
    private final long operationTimeoutMs;
    private long sequence;
    private int target;
    private Socket socket;
    private int connectedTo = -1;
    private DataInputStream in;
    private DataOutputStream out;
    private long lastLogIndex;
    private long retries;

    /**
     * @param endpoints          client endpoint of every node, by node id.
     * @param clientId           this client's session id; unique among clients of the cluster.
     * @param requestTimeoutMs   how long to wait for one node's answer before trying again.
     * @param operationTimeoutMs how long to keep retrying one command before giving up.
     */
    public NodeClient(
        final Map<Integer, InetSocketAddress> endpoints, final long clientId, final long requestTimeoutMs,
        final long operationTimeoutMs)
    {
        if (endpoints.isEmpty())
        {
            throw new IllegalArgumentException("no endpoints");
        }
        this.endpoints = new LinkedHashMap<>(endpoints);
        this.ids = new ArrayList<>(endpoints.keySet());
        this.clientId = clientId;
        this.requestTimeoutMs = requestTimeoutMs;
        this.operationTimeoutMs = operationTimeoutMs;
        this.target = ids.get(0);
    }

    /**
     * A client of the cluster described by a configuration file.
     *
     * @param cluster            the cluster.
     * @param clientId           session id.
     * @param requestTimeoutMs   per-attempt timeout.
     * @param operationTimeoutMs per-command timeout.
     * @return the client.
     */
    public static NodeClient of(
        final ClusterConfig cluster, final long clientId, final long requestTimeoutMs, final long operationTimeoutMs)
    {
        final Map<Integer, InetSocketAddress> endpoints = new LinkedHashMap<>();
        for (final int id : cluster.memberIds())
        {
            final ClusterConfig.Endpoint e = cluster.member(id).client();
            endpoints.put(id, new InetSocketAddress(e.host(), e.port()));
        }
        return new NodeClient(endpoints, clientId, requestTimeoutMs, operationTimeoutMs);
    }

    /**
     * Submit a command and wait until it is committed and applied.
     *
     * @param command the command bytes.
     * @return the state machine's result.
     * @throws NodeClientException      if no node confirmed it in time (outcome unknown).
     * @throws IllegalArgumentException if the cluster rejected the command as invalid.
     */
    public byte[] execute(final byte[] command)
    {
        final long seq = ++sequence;
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(operationTimeoutMs);
        String lastProblem = "no attempt";
        boolean firstAttempt = true;
        while (System.nanoTime() - deadlineNs < 0)
        {
            if (!firstAttempt)
            {
                retries++;
            }
            firstAttempt = false;
            try
            {
                connect(target);
                out.writeInt(ClientMessageDescriptor.REQUEST_HEADER_LENGTH + command.length);
                out.writeLong(clientId);
                out.writeLong(seq);
                out.write(command);
                out.flush();
                while (true)
                {
                    final int length = in.readInt();
                    if (length < ClientMessageDescriptor.RESPONSE_HEADER_LENGTH)
                    {
                        throw new IOException("bad response length " + length);
                    }
                    final long respClient = in.readLong();
                    final long respSeq = in.readLong();
                    final byte status = in.readByte();
                    final int hint = in.readInt();
                    final long logIndex = in.readLong();
                    final byte[] result = new byte[length - ClientMessageDescriptor.RESPONSE_HEADER_LENGTH];
                    in.readFully(result);
                    if (respClient != clientId || respSeq != seq)
                    {
                        // An answer to an earlier attempt: already settled, skip it.
                        continue;
                    }
                    switch (status)
                    {
                        case ClientMessageDescriptor.STATUS_OK:
                            lastLogIndex = logIndex;
                            return result;
                        case ClientMessageDescriptor.STATUS_INVALID_COMMAND:
                            throw new IllegalArgumentException("cluster rejected command " + seq + " as invalid");
                        case ClientMessageDescriptor.STATUS_NOT_LEADER:
                            lastProblem = "node " + target + " is not leader (hint " + hint + ")";
                            disconnect();
                            if (hint >= 0 && hint != target && endpoints.containsKey(hint))
                            {
                                target = hint;
                            }
                            else
                            {
                                // Election in progress: give it a moment, then try another node.
                                target = next(target);
                                pause();
                            }
                            break;
                        default:
                            lastProblem = "node " + target + " answered status " + status;
                            if (hint >= 0 && endpoints.containsKey(hint))
                            {
                                target = hint;
                            }
                            pause();
                            break;
                    }
                    break;
                }
            }
            catch (final IOException ex)
            {
                lastProblem = "node " + target + ": " + ex;
                disconnect();
                target = next(target);
                pause();
            }
        }
        throw new NodeClientException("client " + clientId + " sequence " + seq + " unconfirmed after " +
            operationTimeoutMs + " ms (outcome unknown); last problem: " + lastProblem);
    }

    private void connect(final int nodeId) throws IOException
    {
        if (socket != null && connectedTo == nodeId)
        {
            return;
        }
        disconnect();
        final Socket s = new Socket();
        try
        {
            s.setTcpNoDelay(true);
            s.connect(endpoints.get(nodeId), (int)requestTimeoutMs);
            s.setSoTimeout((int)requestTimeoutMs);
        }
        catch (final IOException ex)
        {
            s.close();
            throw ex;
        }
        socket = s;
        connectedTo = nodeId;
        in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
        out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
    }

    private void disconnect()
    {
        if (socket != null)
        {
            try
            {
                socket.close();
            }
            catch (final IOException ex)
            {
                // Already broken; a new connection follows.
            }
            socket = null;
            connectedTo = -1;
        }
    }

    private int next(final int nodeId)
    {
        return ids.get((ids.indexOf(nodeId) + 1) % ids.size());
    }

    private static void pause()
    {
        // Client-side retry backoff (not protocol code): long enough for an election to progress.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }

    /**
     * Log index of the last command this client saw committed.
     *
     * @return the index.
     */
    public long lastLogIndex()
    {
        return lastLogIndex;
    }

    /**
     * Attempts beyond the first, over all commands so far.
     *
     * @return the retry count.
     */
    public long retries()
    {
        return retries;
    }

    /**
     * The node this client currently sends to.
     *
     * @return its id.
     */
    public int target()
    {
        return target;
    }

    /** Close the connection. */
    @Override
    public void close()
    {
        disconnect();
    }

    @Override
    public String toString()
    {
        return "NodeClient{clientId=" + clientId + ", sequence=" + sequence + ", target=" + target +
            ", endpoints=" + Arrays.toString(ids.toArray()) + "}";
    }
}
