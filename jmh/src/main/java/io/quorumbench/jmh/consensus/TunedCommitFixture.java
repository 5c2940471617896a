package io.quorumbench.jmh.consensus;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.kv.CountingStateMachine;
import io.quorumbench.lockfree.host.DirectNodeFactory;
import io.quorumbench.lockfree.host.InProcessClient;
import io.quorumbench.lockfree.host.InProcessCluster;
import io.quorumbench.lockfree.host.ResponseHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The tuned topology: {@link InProcessCluster} of a tuned implementation's core (its
 * {@link io.quorumbench.api.registry.Implementation#embeddedNodeFactory()}) with three nodes over Aeron IPC, every node's
 * agent on ONE thread ({@code CompositeAgent}) next to an embedded media driver (shared threading
 * mode), running {@link CountingStateMachine}; commands go through the ring-buffer
 * {@link InProcessClient} straight from the benchmark thread, which busy-polls for answers.
 *
 * <p>The agent thread uses a {@link YieldingIdleStrategy} (yield when idle) rather than the
 * cluster's default back-off, whose park of up to 100 µs would be measured as commit latency; a
 * deployment that wants low latency idles the same way. The benchmark thread waits the same way
 * ({@link Thread#yield()} between polls): on a quiet machine with a core each a yield returns at
 * once, and on a 2-core machine shared with the media driver neither thread burns the time slice
 * the other needs to make progress.
 *
 * <p>Nothing here allocates per command: the command buffer, the answer handler and the client's
 * poll are preallocated, so {@code gc.alloc.rate.norm} measures the cluster.
 * {@link #close()} fails if the cluster reported an error or left its Aeron directory behind.
 */
final class TunedCommitFixture implements CommitFixture, ResponseHandler
{
    private static final int TIMEOUT_CHECK_MASK = 0xFF;

    private final Path dir;
    private final InProcessCluster cluster;
    private final InProcessClient client;
    private final UnsafeBuffer command = new UnsafeBuffer(ConsensusBenchSettings.command());
    private long nextSequence = 1;
    private long oldestSequence = 1;
    private long lastCount;
    private long answeredSequence;
    private long answeredCount;
    private int answeredLength;
    private RejectReason rejectReason;
    private int rejectHint;
    private boolean answered;

    TunedCommitFixture(final String pairId, final DirectNodeFactory factory, final FsyncPolicy fsyncPolicy, final Path root)
    {
        dir = ConsensusBenchSettings.newDataDir(root, "qb-jmh-" + pairId.replace('/', '-') + "-");
        InProcessCluster launched = null;
        try
        {
            launched = InProcessCluster.launch(new InProcessCluster.Context()
                .nodeFactory(factory)
                .nodeCount(ConsensusBenchSettings.NODES)
                .baseDir(dir.resolve("cluster"))
                .fsyncPolicy(fsyncPolicy)
                .stateMachines(id -> new CountingStateMachine())
                .electionTimeoutMs(ConsensusBenchSettings.ELECTION_TIMEOUT_MIN_MS, ConsensusBenchSettings.ELECTION_TIMEOUT_MAX_MS)
                .heartbeatIntervalMs(ConsensusBenchSettings.HEARTBEAT_INTERVAL_MS)
                .maxCommandLength(ConsensusBenchSettings.MAX_COMMAND_BYTES)
                .idleStrategy(new YieldingIdleStrategy())
                .deleteDataOnClose(true));
            final int leader = launched.awaitLeader(ConsensusBenchSettings.LEADER_TIMEOUT_MS, NodeConfig.NO_NODE);
            client = launched.newClient();
            client.leaderHint(leader);
        }
        catch (final RuntimeException ex)
        {
            if (null != launched)
            {
                launched.close();
            }
            ConsensusBenchSettings.deleteTree(dir);
            throw ex;
        }
        cluster = launched;
    }

    @Override
    public long commitOne()
    {
        submit();
        return awaitOldest();
    }

    @Override
    public void submit()
    {
        final long sequence = nextSequence;
        long deadlineNs = 0;
        int spins = 0;
        while (!client.offer(sequence, command, 0, command.capacity()))
        {
            // Ingress full: the leader is behind; wait for it, but not forever.
            if ((++spins & TIMEOUT_CHECK_MASK) == 0)
            {
                final long nowNs = System.nanoTime();
                if (0 == deadlineNs)
                {
                    deadlineNs = nowNs + TimeUnit.MILLISECONDS.toNanos(ConsensusBenchSettings.COMMIT_TIMEOUT_MS);
                }
                else if (nowNs - deadlineNs > 0)
                {
                    throw new IllegalStateException("leader ingress stayed full for " + ConsensusBenchSettings.COMMIT_TIMEOUT_MS + " ms");
                }
            }
            Thread.yield();
        }
        nextSequence++;
    }

    @Override
    public long awaitOldest()
    {
        if (nextSequence == oldestSequence)
        {
            throw new IllegalStateException("nothing in flight");
        }
        answered = false;
        long deadlineNs = 0;
        int spins = 0;
        while (0 == client.poll(this, 1))
        {
            if ((++spins & TIMEOUT_CHECK_MASK) == 0)
            {
                final long nowNs = System.nanoTime();
                if (0 == deadlineNs)
                {
                    deadlineNs = nowNs + TimeUnit.MILLISECONDS.toNanos(ConsensusBenchSettings.COMMIT_TIMEOUT_MS);
                }
                else if (nowNs - deadlineNs > 0)
                {
                    throw new IllegalStateException("no answer to sequence " + oldestSequence + " within " +
                        ConsensusBenchSettings.COMMIT_TIMEOUT_MS + " ms (cluster errors: " + cluster.errors() + ")");
                }
            }
            Thread.yield();
        }
        final long expected = oldestSequence++;
        if (null != rejectReason)
        {
            throw new IllegalStateException("sequence " + answeredSequence + " rejected: " + rejectReason +
                " (leader hint " + rejectHint + "): the leader changed or pushed back during the benchmark");
        }
        if (!answered || answeredSequence != expected || answeredLength != CountingStateMachine.RESULT_LENGTH)
        {
            throw new IllegalStateException("expected the answer to sequence " + expected + ", got sequence " +
                answeredSequence + " with " + answeredLength + " result bytes");
        }
        if (answeredCount != lastCount + 1)
        {
            throw new IllegalStateException("expected count " + (lastCount + 1) + ", the state machine answered " + answeredCount);
        }
        lastCount = answeredCount;
        return answeredCount;
    }

    @Override
    public int inFlight()
    {
        return (int)(nextSequence - oldestSequence);
    }

    @Override
    public void onCommitted(
        final long clientId, final long sequence, final long logIndex, final DirectBuffer result, final int offset,
        final int length)
    {
        answered = true;
        answeredSequence = sequence;
        answeredLength = length;
        answeredCount = length >= Long.BYTES ? result.getLong(offset, ByteOrder.LITTLE_ENDIAN) : -1;
    }

    @Override
    public void onRejected(final long clientId, final long sequence, final RejectReason reason, final int leaderHint)
    {
        answeredSequence = sequence;
        rejectReason = reason;
        rejectHint = leaderHint;
    }

    @Override
    public void close()
    {
        client.close();
        cluster.close();
        final boolean aeronDirLeft = Files.exists(cluster.aeronDir());
        ConsensusBenchSettings.deleteTree(dir);
        if (!cluster.errors().isEmpty())
        {
            throw new IllegalStateException("the cluster reported errors: " + cluster.errors());
        }
        if (aeronDirLeft)
        {
            throw new IllegalStateException("the cluster left its Aeron directory " + cluster.aeronDir());
        }
    }
}
