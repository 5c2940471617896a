package io.quorumbench.lockfree.raft;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.kv.CountingStateMachine;
import io.quorumbench.lockfree.host.InProcessClient;
import io.quorumbench.lockfree.host.InProcessCluster;
import io.quorumbench.lockfree.host.ResponseHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The host's duty cycle (Aeron IPC poll, ingress ring, tick, tryClaim, egress ring) allocates
 * nothing in steady state: bytes allocated by the agent thread, and by the client thread's
 * {@link InProcessClient#offer}/{@link InProcessClient#poll}, over 20k commits after a 20k warm-up.
 */
class RaftHostAllocationTest
{
    private static final int WINDOW = 128;

    private static final class Counter implements ResponseHandler
    {
        long committed;
        long rejected;

        @Override
        public void onCommitted(
            final long clientId, final long sequence, final long logIndex, final DirectBuffer result, final int offset, final int length)
        {
            committed++;
        }

        @Override
        public void onRejected(final long clientId, final long sequence, final RejectReason reason, final int leaderHint)
        {
            rejected++;
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldNotAllocateOnTheAgentThreadOrTheClientPathInSteadyState()
    {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        try (InProcessCluster cluster = InProcessCluster.launch(new InProcessCluster.Context()
            .nodeCount(3)
            .nodeFactory(new LockfreeRaftFactory(new RaftTuning().segmentLength(16 << 20).initialLogCapacity(1 << 17)))
            // Long timeouts: on a loaded 2-core machine a starved agent thread must not look like a
            // dead leader (an election is correct but makes a poor allocation measurement).
            .electionTimeoutMs(1_000, 2_000)
            .heartbeatIntervalMs(50)
            .stateMachines(nodeId -> new CountingStateMachine())))
        {
            final int leader = cluster.awaitLeader(10_000, NodeConfig.NO_NODE);
            final InProcessClient client = cluster.newClient();
            client.leaderHint(leader);
            final Counter counter = new Counter();
            final UnsafeBuffer command = new UnsafeBuffer(new byte[32]);
            final Thread agent = cluster.agentThread();
            assertNotNull(agent);

            long seq = drive(client, counter, command, 0, 20_000);
            final long agentBefore = threads.getThreadAllocatedBytes(agent.getId());
            final long clientBefore = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            final long startNs = System.nanoTime();
            seq = drive(client, counter, command, seq, 20_000);
            final long elapsedNs = System.nanoTime() - startNs;
            final long clientAllocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - clientBefore;
            final long agentAllocated = threads.getThreadAllocatedBytes(agent.getId()) - agentBefore;

            assertEquals(seq, counter.committed + counter.rejected, "every command answered");
            assertTrue(counter.committed > seq / 2, "mostly committed: " + counter.committed + " of " + seq);
            System.out.printf("lockfree raft host: agent thread %d B, client thread %d B over 20000 commands " +
                "(%d rejected by a leader change) (3 nodes, IPC, window %d, %.0f commands/s on this machine, " +
                "not a benchmark)%n", agentAllocated, clientAllocated, counter.rejected, WINDOW, 20_000 * 1e9 / elapsedNs);
            // Tolerance for JIT and MXBean noise; one object per commit would be >= 320 KB here.
            assertTrue(agentAllocated < 16 * 1024, "agent thread allocated " + agentAllocated + " B");
            assertTrue(clientAllocated < 16 * 1024, "client thread allocated " + clientAllocated + " B");
            assertTrue(cluster.errors().isEmpty(), () -> "errors: " + cluster.errors());
            client.close();
        }
    }

    private static long drive(
        final InProcessClient client, final Counter counter, final UnsafeBuffer command, final long fromSeq, final int count)
    {
        long seq = fromSeq;
        final long target = fromSeq + count;
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (counter.committed + counter.rejected < target)
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new AssertionError("timed out: " + counter.committed + " committed, " + counter.rejected +
                    " rejected of " + target);
            }
            while (seq - counter.committed - counter.rejected < WINDOW && seq < fromSeq + count)
            {
                command.putLong(0, seq + 1);
                if (!client.offer(seq + 1, command, 0, 32))
                {
                    break;
                }
                seq++;
            }
            if (client.poll(counter, 256) == 0)
            {
                Thread.onSpinWait();
            }
        }
        return seq;
    }
}
