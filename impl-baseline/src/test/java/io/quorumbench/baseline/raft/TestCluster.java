package io.quorumbench.baseline.raft;

import io.quorumbench.api.consensus.ClientResponder;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.consensus.StateMachine;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A tiny message pump for core tests: N {@link RaftNode}s, a FIFO network, a virtual clock in
 * 1 ms steps. No threads, no sleeps; everything happens in the calling thread, deterministically.
 */
final class TestCluster implements AutoCloseable
{
    static final int CLUSTER_ID = 7;
    static final long MS = 1_000_000L;

    record Frame(int from, int to, byte[] bytes)
    {
    }

    /** Records what was applied, in order: index -> command. */
    static final class RecordingStateMachine implements StateMachine
    {
        final TreeMap<Long, byte[]> applied = new TreeMap<>();

        @Override
        public int apply(final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
        {
            applied.put(logIndex, Arrays.copyOfRange(command, offset, offset + length));
            // Result: the number of commands applied so far, so a duplicate answer is recognisable.
            ByteBuffer.wrap(result).putInt(applied.size());
            return 4;
        }

        @Override
        public int maxResultLength()
        {
            return 4;
        }
    }

    record Outcome(long clientId, long sequence, long logIndex, byte[] result, RejectReason reason, int leaderHint)
    {
        boolean committed()
        {
            return reason == null;
        }

        int resultInt()
        {
            return ByteBuffer.wrap(result).getInt();
        }
    }

    static final class RecordingResponder implements ClientResponder
    {
        final List<Outcome> outcomes = new ArrayList<>();
        final List<Outcome> shared;

        RecordingResponder(final List<Outcome> shared)
        {
            this.shared = shared;
        }

        @Override
        public void onCommitted(
            final long clientId, final long sequence, final long logIndex, final byte[] result, final int offset, final int length)
        {
            final Outcome o = new Outcome(clientId, sequence, logIndex, Arrays.copyOfRange(result, offset, offset + length), null, -1);
            outcomes.add(o);
            shared.add(o);
        }

        @Override
        public void onRejected(final long clientId, final long sequence, final RejectReason reason, final int leaderHint)
        {
            final Outcome o = new Outcome(clientId, sequence, 0, null, reason, leaderHint);
            outcomes.add(o);
            shared.add(o);
        }
    }

    final Path root;
    final int size;
    final FsyncPolicy fsyncPolicy;
    final RaftNode[] nodes;
    final RecordingStateMachine[] stateMachines;
    final RecordingResponder[] responders;
    final Deque<Frame> network = new ArrayDeque<>();
    final Set<Integer> isolated = new HashSet<>();
    /** Every outcome reported by any node, in order. */
    final List<Outcome> allOutcomes = new ArrayList<>();
    /** Applied to every frame before delivery; return null to drop it. */
    Function<Frame, Frame> filter = f -> f;
    long nowNs = 1_000 * MS;
    long delivered;

    TestCluster(final Path root, final int size, final FsyncPolicy fsyncPolicy)
    {
        this.root = root;
        this.size = size;
        this.fsyncPolicy = fsyncPolicy;
        this.nodes = new RaftNode[size + 1];
        this.stateMachines = new RecordingStateMachine[size + 1];
        this.responders = new RecordingResponder[size + 1];
        for (int id = 1; id <= size; id++)
        {
            start(id);
        }
    }

    int[] members()
    {
        final int[] ids = new int[size];
        for (int i = 0; i < size; i++)
        {
            ids[i] = i + 1;
        }
        return ids;
    }

    NodeConfig config(final int id)
    {
        return new NodeConfig(CLUSTER_ID, id, members(),
            (to, frame, offset, length) -> network.add(new Frame(id, to, Arrays.copyOfRange(frame, offset, offset + length))),
            responders[id], stateMachines[id], root.resolve("node-" + id), fsyncPolicy,
            1000L + id, 10 * MS, 20 * MS, 2 * MS, 1024);
    }

    void start(final int id)
    {
        stateMachines[id] = new RecordingStateMachine();
        responders[id] = new RecordingResponder(allOutcomes);
        nodes[id] = new RaftNode(config(id));
    }

    void crash(final int id, final boolean powerLoss)
    {
        nodes[id].crash(powerLoss);
        nodes[id] = null;
    }

    RaftNode node(final int id)
    {
        return nodes[id];
    }

    /** Deliver queued frames (and those they cause) until the network is quiet. */
    void deliverAll()
    {
        int budget = 1_000_000;
        while (!network.isEmpty() && budget-- > 0)
        {
            final Frame raw = network.poll();
            if (isolated.contains(raw.from()) || isolated.contains(raw.to()) || nodes[raw.to()] == null)
            {
                continue;
            }
            final Frame frame = filter.apply(raw);
            if (frame != null)
            {
                delivered++;
                nodes[frame.to()].onMessage(frame.from(), frame.bytes(), 0, frame.bytes().length);
            }
        }
    }

    /** Advance the clock 1 ms at a time, ticking every live node and delivering, for {@code ms} ms. */
    void run(final long ms)
    {
        for (long i = 0; i < ms; i++)
        {
            nowNs += MS;
            for (int id = 1; id <= size; id++)
            {
                if (nodes[id] != null)
                {
                    nodes[id].onTick(nowNs);
                }
            }
            deliverAll();
        }
    }

    /** Run until some live node is leader and every live connected node knows it, at most {@code ms} ms. */
    RaftNode awaitLeader(final long ms)
    {
        for (long i = 0; i < ms; i++)
        {
            run(1);
            final RaftNode leader = leader();
            if (leader != null)
            {
                boolean allKnow = true;
                for (int id = 1; id <= size; id++)
                {
                    if (nodes[id] != null && !isolated.contains(id) && nodes[id].leaderId() != leader.nodeId())
                    {
                        allKnow = false;
                    }
                }
                if (allKnow)
                {
                    return leader;
                }
            }
        }
        throw new AssertionError("no leader within " + ms + " ms");
    }

    /** The leader of the highest term among live, connected nodes, or null. */
    RaftNode leader()
    {
        RaftNode best = null;
        for (int id = 1; id <= size; id++)
        {
            final RaftNode n = nodes[id];
            if (n != null && !isolated.contains(id) && n.role() == Role.LEADER && (best == null || n.term() > best.term()))
            {
                best = n;
            }
        }
        return best;
    }

    @Override
    public void close()
    {
        for (int id = 1; id <= size; id++)
        {
            if (nodes[id] != null)
            {
                nodes[id].close();
                nodes[id] = null;
            }
        }
    }
}
