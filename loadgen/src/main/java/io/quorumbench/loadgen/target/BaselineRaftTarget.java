package io.quorumbench.loadgen.target;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.baseline.raft.host.RaftClient;
import io.quorumbench.api.fault.FaultAction;
import io.quorumbench.api.fault.FaultInjector;
import io.quorumbench.baseline.raft.host.RaftClientException;
import io.quorumbench.baseline.raft.host.RaftServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The plain Raft implementation, embedded: {@code nodes} {@link RaftServer}s in this process on
 * loopback TCP (ephemeral ports), running {@link KvStateMachine}, driven by the baseline's own
 * blocking {@link RaftClient}. Because that client runs one command at a time, each session owns
 * a pool of worker threads, each with its own client (session id): {@code trySend} hands the
 * command to the pool through a bounded queue, a worker executes it, stamps the completion time
 * when the answer arrives, and queues it for {@code poll}. This is how ordinary Java would use a
 * blocking client under open-loop load; the pool size bounds the concurrency, and a full pool
 * shows as back-pressure and sender lag, not as hidden waiting.
 *
 * <p>Outcomes: a result is {@link CompletionHandler#OK}; "rejected as invalid" is
 * {@link CompletionHandler#FAILED}; "unconfirmed in time" (the client already retried with the
 * same sequence) is {@link CompletionHandler#UNKNOWN}.
 *
 * <p><b>Threading</b>: {@link #openSession} and {@link #close} on the controlling thread; each
 * session's {@code trySend}/{@code poll} on its sender thread, its workers on their own threads.
 */
public final class BaselineRaftTarget implements LoadTarget, FaultInjector
{
    /** How long to wait for the first leader, milliseconds. */
    public static final long LEADER_TIMEOUT_MS = 20_000;
    /** Requests a session holds (queued or executing) before {@code trySend} refuses. */
    public static final int SESSION_CAPACITY = 4096;

    private static final AtomicLong CLIENT_IDS = new AtomicLong(1000);

    private final int nodes;
    private final FsyncPolicy fsyncPolicy;
    private final int workersPerSession;
    private final int maxCommandLength;
    private final long operationTimeoutMs;
    private final Path baseDir;
    private final List<RaftServer> servers = new ArrayList<>();
    private final Map<Integer, InetSocketAddress> clientAddresses = new LinkedHashMap<>();
    private final List<Session> sessions = new ArrayList<>();
    private final String clusterFile;
    private final Map<Integer, InetSocketAddress> peerAddresses = new LinkedHashMap<>();
    private final Properties properties = new Properties();
    private final int maxValueLength;
    private final Set<Integer> down = new HashSet<>();
    private final Set<Integer> isolated = new HashSet<>();

    private BaselineRaftTarget(
        final ClusterConfig cluster,
        final String clusterFile,
        final int workersPerSession,
        final int maxCommandLength,
        final long operationTimeoutMs)
    {
        this.nodes = cluster.memberIds().length;
        this.fsyncPolicy = cluster.fsyncPolicy();
        this.workersPerSession = workersPerSession;
        this.maxCommandLength = maxCommandLength;
        this.operationTimeoutMs = operationTimeoutMs;
        this.baseDir = null;
        this.clusterFile = clusterFile;
        this.maxValueLength = 0;
        for (final int id : cluster.memberIds())
        {
            final ClusterConfig.Endpoint endpoint = cluster.member(id).client();
            clientAddresses.put(id, new InetSocketAddress(endpoint.host(), endpoint.port()));
        }
    }

    /**
     * Drive a running baseline cluster (separate {@code RaftServer} processes) described by a
     * cluster file; nothing is started or stopped but the clients. The cluster keeps its state
     * between runs; the KV workload's run tag tells this run's values from older ones.
     *
     * @param clusterFile        the cluster's configuration file.
     * @param workersPerSession  client threads per sender session.
     * @param maxCommandLength   largest command, bytes.
     * @param operationTimeoutMs how long a worker's client keeps retrying one command.
     * @return the target.
     * @throws UncheckedIOException if the file cannot be read.
     */
    public static BaselineRaftTarget connect(
        final Path clusterFile, final int workersPerSession, final int maxCommandLength, final long operationTimeoutMs)
    {
        final ClusterConfig cluster;
        try
        {
            cluster = ClusterConfig.load(clusterFile);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read cluster file " + clusterFile + ": " + ex.getMessage(), ex);
        }
        probe(cluster, clusterFile);
        return new BaselineRaftTarget(cluster, clusterFile.toString(), workersPerSession, maxCommandLength, operationTimeoutMs);
    }

    /** How long {@link #connect} tries to reach some node's client endpoint, milliseconds. */
    public static final long CONNECT_TIMEOUT_MS = 10_000;

    /** Fail fast, naming the endpoints, when no node of a running cluster accepts a connection. */
    private static void probe(final ClusterConfig cluster, final Path clusterFile)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
        final List<String> endpoints = new ArrayList<>();
        String lastError = "";
        do
        {
            endpoints.clear();
            for (final int id : cluster.memberIds())
            {
                final ClusterConfig.Endpoint endpoint = cluster.member(id).client();
                endpoints.add(endpoint.toString());
                try (java.net.Socket socket = new java.net.Socket())
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
        throw new IllegalStateException("cluster " + clusterFile + " unreachable: no node accepted a connection at " +
            String.join(", ", endpoints) + " within " + CONNECT_TIMEOUT_MS + " ms (" + lastError + ")");
    }

    /**
     * Start the servers and wait for a leader.
     *
     * @param nodes              node count.
     * @param fsyncPolicy        durability of the logs.
     * @param workersPerSession  client threads per sender session.
     * @param maxCommandLength   largest command, bytes.
     * @param maxValueLength     largest value the state machine holds, bytes.
     * @param operationTimeoutMs how long a worker's client keeps retrying one command.
     */
    public BaselineRaftTarget(
        final int nodes,
        final FsyncPolicy fsyncPolicy,
        final int workersPerSession,
        final int maxCommandLength,
        final int maxValueLength,
        final long operationTimeoutMs)
    {
        this(nodes, fsyncPolicy, workersPerSession, maxCommandLength, maxValueLength, operationTimeoutMs, null);
    }

    /**
     * Start the servers, their data under a chosen directory, and wait for a leader.
     *
     * @param nodes              node count.
     * @param fsyncPolicy        durability of the logs.
     * @param workersPerSession  client threads per sender session.
     * @param maxCommandLength   largest command, bytes.
     * @param maxValueLength     largest value the state machine holds, bytes.
     * @param operationTimeoutMs how long a worker's client keeps retrying one command.
     * @param dataParent         directory under which the nodes' data goes, or null for {@code java.io.tmpdir}.
     */
    public BaselineRaftTarget(
        final int nodes,
        final FsyncPolicy fsyncPolicy,
        final int workersPerSession,
        final int maxCommandLength,
        final int maxValueLength,
        final long operationTimeoutMs,
        final Path dataParent)
    {
        if (workersPerSession < 1)
        {
            throw new IllegalArgumentException("need at least one client thread per session");
        }
        this.nodes = nodes;
        this.fsyncPolicy = fsyncPolicy;
        this.workersPerSession = workersPerSession;
        this.maxCommandLength = maxCommandLength;
        this.operationTimeoutMs = operationTimeoutMs;
        this.clusterFile = null;
        this.maxValueLength = maxValueLength;
        Path dir = null;
        try
        {
            dir = DataDirs.create(dataParent, "qb-loadgen-baseline-");
            baseDir = dir;
            final Properties p = new Properties();
            p.setProperty(ClusterConfig.CLUSTER_ID_PROP_NAME, "7");
            final StringBuilder members = new StringBuilder();
            for (int id = 1; id <= nodes; id++)
            {
                members.append(id > 1 ? "," : "").append(id);
                p.setProperty("node." + id + ".peer", "127.0.0.1:0");
                p.setProperty("node." + id + ".client", "127.0.0.1:0");
                p.setProperty("node." + id + ".data", "node-" + id);
            }
            p.setProperty(ClusterConfig.MEMBERS_PROP_NAME, members.toString());
            p.setProperty(ClusterConfig.FSYNC_PROP_NAME, fsyncPolicy.name().toLowerCase(Locale.ROOT));
            p.setProperty(ClusterConfig.MAX_COMMAND_BYTES_PROP_NAME, String.valueOf(Math.max(maxCommandLength, 1024)));
            properties.putAll(p);
            final ClusterConfig cluster = ClusterConfig.parse(p, "loadgen-baseline", dir);
            for (final int id : cluster.memberIds())
            {
                servers.add(RaftServer.bind(cluster, id,
                    new KvStateMachine(KvStateMachine.DEFAULT_MAX_KEY_LENGTH, maxValueLength)));
            }
            for (final RaftServer server : servers)
            {
                peerAddresses.put(server.nodeId(), new InetSocketAddress("127.0.0.1", server.peerPort()));
                clientAddresses.put(server.nodeId(), new InetSocketAddress("127.0.0.1", server.clientPort()));
            }
            for (final RaftServer server : servers)
            {
                server.start(peerAddresses::get);
            }
            awaitLeader();
        }
        catch (final IOException ex)
        {
            stopServers(dir);
            throw new UncheckedIOException("cannot start the baseline cluster", ex);
        }
        catch (final RuntimeException ex)
        {
            stopServers(dir);
            throw ex;
        }
    }

    private void stopServers(final Path dir)
    {
        for (final RaftServer server : servers)
        {
            server.close();
        }
        servers.clear();
        LockfreeRaftTarget.deleteQuietly(dir);
    }

    private void awaitLeader()
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEADER_TIMEOUT_MS);
        while (System.nanoTime() < deadlineNs)
        {
            for (final RaftServer server : servers)
            {
                if (server.role() == Role.LEADER)
                {
                    return;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        throw new IllegalStateException("no leader within " + LEADER_TIMEOUT_MS + " ms");
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return "baseline";
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> context()
    {
        final Map<String, Object> context = new LinkedHashMap<>();
        context.put("implementation", "baseline");
        context.put("transport", null == clusterFile ? "tcp-loopback" : "tcp");
        if (null != clusterFile)
        {
            context.put("cluster", clusterFile);
        }
        context.put("nodes", nodes);
        context.put("fsyncPolicy", fsyncPolicy.name().toLowerCase(Locale.ROOT));
        if (null == clusterFile)
        {
            context.put("dataDir", DataDirs.describe(baseDir));
        }
        context.put("client", "blocking RaftClient, " + workersPerSession + " worker threads per sender");
        context.put("clientThreadsPerSender", workersPerSession);
        return context;
    }

    /** {@inheritDoc} */
    @Override
    public ClientSession openSession(final int sessionIndex)
    {
        final Session session = new Session(sessionIndex);
        synchronized (sessions)
        {
            sessions.add(session);
        }
        return session;
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        synchronized (sessions)
        {
            for (final Session session : sessions)
            {
                session.close();
            }
            sessions.clear();
        }
        stopServers(baseDir);
    }

    /** {@inheritDoc} */
    @Override
    public Set<FaultAction> supportedFaults()
    {
        // a running cluster (--cluster) is not ours to hurt; --spawn-cluster has its own target
        return servers.isEmpty() ? EnumSet.noneOf(FaultAction.class) : EnumSet.allOf(FaultAction.class);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A node here is a set of threads of this process and cannot be frozen on its own:
     * {@code pause} cuts its peer links with {@link RaftServer#isolate} (the drop filter also used
     * by {@code partition}); its clock keeps running and clients still reach it.
     */
    @Override
    public String faultModel(final FaultAction action)
    {
        switch (action)
        {
            case KILL:
            case KILL_LEADER:
                return "in-process crash (RaftServer.kill: sockets closed, no orderly shutdown)";
            case RESTART:
                return "in-process restart: a new RaftServer on the same ports and data directory";
            case PAUSE:
                return "in-process pause = all peer links cut (RaftServer.isolate), no freeze";
            case RESUME:
                return "peer links restored";
            case PARTITION:
                return "in-process drop filter (RaftServer.isolate): node(s) cut from every other node";
            default:
                return "all cut links restored";
        }
    }

    /** {@inheritDoc} */
    @Override
    public int[] members()
    {
        return clientAddresses.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@inheritDoc} */
    @Override
    public int leaderId()
    {
        // a cut-off old leader may still think it leads: the one of the highest term is the leader
        int leader = -1;
        long term = -1;
        for (final RaftServer server : servers)
        {
            if (!down.contains(server.nodeId()) && server.role() == Role.LEADER && server.term() > term)
            {
                leader = server.nodeId();
                term = server.term();
            }
        }
        return leader;
    }

    private RaftServer server(final int nodeId)
    {
        for (final RaftServer server : servers)
        {
            if (server.nodeId() == nodeId)
            {
                return server;
            }
        }
        throw new IllegalArgumentException("no node " + nodeId);
    }

    /** {@inheritDoc} */
    @Override
    public void kill(final int nodeId)
    {
        if (down.add(nodeId))
        {
            server(nodeId).kill();
        }
    }

    /** {@inheritDoc} */
    @Override
    public void restart(final int nodeId)
    {
        if (!down.contains(nodeId))
        {
            return;
        }
        // the same ports as before, so the other nodes' connections and the clients find it again
        final Properties p = new Properties();
        p.putAll(properties);
        for (final Map.Entry<Integer, InetSocketAddress> e : peerAddresses.entrySet())
        {
            p.setProperty("node." + e.getKey() + ".peer", "127.0.0.1:" + e.getValue().getPort());
            p.setProperty("node." + e.getKey() + ".client", "127.0.0.1:" + clientAddresses.get(e.getKey()).getPort());
        }
        final RaftServer restarted;
        try
        {
            restarted = RaftServer.bind(ClusterConfig.parse(p, "loadgen-baseline", baseDir), nodeId,
                new KvStateMachine(KvStateMachine.DEFAULT_MAX_KEY_LENGTH, maxValueLength));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot restart node " + nodeId + ": " + ex.getMessage(), ex);
        }
        servers.set(servers.indexOf(server(nodeId)), restarted);
        restarted.start(peerAddresses::get);
        down.remove(nodeId);
    }

    /** {@inheritDoc} */
    @Override
    public void pause(final int nodeId)
    {
        server(nodeId).isolate(true);
        isolated.add(nodeId);
    }

    /** {@inheritDoc} */
    @Override
    public void resume(final int nodeId)
    {
        if (isolated.remove(nodeId))
        {
            server(nodeId).isolate(false);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void partition(final int[] nodeIds)
    {
        for (final int nodeId : nodeIds)
        {
            pause(nodeId);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void heal()
    {
        for (final Integer nodeId : new ArrayList<>(isolated))
        {
            resume(nodeId);
        }
    }

    /** A request slot, preallocated and recycled, so the sender side does not allocate. */
    private static final class Request
    {
        final byte[] command;
        int length;
        long requestId;
        int outcome;
        long completedNs;
        byte[] result;

        Request(final int capacity)
        {
            command = new byte[capacity];
        }
    }

    private final class Session implements ClientSession
    {
        private final ArrayBlockingQueue<Request> free = new ArrayBlockingQueue<>(SESSION_CAPACITY);
        private final ArrayBlockingQueue<Request> pending = new ArrayBlockingQueue<>(SESSION_CAPACITY);
        private final ArrayBlockingQueue<Request> done = new ArrayBlockingQueue<>(SESSION_CAPACITY);
        private final Thread[] workers;
        private final RaftClient[] clients;
        private volatile boolean running = true;
        private boolean closed;

        Session(final int sessionIndex)
        {
            for (int i = 0; i < SESSION_CAPACITY; i++)
            {
                free.add(new Request(maxCommandLength));
            }
            workers = new Thread[workersPerSession];
            clients = new RaftClient[workersPerSession];
            for (int i = 0; i < workersPerSession; i++)
            {
                clients[i] = new RaftClient(clientAddresses, CLIENT_IDS.incrementAndGet(),
                    Math.max(100, operationTimeoutMs / 5), operationTimeoutMs);
                final RaftClient client = clients[i];
                workers[i] = new Thread(() -> work(client), "qb-baseline-client-" + sessionIndex + "-" + i);
                workers[i].setDaemon(true);
                workers[i].start();
            }
        }

        private void work(final RaftClient client)
        {
            while (running)
            {
                final Request request;
                try
                {
                    request = pending.poll(50, TimeUnit.MILLISECONDS);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                if (null == request)
                {
                    continue;
                }
                try
                {
                    request.result = client.execute(Arrays.copyOf(request.command, request.length));
                    request.outcome = CompletionHandler.OK;
                }
                catch (final IllegalArgumentException ex)
                {
                    request.result = null;
                    request.outcome = CompletionHandler.FAILED;
                }
                catch (final RaftClientException ex)
                {
                    request.result = null;
                    request.outcome = CompletionHandler.UNKNOWN;
                }
                request.completedNs = System.nanoTime();
                done.add(request);
            }
        }

        @Override
        public boolean trySend(final long requestId, final byte[] command, final int offset, final int length)
        {
            final Request request = free.poll();
            if (null == request)
            {
                return false;
            }
            System.arraycopy(command, offset, request.command, 0, length);
            request.length = length;
            request.requestId = requestId;
            pending.add(request);
            return true;
        }

        @Override
        public boolean stampsCompletionOnArrival()
        {
            return true;
        }

        @Override
        public int poll(final CompletionHandler handler, final int limit)
        {
            int delivered = 0;
            Request request;
            while (delivered < limit && null != (request = done.poll()))
            {
                final byte[] result = null == request.result ? EMPTY : request.result;
                handler.onComplete(request.requestId, request.outcome, request.completedNs, result, 0, result.length);
                request.result = null;
                free.add(request);
                delivered++;
            }
            return delivered;
        }

        @Override
        public void close()
        {
            if (closed)
            {
                return;
            }
            closed = true;
            running = false;
            for (final Thread worker : workers)
            {
                worker.interrupt();
            }
            // closing the sockets unblocks a worker waiting on an answer
            for (final RaftClient client : clients)
            {
                client.close();
            }
            for (final Thread worker : workers)
            {
                try
                {
                    worker.join(TimeUnit.MILLISECONDS.toMillis(operationTimeoutMs) + 2_000);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    private static final byte[] EMPTY = new byte[0];
}
