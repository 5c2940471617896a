package io.quorumbench.lockfree.host;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.consensus.StateMachine;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CachedNanoClock;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * N tuned nodes of one protocol ({@link Context#nodeFactory(DirectNodeFactory)}) in one process
 * for tests, benchmarks and the registry's embedded clusters: an embedded media driver invoked
 * from the agent thread ({@link InvokedAeron}; or in {@link ThreadingMode#SHARED} on a thread of its
 * own, {@link Context#driverOnAgentThread(boolean)}) with small term buffers and its own {@code aeron.dir} (deleted
 * on start and shutdown), Aeron IPC links between the nodes (or UDP on loopback, see
 * {@link Context#udpBasePort(int)}), and every node's
 * {@link NodeAgent} composed on ONE thread with {@link CompositeAgent} under a backoff idle
 * strategy (or spread over a few, {@link Context#agentThreads(int)}). Clients ({@link #newClient()}) talk to the nodes through Agrona ring buffers.
 * Nodes can be killed, restarted from their data directory, and cut off from each other. With
 * {@link Context#clientInvoked(boolean)} a client thread may run the nodes' duty cycle itself
 * ({@link #invoke()}), leaving the agent thread to stand by.
 *
 * <p>Thread-safe control methods; the nodes themselves only ever run on the agent thread, or on
 * the client thread that invokes them (one thread at a time, handed over by a gate).
 */
public final class InProcessCluster implements AutoCloseable
{
    /** Over IPC the embedded driver and client conductor run on every this-many duty cycles (see StridedAgent). */
    static final int IPC_DRIVER_DUTY_STRIDE = 8;

    /**
     * Settings of an in-process cluster: fluent setters with defaults, validated once and all
     * together by {@link #conclude()} (which {@link #launch(Context)} calls), as Aeron's
     * {@code MediaDriver.Context} is. Only {@link #nodeFactory(DirectNodeFactory)} and {@link #stateMachines(IntFunction)} have no
     * default. Not thread-safe: build on one thread, then launch.
     */
    public static final class Context
    {
        /** Largest Aeron message of the 64 KiB IPC terms (term length / 8), bytes. */
        static final int MAX_IPC_FRAME_LENGTH = 64 * 1024 / 8;

        private int nodeCount = 3;
        private int clusterId = 1;
        private Path baseDir;
        private FsyncPolicy fsyncPolicy = FsyncPolicy.NONE;
        private DirectNodeFactory nodeFactory;
        private IntFunction<StateMachine> stateMachines;
        private long electionTimeoutMinNs = TimeUnit.MILLISECONDS.toNanos(150);
        private long electionTimeoutMaxNs = TimeUnit.MILLISECONDS.toNanos(300);
        private long heartbeatIntervalNs = TimeUnit.MILLISECONDS.toNanos(25);
        private int maxCommandLength = 1024;
        private int ingressCapacity = 1 << 20;
        private int egressCapacity = 1 << 20;
        private int maxClients = 1024;
        private int maxBacklogBytes = 4 << 20;
        private IdleStrategy idleStrategy = new BackoffIdleStrategy(100, 10, 1_000, 100_000);
        private boolean deleteDataOnClose = true;
        private int udpBasePort;
        private int agentThreads = 1;
        private boolean driverOnAgentThread = true;
        private boolean clientInvoked;
        private boolean concluded;

        /**
         * Let a client thread run the agents' duty cycle through {@link InProcessCluster#invoke()}
         * between its own work (the agent thread then stands by, and runs the cycle itself only while
         * no client invokes it); needs {@link #agentThreads(int)} 1. Off by default.
         *
         * @param clientInvoked whether a client may invoke the duty cycle.
         * @return this.
         */
        public Context clientInvoked(final boolean clientInvoked)
        {
            this.clientInvoked = clientInvoked;
            return this;
        }

        /**
         * Run the media driver on the (first) agent thread ({@link InvokedAeron}: INVOKER mode, no
         * driver thread; the default) or on a SHARED driver thread of its own beside the agents.
         * On a 2-core machine the extra thread competes with the agents and the client for a core
         * on every hop through the driver.
         *
         * @param driverOnAgentThread whether the agent thread invokes the driver.
         * @return this.
         */
        public Context driverOnAgentThread(final boolean driverOnAgentThread)
        {
            this.driverOnAgentThread = driverOnAgentThread;
            return this;
        }

        /**
         * Threads the node agents are spread over: 1 (the default, every agent on one thread) or
         * more (agents dealt round-robin; client egress then becomes a many-writer ring buffer).
         *
         * @param agentThreads threads, 1..node count.
         * @return this.
         */
        public Context agentThreads(final int agentThreads)
        {
            this.agentThreads = agentThreads;
            return this;
        }

        /**
         * Link the nodes over Aeron UDP on 127.0.0.1 instead of IPC: node N listens on
         * {@code basePort + N}. 0 (the default) means IPC.
         *
         * @param basePort first port, or 0 for IPC.
         * @return this.
         */
        public Context udpBasePort(final int basePort)
        {
            this.udpBasePort = basePort;
            return this;
        }

        /**
         * Number of nodes (ids 1..n).
         *
         * @param nodeCount nodes.
         * @return this.
         */
        public Context nodeCount(final int nodeCount)
        {
            this.nodeCount = nodeCount;
            return this;
        }

        /**
         * Cluster id stamped on frames.
         *
         * @param clusterId id.
         * @return this.
         */
        public Context clusterId(final int clusterId)
        {
            this.clusterId = clusterId;
            return this;
        }

        /**
         * Directory for data and the aeron dir; default a fresh directory under java.io.tmpdir.
         *
         * @param baseDir directory.
         * @return this.
         */
        public Context baseDir(final Path baseDir)
        {
            this.baseDir = baseDir;
            return this;
        }

        /**
         * Fsync policy of every node.
         *
         * @param fsyncPolicy policy.
         * @return this.
         */
        public Context fsyncPolicy(final FsyncPolicy fsyncPolicy)
        {
            this.fsyncPolicy = fsyncPolicy;
            return this;
        }

        /**
         * The protocol: what builds every node's core (again on every restart). Required.
         *
         * @param nodeFactory the protocol's factory.
         * @return this.
         */
        public Context nodeFactory(final DirectNodeFactory nodeFactory)
        {
            this.nodeFactory = nodeFactory;
            return this;
        }

        /**
         * @return the protocol's factory, or null if not set yet.
         */
        public DirectNodeFactory nodeFactory()
        {
            return nodeFactory;
        }

        /**
         * @return the number of nodes.
         */
        public int nodeCount()
        {
            return nodeCount;
        }

        /**
         * @return whether a client may invoke the duty cycle.
         */
        public boolean clientInvoked()
        {
            return clientInvoked;
        }

        /**
         * Validate every setting, once; {@link InProcessCluster#launch(Context)} calls it.
         * Idempotent.
         *
         * @return this.
         * @throws IllegalArgumentException naming the first bad setting.
         */
        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            require(null != nodeFactory, "nodeFactory must be set");
            require(null != stateMachines, "stateMachines must be set");
            require(null != fsyncPolicy, "fsyncPolicy must be set");
            require(null != idleStrategy, "idleStrategy must be set");
            require(nodeCount >= 1 && nodeCount <= 63, "nodeCount must be 1..63, got " + nodeCount);
            require(agentThreads >= 1 && agentThreads <= nodeCount,
                "agentThreads must be 1.." + nodeCount + ", got " + agentThreads);
            require(!clientInvoked || 1 == agentThreads,
                "a client-invoked cluster runs on one agent thread, got " + agentThreads);
            require(0 == udpBasePort || (udpBasePort >= 1024 && udpBasePort + nodeCount <= 65535),
                "udpBasePort must be 0 (IPC) or leave room for " + nodeCount + " ports in 1024..65535, got " + udpBasePort);
            require(maxCommandLength > 0, "maxCommandLength must be > 0, got " + maxCommandLength);
            require(electionTimeoutMinNs > 0 && electionTimeoutMaxNs > electionTimeoutMinNs,
                "need 0 < election timeout min < max, got " + electionTimeoutMinNs + " ns, " + electionTimeoutMaxNs + " ns");
            require(heartbeatIntervalNs > 0 && heartbeatIntervalNs < electionTimeoutMinNs,
                "need 0 < heartbeat interval < election timeout min, got " + heartbeatIntervalNs + " ns");
            final int frameLength = nodeFactory.maxFrameLength(maxCommandLength);
            // An Aeron message is at most term length / 8; 64 KiB terms carry the default 7 KiB batches.
            require(frameLength <= MAX_IPC_FRAME_LENGTH, "frames of " + frameLength + " bytes exceed the " +
                MAX_IPC_FRAME_LENGTH + "-byte Aeron message limit of 64 KiB terms: lower the protocol's batch size or maxCommandLength");
            concluded = true;
            return this;
        }

        private static void require(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(message);
            }
        }

        /**
         * State machine per node id; called again on every restart.
         *
         * @param stateMachines factory.
         * @return this.
         */
        public Context stateMachines(final IntFunction<StateMachine> stateMachines)
        {
            this.stateMachines = stateMachines;
            return this;
        }

        /**
         * Election timeout range.
         *
         * @param minMs lower bound in ms.
         * @param maxMs upper bound in ms.
         * @return this.
         */
        public Context electionTimeoutMs(final long minMs, final long maxMs)
        {
            this.electionTimeoutMinNs = TimeUnit.MILLISECONDS.toNanos(minMs);
            this.electionTimeoutMaxNs = TimeUnit.MILLISECONDS.toNanos(maxMs);
            return this;
        }

        /**
         * Lower bound of the randomized election timeout.
         *
         * @return nanoseconds.
         */
        public long electionTimeoutMinNs()
        {
            return electionTimeoutMinNs;
        }

        /**
         * Upper bound of the randomized election timeout: with the round trips of an election, the
         * longest a cluster should stay without a leader after the leader dies.
         *
         * @return nanoseconds.
         */
        public long electionTimeoutMaxNs()
        {
            return electionTimeoutMaxNs;
        }

        /**
         * Heartbeat interval.
         *
         * @param intervalMs interval in ms.
         * @return this.
         */
        public Context heartbeatIntervalMs(final long intervalMs)
        {
            this.heartbeatIntervalNs = TimeUnit.MILLISECONDS.toNanos(intervalMs);
            return this;
        }

        /**
         * Largest command.
         *
         * @param maxCommandLength bytes.
         * @return this.
         */
        public Context maxCommandLength(final int maxCommandLength)
        {
            this.maxCommandLength = maxCommandLength;
            return this;
        }

        /**
         * Idle strategy of the agent thread.
         *
         * @param idleStrategy strategy.
         * @return this.
         */
        public Context idleStrategy(final IdleStrategy idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }

        /**
         * Whether {@link #close()} deletes the data directories.
         *
         * @param deleteDataOnClose true to delete.
         * @return this.
         */
        public Context deleteDataOnClose(final boolean deleteDataOnClose)
        {
            this.deleteDataOnClose = deleteDataOnClose;
            return this;
        }
    }

    private final Context ctx;
    private final Path baseDir;
    private final Path aeronDir;
    private final int[] members;
    private final MediaDriver driver;
    private final InvokedAeron invoked;
    private final Aeron aeron;
    private final NodeAgent[] agents;
    private final RingBuffer[] ingress;
    private final ClientRegistry registry;
    private final AgentRunner[] runners;
    private final SharedDutyCycle sharedDutyCycle;
    private final CachedNanoClock dutyCycleClock = new CachedNanoClock();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    private InProcessCluster(final Context ctx)
    {
        this.ctx = ctx.conclude();
        try
        {
            final Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
            baseDir = null != ctx.baseDir ? Files.createDirectories(ctx.baseDir) : Files.createTempDirectory(tmp, ctx.nodeFactory.protocolName() + "-lockfree-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create cluster directory", ex);
        }
        aeronDir = baseDir.resolve("aeron");
        members = new int[ctx.nodeCount];
        for (int i = 0; i < members.length; i++)
        {
            members[i] = i + 1;
        }

        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir.toString())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .ipcTermBufferLength(64 * 1024)
            .publicationTermBufferLength(64 * 1024)
            .termBufferSparseFile(true)
            .errorHandler(this::onError);
        final Aeron.Context clientContext = new Aeron.Context().errorHandler(this::onError);
        MediaDriver launchedDriver = null;
        InvokedAeron launchedInvoked = null;
        Aeron connected = null;
        NodeAgent[] built = null;
        try
        {
            if (ctx.driverOnAgentThread)
            {
                launchedInvoked = InvokedAeron.launch(driverContext, clientContext);
                connected = launchedInvoked.aeron();
            }
            else
            {
                launchedDriver = MediaDriver.launch(driverContext
                    .threadingMode(ThreadingMode.SHARED)
                    .sharedIdleStrategy(new BackoffIdleStrategy(100, 10, 1_000, 100_000)));
                connected = Aeron.connect(clientContext.aeronDirectoryName(aeronDir.toString()));
            }
            registry = new ClientRegistry(ctx.maxClients);
            ingress = new RingBuffer[members.length];
            built = new NodeAgent[members.length];
            final DirectNodeFactory factory = ctx.nodeFactory;
            // On one agent thread the nodes share a clock read once per duty cycle (by the first
            // agent of the composite) instead of each reading it: clock_gettime was 14% of the
            // thread's samples at 150k ops/s with the cluster on the sender thread.
            final NanoClock nodeClock = 1 == ctx.agentThreads ? dutyCycleClock : SystemNanoClock.INSTANCE;
            final String[] channels = new String[members.length];
            for (int slot = 0; slot < members.length; slot++)
            {
                channels[slot] = 0 == ctx.udpBasePort ? NodeChannels.IPC_CHANNEL :
                    NodeChannels.udpChannel("127.0.0.1:" + (ctx.udpBasePort + members[slot]));
            }
            for (int slot = 0; slot < members.length; slot++)
            {
                final int nodeId = members[slot];
                ingress[slot] = new ManyToOneRingBuffer(new UnsafeBuffer(
                    ByteBuffer.allocateDirect(ctx.ingressCapacity + RingBufferDescriptor.TRAILER_LENGTH)));
                final int[] restarts = {0};
                built[slot] = new NodeAgent(
                    nodeId, members, connected, channels, channels[slot], factory,
                    (outbox, responder) -> new NodeConfig(
                        ctx.clusterId, nodeId, members, outbox, responder, ctx.stateMachines.apply(nodeId),
                        baseDir.resolve("node-" + nodeId), ctx.fsyncPolicy,
                        nodeId * 0x9E3779B97F4A7C15L + restarts[0]++,
                        ctx.electionTimeoutMinNs, ctx.electionTimeoutMaxNs, ctx.heartbeatIntervalNs,
                        ctx.maxCommandLength),
                    ingress[slot], registry, nodeClock, ctx.maxBacklogBytes);
            }
        }
        catch (final RuntimeException ex)
        {
            if (null != built)
            {
                for (final NodeAgent agent : built)
                {
                    if (null != agent)
                    {
                        agent.onClose();
                    }
                }
            }
            if (null != launchedInvoked)
            {
                launchedInvoked.close();
            }
            else
            {
                CloseHelper.quietCloseAll(connected, launchedDriver);
            }
            throw ex;
        }
        driver = launchedDriver;
        invoked = launchedInvoked;
        aeron = connected;
        agents = built;
        runners = new AgentRunner[ctx.agentThreads];
        SharedDutyCycle shared = null;
        for (int t = 0; t < runners.length; t++)
        {
            final List<Agent> share = new ArrayList<>();
            if (1 == runners.length)
            {
                share.add(new ClockAgent(dutyCycleClock));
            }
            if (0 == t && null != invoked)
            {
                share.add(0 == ctx.udpBasePort ?
                    new StridedAgent(invoked.dutyAgent(), IPC_DRIVER_DUTY_STRIDE) : invoked.dutyAgent());
            }
            for (int slot = t; slot < agents.length; slot += runners.length)
            {
                share.add(agents[slot]);
            }
            // Each runner needs its own idle strategy instance: they hold per-thread state.
            final IdleStrategy idle = 0 == t ? ctx.idleStrategy : new BackoffIdleStrategy(100, 10, 1_000, 100_000);
            if (0 == t && ctx.clientInvoked)
            {
                shared = new SharedDutyCycle(new CompositeAgent(share), this::onError);
                runners[t] = new AgentRunner(shared.standby(idle), this::onError, null, shared);
            }
            else
            {
                runners[t] = new AgentRunner(idle, this::onError, null, new CompositeAgent(share));
            }
        }
        sharedDutyCycle = shared;
        for (final AgentRunner runner : runners)
        {
            AgentRunner.startOnThread(runner);
        }
    }

    /**
     * Launch a cluster; nodes start electing at once.
     *
     * @param ctx settings.
     * @return the running cluster.
     */
    public static InProcessCluster launch(final Context ctx)
    {
        return new InProcessCluster(ctx);
    }

    /**
     * Run one duty cycle of every node (and of the invoked driver) on the calling thread, unless
     * the agent thread is running one; for a cluster launched with {@link Context#clientInvoked}.
     * Call it from one client thread, as often as that thread has nothing else to do.
     *
     * @return the work done (0 if the cycle was busy on the agent thread).
     * @throws IllegalStateException if the cluster was not launched client-invoked.
     */
    public int invoke()
    {
        if (null == sharedDutyCycle)
        {
            throw new IllegalStateException("the cluster was not launched with clientInvoked(true)");
        }
        // the time of the last cycle is precise enough for the agent thread's 5 ms stand-by, and free
        return sharedDutyCycle.invoke(dutyCycleClock.nanoTime());
    }

    /**
     * Whether a client may {@link #invoke()} the duty cycle.
     *
     * @return true if launched with {@link Context#clientInvoked}.
     */
    public boolean isClientInvoked()
    {
        return null != sharedDutyCycle;
    }

    /**
     * A new client session (ids are assigned 1, 2, ...).
     *
     * @return the client; use it from one thread.
     */
    public InProcessClient newClient()
    {
        return newClient(ctx.egressCapacity);
    }

    /**
     * A new client session with an egress buffer of its own size. The nodes drop an outcome the
     * buffer has no room for (counted, see {@link #droppedResponses()}), so a client that keeps
     * many requests in flight should size it to hold an answer for each.
     *
     * @param egressCapacity bytes of answers the buffer holds, a power of two.
     * @return the client; use it from one thread.
     */
    public InProcessClient newClient(final int egressCapacity)
    {
        return new InProcessClient(members, ingress, registry, egressCapacity, ctx.agentThreads > 1);
    }

    /**
     * Member ids (1..n).
     *
     * @return a copy.
     */
    public int[] members()
    {
        return members.clone();
    }

    /**
     * A node's agent, for status queries and faults.
     *
     * @param nodeId the node.
     * @return its agent.
     */
    public NodeAgent agent(final int nodeId)
    {
        return agents[nodeId - 1];
    }

    /**
     * The live leader with the highest term, as of the agents' last duty cycle.
     *
     * @return its id or {@link NodeConfig#NO_NODE}.
     */
    public int leaderId()
    {
        int leader = NodeConfig.NO_NODE;
        long term = -1;
        for (final NodeAgent agent : agents)
        {
            if (agent.isAlive() && Role.LEADER == agent.role() && agent.term() > term)
            {
                leader = agent.nodeId();
                term = agent.term();
            }
        }
        return leader;
    }

    /**
     * Wait for a leader (other than {@code excluded}).
     *
     * @param timeoutMs bound on the wait.
     * @param excluded  a node id not to accept, or {@link NodeConfig#NO_NODE}.
     * @return the leader's id.
     * @throws IllegalStateException if none within the timeout.
     */
    public int awaitLeader(final long timeoutMs, final int excluded)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadlineNs)
        {
            final int leader = leaderId();
            if (NodeConfig.NO_NODE != leader && leader != excluded)
            {
                return leader;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        throw new IllegalStateException("no leader within " + timeoutMs + " ms");
    }

    /**
     * Kill a node (process crash) and wait until the agent thread has done it.
     *
     * @param nodeId    the node.
     * @param powerLoss whether un-fsynced writes are lost too.
     */
    public void kill(final int nodeId, final boolean powerLoss)
    {
        agent(nodeId).kill(powerLoss);
        awaitControl(agent(nodeId));
    }

    /**
     * Restart a killed node from its data directory and wait until it runs.
     *
     * @param nodeId the node.
     */
    public void restart(final int nodeId)
    {
        agent(nodeId).restart();
        awaitControl(agent(nodeId));
    }

    /**
     * Cut or restore every link of a node (both directions, on both ends).
     *
     * @param nodeId   the node.
     * @param isolated whether cut.
     */
    public void isolate(final int nodeId, final boolean isolated)
    {
        agent(nodeId).isolate(isolated);
        for (final NodeAgent other : agents)
        {
            if (other.nodeId() != nodeId)
            {
                other.blockPeer(nodeId, isolated);
            }
        }
    }

    /**
     * Errors reported by the agents, the driver or the client since launch.
     *
     * @return a live view.
     */
    public List<Throwable> errors()
    {
        return errors;
    }

    /**
     * Outcomes lost because a client's egress was full.
     *
     * @return the count.
     */
    public long droppedResponses()
    {
        return registry.droppedResponses();
    }

    /**
     * The thread running every node's agent (the first of them with {@link Context#agentThreads(int)}
     * above 1), for allocation and CPU accounting.
     *
     * @return the thread, or null before it started.
     */
    public Thread agentThread()
    {
        return runners[0].thread();
    }

    /**
     * The aeron directory of the embedded driver (deleted on close).
     *
     * @return the path.
     */
    public Path aeronDir()
    {
        return aeronDir;
    }

    /**
     * Directory holding the nodes' data.
     *
     * @return the path.
     */
    public Path baseDir()
    {
        return baseDir;
    }

    /** Stop the agents (closing the nodes), the client and the driver; delete data if configured. */
    @Override
    public void close()
    {
        CloseHelper.quietCloseAll(runners);
        if (null != invoked)
        {
            invoked.close();
        }
        else
        {
            CloseHelper.quietCloseAll(aeron, driver);
        }
        IoUtil.delete(aeronDir.toFile(), true);
        if (ctx.deleteDataOnClose)
        {
            IoUtil.delete(baseDir.toFile(), true);
        }
    }

    /**
     * Runs its delegate on every {@code stride}-th duty cycle, and on every cycle while the
     * delegate reports work. Over IPC the embedded driver's only steady work is moving publisher
     * limits (the receiver and sender agents have no sockets) and the client conductor's is
     * keep-alives; invoked on every cycle, with a clock read in each of its four agents, they were
     * 6.7% of the one busy thread at 500k ops/s.
     */
    static final class StridedAgent implements Agent
    {
        private final Agent delegate;
        private final int stride;
        private int skipped;
        private boolean busy = true;

        StridedAgent(final Agent delegate, final int stride)
        {
            this.delegate = delegate;
            this.stride = stride;
        }

        @Override
        public int doWork() throws Exception
        {
            if (!busy && ++skipped < stride)
            {
                return 0;
            }
            skipped = 0;
            final int work = delegate.doWork();
            busy = work > 0;
            return work;
        }

        @Override
        public void onStart()
        {
            delegate.onStart();
        }

        @Override
        public void onClose()
        {
            delegate.onClose();
        }

        @Override
        public String roleName()
        {
            return delegate.roleName();
        }
    }

    /** First agent of a single-thread composite: reads the clock once for the whole duty cycle. */
    private static final class ClockAgent implements Agent
    {
        private final CachedNanoClock clock;

        ClockAgent(final CachedNanoClock clock)
        {
            this.clock = clock;
            clock.update(System.nanoTime());
        }

        @Override
        public int doWork()
        {
            clock.update(System.nanoTime());
            return 0;
        }

        @Override
        public String roleName()
        {
            return "clock";
        }
    }

    private void awaitControl(final NodeAgent agent)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!agent.controlDone())
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("agent of node " + agent.nodeId() + " did not act within 10 s");
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
        }
    }

    private void onError(final Throwable error)
    {
        errors.add(error);
        System.err.println(ctx.nodeFactory.protocolName() + " cluster error: " + error);
    }
}
