package io.quorumbench.lockfree.raft;

import io.quorumbench.api.consensus.ClientResponder;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.consensus.Role;
import org.agrona.IoUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny deterministic message pump around N {@link RaftCore}s on one thread: frames are copied
 * into a preallocated ring (no allocation per frame), delivered in order, and time is virtual.
 * Links can be cut to model partitions. No threads, no sleeps.
 */
final class RaftTestCluster implements AutoCloseable
{
    static final long MS = 1_000_000L;
    static final int CLUSTER_ID = 7;

    private static final int QUEUE_CAPACITY = 1 << 14;

    final int size;
    final RaftCore[] nodes;
    final CountingStateMachine[] machines;
    final Responses[] responses;
    final boolean[] crashed;
    private final Path root;
    private final FsyncPolicy fsyncPolicy;
    private final RaftTuning tuning;
    private final boolean[][] cut;
    private final byte[][] frames;
    private final int[] frameLengths;
    private final int[] frameFrom;
    private final int[] frameTo;
    private int head;
    private int count;
    long nowNs = 1_000 * MS;
    long dropped;
    long corrupted;
    private long rejectedByEarlierIncarnations;

    /** Fault injection on delivery; all zero (the default) delivers everything in order. */
    java.util.SplittableRandom faultRandom;
    double dropProbability;
    double duplicateProbability;
    double reorderProbability;
    double corruptProbability;
    private final byte[] corruptScratch = new byte[64 * 1024];

    /** Client outcomes seen by one node. */
    static final class Responses implements ClientResponder
    {
        long committed;
        long lastSequence = -1;
        long lastResult;
        final List<String> events = new ArrayList<>();
        boolean record = true;

        @Override
        public void onCommitted(
            final long clientId, final long sequence, final long logIndex, final byte[] result, final int offset, final int length)
        {
            committed++;
            lastSequence = sequence;
            long value = 0;
            for (int i = Math.min(length, 8) - 1; i >= 0; i--)
            {
                value = (value << 8) | (result[offset + i] & 0xFF);
            }
            lastResult = value;
            if (record)
            {
                events.add("committed " + clientId + "/" + sequence + "@" + logIndex);
            }
        }

        @Override
        public void onRejected(final long clientId, final long sequence, final RejectReason reason, final int leaderHint)
        {
            if (record)
            {
                events.add(reason + " " + clientId + "/" + sequence + " hint=" + leaderHint);
            }
        }
    }

