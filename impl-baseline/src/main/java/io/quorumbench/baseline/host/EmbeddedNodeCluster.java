package io.quorumbench.baseline.host;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.fault.FaultAction;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.baseline.lock.BaselineLockStateMachine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A baseline cluster of any protocol in this process: {@code nodes} {@link NodeServer}s on loopback
 * TCP (ephemeral ports), each running the implementation's core on a fresh state machine, with
 * a {@link NodeClusterClient} on their client endpoints and every {@link FaultAction}.
 *
 * <p>Faults: a node here is a set of threads of this process and cannot be frozen on its own.
 * {@code kill} is {@link NodeServer#kill()} (sockets closed, the core crashed, no orderly close);
 * {@code restart} binds a new {@link NodeServer} on the same ports and data directory;
 * {@code pause} and {@code partition} cut the node's peer links with {@link NodeServer#isolate}
 * (its clock keeps running and clients still reach it).
 *
 * <p><b>Threading</b>: control and faults from the controlling or monitor thread, one at a time;
 * sessions as {@link WorkerPoolSession}.
 */
public final class EmbeddedNodeCluster implements EmbeddedCluster
{
    private static final String LOOPBACK = "127.0.0.1";

    private final Implementation implementation;
    private final ClusterContext settings;
    private final HostOptions options;
    private final Path baseDir;
    private final boolean ownsBaseDir;
    private final Properties properties = new Properties();
    private final Map<Integer, NodeServer> servers = new ConcurrentHashMap<>();
    private final Map<Integer, InetSocketAddress> peerAddresses = new LinkedHashMap<>();
    private final Map<Integer, InetSocketAddress> clientAddresses = new LinkedHashMap<>();
    private final Set<Integer> down = ConcurrentHashMap.newKeySet();
    private final Set<Integer> isolated = ConcurrentHashMap.newKeySet();
    private final int[] members;
    private NodeClusterClient client;
    private boolean closed;

    private EmbeddedNodeCluster(
        final Implementation implementation, final ClusterContext settings, final HostOptions options,
        final Path baseDir, final boolean ownsBaseDir)
    {
        this.implementation = implementation;
        this.settings = settings;
        this.options = options;
        this.baseDir = baseDir;
        this.ownsBaseDir = ownsBaseDir;
        this.members = new int[settings.nodes()];
        for (int i = 0; i < members.length; i++)
        {
            members[i] = i + 1;
        }
    }

    /**
     * Start the cluster, wait for its first leader and connect its client.
     *
     * @param implementation the pair to run; its {@link Implementation#embeddedNodeFactory()} must be present.
     * @param settings       the settings; concluded and checked against the implementation's options here.
     * @return the running cluster; the caller closes it.
     * @throws IllegalArgumentException for bad settings.
     * @throws IllegalStateException    if no leader is elected within {@link HostOptions#LEADER_TIMEOUT_MS_OPTION}.
     * @throws UncheckedIOException     if a directory cannot be created or a port bound.
     */
    public static EmbeddedNodeCluster launch(final Implementation implementation, final ClusterContext settings)
    {
        settings.conclude();
        settings.checkOptions(implementation);
        final HostOptions options = HostOptions.of(settings);
        if (implementation.embeddedNodeFactory(settings.options()).isEmpty())
        {
            throw new IllegalArgumentException(implementation.id() + " has no core for the baseline host");
        }
        final Path baseDir;
        try
        {
            baseDir = null == settings.dataDir() ?
                Files.createTempDirectory("qb-" + implementation.protocol().id() + "-" + implementation.impl() + "-") :
                Files.createDirectories(settings.dataDir());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a data directory " +
                (null == settings.dataDir() ? "under " + System.getProperty("java.io.tmpdir") : settings.dataDir()), ex);
        }
        final EmbeddedNodeCluster cluster =
            new EmbeddedNodeCluster(implementation, settings, options, baseDir, null == settings.dataDir());
        try
        {
            cluster.start();
            return cluster;
        }
        catch (final RuntimeException ex)
        {
            cluster.close();
            throw ex;
        }
    }

    private void start()
    {
        properties.setProperty(ClusterConfig.CLUSTER_ID_PROP_NAME, String.valueOf(settings.clusterId()));
        final StringBuilder memberList = new StringBuilder();
        for (final int id : members)
        {
            memberList.append(memberList.length() == 0 ? "" : ",").append(id);
            properties.setProperty("node." + id + ".data", "node-" + id);
        }
        properties.setProperty(ClusterConfig.MEMBERS_PROP_NAME, memberList.toString());
        properties.setProperty(ClusterConfig.FSYNC_PROP_NAME, settings.fsyncPolicy().name().toLowerCase(Locale.ROOT));
        // The nodes accept commands a little larger than the clients send, as the load generator always did.
        properties.setProperty(ClusterConfig.MAX_COMMAND_BYTES_PROP_NAME, String.valueOf(Math.max(settings.maxCommandLength(), 1024)));
        final ClusterConfig cluster = config(false);
        for (final int id : members)
        {
            servers.put(id, bind(cluster, id));
        }
        for (final int id : members)
        {
            peerAddresses.put(id, new InetSocketAddress(LOOPBACK, servers.get(id).peerPort()));
            clientAddresses.put(id, new InetSocketAddress(LOOPBACK, servers.get(id).clientPort()));
        }
        for (final int id : members)
        {
            servers.get(id).start(peerAddresses::get);
        }
        awaitLeader(TimeUnit.MILLISECONDS.toNanos(options.leaderTimeoutMs()));
        final Map<String, Object> context = new LinkedHashMap<>();
        context.put("implementation", implementation.impl());
        context.put("protocol", implementation.protocol().id());
        context.put("transport", "tcp-loopback");
        context.put("nodes", members.length);
        context.put("fsyncPolicy", settings.fsyncPolicy().name().toLowerCase(Locale.ROOT));
        context.put("electionTimeoutMinNs", cluster.electionTimeoutMinNs());
        context.put("electionTimeoutMaxNs", cluster.electionTimeoutMaxNs());
        context.put("dataDir", describe(baseDir));
        client = new NodeClusterClient(clientAddresses, settings, options, context);
    }

    /** The cluster's configuration: ephemeral ports at first, the bound ones for a restart. */
    private ClusterConfig config(final boolean boundPorts)
    {
        final Properties p = new Properties();
        p.putAll(properties);
        for (final int id : members)
        {
            p.setProperty("node." + id + ".peer", LOOPBACK + ":" + (boundPorts ? peerAddresses.get(id).getPort() : 0));
            p.setProperty("node." + id + ".client", LOOPBACK + ":" + (boundPorts ? clientAddresses.get(id).getPort() : 0));
        }
        return ClusterConfig.parse(p, implementation.id() + "-embedded", baseDir);
    }

    private NodeServer bind(final ClusterConfig cluster, final int nodeId)
    {
        final ProtocolNodeFactory factory = HostOptions.nodeFactory(settings.stateMachine(),
            implementation.embeddedNodeFactory(settings.options()).orElseThrow());
        try
        {
            return NodeServer.bind(cluster, nodeId, stateMachine(nodeId), factory, implementation.protocol().id());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start node " + nodeId + ": " + ex.getMessage(), ex);
        }
    }

    private StateMachine stateMachine(final int nodeId)
    {
        if (StateMachineKind.LOCK == settings.stateMachine())
        {
            return new BaselineLockStateMachine(LockServiceConfig.defaults(), settings.lockEvents(nodeId));
        }
        return settings.stateMachine() == StateMachineKind.KV ?
            new KvStateMachine(KvStateMachine.DEFAULT_MAX_KEY_LENGTH, options.maxValueLength()) :
            implementation.stateMachine(settings.stateMachine());
    }

    private static String describe(final Path dir)
    {
        // The file system shows in tail latency (tmpfs against ext4), so the context names it.
        try
        {
            return dir + " (" + Files.getFileStore(dir).type() + ")";
        }
        catch (final IOException ex)
        {
            return dir + " (file system unknown)";
        }
    }

    /** {@inheritDoc} */
    @Override
    public int awaitLeader(final long timeoutNs)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (true)
        {
            final int leader = leaderId();
            if (leader >= 0)
            {
                return leader;
            }
            if (System.nanoTime() - deadlineNs >= 0)
            {
                throw new IllegalStateException(implementation.id() + ": no leader within " +
                    TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /**
     * The server of a node, for tests and tools that look inside (role, term, commit index).
     *
     * @param nodeId the node.
     * @return its current server (a new one after {@link #restart}).
     * @throws IllegalArgumentException if there is no such node.
     */
    public NodeServer server(final int nodeId)
    {
        final NodeServer server = servers.get(nodeId);
        if (null == server)
        {
            throw new IllegalArgumentException("no node " + nodeId + " in " + implementation.id() + " cluster of " +
                members.length);
        }
        return server;
    }

    /** {@inheritDoc} */
    @Override
    public ClientSession openSession(final int sessionIndex)
    {
        if (closed)
        {
            throw new IllegalStateException("cluster closed");
        }
        return client.openSession(sessionIndex);
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> context()
    {
        return client.context();
    }

    /** {@inheritDoc} */
    @Override
    public Set<FaultAction> supportedFaults()
    {
        return EnumSet.allOf(FaultAction.class);
    }

    /** {@inheritDoc} */
    @Override
    public String faultModel(final FaultAction action)
    {
        return switch (action)
        {
            case KILL, KILL_LEADER -> "in-process crash (NodeServer.kill: sockets closed, no orderly shutdown)";
            case RESTART -> "in-process restart: a new NodeServer on the same ports and data directory";
            case PAUSE -> "in-process pause = all peer links cut (NodeServer.isolate), no freeze";
            case RESUME -> "peer links restored";
            case PARTITION -> "in-process drop filter (NodeServer.isolate): node(s) cut from every other node";
            case HEAL -> "all cut links restored";
        };
    }

    /** {@inheritDoc} */
    @Override
    public int[] members()
    {
        return members.clone();
    }

    /**
     * {@inheritDoc}
     *
     * <p>A cut-off old leader may still think it leads: the live leader of the highest term is the one.
     */
    @Override
    public int leaderId()
    {
        int leader = -1;
        long term = -1;
        for (final int id : members)
        {
            final NodeServer server = servers.get(id);
            if (null != server && !down.contains(id) && server.role() == Role.LEADER && server.term() > term)
            {
                leader = id;
                term = server.term();
            }
        }
        return leader;
    }

    /** {@inheritDoc} */
    @Override
    public void kill(final int nodeId)
    {
        final NodeServer server = server(nodeId);
        if (down.add(nodeId))
        {
            server.kill();
        }
    }

    /** {@inheritDoc} */
    @Override
    public void restart(final int nodeId)
    {
        server(nodeId);
        if (!down.contains(nodeId))
        {
            return;
        }
        // The same ports as before, so the other nodes' connections and the clients find it again.
        final NodeServer restarted = bind(config(true), nodeId);
        servers.put(nodeId, restarted);
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
        for (final Integer nodeId : Set.copyOf(isolated))
        {
            resume(nodeId);
        }
    }

    /**
     * Close the client's sessions, stop every node and, if the context says so, delete their data.
     * Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (null != client)
        {
            client.close();
        }
        for (final NodeServer server : servers.values())
        {
            server.close();
        }
        if (settings.deleteDataOnClose())
        {
            if (ownsBaseDir)
            {
                deleteTree(baseDir);
            }
            else
            {
                for (final int id : members)
                {
                    deleteTree(baseDir.resolve("node-" + id));
                }
            }
        }
    }

    private static void deleteTree(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try
        {
            Files.walkFileTree(dir, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException
                {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(final Path d, final IOException ex) throws IOException
                {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final IOException ex)
        {
            // Best effort: a leftover temporary directory is not worth failing a run's close over.
            System.getLogger(EmbeddedNodeCluster.class.getName()).log(System.Logger.Level.WARNING,
                "cannot delete " + dir + ": " + ex.getMessage());
        }
    }

    @Override
    public String toString()
    {
        return "EmbeddedNodeCluster{" + implementation.id() + ", nodes=" + members.length + ", dataDir=" + baseDir + '}';
    }
}
