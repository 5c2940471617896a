package io.quorumbench.lockfree.paxos;

import io.quorumbench.api.consensus.FsyncPolicy;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leader and acceptor hot paths (batch, encode, decode, accept, commit, apply, respond)
 * allocate nothing in steady state: a 3-node cluster on one thread, driven through the
 * deterministic pump, measured with {@code ThreadMXBean#getThreadAllocatedBytes} after warm-up,
 * once with batches of 64 commands and once with one command per slot.
 */
class PaxosZeroAllocationTest
{
    private static final int WARMUP = 20_000;
    private static final int MEASURED = 20_000;

    @Test
    void shouldNotAllocateWhileBatching()
    {
        measure(64, FsyncPolicy.NONE);
    }

    @Test
    void shouldNotAllocateWithOneCommandPerSlot()
    {
        measure(1, FsyncPolicy.NONE);
    }

    @Test
    void shouldNotAllocateWithGroupCommit()
    {
        measure(16, FsyncPolicy.BATCH);
    }

    private static void measure(final int commandsPerTick, final FsyncPolicy fsyncPolicy)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);

        final PaxosTuning tuning = new PaxosTuning().segmentLength(64 << 20).conclude();
        try (PaxosTestCluster cluster = new PaxosTestCluster("alloc", 3, fsyncPolicy, tuning).startAll())
        {
            final int leader = cluster.awaitLeader(2_000);
            final byte[] command = new byte[32];
            long seq = drive(cluster, leader, command, 0, WARMUP, commandsPerTick);

            final long threadId = Thread.currentThread().getId();
            final long before = threads.getThreadAllocatedBytes(threadId);
            seq = drive(cluster, leader, command, seq, MEASURED, commandsPerTick);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

            assertEquals(seq, cluster.answers[leader].committed);
            assertEquals(seq, cluster.machines[leader].count());
            final double perOp = (double)allocated / MEASURED;
            System.out.printf("lockfree paxos, %d commands per tick, fsync %s: %d bytes over %d commits (%.3f B/op)%n",
                commandsPerTick, fsyncPolicy, allocated, MEASURED, perOp);
            // A few hundred bytes of JIT/MXBean noise are tolerated; one object per op would be >= 16 B/op.
            assertTrue(perOp < 0.5, "allocated " + allocated + " bytes over " + MEASURED + " commits");
        }
    }

    private static long drive(
        final PaxosTestCluster cluster, final int leader, final byte[] command, final long fromSeq, final int count,
        final int commandsPerTick)
    {
        long seq = fromSeq;
        for (int i = 0; i < count; i++)
        {
            seq++;
            command[0] = (byte)seq;
            cluster.nodes[leader].onClientCommand(11, seq, command, 0, command.length);
            if (i % commandsPerTick == commandsPerTick - 1)
            {
                cluster.step();
            }
        }
        for (int i = 0; i < 20; i++)
        {
            cluster.step();
        }
        return seq;
    }
}
