package io.quorumbench.loadgen.target;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.api.fault.FaultAction;
import io.quorumbench.api.fault.FaultInjector;
import io.quorumbench.lockfree.raft.host.InProcessRaftCluster;
import io.quorumbench.lockfree.raft.host.RaftClient;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.Map;

/**
 * The tuned Raft implementation, embedded: an {@link InProcessRaftCluster} (Aeron IPC between
 * the nodes, every node's agent on one thread) running {@link KvStateMachine}, driven through its
 * zero-allocation ring-buffer {@link RaftClient}, one client per sender. Sends and polls happen
 * on the sender thread itself, so this target adds no thread and no allocation per request.
 *
 * <p>Retries: NOT_LEADER and LEADERSHIP_LOST are retried on the hinted (or newly elected) leader
 * with the <em>same</em> sequence, up to {@link LockfreeSession#MAX_RETRIES} times, from a copy of the command
 * the session keeps for the last {@link LockfreeSession#RETRY_WINDOW} sequences. That is safe because the
 * nodes' client sessions record exactly which sequences of that window were applied (a retry of
 * an applied command is answered, not applied twice, even after newer ones committed). A command
 * that cannot be retried any more is {@link io.quorumbench.api.client.CompletionHandler#FAILED} only if no attempt may have
 * been appended (a first-attempt NOT_LEADER), else {@link io.quorumbench.api.client.CompletionHandler#UNKNOWN} (the history
 * records it as {@code info}). BACKPRESSURE and INVALID_COMMAND are FAILED (not applied).
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
    private final int maxCommandLength;
    private final Path baseDir;
    private final Set<Integer> down = new HashSet<>();
    /** The sender's default in-flight limit, for the constructor that does not take one. */
    static final int DEFAULT_MAX_IN_FLIGHT = 1 << 16;
    /**
     * Largest egress buffer per client (direct memory, under the harness's 1 GiB heap limit). A
     * session with more answers in flight than this holds can lose answers when the cluster applies
     * a large backlog at once; losses are counted and printed, and the requests end as timeouts.
     */
    public static final int MAX_EGRESS_CAPACITY = 64 << 20;
    private static final int MIN_EGRESS_CAPACITY = 1 << 20;

    private final int egressCapacity;
    private final Set<Integer> isolated = new HashSet<>();

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
        this(nodes, fsyncPolicy, maxCommandLength, maxValueLength, false, false, null, DEFAULT_MAX_IN_FLIGHT);
    }

    /**
     * An embedded cluster whose agent thread idles by yielding (lowest latency: no park/unpark
     * wake-up of tens of microseconds between requests) or by backing off to a park, and whose
     * duty cycle may run on the (single) sender's thread instead: the session
     * invokes it in every poll ({@link InProcessRaftCluster#invoke()}), and the agent
     * thread only stands by. One busy thread instead of two leaves a 2-core machine's second core
     * to the JIT, the collector, the monitor and the kernel.
     *
     * @param nodes            cluster size.
     * @param fsyncPolicy      log fsync policy.
     * @param maxCommandLength largest command.
     * @param maxValueLength   largest value.
     * @param yieldingAgent    whether the agent thread yields rather than parks when idle.
     * @param onSender         whether the sender thread runs the cluster's duty cycle.
     * @param dataParent       directory under which the nodes' data goes, or null for {@code java.io.tmpdir}.
     * @param maxInFlight      requests a session may have outstanding: each client's egress buffer
     *                         holds an answer for every one (up to {@link #MAX_EGRESS_CAPACITY}).
     */
    public LockfreeRaftTarget(
        final int nodes,
        final FsyncPolicy fsyncPolicy,
        final int maxCommandLength,
        final int maxValueLength,
        final boolean yieldingAgent,
        final boolean onSender,
        final Path dataParent,
        final int maxInFlight)
    {
        this(nodes, fsyncPolicy, maxCommandLength, maxValueLength, yieldingAgent, onSender, dataParent, maxInFlight,
            id -> new KvStateMachine(KvStateMachine.DEFAULT_MAX_KEY_LENGTH, maxValueLength));
    }

    /** With the nodes' state machines from {@code stateMachines} (tests observe the applies). */
    LockfreeRaftTarget(
        final int nodes,
        final FsyncPolicy fsyncPolicy,
        final int maxCommandLength,
        final int maxValueLength,
        final boolean yieldingAgent,
        final boolean onSender,
        final Path dataParent,
        final int maxInFlight,
        final java.util.function.IntFunction<io.quorumbench.api.consensus.StateMachine> stateMachines)
    {
        this.nodes = nodes;
        this.fsyncPolicy = fsyncPolicy;
        this.maxCommandLength = maxCommandLength;
        this.maxResultLength = new KvStateMachine(KvStateMachine.DEFAULT_MAX_KEY_LENGTH, maxValueLength).maxResultLength();
        this.egressCapacity = egressCapacity(maxInFlight, maxResultLength);
        baseDir = DataDirs.create(dataParent, "qb-loadgen-lockfree-");
        final InProcessRaftCluster.Context context = new InProcessRaftCluster.Context()
            .nodeCount(nodes)
            .baseDir(baseDir)
            .fsyncPolicy(fsyncPolicy)
            .maxCommandLength(maxCommandLength)
            .stateMachines(stateMachines)
            .deleteDataOnClose(true)
            .clientInvoked(onSender);
        if (yieldingAgent)
        {
            context.idleStrategy(new YieldingIdleStrategy());
        }
        cluster = InProcessRaftCluster.launch(context);
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

    /**
     * An egress buffer that holds an answer for every request a session may have in flight. With
     * the old fixed 1 MiB (about 10,000 KV answers) a cluster catching up on a backlog at 700k/s
     * applied more at once than that; the nodes dropped 551 answers, and the sender, whose in-flight
     * ring cannot pass a request still waiting for its answer, sent nothing for 4 s until they
     * timed out.
     */
    static int egressCapacity(final int maxInFlight, final int maxResultLength)
    {
        final long answer = org.agrona.BitUtil.align(
            org.agrona.concurrent.ringbuffer.RecordDescriptor.HEADER_LENGTH +
            io.quorumbench.lockfree.raft.host.ClientMessageDescriptor.RESULT_OFFSET + maxResultLength,
            org.agrona.concurrent.ringbuffer.RecordDescriptor.ALIGNMENT);
        final long needed = Math.max(MIN_EGRESS_CAPACITY, Math.min(MAX_EGRESS_CAPACITY, (long)maxInFlight * answer));
        return org.agrona.BitUtil.findNextPositivePowerOfTwo((int)needed);
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
        context.put("dataDir", DataDirs.describe(baseDir));
        context.put("client", "ring-buffer, one per sender, sends and polls on the sender thread");
        context.put("clientEgressBytes", egressCapacity);
        context.put("hostThreads", cluster.isClientInvoked() ?
            "all nodes' agents and the embedded media driver (INVOKER mode) invoked on the sender thread in each poll " +
                "for answers; their own agent thread stands by (runs them only while the sender does not)" :
            "all nodes' agents and the embedded media driver (INVOKER mode) on one thread (CompositeAgent)");
        return context;
    }

    /** {@inheritDoc} */
    @Override
    public ClientSession openSession(final int sessionIndex)
    {
        final RaftClient client = cluster.newClient(egressCapacity);
        client.leaderHint(cluster.leaderId());
        return new Session(cluster, client, maxResultLength, maxCommandLength);
    }

    /** {@inheritDoc} */
    @Override
    public Set<FaultAction> supportedFaults()
    {
        return EnumSet.allOf(FaultAction.class);
    }

    /**
     * {@inheritDoc}
     *
     * <p>In this process a node is an agent on the shared agent thread, so it cannot be frozen on
     * its own: {@code pause} cuts all its peer links instead (the same fault filter as
     * {@code partition}). Unlike a SIGSTOP its clock keeps running, so a paused leader notices at
     * once that it lost its quorum; clients still reach it through its ring buffer.
     */
    @Override
    public String faultModel(final FaultAction action)
    {
        switch (action)
        {
            case KILL:
            case KILL_LEADER:
                return "in-process crash (agent stops, un-fsynced writes kept: no power loss)";
            case RESTART:
                return "in-process restart from the node's data directory";
            case PAUSE:
                return "in-process pause = all peer links cut (agents share a thread, so no freeze)";
            case RESUME:
                return "peer links restored";
            case PARTITION:
                return "in-process link fault filter: node(s) cut from every other node";
            default:
                return "all cut links restored";
        }
    }

    /** {@inheritDoc} */
    @Override
    public int[] members()
    {
        return cluster.members();
    }

    /** {@inheritDoc} */
    @Override
    public int leaderId()
    {
        final int leader = cluster.leaderId();
        return io.quorumbench.api.consensus.NodeConfig.NO_NODE == leader ? -1 : leader;
    }

    /** {@inheritDoc} */
    @Override
    public void kill(final int nodeId)
    {
        if (down.add(nodeId))
        {
            cluster.kill(nodeId, false);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void restart(final int nodeId)
    {
        if (down.remove(nodeId))
        {
            cluster.restart(nodeId);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void pause(final int nodeId)
    {
        cluster.isolate(nodeId, true);
        isolated.add(nodeId);
    }

    /** {@inheritDoc} */
    @Override
    public void resume(final int nodeId)
    {
        if (isolated.remove(nodeId))
        {
            cluster.isolate(nodeId, false);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void partition(final int[] nodeIds)
    {
        for (final int nodeId : nodeIds)
        {
            pause(nodeId);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void heal()
    {
        for (final Integer nodeId : new ArrayList<>(isolated))
        {
            resume(nodeId);
        }
    }

    /**
     * Answers the nodes dropped because a client's egress buffer was full.
     *
     * @return the count so far.
     */
    long droppedAnswers()
    {
        return cluster.droppedResponses();
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        final long dropped = droppedAnswers();
        if (dropped > 0)
        {
            System.err.println("lockfree cluster: " + dropped + " answers dropped (a client's egress buffer was full); " +
                "their requests ended as timeouts");
        }
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

    private static final class Session extends LockfreeSession
    {
        /** Most duty cycles one poll runs on a client-invoked cluster. */
        private static final int MAX_INVOKE_ROUNDS = 16;

        private final InProcessRaftCluster cluster;
        private final RaftClient client;
        private final boolean invoked;
        private long lastLeaderCheckNs;
        private int knownLeader = io.quorumbench.api.consensus.NodeConfig.NO_NODE;

        Session(final InProcessRaftCluster cluster, final RaftClient client, final int maxResultLength, final int maxCommandLength)
        {
            super(maxResultLength, maxCommandLength);
            this.cluster = cluster;
            this.client = client;
            this.invoked = cluster.isClientInvoked();
        }

        @Override
        boolean offer(final long sequence, final DirectBuffer command, final int offset, final int length)
        {
            // the cluster runs on the next poll: commands sent back to back then reach the leader together
            return client.offer(sequence, command, offset, length);
        }

        @Override
        int pollClient(final int limit)
        {
            if (nowNs - lastLeaderCheckNs > LEADER_REFRESH_NS)
            {
                lastLeaderCheckNs = nowNs;
                final int leader = cluster.leaderId();
                if (io.quorumbench.api.consensus.NodeConfig.NO_NODE != leader && leader != knownLeader)
                {
                    // compared with the leader this session last saw, not the client's hint: a NOT_LEADER
                    // answer may already have moved the hint to the new leader
                    final boolean changed = io.quorumbench.api.consensus.NodeConfig.NO_NODE != knownLeader;
                    knownLeader = leader;
                    if (leader != client.leaderHint())
                    {
                        client.leaderHint(leader);
                    }
                    if (changed)
                    {
                        // a crashed leader takes its queued commands and unsent answers with it
                        resendAllUnanswered();
                    }
                }
            }
            if (!invoked)
            {
                return client.poll(this, limit);
            }
            int polled = client.poll(this, limit);
            for (int round = 0; round < MAX_INVOKE_ROUNDS && cluster.invoke() > 0; round++)
            {
                // take this cycle's answers at once, so the egress buffer never fills while the cycle runs on
                polled += client.poll(this, limit);
            }
            return polled;
        }

        @Override
        void leaderHint(final int nodeId)
        {
            client.leaderHint(nodeId);
        }

        @Override
        void closeClient()
        {
            client.close();
        }
    }
}
