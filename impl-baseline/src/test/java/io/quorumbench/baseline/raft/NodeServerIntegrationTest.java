package io.quorumbench.baseline.raft;

import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.baseline.host.NodeClient;
import io.quorumbench.baseline.host.NodeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeServerIntegrationTest
{
    @TempDir
    Path dir;

    /** Appends each command's first 8 bytes to a list; the result is the running count of applied commands. */
    static final class AppendingStateMachine implements StateMachine
    {
        final List<Long> values = new ArrayList<>();

        @Override
        public int apply(final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
        {
            values.add(ByteBuffer.wrap(command, offset, length).getLong());
            ByteBuffer.wrap(result).putLong(values.size());
            return 8;
        }

        @Override
        public int maxResultLength()
        {
            return 8;
        }
    }

    private ClusterConfig cluster(final String fsync)
    {
        final Properties p = new Properties();
        p.setProperty("cluster.id", "42");
        p.setProperty("cluster.members", "1,2,3");
        for (int id = 1; id <= 3; id++)
        {
            p.setProperty("node." + id + ".peer", "127.0.0.1:0");
            p.setProperty("node." + id + ".client", "127.0.0.1:0");
            p.setProperty("node." + id + ".data", "node-" + id);
        }
        p.setProperty("fsync", fsync);
        p.setProperty("election.timeout.min.ms", "150");
        p.setProperty("election.timeout.max.ms", "300");
        p.setProperty("heartbeat.interval.ms", "30");
        return ClusterConfig.parse(p, "test", dir);
    }

    /** A host for the Raft core, threads named {@code raft-<node>-...}. */
    static NodeServer bind(final ClusterConfig cluster, final int nodeId, final StateMachine stateMachine)
        throws IOException
    {
        return NodeServer.bind(cluster, nodeId, stateMachine, new BaselineRaftFactory(), Protocol.RAFT.id());
    }

    private static void await(final String what, final long timeoutMs, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static NodeServer leaderOf(final Map<Integer, NodeServer> servers)
    {
        for (final NodeServer s : servers.values())
        {
            if (s.role() == Role.LEADER)
            {
                return s;
            }
        }
        return null;
    }

    private static Set<String> raftThreads()
    {
        final Set<String> names = new HashSet<>();
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            if (t.isAlive() && t.getName().startsWith("raft-"))
            {
                names.add(t.getName());
            }
        }
        return names;
    }

    @Test
    @Timeout(60)
    void shouldCommitThroughClientAndSurviveLeaderKill() throws Exception
    {
        final ClusterConfig cluster = cluster("batch");
        final Map<Integer, NodeServer> servers = new LinkedHashMap<>();
        final Map<Integer, AppendingStateMachine> machines = new LinkedHashMap<>();
        try
        {
            for (final int id : cluster.memberIds())
            {
                machines.put(id, new AppendingStateMachine());
                servers.put(id, bind(cluster, id, machines.get(id)));
            }
            final Map<Integer, InetSocketAddress> peerAddresses = new LinkedHashMap<>();
            final Map<Integer, InetSocketAddress> clientAddresses = new LinkedHashMap<>();
            for (final NodeServer s : servers.values())
            {
                peerAddresses.put(s.nodeId(), new InetSocketAddress("127.0.0.1", s.peerPort()));
                clientAddresses.put(s.nodeId(), new InetSocketAddress("127.0.0.1", s.clientPort()));
            }
            for (final NodeServer s : servers.values())
            {
                s.start(peerAddresses::get);
            }
            await("a leader", 10_000, () -> leaderOf(servers) != null);

            try (NodeClient client = new NodeClient(clientAddresses, 77, 500, 10_000))
            {
                for (long i = 1; i <= 1000; i++)
                {
                    final byte[] result = client.execute(ByteBuffer.allocate(8).putLong(i).array());
                    assertEquals(i, ByteBuffer.wrap(result).getLong(), "command " + i + " applied once, in order");
                }
                final NodeServer oldLeader = leaderOf(servers);
                final int oldLeaderId = oldLeader.nodeId();
                oldLeader.kill();
                servers.remove(oldLeaderId);

                for (long i = 1001; i <= 1200; i++)
                {
                    final byte[] result = client.execute(ByteBuffer.allocate(8).putLong(i).array());
                    assertEquals(i, ByteBuffer.wrap(result).getLong(), "command " + i + " applied once, in order");
                }
                final NodeServer newLeader = leaderOf(servers);
                assertNotEquals(oldLeaderId, newLeader == null ? oldLeaderId + 100 : newLeader.nodeId());
                assertTrue(newLeader.term() > 1);
                // The surviving follower catches up with every command, each applied once in order.
                final long committed = newLeader.commitIndex();
                await("followers to apply", 5_000, () ->
                    servers.values().stream().allMatch(s -> s.commitIndex() >= committed));
            }
            for (final NodeServer s : servers.values())
            {
                s.close();
            }
            for (final int id : servers.keySet())
            {
                final List<Long> values = machines.get(id).values;
                assertEquals(1200, values.size(), "node " + id);
                for (int i = 0; i < values.size(); i++)
                {
                    assertEquals(i + 1, values.get(i).longValue());
                }
                assertEquals(0, servers.get(id).rejectedFrames());
            }
        }
        finally
        {
            for (final NodeServer s : servers.values())
            {
                s.close();
            }
        }
        assertTrue(raftThreads().isEmpty(), "leaked threads: " + raftThreads());
    }

    @Test
    @Timeout(60)
    void shouldElectNewLeaderWhenLeaderIsolatedAndCatchUpAfterHeal() throws Exception
    {
        final ClusterConfig cluster = cluster("none");
        final Map<Integer, NodeServer> servers = new LinkedHashMap<>();
        try
        {
            for (final int id : cluster.memberIds())
            {
                servers.put(id, bind(cluster, id, new AppendingStateMachine()));
            }
            final Map<Integer, InetSocketAddress> peerAddresses = new LinkedHashMap<>();
            final Map<Integer, InetSocketAddress> clientAddresses = new LinkedHashMap<>();
            for (final NodeServer s : servers.values())
            {
                peerAddresses.put(s.nodeId(), new InetSocketAddress("127.0.0.1", s.peerPort()));
                clientAddresses.put(s.nodeId(), new InetSocketAddress("127.0.0.1", s.clientPort()));
            }
            for (final NodeServer s : servers.values())
            {
                s.start(peerAddresses::get);
            }
            await("a leader", 10_000, () -> leaderOf(servers) != null);
            final NodeServer isolated = leaderOf(servers);
            final long isolatedTerm = isolated.term();
            isolated.isolate(true);

            // Reference: Raft section 5.2 -- the majority side times out and elects a leader of a later term.
            await("a new leader among the connected majority", 10_000, () -> servers.values().stream()
                .anyMatch(s -> s != isolated && s.role() == Role.LEADER && s.term() > isolatedTerm));
            assertTrue(isolated.isolatedDrops() > 0, "the filter dropped the isolated node's heartbeats");
            try (NodeClient client = new NodeClient(clientAddresses, 78, 500, 10_000))
            {
                for (long i = 1; i <= 50; i++)
                {
                    assertEquals(i, ByteBuffer.wrap(client.execute(ByteBuffer.allocate(8).putLong(i).array())).getLong());
                }
                final long committed = servers.values().stream().filter(s -> s != isolated)
                    .mapToLong(NodeServer::commitIndex).max().orElseThrow();
                assertTrue(isolated.commitIndex() < committed, "the isolated node cannot have committed the new entries");

                isolated.isolate(false);
                // Reference: Raft section 5.3 -- the healed node learns the new term and its log is repaired.
                await("the healed node to catch up", 10_000, () -> isolated.commitIndex() >= committed);
                assertNotEquals(Role.LEADER, isolated.role());
            }
        }
        finally
        {
            for (final NodeServer s : servers.values())
            {
                s.close();
            }
        }
        assertTrue(raftThreads().isEmpty(), "leaked threads: " + raftThreads());
    }
}
