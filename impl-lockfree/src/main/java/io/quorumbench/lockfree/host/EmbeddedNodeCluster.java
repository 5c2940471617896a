package io.quorumbench.lockfree.host;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.fault.FaultAction;
import io.quorumbench.api.lock.LockEvents;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.lockfree.codec.ClientMessageDescriptor;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * An {@link InProcessCluster} of any tuned protocol as the registry's {@link EmbeddedCluster}: N
 * nodes over Aeron IPC, every agent on one thread (or, with {@link HostOptions#clusterOnSender()},
 * run by the one session's thread), with ring-buffer sessions that track the leader and retry
 * ({@link RetryingSession}), and faults done in-process.
 *
 * <p>Leader discovery: a killed node answers nothing, so besides the hints in rejections each
 * session re-reads the cluster's leader every {@link #LEADER_REFRESH_NS} (an in-process shortcut
 * for what a networked client learns from timeouts) and, when it changes, resends its unanswered
 * commands with their sequences.
 *
 * <p><b>Threading</b>: {@link #openSession}, the fault methods and {@link #close} on the
 * controlling thread (faults may come from a monitor thread); each session on its sender thread.
 */
public final class EmbeddedNodeCluster implements EmbeddedCluster
{
    /** How often a session re-reads who leads when its hinted node may be gone, nanoseconds. */
    public static final long LEADER_REFRESH_NS = 1_000_000;
    /** How long {@link #launch} waits for the first leader, nanoseconds. */
    public static final long LEADER_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(20);
    /**
     * Largest egress buffer per session (direct memory). A session with more answers in flight
     * than this holds can lose answers when the cluster applies a large backlog at once; losses are
     * counted ({@link #droppedResponses()}), and the requests end as unknown outcomes.
     */
    public static final int MAX_EGRESS_CAPACITY = 64 << 20;
    private static final int MIN_EGRESS_CAPACITY = 1 << 20;

    private final String implementation;
    private final String protocol;
    private final ClusterContext context;
    private final HostOptions options;
    private final InProcessCluster cluster;
    private final Path dataDir;
    private final int egressCapacity;
    private final int maxResultLength;
    private final long electionTimeoutMinNs;
    private final long electionTimeoutMaxNs;
    private final Set<Integer> down = new HashSet<>();
    private final Set<Integer> isolated = new HashSet<>();
    private final List<ClientSession> sessions = Collections.synchronizedList(new ArrayList<>());
    private boolean closed;

    private EmbeddedNodeCluster(
        final String implementation, final DirectNodeFactory factory, final ClusterContext context, final HostOptions options,
        final IntFunction<StateMachine> stateMachines)
    {
        this.implementation = implementation;
        this.protocol = factory.protocolName();
        this.context = context;
        this.options = options;
        this.maxResultLength = stateMachines.apply(NodeConfig.NO_NODE).maxResultLength();
        this.egressCapacity = egressCapacity(context.maxInFlight(), maxResultLength);
        this.dataDir = dataDir(context.dataDir(), protocol);
        final InProcessCluster.Context clusterContext = new InProcessCluster.Context()
            .nodeFactory(factory)
            .nodeCount(context.nodes())
            .clusterId(context.clusterId())
            .fsyncPolicy(context.fsyncPolicy())
            .maxCommandLength(context.maxCommandLength())
            .stateMachines(stateMachines)
            .baseDir(dataDir)
            .deleteDataOnClose(context.deleteDataOnClose())
            .clientInvoked(options.clusterOnSender());
        if (NodeIdle.YIELD == options.agentIdle())
        {
            clusterContext.idleStrategy(new YieldingIdleStrategy());
        }
        this.electionTimeoutMinNs = clusterContext.electionTimeoutMinNs();
        this.electionTimeoutMaxNs = clusterContext.electionTimeoutMaxNs();
        this.cluster = InProcessCluster.launch(clusterContext);
    }

    /**
     * Launch a cluster of a protocol in this process and wait for its first leader.
     *
     * @param implementation the registry name of the pair, e.g. {@code paxos/lockfree}, for the run context.
     * @param factory        the protocol.
     * @param context        the settings, concluded here; its options are {@link HostOptions}'.
     * @return the running cluster; the caller closes it.
     * @throws IllegalArgumentException for bad settings.
     * @throws IllegalStateException if no leader is elected within {@link #LEADER_TIMEOUT_NS}.
     */
    public static EmbeddedNodeCluster launch(
        final String implementation, final DirectNodeFactory factory, final ClusterContext context)
    {
        context.conclude();
        final HostOptions options = HostOptions.parse(context);
        return launch(implementation, HostOptions.nodeFactory(context.stateMachine(), factory), context, options,
            (nodeId) -> options.stateMachine(context.stateMachine(),
                NodeConfig.NO_NODE == nodeId ? LockEvents.NONE : context.lockEvents(nodeId)));
    }

    /**
     * {@link #launch(String, DirectNodeFactory, ClusterContext)} with the nodes' state machines from
     * {@code stateMachines} (tests observe the applies; called with {@link NodeConfig#NO_NODE} once for
     * the largest answer).
     */
    static EmbeddedNodeCluster launch(
        final String implementation, final DirectNodeFactory factory, final ClusterContext context,
        final HostOptions options, final IntFunction<StateMachine> stateMachines)
    {
        final EmbeddedNodeCluster launched = new EmbeddedNodeCluster(implementation, factory, context, options, stateMachines);
        try
        {
            launched.awaitLeader(LEADER_TIMEOUT_NS);
        }
        catch (final RuntimeException ex)
        {
            launched.close();
            throw ex;
        }
        return launched;
    }

    /**
     * An egress buffer that holds an answer for every request a session may have in flight. With a
     * fixed 1 MiB (about 10,000 KV answers) a cluster catching up on a backlog at 700k/s applied more
     * at once than that; the nodes dropped 551 answers, and the sender, whose in-flight ring cannot
     * pass a request still waiting for its answer, sent nothing for 4 s until they timed out.
     *
     * @param maxInFlight     requests a session may have unanswered.
     * @param maxResultLength largest state machine result, bytes.
     * @return the capacity, a power of two, bytes.
     */
    static int egressCapacity(final int maxInFlight, final int maxResultLength)
    {
        final long answer = BitUtil.align(
            RecordDescriptor.HEADER_LENGTH + ClientMessageDescriptor.RESULT_OFFSET + maxResultLength,
            RecordDescriptor.ALIGNMENT);
        final long needed = Math.max(MIN_EGRESS_CAPACITY, Math.min(MAX_EGRESS_CAPACITY, (long)maxInFlight * answer));
        return BitUtil.findNextPositivePowerOfTwo((int)needed);
    }

    private static Path dataDir(final Path parent, final String protocol)
    {
        if (null == parent)
        {
            return null;
        }
        try
        {
            return Files.createTempDirectory(Files.createDirectories(parent), "qb-" + protocol + "-lockfree-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a data directory under " + parent, ex);
        }
    }

    /** {@inheritDoc} */
    @Override
    public int awaitLeader(final long timeoutNs)
    {
        return cluster.awaitLeader(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNs)), NodeConfig.NO_NODE);
    }

    /** {@inheritDoc} */
    @Override
    public ClientSession openSession(final int sessionIndex)
    {
        if (closed)
        {
            throw new IllegalStateException("the cluster is closed");
        }
        final InProcessClient client = cluster.newClient(egressCapacity);
        client.leaderHint(cluster.leaderId());
        final Session session = new Session(cluster, client, maxResultLength, context.maxCommandLength());
        sessions.add(session);
        return session;
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> context()
    {
        final Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("implementation", implementation);
        facts.put("protocol", protocol);
        facts.put("transport", "aeron-ipc");
        facts.put("nodes", context.nodes());
        facts.put("fsyncPolicy", context.fsyncPolicy().name().toLowerCase(Locale.ROOT));
        facts.put("electionTimeoutMinNs", electionTimeoutMinNs);
        facts.put("electionTimeoutMaxNs", electionTimeoutMaxNs);
        facts.put("dataDir", null == dataDir ? "java.io.tmpdir" : dataDir.toString());
        facts.put("client", "ring-buffer, one per session, sends and polls on the session's thread");
        facts.put("clientEgressBytes", egressCapacity);
        facts.put("agentIdle", options.agentIdle().id());
        facts.put("hostThreads", cluster.isClientInvoked() ?
            "all nodes' agents and the embedded media driver (INVOKER mode) invoked on the session's thread in each " +
                "poll for answers; their own agent thread stands by (runs them only while the session does not)" :
            "all nodes' agents and the embedded media driver (INVOKER mode) on one thread (CompositeAgent)");
        return facts;
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
        return cluster.leaderId();
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
     * Answers the nodes dropped because a session's egress buffer was full.
     *
     * @return the count so far.
     */
    public long droppedResponses()
    {
        return cluster.droppedResponses();
    }

    /**
     * Errors the agents, the driver or the clients reported since launch.
     *
     * @return a live view.
     */
    public List<Throwable> errors()
    {
        return cluster.errors();
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        synchronized (sessions)
        {
            sessions.forEach(ClientSession::close);
            sessions.clear();
        }
        final long dropped = droppedResponses();
        if (dropped > 0)
        {
            System.err.println(implementation + " embedded cluster: " + dropped + " answers dropped (a session's " +
                "egress buffer was full); their requests ended as unknown outcomes");
        }
        cluster.close();
    }

    private static final class Session extends RetryingSession
    {
        /** Most duty cycles one poll runs on a client-invoked cluster. */
        private static final int MAX_INVOKE_ROUNDS = 16;

        private final InProcessCluster cluster;
        private final InProcessClient client;
        private final boolean invoked;
        private long lastLeaderCheckNs;
        private int knownLeader = NodeConfig.NO_NODE;

        Session(final InProcessCluster cluster, final InProcessClient client, final int maxResultLength, final int maxCommandLength)
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
                if (NodeConfig.NO_NODE != leader && leader != knownLeader)
                {
                    // compared with the leader this session last saw, not the client's hint: a NOT_LEADER
                    // answer may already have moved the hint to the new leader
                    final boolean changed = NodeConfig.NO_NODE != knownLeader;
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
