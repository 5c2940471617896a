package io.quorumbench.peers;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.fault.FaultAction;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.linearizability.LinearizabilityChecker;
import io.quorumbench.conformance.linearizability.LinearizabilityResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every peer must do through the registry, as the load generator drives it: be found as a PEER
 * of Raft, answer a KV workload through its own client with a history the conformance kit finds
 * linearizable, keep answering after its leader is killed and restarted, record its tuning in the
 * run context, delete its data on close, and refuse what it cannot do. A subclass names the peer.
 */
abstract class PeerContract
{
    private static final long BATCH_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(20);

    @TempDir
    Path dir;

    /**
     * @return the peer's implementation name.
     */
    abstract String impl();

    /**
     * @return a context key the peer must record (its own tuning).
     */
    abstract String tuningKey();

    Implementation implementation()
    {
        return Registry.discover().get(Protocol.RAFT, impl());
    }

    ClusterContext context()
    {
        return new ClusterContext().dataDir(dir.resolve("data")).maxCommandLength(256).maxInFlight(64)
            .operationTimeoutNs(TimeUnit.SECONDS.toNanos(5));
    }

    static void assertLinearizable(final History history)
    {
        final LinearizabilityResult result = new LinearizabilityChecker().check(history);
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, result.outcome(), result.describe());
    }

    @Test
    void shouldBeRegisteredAsAPeerOfRaftWithoutACore()
    {
        final Implementation implementation = implementation();
        assertEquals(ImplementationKind.PEER, implementation.kind());
        assertEquals("raft/" + impl(), implementation.id());
        assertTrue(implementation.nodeFactory().isEmpty());
    }

    @Test
    void shouldAnswerAKvWorkloadWithALinearizableHistoryRefuseFaultsItCannotDoAndDeleteItsData() throws Exception
    {
        final History history = new History();
        final Map<String, Object> context;
        try (EmbeddedCluster cluster = implementation().launch(context()))
        {
            context = cluster.context();
            try (ClientSession first = cluster.openSession(0); ClientSession second = cluster.openSession(1))
            {
                final KvHistoryDriver a = new KvHistoryDriver(first, history, 4, 0, 7);
                final KvHistoryDriver b = new KvHistoryDriver(second, history, 4, 100, 8);
                for (int round = 0; round < 4; round++)
                {
                    a.run(60, BATCH_TIMEOUT_NS);
                    b.run(60, BATCH_TIMEOUT_NS);
                }
                assertEquals(480, a.ok() + b.ok(), "every operation answered with no fault");
            }
            assertFalse(cluster.supportedFaults().contains(FaultAction.PAUSE));
            assertTrue(cluster.faultModel(FaultAction.PAUSE).startsWith("not supported"));
            assertThrows(UnsupportedOperationException.class, () -> cluster.pause(1));
            assertThrows(IllegalArgumentException.class, () -> cluster.kill(99));
        }
        assertLinearizable(history);
        assertEquals(impl(), context.get("implementation"));
        assertEquals("raft", context.get("protocol"));
        assertTrue(context.containsKey(tuningKey()), context.toString());
        // The leader-kill target's bound (load.failover.unavailability) reads it.
        assertTrue(((Number)context.get("electionTimeoutMaxNs")).longValue() > 0, context.toString());
        try (var left = Files.list(dir.resolve("data")))
        {
            assertEquals(List.of(), left.toList(), "the nodes' data is deleted");
        }
    }

    @Test
    void shouldKeepAnsweringLinearizablyAcrossALeaderKillAndRestart()
    {
        final History history = new History();
        try (EmbeddedCluster cluster = implementation().launch(context()))
        {
            assertTrue(cluster.supportedFaults().containsAll(List.of(FaultAction.KILL_LEADER, FaultAction.RESTART)));
            try (ClientSession session = cluster.openSession(0))
            {
                final KvHistoryDriver driver = new KvHistoryDriver(session, history, 4, 0, 11);
                driver.run(100, BATCH_TIMEOUT_NS);
                final int killed = cluster.killLeader();
                assertNotEquals(-1, killed, "there was a leader to kill");
                driver.run(100, BATCH_TIMEOUT_NS);
                final int next = cluster.awaitLeader(BATCH_TIMEOUT_NS);
                assertNotEquals(killed, next, "another member leads");
                cluster.restart(killed);
                driver.run(100, BATCH_TIMEOUT_NS);
                assertTrue(driver.ok() >= 150, "most operations answered: " + driver.ok() + " ok, " +
                    driver.unknown() + " unknown");
            }
        }
        assertLinearizable(history);
    }

    @Test
    void shouldRefuseUnknownOptionsBeforeStartingAnything()
    {
        final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> implementation().launch(context().option("noSuchOption", "1")));
        assertTrue(bad.getMessage().contains("noSuchOption"), bad.getMessage());
        assertFalse(Files.exists(dir.resolve("data").resolve("node-1")), "nothing started");
    }
}
