package io.quorumbench.lockfree.paxos;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.api.paxos.PaxosOptions;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.NodeProcess;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.lockfree.host.HostOptions;
import io.quorumbench.lockfree.raft.LockfreeRaft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code paxos/lockfree} found through the registry, with a port range of its own, and an embedded
 * 3-node cluster that commits through its session before and after its leader is killed.
 */
class LockfreePaxosRegistryTest
{
    private static Implementation lockfreePaxos()
    {
        return Registry.discover().get("paxos", "lockfree");
    }

    @Test
    void shouldBeRegisteredAsTheTunedPaxosOnPortsOfItsOwn()
    {
        final Implementation implementation = lockfreePaxos();
        assertInstanceOf(LockfreePaxos.class, implementation);
        assertEquals(Protocol.PAXOS, implementation.protocol());
        assertEquals(ImplementationKind.TUNED, implementation.kind());
        assertEquals("paxos/lockfree", implementation.id());
        assertEquals(PaxosNodeMain.class.getName(), implementation.nodeProcess().mainClass());
        assertTrue(implementation.nodeFactory().isPresent());
        final Set<String> keys = new LinkedHashSet<>(HostOptions.DESCRIPTIONS.keySet());
        keys.add(PaxosOptions.BATCH_OPTION);
        keys.add(PaxosOptions.WINDOW_OPTION);
        assertEquals(keys, implementation.options().keySet());
        assertTrue(LockfreePaxos.FIRST_PORT > LockfreeRaft.LAST_PORT || LockfreePaxos.LAST_PORT < LockfreeRaft.FIRST_PORT);
    }

    @Test
    void shouldShapeItsCoreWithTheBatchAndWindowOptions()
    {
        final Implementation implementation = lockfreePaxos();
        final LockfreePaxosFactory factory = (LockfreePaxosFactory)implementation.embeddedNodeFactory(
            Map.of(PaxosOptions.BATCH_OPTION, "8", PaxosOptions.WINDOW_OPTION, "16")).orElseThrow();
        assertEquals(8, factory.tuning().maxBatchCommands());
        assertEquals(16, factory.tuning().windowSlots());
        final LockfreePaxosFactory defaults = (LockfreePaxosFactory)implementation.embeddedNodeFactory().orElseThrow();
        assertEquals(PaxosOptions.ADAPTIVE_BATCH, defaults.tuning().maxBatchCommands());
        assertEquals(PaxosTuning.WINDOW_SLOTS_DEFAULT, defaults.tuning().windowSlots());
    }

    @Test
    void shouldTakeAMembersBatchAndWindowFromItsSystemProperties()
    {
        // what a spawned member gets: -Dqb.option.batch=1 -Dqb.option.window=16 (ClusterRunner.memberCommand)
        final Properties properties = new Properties();
        properties.setProperty(NodeProcess.OPTION_PROPERTY_PREFIX + PaxosOptions.BATCH_OPTION, "1");
        properties.setProperty(NodeProcess.OPTION_PROPERTY_PREFIX + PaxosOptions.WINDOW_OPTION, "16");
        final PaxosTuning tuning = LockfreePaxosFactory.withOptions(NodeProcess.options(properties)).tuning();
        assertEquals(1, tuning.maxBatchCommands());
        assertEquals(16, tuning.windowSlots());
    }

    @Test
    void shouldRefuseABadBatchOrWindowBeforeLaunching()
    {
        final Implementation implementation = lockfreePaxos();
        for (final String[] bad : new String[][]{
            { PaxosOptions.BATCH_OPTION, "0" }, { PaxosOptions.BATCH_OPTION, "lots" }, { PaxosOptions.WINDOW_OPTION, "3" },
            { PaxosOptions.WINDOW_OPTION, "0" } })
        {
            final ClusterContext context = new ClusterContext().option(bad[0], bad[1]).conclude();
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> context.checkOptions(implementation), bad[0] + "=" + bad[1]);
            assertTrue(ex.getMessage().startsWith("option " + bad[0] + ":"), ex.getMessage());
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldCommitThroughItsSessionBeforeAndAfterItsLeaderIsKilled()
    {
        try (EmbeddedCluster cluster = lockfreePaxos().launch(new ClusterContext()
            .nodes(3)
            .stateMachine(StateMachineKind.COUNTING)
            .maxInFlight(1024)
            .option(HostOptions.AGENT_IDLE_OPTION, "backoff")))
        {
            assertTrue(cluster.awaitLeader(TimeUnit.SECONDS.toNanos(20)) > 0);
            try (ClientSession session = cluster.openSession(0))
            {
                final int[] ok = new int[1];
                final CompletionHandler handler = (requestId, outcome, completedNs, result, offset, length) ->
                {
                    assertEquals(CompletionHandler.OK, outcome, "request " + requestId);
                    ok[0]++;
                };
                sendAndAwait(session, handler, ok, 1, 200);
                final int killed = cluster.killLeader();
                assertTrue(killed > 0, "a leader to kill");
                sendAndAwait(session, handler, ok, 201, 200);
                assertEquals(400, ok[0]);
                assertNotEquals(killed, cluster.leaderId());
            }
        }
    }

    private static void sendAndAwait(
        final ClientSession session, final CompletionHandler handler, final int[] ok, final long firstId, final int count)
    {
        final byte[] command = new byte[16];
        final int target = ok[0] + count;
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long nextId = firstId;
        while (ok[0] < target)
        {
            assertTrue(System.nanoTime() - deadlineNs < 0, ok[0] + " of " + target + " answered within 30 s");
            while (nextId < firstId + count && session.trySend(nextId, command, 0, command.length, System.nanoTime()))
            {
                nextId++;
            }
            if (0 == session.poll(handler, 64, System.nanoTime()))
            {
                Thread.yield();
            }
        }
    }
}
