package io.quorumbench.peers.ratis;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.peers.EmbeddedPeerCluster;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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
final class EmbeddedRatisCluster extends EmbeddedPeerCluster<RaftServer>
{
    private static final TimeDuration RETRY_SLEEP = TimeDuration.valueOf(50, TimeUnit.MILLISECONDS);

    private final RatisSettings tuning;
    private final int[] ports;
    private final RaftGroup group;

    private EmbeddedRatisCluster(final Implementation implementation, final ClusterContext settings)
    {
        super(implementation, settings);
        this.tuning = RatisSettings.of(settings);
        this.ports = PeerSupport.freePorts(memberCount());
        final List<RaftPeer> peers = new ArrayList<>();
        for (int i = 0; i < memberCount(); i++)
        {
            peers.add(RaftPeer.newBuilder().setId(peerId(i + 1))
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
        // refuse bad options before anything is created
        settings.conclude();
        settings.checkOptions(implementation);
        RatisSettings.of(settings);
        final EmbeddedRatisCluster cluster = new EmbeddedRatisCluster(implementation, settings);
        try
        {
            cluster.startAll();
            cluster.awaitLeader(TimeUnit.MILLISECONDS.toNanos(cluster.tuning.leaderTimeoutMs()));
            return cluster;
        }
        catch (final RuntimeException ex)
        {
            cluster.close();
            throw ex;
        }
    }

    /** {@inheritDoc} */
    @Override
    protected RaftServer startMember(final int nodeId, final boolean recover)
    {
        final RaftStorage.StartupOption option = recover ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT;
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
    protected ClientSession newSession(final int sessionIndex)
    {
        final int window = sessionWindow();
        final long retries = Math.max(1, settings.operationTimeoutNs() / RETRY_SLEEP.toLong(TimeUnit.NANOSECONDS));
        final RaftClient client = RaftClient.newBuilder()
            .setProperties(tuning.clientProperties())
            .setRaftGroup(group)
            .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep((int)Math.min(retries, 10_000), RETRY_SLEEP))
            .build();
        return new RatisSession(client, tuning.reads() == RatisSettings.Reads.LOG, window, settings.operationTimeoutNs());
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> context()
    {
        final Map<String, Object> context = baseContext("grpc-loopback", "");
        context.put("ratis.version", RaftServer.class.getPackage().getImplementationVersion());
        context.putAll(tuning.describe());
        context.put("ratis.sessionWindow", sessionWindow());
        context.put("client", "one RaftClient per session, async API, retry every " + RETRY_SLEEP +
            "; requests unanswered after " + TimeUnit.NANOSECONDS.toMillis(settings.operationTimeoutNs()) + " ms are unknown");
        return context;
    }

    /** {@inheritDoc} */
    @Override
    protected String stopModel(final boolean restart)
    {
        return restart ? "in-process rebuild of the server on its port and storage (StartupOption.RECOVER)" :
            "in-process stop of the server (RaftServer.close)";
    }

    /** {@inheritDoc} */
    @Override
    protected long leadingTerm(final RaftServer server)
    {
        try
        {
            final DivisionInfo info = server.getDivision(group.getGroupId()).getInfo();
            return info.isLeader() ? info.getCurrentTerm() : -1;
        }
        catch (final IOException | RuntimeException ex)
        {
            // a server still starting or already closing has no division to ask: not the leader
            return -1;
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void stopMember(final RaftServer server)
    {
        closeQuietly(server);
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

    /** {@inheritDoc} */
    @Override
    protected void releaseClient()
    {
        // each session owns its RaftClient; nothing else to release
    }
}
