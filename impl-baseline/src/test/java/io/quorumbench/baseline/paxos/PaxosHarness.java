package io.quorumbench.baseline.paxos;

import io.quorumbench.api.consensus.ClientResponder;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.paxos.PaxosOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Node 1 of a three-node cluster, driven by hand: frames from nodes 2 and 3 are encoded with their
 * own codecs and delivered, and what node 1 sends is decoded back into {@link PaxosMessage}s. No
 * threads, no sleeps, a virtual clock; for scenario tests of single protocol rules (etcd style).
 */
final class PaxosHarness implements AutoCloseable
{
    static final int CLUSTER_ID = 9;
    static final long MS = 1_000_000L;
    static final long ELECTION_MIN_NS = 100 * MS;
    static final long ELECTION_MAX_NS = 200 * MS;

    record Sent(int to, PaxosMessage message)
    {
    }

    /** Records applied commands (as strings) and answers with the count applied so far. */
    static final class RecordingStateMachine implements StateMachine
    {
        final List<String> applied = new ArrayList<>();

        @Override
        public int apply(final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
        {
            applied.add(new String(command, offset, length, StandardCharsets.UTF_8));
            result[0] = (byte)applied.size();
            return 1;
        }

        @Override
        public int maxResultLength()
        {
            return 1;
        }
    }

    private final Path dir;
    private final FsyncPolicy fsyncPolicy;
    private final Set<PaxosMutation> mutations;
    private final PaxosOptions options;
    private final PaxosCodec[] codecs = new PaxosCodec[4];
    final List<Sent> sent = new ArrayList<>();
    final List<String> outcomes = new ArrayList<>();
    RecordingStateMachine stateMachine = new RecordingStateMachine();
    PaxosNode node;
    long nowNs;

    PaxosHarness(final Path dir, final FsyncPolicy fsyncPolicy, final PaxosMutation... mutations)
    {
        this(dir, fsyncPolicy, new PaxosOptions(PaxosOptions.ADAPTIVE_BATCH, PaxosNode.WINDOW), mutations);
    }

    PaxosHarness(final Path dir, final FsyncPolicy fsyncPolicy, final PaxosOptions options, final PaxosMutation... mutations)
    {
        this.dir = dir;
        this.fsyncPolicy = fsyncPolicy;
        this.options = options;
        this.mutations = mutations.length == 0 ? EnumSet.noneOf(PaxosMutation.class) : EnumSet.copyOf(Arrays.asList(mutations));
        for (int id = 1; id <= 3; id++)
        {
            codecs[id] = new PaxosCodec(CLUSTER_ID, id, 1024, PaxosNode.maxValueLength(1024));
        }
        start();
    }

    private NodeConfig config()
    {
        final ClientResponder responder = new ClientResponder()
        {
            @Override
            public void onCommitted(
                final long clientId, final long sequence, final long logIndex, final byte[] result, final int offset, final int length)
            {
                outcomes.add("committed " + clientId + "/" + sequence + " at " + logIndex);
            }

            @Override
            public void onRejected(final long clientId, final long sequence, final RejectReason reason, final int leaderHint)
            {
                outcomes.add("rejected " + clientId + "/" + sequence + " " + reason);
            }
        };
        return new NodeConfig(CLUSTER_ID, 1, new int[]{ 1, 2, 3 }, this::onSend, responder, stateMachine, dir, fsyncPolicy, 42,
            ELECTION_MIN_NS, ELECTION_MAX_NS, 20 * MS, 1024);
    }

    private void onSend(final int to, final byte[] frame, final int offset, final int length)
    {
        final PaxosMessage message = codecs[to].decode(1, frame, offset, length, id -> id != to);
        if (message == null)
        {
            throw new AssertionError("node 1 sent a frame node " + to + " rejects: " + codecs[to].lastVerdict());
        }
        sent.add(new Sent(to, message));
    }

    private void start()
    {
        node = new PaxosNode(config(), mutations, options);
        node.onTick(nowNs);
    }

    /** Crash node 1 and build it again from its data directory, with a fresh state machine. */
    void restart(final boolean powerLoss)
    {
        node.crash(powerLoss);
        stateMachine = new RecordingStateMachine();
        start();
    }

    void deliver(final int from, final PaxosMessage message)
    {
        final byte[] frame = codecs[from].encode(message);
        node.onMessage(from, frame, 0, frame.length);
    }

    void tick(final long ms)
    {
        nowNs += ms * MS;
        node.onTick(nowNs);
    }

    /** Let the election timer fire: node 1 becomes a candidate and sends Prepare. */
    long timeOut()
    {
        sent.clear();
        // The first tick re-arms a timer the last message reset; the second one lets it fire.
        tick(1);
        tick(ELECTION_MAX_NS / MS + 1);
        return lastSent(PaxosMessage.Prepare.class).ballot();
    }

    <T extends PaxosMessage> List<T> sentOf(final Class<T> type)
    {
        final List<T> out = new ArrayList<>();
        for (final Sent s : sent)
        {
            if (type.isInstance(s.message()))
            {
                out.add(type.cast(s.message()));
            }
        }
        return out;
    }

    <T extends PaxosMessage> T lastSent(final Class<T> type)
    {
        final List<T> all = sentOf(type);
        if (all.isEmpty())
        {
            throw new AssertionError("node 1 sent no " + type.getSimpleName() + "; sent " + sent);
        }
        return all.get(all.size() - 1);
    }

    static byte[] batch(final long clientId, final long sequence, final String command)
    {
        return SlotValue.batch(List.of(new SlotValue.Command(clientId, sequence, command.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public void close()
    {
        node.close();
    }
}
