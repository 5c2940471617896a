package io.quorumbench.lockfree.raft;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.api.fault.FaultAction;
import io.quorumbench.api.kv.CountingStateMachine;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.lockfree.host.HostOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code raft/lockfree} found through the registry: an embedded 3-node cluster commits through its
 * own session, which follows the leader across a kill-leader fault with no help from its caller,
 * and bad options are refused with a message that names them.
 */
class LockfreeRaftRegistryTest
{
    private static final long ANSWER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);

    /** Collects outcomes on the session's thread. */
    private static final class Outcomes implements CompletionHandler
    {
        final Set<Long> counts = new HashSet<>();
        int ok;
        int failed;
        int unknown;

        @Override
        public void onComplete(
            final long requestId, final int outcome, final long completedNs, final byte[] result, final int offset, final int length)
        {
            if (OK == outcome)
            {
                ok++;
                assertEquals(CountingStateMachine.RESULT_LENGTH, length);
                assertTrue(counts.add(CountingStateMachine.decode(result, offset)), "each command applied once");
            }
            else if (FAILED == outcome)
            {
                failed++;
            }
            else
            {
                unknown++;
            }
        }

        int done()
        {
            return ok + failed + unknown;
        }
    }

    private static Implementation lockfreeRaft()
    {
        return Registry.discover().get("raft", "lockfree");
    }

    /** Send {@code count} commands with ids from {@code firstId}, a window of 32, and wait for every answer. */
    private static long commit(final ClientSession session, final Outcomes outcomes, final long firstId, final int count)
    {
        final byte[] command = new byte[16];
        final int target = outcomes.done() + count;
        long nextId = firstId;
        final long deadlineNs = System.nanoTime() + ANSWER_TIMEOUT_NS;
        while (outcomes.done() < target)
        {
            assertTrue(System.nanoTime() - deadlineNs < 0, "answers within 30 s: " + outcomes.ok + " ok, " +
                outcomes.failed + " failed, " + outcomes.unknown + " unknown of " + target);
            final long nowNs = System.nanoTime();
            while (nextId < firstId + count && nextId - firstId - (outcomes.done() - (target - count)) < 32 &&
                session.trySend(nextId, command, 0, command.length, nowNs))
            {
                nextId++;
            }
            if (0 == session.poll(outcomes, 64, System.nanoTime()))
            {
                Thread.yield();
            }
        }
        return nextId;
    }

    @Test
    void shouldBeRegisteredAsTheTunedRaft()
    {
        final Implementation implementation = lockfreeRaft();
        assertInstanceOf(LockfreeRaft.class, implementation);
        assertEquals(ImplementationKind.TUNED, implementation.kind());
        assertEquals("raft/lockfree", implementation.id());
        assertEquals(RaftNodeMain.class.getName(), implementation.nodeProcess().mainClass());
        assertTrue(implementation.nodeFactory().isPresent());
        assertEquals(HostOptions.DESCRIPTIONS.keySet(), implementation.options().keySet());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldCommitThroughItsSessionAndFollowTheLeaderAcrossAKill()
    {
        try (EmbeddedCluster cluster = lockfreeRaft().launch(new ClusterContext()
            .nodes(3)
            .stateMachine(StateMachineKind.COUNTING)
            .maxInFlight(1024)
            .option(HostOptions.AGENT_IDLE_OPTION, "backoff")))
        {
            assertEquals(3, cluster.members().length);
            assertTrue(cluster.supportedFaults().contains(FaultAction.KILL_LEADER));
            // The fail-over target's bound (LoadTargets: load.failover.unavailability) reads it.
            assertEquals(300_000_000L, cluster.context().get("electionTimeoutMaxNs"));
            assertTrue(cluster.awaitLeader(TimeUnit.SECONDS.toNanos(20)) > 0);
            final Outcomes outcomes = new Outcomes();
            try (ClientSession session = cluster.openSession(0))
            {
                long nextId = commit(session, outcomes, 1, 200);
                assertEquals(200, outcomes.ok, "all committed before the fault");

                // the leader now, which on a loaded machine need not be the first one
                final int killed = cluster.killLeader();
                assertTrue(killed > 0, "a leader to kill");
                // the session is not told: it must find the new leader itself and resend to it
                nextId = commit(session, outcomes, nextId, 200);
                assertEquals(400, outcomes.ok, "all committed across the fail-over: " + outcomes.failed + " failed, " +
                    outcomes.unknown + " unknown");
                assertEquals(401, nextId);
                final int newLeader = cluster.leaderId();
                assertTrue(newLeader > 0, "a leader after the kill");
                assertNotEquals(killed, newLeader);
            }
        }
    }

    @Test
    void shouldRefuseAnUnknownOptionNamingTheKnownOnes()
    {
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> lockfreeRaft().launch(new ClusterContext().option("termLenght", "64k")));
        assertEquals("option 'termLenght' is not one of raft/lockfree's: [clusterOnSender, agentIdle, maxValueLength]", refused.getMessage());
    }

    @Test
    void shouldRefuseABadOptionValueAndClusterOnSenderWithSeveralSessions()
    {
        assertEquals("option agentIdle: expected backoff or yield, got 'spin'", assertThrows(IllegalArgumentException.class,
            () -> lockfreeRaft().launch(new ClusterContext().option(HostOptions.AGENT_IDLE_OPTION, "spin"))).getMessage());
        assertEquals("option clusterOnSender=true needs sessions 1 (one thread invokes the cluster), got 2",
            assertThrows(IllegalArgumentException.class, () -> lockfreeRaft().launch(new ClusterContext()
                .sessions(2).option(HostOptions.CLUSTER_ON_SENDER_OPTION, "true"))).getMessage());
    }
}
