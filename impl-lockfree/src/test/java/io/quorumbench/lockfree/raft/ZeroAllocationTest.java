package io.quorumbench.lockfree.raft;

import io.quorumbench.api.consensus.FsyncPolicy;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leader and follower hot paths (encode, decode, append, commit, apply, respond) allocate
 * nothing in steady state: a 3-node cluster on one thread, driven directly through the
 * deterministic pump, measured with {@code ThreadMXBean#getThreadAllocatedBytes} after warm-up.
 */
class ZeroAllocationTest
{
    private static final int WARMUP = 20_000;
    private static final int MEASURED = 20_000;

    @Test
    void shouldNotAllocateWhileReplicatingAndApplying()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);

        // Default index capacity: the off-heap index grows in mapped chunks, nothing on the heap.
        final RaftTuning tuning = new RaftTuning().segmentLength(8 << 20).conclude();
        try (RaftTestCluster cluster = new RaftTestCluster("alloc", 3, FsyncPolicy.NONE, tuning))
        {
            final int leader = cluster.awaitLeader(2_000);
            for (int i = 0; i < 3; i++)
            {
                cluster.responses[i].record = false;
            }
            final byte[] command = new byte[32];
            long seq = 0;
            seq = drive(cluster, leader, command, seq, WARMUP);

            final long threadId = Thread.currentThread().getId();
            final long before = threads.getThreadAllocatedBytes(threadId);
            seq = drive(cluster, leader, command, seq, MEASURED);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

            assertEquals(seq, cluster.responses[leader].committed);
            for (int i = 0; i < 3; i++)
            {
                assertEquals(seq, cluster.machines[i].applied);
            }
            final double perOp = (double)allocated / MEASURED;
            System.out.printf("lockfree raft: %d bytes allocated over %d commits (%.3f B/op)%n", allocated, MEASURED, perOp);
            // A few hundred bytes of JIT/MXBean noise are tolerated; one object per op would be >= 16 B/op.
            assertTrue(perOp < 0.5, "allocated " + allocated + " bytes over " + MEASURED + " commits");
        }
    }

    private static long drive(
        final RaftTestCluster cluster, final int leader, final byte[] command, final long fromSeq, final int count)
    {
        long seq = fromSeq;
        for (int i = 0; i < count; i++)
        {
            seq++;
            command[0] = (byte)seq;
            cluster.nodes[leader].onClientCommand(11, seq, command, 0, command.length);
            if ((i & 63) == 63)
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
