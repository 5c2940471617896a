package io.quorumbench.baseline.host;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.ClusterClient;
import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.Implementation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The client of a baseline cluster of any protocol: each session is a {@link WorkerPoolSession}
 * of {@code clientThreads} blocking {@link NodeClient}s on the nodes' client endpoints. Built by
 * {@link #connect} for running node processes, or by {@link EmbeddedNodeCluster} for its own.
 *
 * <p><b>Threading</b>: {@link #openSession}, {@link #context()} and {@link #close()} on the
 * controlling thread; sessions as {@link WorkerPoolSession}.
 */
public final class NodeClusterClient implements ClusterClient
{
    private static final AtomicLong CLIENT_IDS = new AtomicLong(1000);

    private final Map<Integer, InetSocketAddress> endpoints;
    private final Map<String, Object> context;
    private final int clientThreads;
    private final int sessionCapacity;
    private final int maxCommandLength;
    private final long requestTimeoutMs;
    private final long operationTimeoutMs;
    private final List<WorkerPoolSession> sessions = new ArrayList<>();
    private boolean closed;

    NodeClusterClient(
        final Map<Integer, InetSocketAddress> endpoints,
        final ClusterContext settings,
        final HostOptions options,
        final Map<String, Object> context)
    {
        this.endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
        this.clientThreads = settings.clientThreads();
        this.sessionCapacity = options.sessionCapacity();
        this.maxCommandLength = settings.maxCommandLength();
        this.requestTimeoutMs = options.requestTimeoutMs();
        this.operationTimeoutMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(settings.operationTimeoutNs()));
        this.context = new LinkedHashMap<>(context);
        this.context.put("client", "blocking NodeClient, " + clientThreads + " worker threads per sender");
        this.context.put("clientThreadsPerSender", clientThreads);
    }

    /**
     * A client of a running cluster of node processes (nothing is started or stopped but the
     * clients). The cluster keeps its state between runs.
     *
     * @param implementation the pair the nodes run, for the context and its options.
     * @param cluster        the cluster's configuration.
     * @param settings       the client's settings; concluded and checked against the options here.
     * @return the client.
     * @throws IllegalArgumentException for bad settings.
     * @throws IllegalStateException    naming the endpoints when no node accepts a connection in
     *                                  {@link HostOptions#CONNECT_TIMEOUT_MS_OPTION}.
     */
    public static NodeClusterClient connect(
        final Implementation implementation, final ClusterConfig cluster, final ClusterContext settings)
    {
        settings.conclude();
        settings.checkOptions(implementation);
        final HostOptions options = HostOptions.of(settings);
        final Map<Integer, InetSocketAddress> endpoints = new LinkedHashMap<>();
        for (final int id : cluster.memberIds())
        {
            final ClusterConfig.Endpoint endpoint = cluster.member(id).client();
            endpoints.put(id, new InetSocketAddress(endpoint.host(), endpoint.port()));
        }
        probe(cluster, options.connectTimeoutMs());
        final Map<String, Object> context = new LinkedHashMap<>();
        context.put("implementation", implementation.impl());
        context.put("protocol", implementation.protocol().id());
        context.put("transport", "tcp");
        context.put("cluster", cluster.source());
        context.put("nodes", cluster.memberIds().length);
        context.put("fsyncPolicy", cluster.fsyncPolicy().name().toLowerCase(Locale.ROOT));
        context.put("electionTimeoutMinNs", cluster.electionTimeoutMinNs());
        context.put("electionTimeoutMaxNs", cluster.electionTimeoutMaxNs());
        return new NodeClusterClient(endpoints, settings, options, context);
    }

    /** Fail fast, naming the endpoints, when no node of a running cluster accepts a connection. */
    private static void probe(final ClusterConfig cluster, final long timeoutMs)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        final List<String> described = new ArrayList<>();
        String lastError = "";
        do
        {
            described.clear();
            for (final int id : cluster.memberIds())
            {
                final ClusterConfig.Endpoint endpoint = cluster.member(id).client();
                described.add(endpoint.toString());
                try (Socket socket = new Socket())
                {
                    socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 1_000);
                    return;
                }
                catch (final IOException ex)
                {
                    lastError = ex.getMessage();
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        while (System.nanoTime() - deadlineNs < 0);
        throw new IllegalStateException("cluster " + cluster.source() + " unreachable: no node accepted a connection at " +
            String.join(", ", described) + " within " + timeoutMs + " ms (" + lastError + ")");
    }

    /** {@inheritDoc} */
    @Override
    public ClientSession openSession(final int sessionIndex)
    {
        if (closed)
        {
            throw new IllegalStateException("client closed");
        }
        final WorkerPoolSession session = new WorkerPoolSession(endpoints, sessionIndex, clientThreads, sessionCapacity,
            maxCommandLength, requestTimeoutMs, operationTimeoutMs, CLIENT_IDS::incrementAndGet);
        sessions.add(session);
        return session;
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> context()
    {
        return Collections.unmodifiableMap(context);
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        closed = true;
        for (final WorkerPoolSession session : sessions)
        {
            session.close();
        }
        sessions.clear();
    }
}
