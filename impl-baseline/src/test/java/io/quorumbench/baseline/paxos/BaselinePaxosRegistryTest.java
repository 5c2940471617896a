package io.quorumbench.baseline.paxos;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.api.kv.CountingStateMachine;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.baseline.raft.BaselineRaft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code paxos/baseline} is found by the registry and runs in the generic baseline host. */
class BaselinePaxosRegistryTest
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(20);

    @TempDir
    Path dir;

    private static Implementation baselinePaxos()
    {
        return Registry.discover().get(Protocol.PAXOS, "baseline");
    }

    @Test
    void shouldRegisterPaxosBaselineWithItsCoreProcessAndOwnPorts() throws Exception
    {
        final Implementation implementation = baselinePaxos();
        assertInstanceOf(BaselinePaxos.class, implementation);
        assertEquals("paxos/baseline", implementation.id());
        assertEquals(ImplementationKind.BASELINE, implementation.kind());
        assertInstanceOf(BaselinePaxosFactory.class, implementation.nodeFactory().orElseThrow());
        assertEquals(PaxosNodeMain.class, Class.forName(implementation.nodeProcess().mainClass()));
        // Generated cluster files of raft/baseline and paxos/baseline must not hand out the same ports.
        assertTrue(BaselinePaxos.FIRST_PORT > BaselineRaft.LAST_PORT || BaselinePaxos.LAST_PORT < BaselineRaft.FIRST_PORT);
    }

    @Test
    @Timeout(120)
    void shouldCommitEachCommandOnceAcrossALeaderKill()
    {
        final ClusterContext context = new ClusterContext().nodes(3).stateMachine(StateMachineKind.COUNTING).clientThreads(4)
            .operationTimeoutNs(TimeUnit.SECONDS.toNanos(10)).dataDir(dir);
        try (EmbeddedCluster cluster = baselinePaxos().launch(context))
        {
            assertEquals("paxos", cluster.context().get("protocol"));
            assertTrue(cluster.awaitLeader(TIMEOUT_NS) >= 0);
            final Set<Long> counts = new TreeSet<>();
            try (ClientSession session = cluster.openSession(0))
            {
                send(session, 1, 50, counts);
                final int killed = cluster.killLeader();
                assertTrue(killed >= 0, "there was a leader to kill");
                assertNotEquals(killed, cluster.awaitLeader(TIMEOUT_NS));
                send(session, 51, 50, counts);
            }
            // The counting state machine answers each command with how many were applied: 1..100, each once.
            final Set<Long> expected = new TreeSet<>();
            for (long i = 1; i <= 100; i++)
            {
                expected.add(i);
            }
            assertEquals(expected, counts);
        }
    }

    private static void send(final ClientSession session, final long firstId, final int count, final Set<Long> counts)
    {
        final byte[] command = new byte[16];
        for (long id = firstId; id < firstId + count; id++)
        {
            assertTrue(session.trySend(id, command, 0, command.length), "request " + id + " accepted");
        }
        final int expected = counts.size() + count;
        final CompletionHandler handler = (requestId, outcome, completedNs, result, offset, length) ->
        {
            assertEquals(CompletionHandler.OK, outcome, "request " + requestId);
            counts.add(CountingStateMachine.decode(result, offset));
        };
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        while (counts.size() < expected)
        {
            if (session.poll(handler, 100) == 0)
            {
                assertTrue(System.nanoTime() - deadlineNs < 0, "answers within 20 s");
                Thread.yield();
            }
        }
    }
}
