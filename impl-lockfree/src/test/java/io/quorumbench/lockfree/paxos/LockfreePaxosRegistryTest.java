package io.quorumbench.lockfree.paxos;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.lockfree.host.HostOptions;
import io.quorumbench.lockfree.raft.LockfreeRaft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
        assertEquals(HostOptions.DESCRIPTIONS.keySet(), implementation.options().keySet());
        assertTrue(LockfreePaxos.FIRST_PORT > LockfreeRaft.LAST_PORT || LockfreePaxos.LAST_PORT < LockfreeRaft.FIRST_PORT);
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
