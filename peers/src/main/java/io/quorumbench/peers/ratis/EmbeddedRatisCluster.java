package io.quorumbench.peers.ratis;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.fault.FaultAction;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.peers.PeerSupport;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.TimeDuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Ratis group of {@code nodes} {@link RaftServer}s in this process on loopback gRPC, built with
 * Ratis's public builders, each running {@link KvRatisStateMachine}; one {@link RaftClient} per
 * session.
 *
 * <p>Faults: {@code kill} closes the server (Ratis's close: it stops at once, its peers see it fall
 * silent; not a process crash), {@code restart} builds it again on the same port and storage with
 * {@link RaftStorage.StartupOption#RECOVER}, so it replays its log and catches up. Pause and
 * partition are not offered: Ratis has no public API to cut one server's links in-process.
 *
 * <p><b>Threading</b>: control and faults from the controlling or monitor thread; sessions as
 * {@link RatisSession}.
 */
final class EmbeddedRatisCluster implements EmbeddedCluster
{
    private static final TimeDuration RETRY_SLEEP = TimeDuration.valueOf(50, TimeUnit.MILLISECONDS);

    private final Implementation implementation;
    private final ClusterContext settings;
    private final RatisSettings tuning;
    private final Path baseDir;
    private final boolean ownsBaseDir;
    private final int[] members;
    private final int[] ports;
    private final RaftGroup group;
    private final Map<Integer, RaftServer> running = new ConcurrentHashMap<>();
    private final List<RatisSession> sessions = new ArrayList<>();
    private boolean closed;

    private EmbeddedRatisCluster(
        final Implementation implementation, final ClusterContext settings, final Path baseDir, final boolean ownsBaseDir)
    {
        this.implementation = implementation;
        this.settings = settings;
        this.tuning = RatisSettings.of(settings);
        this.baseDir = baseDir;
        this.ownsBaseDir = ownsBaseDir;
        this.members = new int[settings.nodes()];
        this.ports = PeerSupport.freePorts(members.length);
        final List<RaftPeer> peers = new ArrayList<>();
        for (int i = 0; i < members.length; i++)
        {
            members[i] = i + 1;
            peers.add(RaftPeer.newBuilder().setId(peerId(members[i]))
                .setAddress(PeerSupport.LOOPBACK + ":" + ports[i]).build());
        }
        this.group = RaftGroup.valueOf(RaftGroupId.valueOf(new UUID(0x5152L, settings.clusterId())), peers);
    }

    private static RaftPeerId peerId(final int nodeId)
    {
        return RaftPeerId.valueOf("n" + nodeId);
    }

    /**
     * Start the servers and wait for the first leader.
     *
     * @param implementation the pair.
     * @param settings       the settings; concluded and checked here.
     * @return the running cluster.
     */
    static EmbeddedRatisCluster launch(final Implementation implementation, final ClusterContext settings)
    {
        settings.conclude();
        settings.checkOptions(implementation);
        RatisSettings.of(settings);
        final Path baseDir = PeerSupport.baseDir(implementation, settings);
        final EmbeddedRatisCluster cluster = new EmbeddedRatisCluster(implementation, settings, baseDir,
            null == settings.dataDir());
        try
        {
            for (final int id : cluster.members)
            {
                cluster.running.put(id, cluster.startServer(id, RaftStorage.StartupOption.FORMAT));
            }
            cluster.awaitLeader(TimeUnit.MILLISECONDS.toNanos(cluster.tuning.leaderTimeoutMs()));
            return cluster;
        }
        catch (final RuntimeException ex)
        {
            cluster.close();
            throw ex;
        }
    }

    private RaftServer startServer(final int nodeId, final RaftStorage.StartupOption option)
    {
        try
        {
            final RaftServer server = RaftServer.newBuilder()
                .setServerId(peerId(nodeId))
                .setGroup(group)
                .setProperties(tuning.serverProperties(baseDir.resolve("node-" + nodeId).toFile(), ports[nodeId - 1]))
                .setStateMachine(new KvRatisStateMachine(stateMachine()))
                .setOption(option)
                .build();
            server.start();
            return server;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(implementation.id() + ": cannot start node " + nodeId + ": " + ex.getMessage(), ex);
        }
    }

    private StateMachine stateMachine()
    {
        return settings.stateMachine() == StateMachineKind.KV ? new KvStateMachine() : settings.stateMachine().create();
    }

    private int sessionWindow()
    {
        // Ratis releases a permit before it completes the future the session counts on, so its own window fits
        return Math.min(settings.maxInFlight(), RatisSettings.CLIENT_WINDOW);
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

    /** {@inheritDoc} */
    @Override
    public ClientSession openSession(final int sessionIndex)
    {
        if (closed)
        {
            throw new IllegalStateException("cluster closed");
        }
        final int window = sessionWindow();
        final long retries = Math.max(1, settings.operationTimeoutNs() / RETRY_SLEEP.toLong(TimeUnit.NANOSECONDS));
        final RaftClient client = RaftClient.newBuilder()
            .setProperties(tuning.clientProperties())
            .setRaftGroup(group)
            .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep((int)Math.min(retries, 10_000), RETRY_SLEEP))
            .build();
        final RatisSession session = new RatisSession(client, tuning.reads() == RatisSettings.Reads.LOG, window,
            settings.operationTimeoutNs());
        synchronized (sessions)
        {
            sessions.add(session);
        }
        return session;
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> context()
    {
        final Map<String, Object> context = new LinkedHashMap<>();
        context.put("implementation", implementation.impl());
        context.put("protocol", implementation.protocol().id());
        context.put("transport", "grpc-loopback");
        context.put("nodes", members.length);
        context.put("fsyncPolicy", settings.fsyncPolicy().name().toLowerCase(Locale.ROOT));
        context.put("dataDir", PeerSupport.describe(baseDir));
        context.put("ratis.version", RaftServer.class.getPackage().getImplementationVersion());
        context.putAll(tuning.describe());
        context.put("ratis.sessionWindow", sessionWindow());
        context.put("client", "one RaftClient per session, async API, retry every " + RETRY_SLEEP +
            "; requests unanswered after " + TimeUnit.NANOSECONDS.toMillis(settings.operationTimeoutNs()) + " ms are unknown");
        return context;
    }

    /** {@inheritDoc} */
    @Override
    public Set<FaultAction> supportedFaults()
    {
        return EnumSet.of(FaultAction.KILL_LEADER, FaultAction.KILL, FaultAction.RESTART);
    }

    /** {@inheritDoc} */
    @Override
    public String faultModel(final FaultAction action)
    {
        return switch (action)
        {
            case KILL, KILL_LEADER -> "in-process stop of the server (RaftServer.close)";
            case RESTART -> "in-process rebuild of the server on its port and storage (StartupOption.RECOVER)";
            default -> "not supported: Ratis has no public API to pause or cut one server in-process";
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
     * <p>The running server that says it leads, in the highest term.
     */
    @Override
    public int leaderId()
    {
        int leader = -1;
        long term = -1;
        for (final int id : members)
        {
            final RaftServer server = running.get(id);
            if (null == server)
            {
                continue;
            }
            try
            {
                final DivisionInfo info = server.getDivision(group.getGroupId()).getInfo();
                if (info.isLeader() && info.getCurrentTerm() > term)
                {
                    leader = id;
                    term = info.getCurrentTerm();
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                // a server still starting or already closing has no division to ask: not the leader
            }
        }
        return leader;
    }

    /** {@inheritDoc} */
    @Override
    public void kill(final int nodeId)
    {
        checkMember(nodeId);
        final RaftServer server = running.remove(nodeId);
        if (null != server)
        {
            closeQuietly(server);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void restart(final int nodeId)
    {
        checkMember(nodeId);
        if (!running.containsKey(nodeId))
        {
            running.put(nodeId, startServer(nodeId, RaftStorage.StartupOption.RECOVER));
        }
    }

    private void checkMember(final int nodeId)
    {
        if (nodeId < 1 || nodeId > members.length)
        {
            throw new IllegalArgumentException("no node " + nodeId + " in " + implementation.id() + " cluster of " +
                members.length);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void pause(final int nodeId)
    {
        throw new UnsupportedOperationException(faultModel(FaultAction.PAUSE));
    }

    /** {@inheritDoc} */
    @Override
    public void resume(final int nodeId)
    {
        throw new UnsupportedOperationException(faultModel(FaultAction.RESUME));
    }

    /** {@inheritDoc} */
    @Override
    public void partition(final int[] nodeIds)
    {
        throw new UnsupportedOperationException(faultModel(FaultAction.PARTITION));
    }

    /** {@inheritDoc} */
    @Override
    public void heal()
    {
        throw new UnsupportedOperationException(faultModel(FaultAction.HEAL));
    }

    private static void closeQuietly(final RaftServer server)
    {
        try
        {
            server.close();
        }
        catch (final IOException | RuntimeException ex)
        {
            System.getLogger(EmbeddedRatisCluster.class.getName()).log(System.Logger.Level.DEBUG, "closing a Ratis server", ex);
        }
    }

    /** Close the sessions, every server, and delete the data if asked. Idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        synchronized (sessions)
        {
            sessions.forEach(RatisSession::close);
            sessions.clear();
        }
        running.values().forEach(EmbeddedRatisCluster::closeQuietly);
        running.clear();
        if (settings.deleteDataOnClose())
        {
            if (ownsBaseDir)
            {
                PeerSupport.deleteTree(baseDir);
            }
            else
            {
                for (final int id : members)
                {
                    PeerSupport.deleteTree(baseDir.resolve("node-" + id));
                }
            }
        }
    }
}
