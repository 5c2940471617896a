package io.quorumbench.lockfree.raft;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.lockfree.host.InProcessClient;
import io.quorumbench.lockfree.host.InProcessCluster;
import io.quorumbench.lockfree.host.ResponseHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 3-node clusters over Aeron IPC and UDP: election, 10k commits, leader kill, fail-over, power
 * loss with BATCH fsync, partition, two agent threads, clean shutdown. Election timeouts are
 * 500-1000 ms so that a 2-core machine shared with other builds starving the agent thread rarely
 * causes a spurious election; when one happens the client retries like a real client would.
 */
class InProcessRaftClusterTest
{
    private static final int WINDOW = 256;

    /** Counts applications per node in a thread-safe array the test can read. */
    private static StateMachine counting(final AtomicLongArray applied, final int nodeId)
    {
        applied.set(nodeId, 0);
        return new StateMachine()
        {
            @Override
            public int apply(final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
            {
                applied.incrementAndGet(nodeId);
                return 0;
            }

            @Override
            public int maxResultLength()
            {
                return 0;
            }
        };
    }

    /** Drives one client with a window of outstanding commands, retrying NOT_LEADER at the hint. */
    private static final class Driver implements ResponseHandler
    {
        final InProcessClient client;
        final UnsafeBuffer command = new UnsafeBuffer(new byte[16]);
        final BitSet done = new BitSet();
        long unknown;
        long nextSeq = 1;
        long outstanding;
        final long[] retry = new long[1 << 16];
        final java.util.Map<Long, Integer> attempts = new java.util.HashMap<>();
        int retries;
        Runnable eachTurn = () -> {};

        Driver(final InProcessClient client)
        {
            this.client = client;
        }

        void run(final long upToSeq, final long timeoutMs)
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            long lastProgressNs = System.nanoTime();
            while (done.cardinality() + unknown < upToSeq)
            {
                assertTrue(System.nanoTime() < deadlineNs, "timed out with " + done.cardinality() + " committed");
                while (retries > 0)
                {
                    final long seq = retry[retries - 1];
                    command.putLong(0, seq);
                    if (!client.offer(seq, command, 0, 16))
                    {
                        break;
                    }
                    retries--;
                    outstanding++;
                }
                while (outstanding < WINDOW && nextSeq <= upToSeq)
                {
                    command.putLong(0, nextSeq);
                    if (!client.offer(nextSeq, command, 0, 16))
                    {
                        break;
                    }
                    nextSeq++;
                    outstanding++;
                }
                eachTurn.run();
                if (client.poll(this, 1024) > 0)
                {
                    lastProgressNs = System.nanoTime();
                }
                else if (System.nanoTime() - lastProgressNs > TimeUnit.MILLISECONDS.toNanos(1_000))
                {
                    // The node we talk to may be dead: forget the hint; the caller resubmits.
                    return;
                }
                else
                {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public void onCommitted(
            final long clientId, final long sequence, final long logIndex, final DirectBuffer result, final int offset, final int length)
        {
            outstanding--;
            done.set((int)sequence);
        }

        @Override
        public void onRejected(final long clientId, final long sequence, final RejectReason reason, final int leaderHint)
        {
            outstanding--;
            // NOT_LEADER / BACKPRESSURE: not applied, resend. LEADERSHIP_LOST: unknown; resending
            // is safe (sessions dedup) and usually settles it, a few times at most.
            final boolean retryable = RejectReason.NOT_LEADER == reason || RejectReason.BACKPRESSURE == reason ||
                (RejectReason.LEADERSHIP_LOST == reason && attempts.merge(sequence, 1, Integer::sum) <= 3);
            if (retryable)
            {
                retry[retries++] = sequence;
            }
            else
            {
                unknown++;
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRunTheDutyCycleOnTheInvokingClientThreadAndFallBackToTheAgentThread()
    {
        final AtomicLongArray applied = new AtomicLongArray(4);
        final Thread testThread = Thread.currentThread();
        final java.util.concurrent.atomic.AtomicLong appliedOnClientThread = new java.util.concurrent.atomic.AtomicLong();
        try (InProcessCluster cluster = InProcessCluster.launch(new InProcessCluster.Context()
            .nodeFactory(LockfreeRaftFactory.embedded())
            .nodeCount(3)
            .electionTimeoutMs(500, 1_000)
            .heartbeatIntervalMs(50)
            .clientInvoked(true)
            .stateMachines(nodeId ->
            {
                final StateMachine counting = counting(applied, nodeId);
                return new StateMachine()
                {
                    @Override
                    public int apply(final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
                    {
                        if (Thread.currentThread() == testThread)
                        {
                            appliedOnClientThread.incrementAndGet();
                        }
                        return counting.apply(logIndex, command, offset, length, result);
                    }

                    @Override
                    public int maxResultLength()
                    {
                        return 0;
                    }
                };
            })))
        {
            assertTrue(cluster.isClientInvoked());
            final int leader = cluster.awaitLeader(10_000, NodeConfig.NO_NODE);
            final InProcessClient client = cluster.newClient();
            final Driver driver = new Driver(client);
            driver.eachTurn = cluster::invoke;
            driver.run(3_000, 20_000);
            assertEquals(3_000, driver.done.cardinality() + driver.unknown, "leader " + leader);
            assertTrue(appliedOnClientThread.get() > 3_000,
                "most of 9,000 applications ran on the invoking thread: " + appliedOnClientThread.get());

            // a client that stops invoking leaves the cycle to the agent thread, which takes over
            final long before = appliedOnClientThread.get();
            driver.eachTurn = () -> {};
            driver.run(6_000, 20_000);
            assertEquals(6_000, driver.done.cardinality() + driver.unknown);
            assertTrue(appliedOnClientThread.get() == before, "nothing ran on the client thread once it stopped invoking");

            // a fail-over while the client invokes: the new leader is elected on the client thread's cycles
            driver.eachTurn = cluster::invoke;
            cluster.kill(leader, false);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int newLeader = NodeConfig.NO_NODE;
            while (NodeConfig.NO_NODE == newLeader || leader == newLeader)
            {
                assertTrue(System.nanoTime() < deadlineNs, "no new leader");
                cluster.invoke();
                newLeader = cluster.leaderId();
            }
            client.leaderHint(newLeader);
            for (int seq = 1; seq <= 6_000; seq++)
            {
                if (!driver.done.get(seq) && driver.nextSeq > seq)
                {
                    driver.retry[driver.retries++] = seq;
                }
            }
            driver.outstanding = 0;
            driver.run(9_000, 20_000);
            assertEquals(9_000, driver.done.cardinality() + driver.unknown);
            assertTrue(cluster.errors().isEmpty(), () -> "errors: " + cluster.errors());
            client.close();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldCommitWithAgentsSpreadOverTwoThreads()
    {
        final AtomicLongArray applied = new AtomicLongArray(4);
        try (InProcessCluster cluster = InProcessCluster.launch(new InProcessCluster.Context()
            .nodeFactory(LockfreeRaftFactory.embedded())
            .nodeCount(3)
            .electionTimeoutMs(500, 1_000)
            .heartbeatIntervalMs(50)
            .agentThreads(2)
            .stateMachines(nodeId -> counting(applied, nodeId))))
        {
            final int leader = cluster.awaitLeader(10_000, NodeConfig.NO_NODE);
            final InProcessClient client = cluster.newClient();
            final Driver driver = new Driver(client);
            driver.run(3_000, 20_000);
            assertEquals(3_000, driver.done.cardinality() + driver.unknown, "leader " + leader);
            assertTrue(cluster.errors().isEmpty(), () -> "errors: " + cluster.errors());
            client.close();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldKeepEveryAcknowledgedCommandThroughPowerLossWithBatchFsync()
    {
        // Group commit: one msync per duty cycle before acks. A power loss of the leader must not
        // lose any command a client saw committed (section 5.1 persistence + BATCH policy).
        final AtomicLongArray applied = new AtomicLongArray(4);
        try (InProcessCluster cluster = InProcessCluster.launch(new InProcessCluster.Context()
            .nodeFactory(LockfreeRaftFactory.embedded())
            .nodeCount(3)
            .electionTimeoutMs(500, 1_000)
            .heartbeatIntervalMs(50)
            .fsyncPolicy(io.quorumbench.api.consensus.FsyncPolicy.BATCH)
            .stateMachines(nodeId -> counting(applied, nodeId))))
        {
            final int leader = cluster.awaitLeader(10_000, NodeConfig.NO_NODE);
            final InProcessClient client = cluster.newClient();
            client.leaderHint(leader);
            final Driver driver = new Driver(client);
            driver.run(3_000, 20_000);
            assertEquals(3_000, driver.done.cardinality() + driver.unknown);
            final long acknowledged = driver.done.cardinality();

            cluster.kill(leader, true);
            final int newLeader = cluster.awaitLeader(10_000, leader);
            cluster.restart(leader);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // The new leader commits the old term's tail only with its own first entry (section 5.4.2),
            // and the restarted node replays and catches up: wait for both, then check what they hold.
            while ((applied.get(newLeader) < acknowledged || applied.get(leader) != applied.get(newLeader)) &&
                System.nanoTime() < deadlineNs)
            {
                Thread.onSpinWait();
            }
            assertTrue(applied.get(newLeader) >= acknowledged, "the new leader applied every acknowledged command");
            assertTrue(applied.get(newLeader) <= 3_000, "and none twice");
            assertEquals(applied.get(newLeader), applied.get(leader), "the power-failed node recovered and caught up");
            assertTrue(cluster.errors().isEmpty(), () -> "errors: " + cluster.errors());
            client.close();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldCommitOverUdpAndRecoverFromAPartitionedLeader()
    {
        final AtomicLongArray applied = new AtomicLongArray(4);
        try (InProcessCluster cluster = InProcessCluster.launch(new InProcessCluster.Context()
            .nodeFactory(LockfreeRaftFactory.embedded())
            .nodeCount(3)
            .electionTimeoutMs(500, 1_000)
            .heartbeatIntervalMs(50)
            .udpBasePort(freeUdpBasePort(3))
            .stateMachines(nodeId -> counting(applied, nodeId))))
        {
            final int leader = cluster.awaitLeader(10_000, NodeConfig.NO_NODE);
            final InProcessClient client = cluster.newClient();
            client.leaderHint(leader);
            final Driver driver = new Driver(client);
            driver.run(2_000, 15_000);
            assertEquals(2_000, driver.done.cardinality() + driver.unknown);

            // Partition the leader away: the majority elects another, the old one steps down (check-quorum).
            cluster.isolate(leader, true);
            final int newLeader = cluster.awaitLeader(10_000, leader);
            final long stepDownDeadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (cluster.agent(leader).role() == io.quorumbench.api.consensus.Role.LEADER &&
                System.nanoTime() < stepDownDeadlineNs)
            {
                Thread.onSpinWait();
            }
            assertNotEquals(io.quorumbench.api.consensus.Role.LEADER, cluster.agent(leader).role());
            client.leaderHint(newLeader);
            driver.run(3_000, 15_000);
            assertTrue(driver.done.cardinality() > 2_000);

            cluster.isolate(leader, false);
            final long healDeadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (applied.get(leader) != applied.get(newLeader) && System.nanoTime() < healDeadlineNs)
            {
                Thread.onSpinWait();
            }
            assertEquals(applied.get(newLeader), applied.get(leader), "healed node catches up");
            assertTrue(cluster.errors().isEmpty(), () -> "errors: " + cluster.errors());
            client.close();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldCommitThroughFailoverOverIpcAndCleanUp()
    {
        final AtomicLongArray applied = new AtomicLongArray(4);
        final Path baseDir;
        final Path aeronDir;
        try (InProcessCluster cluster = InProcessCluster.launch(new InProcessCluster.Context()
            .nodeFactory(LockfreeRaftFactory.embedded())
            .nodeCount(3)
            .electionTimeoutMs(500, 1_000)
            .heartbeatIntervalMs(50)
            .stateMachines(nodeId -> counting(applied, nodeId))))
        {
            baseDir = cluster.baseDir();
            aeronDir = cluster.aeronDir();
            final int leader = cluster.awaitLeader(10_000, NodeConfig.NO_NODE);
            final InProcessClient client = cluster.newClient();
            client.leaderHint(leader);
            final Driver driver = new Driver(client);
            driver.run(10_000, 15_000);
            assertEquals(10_000, driver.done.cardinality() + driver.unknown, "all 10k commands answered");
            assertTrue(driver.done.cardinality() >= 10_000 - WINDOW, "at most a window in doubt: " + driver.unknown);

            cluster.kill(leader, false);
            final int newLeader = cluster.awaitLeader(10_000, leader);
            assertNotEquals(leader, newLeader);
            client.leaderHint(newLeader);
            driver.run(11_000, 15_000);
            assertTrue(driver.done.cardinality() + driver.unknown >= 11_000);
            assertTrue(driver.done.cardinality() > 10_000, "commits continue under the new leader");

            // Every live node applies the same commands; commands are applied at most once.
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            final int follower = 6 - leader - newLeader;
            while (applied.get(follower) != applied.get(newLeader) && System.nanoTime() < deadlineNs)
            {
                Thread.onSpinWait();
            }
            assertEquals(applied.get(newLeader), applied.get(follower));
            assertTrue(applied.get(newLeader) >= driver.done.cardinality());
            assertTrue(applied.get(newLeader) <= 11_000, "no command applied twice");

            cluster.restart(leader);
            final long restartDeadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (applied.get(leader) != applied.get(newLeader) && System.nanoTime() < restartDeadlineNs)
            {
                Thread.onSpinWait();
            }
            assertEquals(applied.get(newLeader), applied.get(leader), "restarted node catches up from its log");
            assertTrue(cluster.errors().isEmpty(), () -> "errors: " + cluster.errors());
            client.close();
        }
        assertFalse(Files.exists(aeronDir), "aeron dir deleted");
        assertFalse(Files.exists(baseDir), "data deleted");
    }

    /**
     * A base port in this test's range (20400-20999) with {@code nodes} free UDP ports above it, so a
     * concurrent build or a leftover process on a fixed port cannot fail the test.
     */
    private static int freeUdpBasePort(final int nodes)
    {
        for (int base = 20_400; base + nodes < 21_000; base += 10)
        {
            boolean free = true;
            for (int id = 1; id <= nodes && free; id++)
            {
                try (java.net.DatagramSocket socket = new java.net.DatagramSocket(
                    new java.net.InetSocketAddress("127.0.0.1", base + id)))
                {
                    free = socket.isBound();
                }
                catch (final java.net.SocketException ex)
                {
                    free = false;
                }
            }
            if (free)
            {
                return base;
            }
        }
        throw new IllegalStateException("no free UDP ports in 20400-20999 on 127.0.0.1");
    }
}
