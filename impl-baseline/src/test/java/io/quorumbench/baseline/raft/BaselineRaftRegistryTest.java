package io.quorumbench.baseline.raft;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.ClusterClient;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.fault.FaultAction;
import io.quorumbench.api.kv.CountingStateMachine;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.baseline.host.EmbeddedNodeCluster;
import io.quorumbench.baseline.host.HostOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineRaftRegistryTest
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(20);

    @TempDir
    Path dir;

    /** Every completion of a session, in arrival order. */
    private static final class Completions implements CompletionHandler
    {
        final List<Long> requestIds = new ArrayList<>();
        final List<Integer> outcomes = new ArrayList<>();
        final List<Long> counts = new ArrayList<>();

        @Override
        public void onComplete(
            final long requestId, final int outcome, final long completedNs, final byte[] result, final int offset,
            final int length)
        {
            requestIds.add(requestId);
            outcomes.add(outcome);
            counts.add(length == CountingStateMachine.RESULT_LENGTH ? CountingStateMachine.decode(result, offset) : -1);
        }
    }

    private static Implementation baselineRaft()
    {
        return Registry.discover().get(Protocol.RAFT, "baseline");
    }

    private static ClusterContext context()
    {
        return new ClusterContext().nodes(3).stateMachine(StateMachineKind.COUNTING).clientThreads(4)
            .operationTimeoutNs(TimeUnit.SECONDS.toNanos(10));
    }

    /** Send {@code count} commands with ids from {@code firstId} and wait for all their answers. */
    private static void commit(final ClientSession session, final long firstId, final int count, final Completions into)
    {
        final byte[] command = new byte[16];
        for (long id = firstId; id < firstId + count; id++)
        {
            assertTrue(session.trySend(id, command, 0, command.length), "request " + id + " accepted");
        }
        final int expected = into.requestIds.size() + count;
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        while (into.requestIds.size() < expected)
        {
            if (session.poll(into, 100) == 0)
            {
                assertTrue(System.nanoTime() - deadlineNs < 0, "answers within 20 s, got " +
                    (into.requestIds.size() - expected + count) + " of " + count);
                Thread.yield();
            }
        }
    }

    @Test
    void shouldRegisterRaftBaselineWithItsCoreProcessAndOptions() throws Exception
    {
        final Implementation implementation = baselineRaft();
        assertInstanceOf(BaselineRaft.class, implementation);
        assertEquals("raft/baseline", implementation.id());
        assertEquals(ImplementationKind.BASELINE, implementation.kind());
        assertInstanceOf(BaselineRaftFactory.class, implementation.nodeFactory().orElseThrow());
        assertEquals(RaftNodeMain.class, Class.forName(implementation.nodeProcess().mainClass()));
        assertTrue(implementation.options().keySet().containsAll(List.of(HostOptions.MAX_VALUE_LENGTH_OPTION,
            HostOptions.LEADER_TIMEOUT_MS_OPTION, HostOptions.SESSION_CAPACITY_OPTION,
            HostOptions.REQUEST_TIMEOUT_MS_OPTION, HostOptions.CONNECT_TIMEOUT_MS_OPTION)), implementation.options().toString());
    }

    @Test
    @Timeout(120)
    void shouldLaunchCommitThroughItsSessionAndSurviveKillingTheLeader()
    {
        try (EmbeddedCluster cluster = baselineRaft().launch(context().dataDir(dir)))
        {
            assertEquals(3, cluster.members().length);
            assertEquals(EnumSet.allOf(FaultAction.class), cluster.supportedFaults());
            assertEquals("baseline", cluster.context().get("implementation"));
            assertEquals("raft", cluster.context().get("protocol"));
            // The fail-over target's bound (LoadTargets: load.failover.unavailability) reads it.
            assertTrue((Long)cluster.context().get("electionTimeoutMaxNs") > 0, cluster.context().toString());
            assertTrue(cluster.awaitLeader(TIMEOUT_NS) >= 0);
            final Completions completions = new Completions();
            try (ClientSession session = cluster.openSession(0))
            {
                commit(session, 1, 100, completions);

                // Reference: Raft section 5.2 -- a crashed leader is replaced by one of a later term.
                final int killed = cluster.killLeader();
                assertTrue(killed >= 0, "there was a leader to kill");
                assertNotEquals(killed, cluster.awaitLeader(TIMEOUT_NS));
                commit(session, 101, 100, completions);

                cluster.restart(killed);
                commit(session, 201, 20, completions);
            }
            assertEquals(220, completions.requestIds.size());
            assertEquals(List.of(CompletionHandler.OK), completions.outcomes.stream().distinct().toList());
            assertEquals(new TreeSet<>(range(1, 220)), new TreeSet<>(completions.requestIds));
            // Sessions make a retried command answer its first count: each of 220 commands applied once.
            assertEquals(new TreeSet<>(range(1, 220)), new TreeSet<>(completions.counts));
        }
        assertFalse(Files.exists(dir.resolve("node-1")), "the nodes' data is deleted on close");
    }

    @Test
    @Timeout(60)
    void shouldConnectToARunningClusterAndNameTheEndpointsWhenNoneAnswers()
    {
        final Implementation implementation = baselineRaft();
        try (EmbeddedNodeCluster cluster = (EmbeddedNodeCluster)implementation.launch(context()))
        {
            final Properties p = new Properties();
            p.setProperty(ClusterConfig.CLUSTER_ID_PROP_NAME, "1");
            p.setProperty(ClusterConfig.MEMBERS_PROP_NAME, "1,2,3");
            for (final int id : cluster.members())
            {
                p.setProperty("node." + id + ".peer", "127.0.0.1:" + cluster.server(id).peerPort());
                p.setProperty("node." + id + ".client", "127.0.0.1:" + cluster.server(id).clientPort());
                p.setProperty("node." + id + ".data", "node-" + id);
            }
            final Completions completions = new Completions();
            try (ClusterClient client = implementation.connect(ClusterConfig.parse(p, "running", dir), context());
                ClientSession session = client.openSession(0))
            {
                assertEquals("tcp", client.context().get("transport"));
                commit(session, 1, 10, completions);
            }
            assertEquals(List.of(CompletionHandler.OK), completions.outcomes.stream().distinct().toList());
            assertEquals(new TreeSet<>(range(1, 10)), new TreeSet<>(completions.counts));
        }

        final Properties nobody = new Properties();
        nobody.setProperty(ClusterConfig.CLUSTER_ID_PROP_NAME, "1");
        nobody.setProperty(ClusterConfig.MEMBERS_PROP_NAME, "1");
        nobody.setProperty("node.1.peer", "127.0.0.1:1");
        nobody.setProperty("node.1.client", "127.0.0.1:1");
        nobody.setProperty("node.1.data", "node-1");
        final IllegalStateException unreachable = assertThrows(IllegalStateException.class, () -> implementation.connect(
            ClusterConfig.parse(nobody, "gone", dir), context().option(HostOptions.CONNECT_TIMEOUT_MS_OPTION, "300")));
        assertTrue(unreachable.getMessage().contains("127.0.0.1:1"), unreachable.getMessage());
    }

    @Test
    void shouldRejectAnUnknownOrBadOptionBeforeStartingAnything()
    {
        final Implementation implementation = baselineRaft();
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> implementation.launch(context().dataDir(dir).option("clusterOnSender", "true")));
        assertTrue(unknown.getMessage().contains("'clusterOnSender'") && unknown.getMessage().contains("raft/baseline") &&
            unknown.getMessage().contains(HostOptions.LEADER_TIMEOUT_MS_OPTION), unknown.getMessage());

        final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> implementation.launch(context().dataDir(dir).option(HostOptions.SESSION_CAPACITY_OPTION, "lots")));
        assertTrue(bad.getMessage().contains(HostOptions.SESSION_CAPACITY_OPTION) && bad.getMessage().contains("'lots'"),
            bad.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> implementation.launch(context().dataDir(dir).option(HostOptions.LEADER_TIMEOUT_MS_OPTION, "0")));
        assertTrue(Arrays.stream(dir.toFile().listFiles()).noneMatch(f -> f.getName().startsWith("node-")),
            "no node was started");
    }

    private static List<Long> range(final long from, final long to)
    {
        final List<Long> values = new ArrayList<>();
        for (long v = from; v <= to; v++)
        {
            values.add(v);
        }
        return values;
    }
}
