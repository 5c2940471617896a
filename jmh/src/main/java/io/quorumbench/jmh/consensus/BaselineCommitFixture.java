package io.quorumbench.jmh.consensus;

import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.kv.CountingStateMachine;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.baseline.host.NodeClient;
import io.quorumbench.baseline.host.NodeServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The baseline topology: three {@link NodeServer}s of a baseline implementation's core (its
 * {@link io.quorumbench.api.registry.Implementation#embeddedNodeFactory()}) in this JVM on loopback TCP (ephemeral ports),
 * each with its threads, locks and queues, running a {@link CountingStateMachine}. One command at
 * a time goes through the baseline's own blocking {@link NodeClient}; a window goes through
 * {@link BaselinePipelinedClient} on one connection to the leader.
 *
 * <p>{@link #close()} closes the servers and fails if any of their threads ({@code <protocol>-<node>-...})
 * is still alive 5 s later, then deletes the data directory.
 */
final class BaselineCommitFixture implements CommitFixture
{
    private static final long LATENCY_CLIENT_ID = 1;
    private static final long PIPELINED_CLIENT_ID = 2;
    private static final long THREAD_EXIT_TIMEOUT_MS = 5_000;

    private final Path dir;
    private final List<NodeServer> servers = new ArrayList<>();
    private final Map<Integer, InetSocketAddress> clientAddresses = new LinkedHashMap<>();
    private final byte[] command = ConsensusBenchSettings.command();
    private final String threadPrefix;
    private final int leaderId;
    private NodeClient client;
    private BaselinePipelinedClient pipelined;
    private long lastCount;

    BaselineCommitFixture(
        final String pairId, final Protocol protocol, final ProtocolNodeFactory factory, final FsyncPolicy fsyncPolicy,
        final Path root)
    {
        dir = ConsensusBenchSettings.newDataDir(root, "qb-jmh-" + pairId.replace('/', '-') + "-");
        // NodeServer names its threads <protocol>-<node>-<role>.
        threadPrefix = protocol.id() + "-";
        try
        {
            final ClusterConfig cluster = ClusterConfig.parse(properties(fsyncPolicy), "jmh-" + pairId, dir);
            for (final int id : cluster.memberIds())
            {
                servers.add(NodeServer.bind(cluster, id, new CountingStateMachine(), factory, protocol.id()));
            }
            final Map<Integer, InetSocketAddress> peerAddresses = new LinkedHashMap<>();
            for (final NodeServer server : servers)
            {
                peerAddresses.put(server.nodeId(), new InetSocketAddress("127.0.0.1", server.peerPort()));
                clientAddresses.put(server.nodeId(), new InetSocketAddress("127.0.0.1", server.clientPort()));
            }
            for (final NodeServer server : servers)
            {
                server.start(peerAddresses::get);
            }
            leaderId = awaitLeader();
            client = new NodeClient(clientAddresses, LATENCY_CLIENT_ID, ConsensusBenchSettings.COMMIT_TIMEOUT_MS,
                ConsensusBenchSettings.COMMIT_TIMEOUT_MS);
        }
        catch (final IOException ex)
        {
            close();
            throw new UncheckedIOException("cannot start the baseline cluster", ex);
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    private static Properties properties(final FsyncPolicy fsyncPolicy)
    {
        final Properties p = new Properties();
        p.setProperty(ClusterConfig.CLUSTER_ID_PROP_NAME, "11");
        final StringBuilder members = new StringBuilder();
        for (int id = 1; id <= ConsensusBenchSettings.NODES; id++)
        {
            members.append(id > 1 ? "," : "").append(id);
            p.setProperty("node." + id + ".peer", "127.0.0.1:0");
            p.setProperty("node." + id + ".client", "127.0.0.1:0");
            p.setProperty("node." + id + ".data", "node-" + id);
        }
        p.setProperty(ClusterConfig.MEMBERS_PROP_NAME, members.toString());
        p.setProperty(ClusterConfig.FSYNC_PROP_NAME, fsyncPolicy.name().toLowerCase(Locale.ROOT));
        p.setProperty(ClusterConfig.ELECTION_TIMEOUT_MIN_PROP_NAME, String.valueOf(ConsensusBenchSettings.ELECTION_TIMEOUT_MIN_MS));
        p.setProperty(ClusterConfig.ELECTION_TIMEOUT_MAX_PROP_NAME, String.valueOf(ConsensusBenchSettings.ELECTION_TIMEOUT_MAX_MS));
        p.setProperty(ClusterConfig.HEARTBEAT_INTERVAL_PROP_NAME, String.valueOf(ConsensusBenchSettings.HEARTBEAT_INTERVAL_MS));
        p.setProperty(ClusterConfig.MAX_COMMAND_BYTES_PROP_NAME, String.valueOf(ConsensusBenchSettings.MAX_COMMAND_BYTES));
        return p;
    }

    /** A leader every node agrees on, so the first command does not race an election. */
    private int awaitLeader()
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ConsensusBenchSettings.LEADER_TIMEOUT_MS);
        while (System.nanoTime() - deadlineNs < 0)
        {
            final int leader = servers.get(0).leaderId();
            boolean agreed = leader != NodeConfig.NO_NODE;
            for (final NodeServer server : servers)
            {
                agreed &= server.leaderId() == leader && (server.nodeId() != leader || server.role() == Role.LEADER);
            }
            if (agreed)
            {
                return leader;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        throw new IllegalStateException("baseline cluster elected no leader within " + ConsensusBenchSettings.LEADER_TIMEOUT_MS + " ms");
    }

    @Override
    public long commitOne()
    {
        final byte[] result = client.execute(command);
        if (result.length != CountingStateMachine.RESULT_LENGTH)
        {
            throw new IllegalStateException("expected an 8-byte count, got " + result.length + " bytes");
        }
        return check(CountingStateMachine.decode(result, 0));
    }

    @Override
    public void submit()
    {
        if (null == pipelined)
        {
            pipelined = new BaselinePipelinedClient(clientAddresses.get(leaderId), PIPELINED_CLIENT_ID, command);
        }
        pipelined.submit();
    }

    @Override
    public long awaitOldest()
    {
        if (null == pipelined)
        {
            throw new IllegalStateException("nothing submitted");
        }
        return check(pipelined.awaitOldest());
    }

    @Override
    public int inFlight()
    {
        return null == pipelined ? 0 : pipelined.inFlight();
    }

    private long check(final long count)
    {
        // Sessions make a retried command answer its first count, so counts are consecutive.
        if (count != lastCount + 1)
        {
            throw new IllegalStateException("expected count " + (lastCount + 1) + ", the state machine answered " + count);
        }
        lastCount = count;
        return count;
    }

    @Override
    public void close()
    {
        if (null != client)
        {
            client.close();
        }
        if (null != pipelined)
        {
            pipelined.close();
        }
        for (final NodeServer server : servers)
        {
            server.close();
        }
        awaitServerThreadsGone();
        ConsensusBenchSettings.deleteTree(dir);
    }

    private void awaitServerThreadsGone()
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(THREAD_EXIT_TIMEOUT_MS);
        List<String> alive = serverThreads();
        while (!alive.isEmpty() && System.nanoTime() - deadlineNs < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            alive = serverThreads();
        }
        if (!alive.isEmpty())
        {
            throw new IllegalStateException("baseline server threads still alive after close: " + alive);
        }
    }

    private List<String> serverThreads()
    {
        final List<String> names = new ArrayList<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.isAlive() && thread.getName().startsWith(threadPrefix))
            {
                names.add(thread.getName());
            }
        }
        return names;
    }
}