    RaftTestCluster(final String name, final int size, final FsyncPolicy fsyncPolicy, final RaftTuning tuning)
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
        nodes = new RaftCore[size];
        machines = new CountingStateMachine[size];
        responses = new Responses[size];
        crashed = new boolean[size];
        cut = new boolean[size][size];
        final int frameCapacity = tuning.maxFrameLength(1024);
        frames = new byte[QUEUE_CAPACITY][frameCapacity];
        frameLengths = new int[QUEUE_CAPACITY];
        frameFrom = new int[QUEUE_CAPACITY];
        frameTo = new int[QUEUE_CAPACITY];
        for (int i = 0; i < size; i++)
        {
            start(i);
        }
    }

    RaftTestCluster(final String name, final int size)
    {
        this(name, size, FsyncPolicy.NONE, new RaftTuning().segmentLength(1 << 20).initialLogCapacity(1 << 16).conclude());
    }

    void start(final int id)
    {
        final int[] members = new int[size];
        for (int i = 0; i < size; i++)
        {
            members[i] = i;
        }
        machines[id] = new CountingStateMachine();
        responses[id] = new Responses();
        final NodeConfig config = new NodeConfig(
            CLUSTER_ID, id, members,
            (to, frame, offset, length) -> enqueue(id, to, frame, offset, length),
            responses[id], machines[id], root.resolve("node-" + id), fsyncPolicy,
            42L * 1_000_003L + id, 150 * MS, 300 * MS, 50 * MS, 1024);
        nodes[id] = new RaftCore(config, tuning);
        crashed[id] = false;
    }

    void crash(final int id, final boolean powerLoss)
    {
        nodes[id].crash(powerLoss);
        crashed[id] = true;
        // the restarted node is a new RaftCore with its count at zero
        rejectedByEarlierIncarnations += nodes[id].rejectedFrames();
    }

    /**
     * Frames rejected by every node, crashed incarnations included.
     *
     * @return the sum of {@link RaftCore#rejectedFrames()} over all incarnations.
     */
    long rejectedFrames()
    {
        long total = rejectedByEarlierIncarnations;
        for (int i = 0; i < size; i++)
        {
            if (!crashed[i])
            {
                total += nodes[i].rejectedFrames();
            }
        }
        return total;
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
        if (cut[from][to] || count == QUEUE_CAPACITY)
        {
            dropped++;
            return;
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
            if (!crashed[i])
            {
                nodes[i].onTick(nowNs);
            }
        }
        deliverAll();
    }

    void deliverAll()
    {
        int budget = 1_000_000;
        while (count > 0 && budget-- > 0)
        {
            if (null != faultRandom && count > 1 && faultRandom.nextDouble() < reorderProbability)
            {
                swap(head, (head + faultRandom.nextInt(count)) & (QUEUE_CAPACITY - 1));
            }
            final int slot = head;
            head = (head + 1) & (QUEUE_CAPACITY - 1);
            count--;
            final int to = frameTo[slot];
            final int from = frameFrom[slot];
            if (crashed[to] || cut[from][to])
            {
                continue;
            }
            if (null != faultRandom)
            {
                if (faultRandom.nextDouble() < dropProbability)
                {
                    dropped++;
                    continue;
                }
                if (faultRandom.nextDouble() < corruptProbability)
                {
                    final int length = frameLengths[slot];
                    System.arraycopy(frames[slot], 0, corruptScratch, 0, length);
                    corruptScratch[faultRandom.nextInt(length)] ^= (byte)(1 + faultRandom.nextInt(255));
                    corrupted++;
                    nodes[to].onMessage(from, corruptScratch, 0, length);
                    continue;
                }
                if (faultRandom.nextDouble() < duplicateProbability)
                {
                    enqueue(from, to, frames[slot], 0, frameLengths[slot]);
                }
            }
            nodes[to].onMessage(from, frames[slot], 0, frameLengths[slot]);
        }
    }

    private void swap(final int a, final int b)
    {
        final byte[] frame = frames[a];
        frames[a] = frames[b];
        frames[b] = frame;
        int tmp = frameLengths[a];
        frameLengths[a] = frameLengths[b];
        frameLengths[b] = tmp;
        tmp = frameFrom[a];
        frameFrom[a] = frameFrom[b];
        frameFrom[b] = tmp;
        tmp = frameTo[a];
        frameTo[a] = frameTo[b];
        frameTo[b] = tmp;
    }

    void run(final long durationMs)
    {
        for (long i = 0; i < durationMs; i++)
        {
            step();
        }
    }

    int leader()
    {
        int leader = -1;
        long term = -1;
        for (int i = 0; i < size; i++)
        {
            if (!crashed[i] && nodes[i].role() == Role.LEADER && nodes[i].term() > term)
            {
                leader = i;
                term = nodes[i].term();
            }
        }
        return leader;
    }

    int awaitLeader(final long maxMs)
    {
        for (long i = 0; i < maxMs; i++)
        {
            step();
            final int leader = leader();
            if (leader >= 0)
            {
                return leader;
            }
        }
        throw new AssertionError("no leader within " + maxMs + " ms of virtual time");
    }

    /**
     * What became of one client command submitted by {@link #submitUntilCommitted}.
     *
     * @param committedBy the node that answered committed, or -1 if none did within the bound.
     * @param elapsedMs   virtual time from the first attempt to the answer, or to the bound.
     * @param attempts    one line per attempt: when, to which node in which term, and how it ended.
     */
    record ClientOutcome(int committedBy, long elapsedMs, List<String> attempts)
    {
        boolean committed()
        {
            return committedBy >= 0;
        }

        @Override
        public String toString()
        {
            // a flapping cluster can give thousands of attempts: the first and last few tell the story
            final int shown = 10;
            final List<String> lines = attempts.size() <= 2 * shown ? attempts :
                List.of(String.join(", ", attempts.subList(0, shown)), "...",
                    String.join(", ", attempts.subList(attempts.size() - shown, attempts.size())));
            return (committed() ? "committed by node " + committedBy : "not committed") + " after " + elapsedMs +
                " ms, " + attempts.size() + " attempts: " + lines;
        }
    }

    /**
     * Submits one command the way a client does (the conformance kit's {@code SimClient}, the
     * load generator's sessions): to the node that is leader now, re-discovered before every
     * attempt; after a rejection, or after {@code attemptTimeoutMs} without an answer, again with
     * the <em>same</em> sequence (the nodes' client sessions deduplicate it) to whichever node is
     * leader then; until some node answers committed or {@code maxMs} of virtual time pass.
     * A single attempt is not enough: the leader found first may be a stale one of an older term
     * that learns of the newer term only when it next talks to a peer.
     *
     * @param clientId         client session id.
     * @param sequence         client sequence number, the same on every attempt.
     * @param command          the command bytes.
     * @param length           command length.
     * @param attemptTimeoutMs virtual time an attempt may go unanswered before the next one.
     * @param maxMs            virtual time bound of the whole operation.
     * @param afterStep        run after every step (the caller's safety checks).
     * @return the outcome, committed or not.
     */
    ClientOutcome submitUntilCommitted(
        final long clientId,
        final long sequence,
        final byte[] command,
        final int length,
        final long attemptTimeoutMs,
        final long maxMs,
        final Runnable afterStep)
    {
        final String committedPrefix = "committed " + clientId + "/" + sequence + "@";
        final String rejectedInfix = " " + clientId + "/" + sequence + " hint=";
        final int[] seen = new int[size];
        for (int i = 0; i < size; i++)
        {
            responses[i].record = true;
            seen[i] = responses[i].events.size();
        }
        final List<String> attempts = new ArrayList<>();
        int target = -1;
        long attemptStartMs = 0;
        long elapsedMs = 0;
        while (true)
        {
            for (int i = 0; i < size; i++)
            {
                // a late answer to an earlier attempt counts: same client, same sequence
                final List<String> events = responses[i].events;
                for (; seen[i] < events.size(); seen[i]++)
                {
                    final String event = events.get(seen[i]);
                    if (event.startsWith(committedPrefix))
                    {
                        attempts.add("t+" + elapsedMs + " ms node " + i + " " + event);
                        return new ClientOutcome(i, elapsedMs, attempts);
                    }
                    if (i == target && event.contains(rejectedInfix))
                    {
                        attempts.add("t+" + elapsedMs + " ms node " + i + " " + event);
                        target = -1;
                    }
                }
            }
            if (target >= 0 && elapsedMs - attemptStartMs >= attemptTimeoutMs)
            {
                attempts.add("t+" + elapsedMs + " ms node " + target + " no answer");
                target = -1;
            }
            if (elapsedMs >= maxMs)
            {
                return new ClientOutcome(-1, elapsedMs, attempts);
            }
            if (target < 0)
            {
                final int leader = leader();
                if (leader >= 0)
                {
                    target = leader;
                    attemptStartMs = elapsedMs;
                    attempts.add("t+" + elapsedMs + " ms to node " + leader + " (leader of term " + nodes[leader].term() + ")");
                    nodes[leader].onClientCommand(clientId, sequence, command, 0, length);
                }
            }
            step();
            elapsedMs++;
            afterStep.run();
        }
    }

    @Override
    public void close()
    {
        for (int i = 0; i < size; i++)
        {
            if (!crashed[i])
            {
                nodes[i].close();
            }
        }
        IoUtil.delete(root.toFile(), true);
    }
}
