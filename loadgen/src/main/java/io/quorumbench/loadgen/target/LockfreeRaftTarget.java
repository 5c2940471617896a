package io.quorumbench.loadgen.target;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.loadgen.fault.FaultInjector;
import io.quorumbench.lockfree.raft.host.InProcessRaftCluster;
import io.quorumbench.lockfree.raft.host.RaftClient;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tuned Raft implementation, embedded: an {@link InProcessRaftCluster} (Aeron IPC between
 * the nodes, every node's agent on one thread) running {@link KvStateMachine}, driven through its
 * zero-allocation ring-buffer {@link RaftClient}, one client per sender. Sends and polls happen
 * on the sender thread itself, so this target adds no thread and no allocation per request.
 *
 * <p>Rejections are not retried here: NOT_LEADER, BACKPRESSURE and INVALID_COMMAND are reported
 * as {@link CompletionHandler#FAILED} (not applied), LEADERSHIP_LOST as
 * {@link CompletionHandler#UNKNOWN}. Retrying an older sequence after newer ones were applied
 * would be answered from the session table, not applied, so the sender moves on instead.
 *
 * <p>Leader discovery: a killed node answers nothing, so besides the hints in rejections each
 * session re-reads the cluster's leader every {@link #LEADER_REFRESH_NS} (an in-process shortcut
 * for what a networked client learns from timeouts); requests already sent to a dead node time out
 * and count as timeouts (unknown outcome).
 *
 * <p><b>Threading</b>: {@link #openSession} and {@link #close} on the controlling thread; each
 * session on its sender thread.
 */
public final class LockfreeRaftTarget implements LoadTarget, FaultInjector
{
    /** How often a session re-reads who leads when its hinted node may be gone, nanoseconds. */
    public static final long LEADER_REFRESH_NS = 1_000_000;

    /** How long to wait for the first leader, milliseconds. */
    public static final long LEADER_TIMEOUT_MS = 20_000;

    private final InProcessRaftCluster cluster;
    private final int nodes;
    private final FsyncPolicy fsyncPolicy;
    private final int maxResultLength;
    private final Path baseDir;

    /**
     * Launch a cluster and wait for its leader.
     *
     * @param nodes            node count (odd, &ge; 1).
     * @param fsyncPolicy      durability of the nodes' logs.
     * @param maxCommandLength largest command the workload sends, bytes.
     * @param maxValueLength   largest value the state machine must hold, bytes.
     */
    public LockfreeRaftTarget(final int nodes, final FsyncPolicy fsyncPolicy, final int maxCommandLength, final int maxValueLength)
    {
        this.nodes = nodes;
        this.fsyncPolicy = fsyncPolicy;
        this.maxResultLength = new KvStateMachine(KvStateMachine.DEFAULT_MAX_KEY_LENGTH, maxValueLength).maxResultLength();
        try
        {
            baseDir = Files.createTempDirectory("qb-loadgen-lockfree-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a data directory", ex);
        }
        cluster = InProcessRaftCluster.launch(new InProcessRaftCluster.Context()
            .nodeCount(nodes)
            .baseDir(baseDir)
            .fsyncPolicy(fsyncPolicy)
            .maxCommandLength(maxCommandLength)
            .stateMachines(id -> new KvStateMachine(KvStateMachine.DEFAULT_MAX_KEY_LENGTH, maxValueLength))
            .deleteDataOnClose(true));
        try
        {
            cluster.awaitLeader(LEADER_TIMEOUT_MS, io.quorumbench.api.consensus.NodeConfig.NO_NODE);
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return "lockfree";
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> context()
    {
        final Map<String, Object> context = new LinkedHashMap<>();
        context.put("implementation", "lockfree");
        context.put("transport", "aeron-ipc");
        context.put("nodes", nodes);
        context.put("fsyncPolicy", fsyncPolicy.name().toLowerCase(java.util.Locale.ROOT));
        context.put("client", "ring-buffer, one per sender, sends and polls on the sender thread");
        context.put("hostThreads", "all nodes' agents on one thread (CompositeAgent) + embedded media driver (shared)");
        return context;
    }

    /** {@inheritDoc} */
    @Override
    public boolean appliesCommands()
    {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public TargetSession openSession(final int sessionIndex)
    {
        final RaftClient client = cluster.newClient();
        client.leaderHint(cluster.leaderId());
        return new Session(cluster, client, maxResultLength);
    }

    /** {@inheritDoc} */
    @Override
    public int killLeader()
    {
        final int leader = cluster.leaderId();
        if (io.quorumbench.api.consensus.NodeConfig.NO_NODE == leader)
        {
            return -1;
        }
        cluster.kill(leader, false);
        return leader;
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        cluster.close();
        deleteQuietly(baseDir);
    }

    static void deleteQuietly(final Path dir)
    {
        if (null == dir || !Files.exists(dir))
        {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            // a leftover temporary directory is harmless; the run's results are elsewhere
        }
    }

    private static final class Session implements TargetSession, RaftClient.ResponseHandler
    {
        private final InProcessRaftCluster cluster;
        private final RaftClient client;
        private long lastLeaderCheckNs;
        private final UnsafeBuffer command = new UnsafeBuffer(new byte[0]);
        private final byte[] result;
        private CompletionHandler handler;
        private long nowNs;
        private boolean closed;

        Session(final InProcessRaftCluster cluster, final RaftClient client, final int maxResultLength)
        {
            this.cluster = cluster;
            this.client = client;
            this.result = new byte[maxResultLength];
        }

        @Override
        public boolean trySend(final long requestId, final byte[] bytes, final int offset, final int length)
        {
            if (command.byteArray() != bytes)
            {
                command.wrap(bytes);
            }
            return client.offer(requestId, command, offset, length);
        }

        @Override
        public int poll(final CompletionHandler handler, final int limit)
        {
            this.handler = handler;
            // one clock read per batch: the answers were all in the egress ring when we looked
            nowNs = System.nanoTime();
            if (nowNs - lastLeaderCheckNs > LEADER_REFRESH_NS)
            {
                lastLeaderCheckNs = nowNs;
                final int leader = cluster.leaderId();
                if (io.quorumbench.api.consensus.NodeConfig.NO_NODE != leader && leader != client.leaderHint())
                {
                    client.leaderHint(leader);
                }
            }
            return client.poll(this, limit);
        }

        @Override
        public void onCommitted(
            final long clientId, final long sequence, final long logIndex, final DirectBuffer buffer, final int offset,
            final int length)
        {
            final int copied = Math.min(length, result.length);
            buffer.getBytes(offset, result, 0, copied);
            handler.onComplete(sequence, CompletionHandler.OK, nowNs, result, 0, copied);
        }

        @Override
        public void onRejected(final long clientId, final long sequence, final RejectReason reason, final int leaderHint)
        {
            final int outcome = RejectReason.LEADERSHIP_LOST == reason ? CompletionHandler.UNKNOWN : CompletionHandler.FAILED;
            handler.onComplete(sequence, outcome, nowNs, result, 0, 0);
        }

        @Override
        public void close()
        {
            if (!closed)
            {
                closed = true;
                client.close();
            }
        }
    }
}
