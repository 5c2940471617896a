package io.quorumbench.lockfree.paxos;

import io.quorumbench.api.consensus.ClientResponder;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.kv.CountingStateMachine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A deterministic message pump around N {@link PaxosCore}s on one thread: frames are copied into
 * a preallocated ring (no allocation per frame) and delivered in order; time is virtual; links
 * can be cut. No threads, no sleeps.
 */
final class PaxosTestCluster implements AutoCloseable
{
    static final long MS = 1_000_000L;
    static final int CLUSTER_ID = 9;
    static final int MAX_COMMAND = 1024;

    private static final int QUEUE_CAPACITY = 1 << 13;

    final int size;
    final PaxosCore[] nodes;
    final CountingStateMachine[] machines;
    final Answers[] answers;
    final boolean[] crashed;
    final Path root;
    private final FsyncPolicy fsyncPolicy;
    private final PaxosTuning tuning;
    private final boolean[][] cut;
    private final byte[][] frames;
    private final int[] frameLengths;
    private final int[] frameFrom;
    private final int[] frameTo;
    private int head;
    private int count;
    long nowNs = 1_000 * MS;

    /** Client outcomes seen by one node. */
    static final class Answers implements ClientResponder
    {
        long committed;
        long rejected;
        RejectReason lastReason;

        @Override
        public void onCommitted(
            final long clientId, final long sequence, final long logIndex, final byte[] result, final int offset, final int length)
        {
            committed++;
        }

        @Override
        public void onRejected(final long clientId, final long sequence, final RejectReason reason, final int leaderHint)
        {
            rejected++;
            lastReason = reason;
        }
    }

    PaxosTestCluster(final String name, final int size, final FsyncPolicy fsyncPolicy, final PaxosTuning tuning)
    {
        this.size = size;
        this.fsyncPolicy = fsyncPolicy;
        this.tuning = tuning;
        try
        {
            final Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
            root = Files.createTempDirectory(tmp, name);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        nodes = new PaxosCore[size];
        machines = new CountingStateMachine[size];
        answers = new Answers[size];
        crashed = new boolean[size];
        cut = new boolean[size][size];
        frames = new byte[QUEUE_CAPACITY][tuning.maxFrameLength(MAX_COMMAND)];
        frameLengths = new int[QUEUE_CAPACITY];
        frameFrom = new int[QUEUE_CAPACITY];
        frameTo = new int[QUEUE_CAPACITY];
    }

    PaxosTestCluster(final String name, final int size)
    {
        this(name, size, FsyncPolicy.NONE, new PaxosTuning().segmentLength(1 << 20).conclude());
    }

    /**
     * The data directory of a node, so a test can prepare its acceptor state before it starts.
     *
     * @param id node id.
     * @return the directory.
     */
    Path dataDir(final int id)
    {
        return root.resolve("node-" + id);
    }

    PaxosTestCluster startAll()
    {
        for (int i = 0; i < size; i++)
        {
            start(i);
        }
        return this;
    }

    /**
     * Start every node, only {@code fastNode} with the normal election timeout and the others with
     * one a hundred times longer, so a test decides who runs for leader first.
     *
     * @param fastNode the node that times out first.
     * @return this.
     */
    PaxosTestCluster startAllWithCandidate(final int fastNode)
    {
        for (int i = 0; i < size; i++)
        {
            start(i, i == fastNode ? 1 : 100);
        }
        return this;
    }

    void start(final int id)
    {
        start(id, 1);
    }

    void start(final int id, final int timeoutFactor)
    {
        final int[] members = new int[size];
        for (int i = 0; i < size; i++)
        {
            members[i] = i;
        }
        machines[id] = new CountingStateMachine();
        answers[id] = new Answers();
        final NodeConfig config = new NodeConfig(
            CLUSTER_ID, id, members,
            (to, frame, offset, length) -> enqueue(id, to, frame, offset, length),
            answers[id], machines[id], dataDir(id), fsyncPolicy,
            31L * 1_000_003L + id, 150 * MS * timeoutFactor, 300 * MS * timeoutFactor, 50 * MS, MAX_COMMAND);
        nodes[id] = new PaxosCore(config, tuning);
        crashed[id] = false;
        nodes[id].onTick(nowNs);
    }

    void crash(final int id, final boolean powerLoss)
    {
        nodes[id].crash(powerLoss);
        crashed[id] = true;
    }

    void cut(final int from, final int to, final boolean isCut)
    {
        cut[from][to] = isCut;
    }

    void isolate(final int id, final boolean isolated)
    {
        for (int i = 0; i < size; i++)
        {
            cut[id][i] = isolated;
            cut[i][id] = isolated;
        }
    }

    private void enqueue(final int from, final int to, final byte[] frame, final int offset, final int length)
    {
        if (cut[from][to])
        {
            return;
        }
        if (count == QUEUE_CAPACITY)
        {
            throw new IllegalStateException("frame queue full");
        }
        final int slot = (head + count) & (QUEUE_CAPACITY - 1);
        System.arraycopy(frame, offset, frames[slot], 0, length);
        frameLengths[slot] = length;
        frameFrom[slot] = from;
        frameTo[slot] = to;
        count++;
    }

    /** Deliver every queued frame (and what they trigger), then advance time by 1 ms and tick. */
    void step()
    {
        deliverAll();
        nowNs += MS;
        for (int i = 0; i < size; i++)
        {
            if (null != nodes[i] && !crashed[i])
            {
                nodes[i].onTick(nowNs);
            }
        }
        deliverAll();
    }

    void deliverAll()
    {
        while (count > 0)
        {
            final int slot = head;
            head = (head + 1) & (QUEUE_CAPACITY - 1);
            count--;
            final int to = frameTo[slot];
            if (null != nodes[to] && !crashed[to] && !cut[frameFrom[slot]][to])
            {
                nodes[to].onMessage(frameFrom[slot], frames[slot], 0, frameLengths[slot]);
            }
        }
    }

    /**
     * Frames waiting for delivery.
     *
     * @return the count.
     */
    int queued()
    {
        return count;
    }

    /**
     * A waiting frame, for inspection.
     *
     * @param i 0 .. {@link #queued()} - 1, oldest first.
     * @return a buffer over a copy of the frame.
     */
    org.agrona.concurrent.UnsafeBuffer queuedFrame(final int i)
    {
        final int slot = (head + i) & (QUEUE_CAPACITY - 1);
        return new org.agrona.concurrent.UnsafeBuffer(java.util.Arrays.copyOf(frames[slot], frameLengths[slot]));
    }

    /**
     * Destination of a waiting frame.
     *
     * @param i 0 .. {@link #queued()} - 1, oldest first.
     * @return the node id.
     */
    int queuedTo(final int i)
    {
        return frameTo[(head + i) & (QUEUE_CAPACITY - 1)];
    }

    /** Drop every queued frame. */
    void dropAll()
    {
        head = 0;
        count = 0;
    }

    int awaitLeader(final int maxSteps)
    {
        for (int s = 0; s < maxSteps; s++)
        {
            for (int i = 0; i < size; i++)
            {
                if (null != nodes[i] && !crashed[i] && Role.LEADER == nodes[i].role())
                {
                    return i;
                }
            }
            step();
        }
        throw new AssertionError("no leader within " + maxSteps + " steps");
    }

    void steps(final int n)
    {
        for (int i = 0; i < n; i++)
        {
            step();
        }
    }

    @Override
    public void close()
    {
        for (int i = 0; i < size; i++)
        {
            if (null != nodes[i] && !crashed[i])
            {
                nodes[i].close();
            }
        }
    }
}
