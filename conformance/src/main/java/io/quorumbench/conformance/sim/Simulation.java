package io.quorumbench.conformance.sim;

import io.quorumbench.api.consensus.ClientResponder;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.conformance.check.InvariantChecker;
import io.quorumbench.conformance.history.History;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * A deterministic simulation of one cluster of {@link ProtocolNode}s: a virtual clock and an event
 * queue, the nodes and their incarnations, simulated clients, and an {@link InvariantChecker} run
 * after every step. Its parts:
 * <ul>
 *   <li>{@link SimulatedNetwork}, the network model: delivery, delays, drops, duplicates,
 *       corruption, reordering, cut links and clogged nodes;</li>
 *   <li>{@link FaultDriver}, the fault schedule of the {@link FaultPlan}: partitions, swizzle-clog,
 *       crashes and restarts, crashes on a new term;</li>
 *   <li>{@link ScriptedRun}, the scripted run of {@link #run}: faults, heal, tail, liveness,
 *       convergence, linearizability;</li>
 *   <li>a {@link Workload}: the state machine every node replicates and the {@link ClientModel} of
 *       its clients ({@link KvClientModel#workload()} unless given).</li>
 * </ul>
 *
 * <p><b>Determinism</b>: everything random comes from one {@link SplittableRandom} seeded with the
 * run's seed (node seeds included), and events run one at a time in (virtual time, sequence) order
 * on the calling thread, so a seed replays exactly; {@link #traceHash()} proves it. Nodes must be
 * deterministic too (the SPI requires it).
 *
 * <p>Node ids are {@code 1..n} (not 0-based, so an implementation that confuses ids with array
 * positions shows it). Each node has its own data directory under a temporary directory that is
 * deleted by {@link #close()}.
 *
 * <p>Use {@link #run} for a whole scripted run (faults, heal, liveness, convergence,
 * linearizability), or drive an instance step by step ({@link #start}, {@link #runUntil},
 * {@link #heal}, {@link #inject}) for targeted tests.
 *
 * <p><b>Threading</b>: single-threaded; not thread-safe.
 */
public final class Simulation implements AutoCloseable
{
    /** Event kinds, folded into the trace hash. */
    private static final int TICK = 1;
    private static final int DELIVER = 2;
    private static final int CLIENT_REQUEST = 3;
    private static final int CLIENT_EVENT = 4;
    private static final int FAULT = 5;
    private static final int INJECT = 6;
    private static final String[] KIND_NAMES = { "?", "tick", "deliver", "client-request", "client", "fault", "inject" };

    private static final long CLIENT_MIN_DELAY_NS = 50_000L;
    private static final long CLIENT_MAX_DELAY_NS = 500_000L;
    private static final int RECENT_EVENTS = 48;

    private final ProtocolNodeFactory factory;
    private final Workload<?> workload;
    private final SimulationConfig config;
    private final FaultPlan plan;
    private final long seed;
    private final SplittableRandom random;
    private final PriorityQueue<Event> queue = new PriorityQueue<>(
        Comparator.comparingLong((Event e) -> e.timeNs).thenComparingLong(e -> e.sequence));
    private final int[] nodeIds;
    private final NodeSlot[] slots;
    private final InvariantChecker checker;
    private final History history = new History();
    private final SimulationStats stats = new SimulationStats();
    private final List<SimClient> clients = new ArrayList<>();
    private final Map<Long, SimClient> clientsById = new HashMap<>();
    private final SimulatedNetwork network;
    private final FaultDriver faults;
    private final ClientModel.ClientContext clientContext;
    private final long[] recentTime = new long[RECENT_EVENTS];
    private final int[] recentKind = new int[RECENT_EVENTS];
    private final int[] recentNode = new int[RECENT_EVENTS];
    private final long[] recentDetail = new long[RECENT_EVENTS];
    private Path baseDir;
    private long nowNs;
    private long sequence;
    private long eventCount;
    private long traceHash = 0xcbf29ce484222325L;
    private boolean clientsStopped;
    private long nextClientId = 1;
    private int nextProcess;
    private int nextValue;
    private boolean started;

    /** Sees every frame a node hands to its outbox, before faults; for tests that capture real frames. */
    @FunctionalInterface
    public interface FrameTap
    {
        /**
         * A frame was sent.
         *
         * @param from  sender.
         * @param to    destination.
         * @param frame a copy of the frame, owned by the tap.
         */
        void onFrame(int from, int to, byte[] frame);
    }

    /**
     * A simulation of the KV workload ({@link KvClientModel#workload()}), not yet started.
     *
     * @param factory the implementation under test.
     * @param config  cluster and run shape.
     * @param plan    the faults.
     * @param seed    the seed every random choice derives from.
     */
    public Simulation(final ProtocolNodeFactory factory, final SimulationConfig config, final FaultPlan plan, final long seed)
    {
        this(factory, KvClientModel.workload(), config, plan, seed);
    }

    /**
     * A simulation, not yet started.
     *
     * @param factory  the implementation under test.
     * @param workload the state machine the nodes replicate and the model of its clients.
     * @param config   cluster and run shape.
     * @param plan     the faults.
     * @param seed     the seed every random choice derives from.
     */
    public Simulation(
        final ProtocolNodeFactory factory,
        final Workload<?> workload,
        final SimulationConfig config,
        final FaultPlan plan,
        final long seed)
    {
        this.factory = factory;
        this.workload = workload;
        this.config = config;
        this.plan = plan;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        final int n = config.nodes();
        nodeIds = new int[n];
        slots = new NodeSlot[n];
        for (int i = 0; i < n; i++)
        {
            nodeIds[i] = i + 1;
            slots[i] = new NodeSlot(i + 1);
        }
        network = new SimulatedNetwork(this, plan, n);
        faults = new FaultDriver(this, network, plan, n);
        clientContext = new ClientModel.ClientContext()
        {
            @Override
            public SplittableRandom random()
            {
                return random;
            }

            @Override
            public int keys()
            {
                return config.keys();
            }

            @Override
            public String uniqueValue(final int clientIndex)
            {
                return "c" + clientIndex + "-" + (nextValue++);
            }
        };
        checker = new InvariantChecker(nodeIds, this::node, config.invariants());
        checker.context(context());
        checker.relaxed(plan.powerLoss() && config.fsyncPolicy() == FsyncPolicy.NONE);
    }

    /**
     * Run the whole script for one seed of the KV workload: fault phase, heal, tail, probe write
     * and final reads within the liveness bound, convergence of every replica, then the
     * linearizability check.
     *
     * @param factory the implementation under test.
     * @param config  cluster and run shape.
     * @param plan    the faults.
     * @param seed    the seed.
     * @return what happened.
     * @throws SimulationFailure naming seed and plan if anything is wrong.
     */
    public static SimulationResult run(
        final ProtocolNodeFactory factory, final SimulationConfig config, final FaultPlan plan, final long seed)
    {
        return run(factory, KvClientModel.workload(), config, plan, seed);
    }

    /**
     * Run the whole script for one seed of a workload (see {@link ScriptedRun}).
     *
     * @param factory  the implementation under test.
     * @param workload the state machine and its client model.
     * @param config   cluster and run shape.
     * @param plan     the faults.
     * @param seed     the seed.
     * @return what happened.
     * @throws SimulationFailure naming seed and plan if anything is wrong.
     */
    public static SimulationResult run(
        final ProtocolNodeFactory factory,
        final Workload<?> workload,
        final SimulationConfig config,
        final FaultPlan plan,
        final long seed)
    {
        try (Simulation simulation = new Simulation(factory, workload, config, plan, seed))
        {
            return new ScriptedRun(simulation).run();
        }
    }

    /**
     * The failure for an error, with seed, plan, node states and recent events.
     *
     * @param cause what went wrong.
     * @return the failure to throw.
     */
    public SimulationFailure failure(final Throwable cause)
    {
        final String what = cause instanceof AssertionError ? cause.getMessage() :
            cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new SimulationFailure("simulation failed at " + nowNs / 1_000_000 + " ms virtual: " + what + "\n  " +
            context() + "\n  plan " + plan.describe() + "\n  config " + config + "\n  nodes " + describeNodes() +
            "\n  last events:\n" + recentEvents() + "  replay: -Dqb.seed=" + seed + " -Dqb.plan=" + plan.name(), seed, cause);
    }

    private String context()
    {
        return "[seed=" + seed + " plan=" + plan.name() + " nodes=" + config.nodes() + " fsync=" + config.fsyncPolicy() + "]";
    }

    /**
     * Build every node. Idempotent.
     */
    public void start()
    {
        if (started)
        {
            return;
        }
        started = true;
        try
        {
            final Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(tmp);
            baseDir = Files.createTempDirectory(tmp, "qb-sim-" + seed + "-");
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot create simulation data directory", ex);
        }
        for (final NodeSlot slot : slots)
        {
            slot.dataDir = baseDir.resolve("node-" + slot.id);
            boot(slot);
            final long offset = random.nextLong(config.tickIntervalNs());
            schedule(offset, TICK, slot.id, 0, () -> tick(slot));
        }
    }

    /**
     * Process events in order until {@code done} is true (checked after each event) or virtual time
     * would pass {@code deadlineNs}; the clock ends at the deadline if not done.
     *
     * @param done       stop condition.
     * @param deadlineNs virtual time limit.
     * @return whether {@code done} became true.
     */
    public boolean runUntil(final BooleanSupplier done, final long deadlineNs)
    {
        start();
        if (done.getAsBoolean())
        {
            return true;
        }
        while (!queue.isEmpty() && queue.peek().timeNs <= deadlineNs)
        {
            final Event event = queue.poll();
            nowNs = event.timeNs;
            execute(event);
            if (done.getAsBoolean())
            {
                return true;
            }
        }
        nowNs = Math.max(nowNs, deadlineNs);
        return false;
    }

    private void execute(final Event event)
    {
        eventCount++;
        final int slot = (int)(eventCount % RECENT_EVENTS);
        recentTime[slot] = event.timeNs;
        recentKind[slot] = event.kind;
        recentNode[slot] = event.node;
        recentDetail[slot] = event.detail;
        traceHash = mix(mix(mix(mix(traceHash, event.timeNs), event.kind), event.node), event.detail);
        final NodeSlot target = event.node > 0 ? slots[event.node - 1] : null;
        final ProtocolNode before = null == target ? null : target.node;
        final long termBefore = null == before ? -1 : before.term();
        event.action.run();
        if (event.node > 0)
        {
            checker.afterStep(event.node);
            if (faults.active())
            {
                faults.afterNodeEvent(event.node, null != before && before == target.node && before.term() > termBefore &&
                    before.role() == Role.FOLLOWER);
            }
        }
    }

    /**
     * Start the fault phase: from now on the plan's network faults apply to every frame and its
     * partition and crash schedules run, until {@link #heal()}.
     */
    public void startFaults()
    {
        start();
        faults.start();
    }

    /**
     * End the fault phase: stop scheduled faults, remove partitions and clogs (held frames are then
     * delivered), restart every crashed node.
     */
    public void heal()
    {
        faults.heal();
        checker.checkAll();
    }

    /**
     * Deliver a frame straight to a node, outside the network, and check invariants after it.
     *
     * @param to    destination node.
     * @param from  sender as the transport reports it (may be an unknown id).
     * @param frame the bytes.
     */
    public void inject(final int to, final int from, final byte[] frame)
    {
        final NodeSlot slot = slot(to);
        final Event event = new Event(nowNs, sequence++, INJECT, to, hash(frame, frame.length), () ->
        {
            if (null != slot.node)
            {
                final ProtocolNode node = slot.node;
                guard(slot, "onMessage(injected)", () -> node.onMessage(from, frame, 0, frame.length));
            }
        });
        execute(event);
    }

    /**
     * Install a tap that sees every frame sent.
     *
     * @param tap the tap, or {@code null} to remove it.
     */
    public void frameTap(final FrameTap tap)
    {
        network.frameTap(tap);
    }

    /**
     * Start client load without the scripted phases: {@code count} clients issue operations until
     * {@link #stopClients()}.
     *
     * @param count number of clients.
     */
    public void startClients(final int count)
    {
        start();
        for (int i = 0; i < count; i++)
        {
            startClient();
        }
    }

    /** A free-running client, first operation after a random think time. */
    void startClient()
    {
        final SimClient client = newClient(false);
        schedule(random.nextLong(config.maxThinkTimeNs() + 1), CLIENT_EVENT, -1, client.index, client::issueNext);
    }

    /** Clients issue no new operations; outstanding ones finish or time out. */
    public void stopClients()
    {
        clientsStopped = true;
    }

    /**
     * Current incarnation of a node.
     *
     * @param id node id.
     * @return the node, or {@code null} while it is down.
     */
    public ProtocolNode node(final int id)
    {
        return slot(id).node;
    }

    /**
     * Member ids, {@code 1..n}.
     *
     * @return a copy.
     */
    public int[] nodeIds()
    {
        return nodeIds.clone();
    }

    /**
     * The live node that is leader in the highest term.
     *
     * @return its id, or {@link NodeConfig#NO_NODE}.
     */
    public int leader()
    {
        int leader = NodeConfig.NO_NODE;
        long term = -1;
        for (final NodeSlot slot : slots)
        {
            if (null != slot.node && slot.node.role() == Role.LEADER && slot.node.term() > term)
            {
                term = slot.node.term();
                leader = slot.id;
            }
        }
        return leader;
    }

    /**
     * Virtual time.
     *
     * @return nanoseconds since the start.
     */
    public long nowNs()
    {
        return nowNs;
    }

    /**
     * Hash of every event executed so far, in order.
     *
     * @return the hash.
     */
    public long traceHash()
    {
        return traceHash;
    }

    /**
     * The run's history so far.
     *
     * @return the history.
     */
    public History history()
    {
        return history;
    }

    /**
     * The invariant checker.
     *
     * @return the checker.
     */
    public InvariantChecker checker()
    {
        return checker;
    }

    /**
     * Counters so far.
     *
     * @return the stats (live object).
     */
    public SimulationStats stats()
    {
        collectStats();
        return stats;
    }

    /**
     * Operations completed ok so far.
     *
     * @return the count.
     */
    public long opsOk()
    {
        return stats.opsOk;
    }

    /**
     * Whether every node is up with the same commit index, fully applied, and at least the highest
     * index known committed.
     *
     * @return true when converged.
     */
    public boolean converged()
    {
        final long target = checker.maxCommitted();
        for (final NodeSlot slot : slots)
        {
            final ProtocolNode node = slot.node;
            if (null == node || node.commitIndex() < target || node.lastApplied() != node.commitIndex() ||
                node.commitIndex() != slots[0].node.commitIndex())
            {
                return false;
            }
        }
        return true;
    }

    /**
     * One line per node: role, term, commit, applied, last index, rejected frames.
     *
     * @return the description.
     */
    public String describeNodes()
    {
        final StringBuilder sb = new StringBuilder();
        for (final NodeSlot slot : slots)
        {
            sb.append(sb.length() == 0 ? "" : "; ").append(slot.id).append(':');
            final ProtocolNode node = slot.node;
            if (null == node)
            {
                sb.append("down");
                continue;
            }
            try
            {
                sb.append(node.role()).append(" t").append(node.term()).append(" commit=").append(node.commitIndex())
                    .append(" applied=").append(node.lastApplied()).append(" last=").append(node.lastLogIndex())
                    .append(" rejected=").append(node.rejectedFrames()).append(" leader=").append(node.leaderId());
            }
            catch (final RuntimeException ex)
            {
                sb.append("unreadable (").append(ex).append(')');
            }
        }
        return sb.toString();
    }

    private String recentEvents()
    {
        final StringBuilder sb = new StringBuilder();
        final long first = Math.max(1, eventCount - RECENT_EVENTS + 1);
        for (long e = first; e <= eventCount; e++)
        {
            final int slot = (int)(e % RECENT_EVENTS);
            sb.append("    ").append(recentTime[slot] / 1000).append("us ").append(KIND_NAMES[recentKind[slot]])
                .append(" node=").append(recentNode[slot]).append(" detail=").append(Long.toHexString(recentDetail[slot]))
                .append('\n');
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // nodes

    private NodeSlot slot(final int id)
    {
        if (id < 1 || id > slots.length)
        {
            throw new IllegalArgumentException("no node " + id + " (ids are 1.." + slots.length + ")");
        }
        return slots[id - 1];
    }

    private void boot(final NodeSlot slot)
    {
        slot.incarnation++;
        final int incarnation = slot.incarnation;
        slot.replica = Replica.of(workload);
        final StateMachine recording = new RecordingStateMachine(slot, incarnation);
        final NodeConfig nodeConfig = new NodeConfig(config.clusterId(), slot.id, nodeIds,
            (to, frame, offset, length) -> onSend(slot, incarnation, to, frame, offset, length),
            new Responder(slot, incarnation), recording, slot.dataDir, config.fsyncPolicy(), random.nextLong(),
            config.electionTimeoutMinNs(), config.electionTimeoutMaxNs(), config.heartbeatIntervalNs(),
            config.maxCommandLength());
        checker.onRestart(slot.id, slot.lostPower);
        slot.lostPower = false;
        slot.node = guardCreate(slot, nodeConfig);
        checker.afterStep(slot.id);
    }

    private ProtocolNode guardCreate(final NodeSlot slot, final NodeConfig nodeConfig)
    {
        try
        {
            final ProtocolNode node = factory.create(nodeConfig);
            if (null == node || node.nodeId() != slot.id)
            {
                throw new AssertionError("factory returned " + (null == node ? "null" : "node " + node.nodeId()) +
                    " for node " + slot.id);
            }
            return node;
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError("node " + slot.id + " threw while being built (incarnation " + slot.incarnation +
                "): " + ex, ex);
        }
    }

    private void guard(final NodeSlot slot, final String call, final Runnable action)
    {
        try
        {
            action.run();
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError("node " + slot.id + " threw in " + call + ": " + ex, ex);
        }
    }

    private void tick(final NodeSlot slot)
    {
        if (null != slot.node)
        {
            final ProtocolNode node = slot.node;
            final long now = nowNs;
            guard(slot, "onTick", () -> node.onTick(now));
        }
        schedule(nowNs + config.tickIntervalNs(), TICK, slot.id, 0, () -> tick(slot));
    }

    /**
     * Take a node down (its {@code crash}), if it is up.
     *
     * @param nodeId    the node.
     * @param powerLoss whether unsynced writes are lost.
     * @return the crash generation a restart must match, or -1 if the node was already down.
     */
    long crash(final int nodeId, final boolean powerLoss)
    {
        final NodeSlot slot = slot(nodeId);
        final ProtocolNode node = slot.node;
        if (null == node)
        {
            return -1;
        }
        slot.rejectedBefore += node.rejectedFrames();
        slot.node = null;
        stats.crashes++;
        if (powerLoss)
        {
            stats.powerLosses++;
        }
        guard(slot, "crash(" + powerLoss + ")", () -> node.crash(powerLoss));
        slot.lostPower = powerLoss;
        slot.crashGeneration++;
        return slot.crashGeneration;
    }

    /** Restart a node crashed in {@code generation} unless it was restarted since (by a heal). */
    void restartIfStillDown(final int nodeId, final long generation)
    {
        final NodeSlot slot = slot(nodeId);
        if (slot.crashGeneration == generation && null == slot.node)
        {
            restart(slot);
        }
    }

    /** Restart every node that is down, in id order. */
    void restartCrashedNodes()
    {
        for (final NodeSlot slot : slots)
        {
            if (null == slot.node)
            {
                restart(slot);
            }
        }
    }

    private void restart(final NodeSlot slot)
    {
        stats.restarts++;
        boot(slot);
    }

    private void collectStats()
    {
        long rejected = 0;
        for (final NodeSlot slot : slots)
        {
            rejected += slot.rejectedBefore + (null == slot.node ? 0 : slot.node.rejectedFrames());
        }
        stats.rejectedFrames = rejected;
        stats.maxCommitted = checker.maxCommitted();
        stats.termsWithLeader = checker.termsWithLeader();
    }

    /** Per-node state of the simulation across incarnations. */
    private static final class NodeSlot
    {
        final int id;
        Path dataDir;
        ProtocolNode node;
        Replica replica;
        int incarnation;
        long crashGeneration;
        long rejectedBefore;
        boolean lostPower;

        NodeSlot(final int id)
        {
            this.id = id;
        }
    }

    /** A node incarnation's state machine and how to digest its state. */
    private record Replica(StateMachine stateMachine, LongSupplier digest)
    {
        static <S extends StateMachine> Replica of(final Workload<S> workload)
        {
            final S stateMachine = workload.stateMachines().get();
            return new Replica(stateMachine, () -> workload.stateDigest().applyAsLong(stateMachine));
        }
    }

    /** Wraps the node's state machine and reports every apply to the invariant checker. */
    private final class RecordingStateMachine implements StateMachine
    {
        private final NodeSlot slot;
        private final int incarnation;
        private final StateMachine delegate;

        RecordingStateMachine(final NodeSlot slot, final int incarnation)
        {
            this.slot = slot;
            this.incarnation = incarnation;
            this.delegate = slot.replica.stateMachine();
        }

        @Override
        public int apply(final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
        {
            if (slot.incarnation == incarnation)
            {
                checker.onApplied(slot.id, logIndex, command, offset, length);
            }
            return delegate.apply(logIndex, command, offset, length, result);
        }

        @Override
        public int maxResultLength()
        {
            return delegate.maxResultLength();
        }

        @Override
        public boolean supportsSnapshots()
        {
            return delegate.supportsSnapshots();
        }

        @Override
        public byte[] snapshot()
        {
            return delegate.snapshot();
        }

        @Override
        public void restore(final long lastIncludedIndex, final byte[] image, final int offset, final int length)
        {
            delegate.restore(lastIncludedIndex, image, offset, length);
            if (slot.incarnation == incarnation)
            {
                checker.onRestored(slot.id, lastIncludedIndex);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // network

    private void onSend(
        final NodeSlot fromSlot, final int incarnation, final int to, final byte[] frame, final int offset, final int length)
    {
        if (fromSlot.incarnation != incarnation || null == fromSlot.node)
        {
            return;
        }
        stats.framesSent++;
        if (to < 1 || to > slots.length || to == fromSlot.id)
        {
            throw new AssertionError("node " + fromSlot.id + " sent a frame to " + to + ", not a peer");
        }
        network.send(fromSlot.id, to, Arrays.copyOfRange(frame, offset, offset + length));
    }

    /** A frame enters the network's delay; {@link SimulatedNetwork#arrive} decides its fate when it is over. */
    void scheduleDelivery(final long atNs, final int from, final int to, final byte[] bytes)
    {
        schedule(atNs, DELIVER, to, hash(bytes, bytes.length) ^ ((long)from << 56), () -> deliver(from, to, bytes));
    }

    private void deliver(final int from, final int to, final byte[] bytes)
    {
        final NodeSlot slot = slots[to - 1];
        if (network.arrive(from, to, bytes, null != slot.node))
        {
            final ProtocolNode node = slot.node;
            guard(slot, "onMessage(from " + from + ", " + bytes.length + " bytes)", () -> node.onMessage(from, bytes, 0, bytes.length));
        }
    }

    /** A fault event (not on a node): partitions, clogs, crashes, restarts. */
    void scheduleFault(final long atNs, final long detail, final Runnable action)
    {
        schedule(atNs, FAULT, -1, detail, action);
    }

    // ---------------------------------------------------------------------------------------------
    // random

    boolean chance(final double probability)
    {
        return probability > 0 && random.nextDouble() < probability;
    }

    // ---------------------------------------------------------------------------------------------
    // clients

    SimClient newClient(final boolean scripted)
    {
        final int index = clients.size();
        final SimClient client = new SimClient(this, index, scripted, workload.clients().newClient(index));
        clients.add(client);
        return client;
    }

    List<SimClient> clients()
    {
        return clients;
    }

    ClientModel.ClientContext clientContext()
    {
        return clientContext;
    }

    Workload<?> workload()
    {
        return workload;
    }

    FaultPlan plan()
    {
        return plan;
    }

    long seed()
    {
        return seed;
    }

    long eventCount()
    {
        return eventCount;
    }

    /** The state digest of every node's state machine, in id order. */
    long stateDigest(final int nodeId)
    {
        return slot(nodeId).replica.digest().getAsLong();
    }

    void collectedStats()
    {
        collectStats();
    }

    SplittableRandom random()
    {
        return random;
    }

    SimulationConfig config()
    {
        return config;
    }

    long now()
    {
        return nowNs;
    }

    boolean clientsStopped()
    {
        return clientsStopped;
    }

    /** The clients issue no new operations from now on (the run's tail is over). */
    void stopFreeClients()
    {
        clientsStopped = true;
    }

    History recordedHistory()
    {
        return history;
    }

    SimulationStats counters()
    {
        return stats;
    }

    int newProcess()
    {
        return nextProcess++;
    }

    long register(final SimClient client)
    {
        final long id = nextClientId++;
        clientsById.put(id, client);
        return id;
    }

    void retire(final long clientId)
    {
        clientsById.remove(clientId);
    }

    int nodeCount()
    {
        return slots.length;
    }

    void clientEvent(final long atNs, final int clientIndex, final Runnable action)
    {
        schedule(atNs, CLIENT_EVENT, -1, clientIndex, action);
    }

    long clientDelayNs()
    {
        return CLIENT_MIN_DELAY_NS + random.nextLong(CLIENT_MAX_DELAY_NS - CLIENT_MIN_DELAY_NS + 1);
    }

    /** Send a command from a client to a node after a client-link delay; lost if the node is down then. */
    void sendCommand(final int nodeId, final long clientId, final long sequence, final byte[] command)
    {
        final NodeSlot slot = slots[nodeId - 1];
        schedule(nowNs + clientDelayNs(), CLIENT_REQUEST, nodeId, (clientId << 32) ^ sequence, () ->
        {
            if (null != slot.node)
            {
                final ProtocolNode node = slot.node;
                guard(slot, "onClientCommand", () -> node.onClientCommand(clientId, sequence, command, 0, command.length));
            }
        });
    }

    /** Routes a node's client outcomes back to the clients after a client-link delay. */
    private final class Responder implements ClientResponder
    {
        private final NodeSlot slot;
        private final int incarnation;

        Responder(final NodeSlot slot, final int incarnation)
        {
            this.slot = slot;
            this.incarnation = incarnation;
        }

        @Override
        public void onCommitted(
            final long clientId, final long sequence, final long logIndex, final byte[] result, final int offset, final int length)
        {
            if (slot.incarnation != incarnation)
            {
                return;
            }
            final byte[] copy = Arrays.copyOfRange(result, offset, offset + length);
            final SimClient client = clientsById.get(clientId);
            if (null != client)
            {
                traceHash = mix(mix(traceHash, sequence), hash(copy, copy.length));
                clientEvent(nowNs + clientDelayNs(), client.index, () -> client.onCommitted(clientId, sequence, logIndex, copy));
            }
        }

        @Override
        public void onRejected(final long clientId, final long sequence, final RejectReason reason, final int leaderHint)
        {
            if (slot.incarnation != incarnation)
            {
                return;
            }
            final SimClient client = clientsById.get(clientId);
            if (null != client)
            {
                traceHash = mix(mix(traceHash, sequence), reason.ordinal());
                clientEvent(nowNs + clientDelayNs(), client.index,
                    () -> client.onRejected(clientId, sequence, reason, leaderHint, slot.id));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // events

    private void schedule(final long atNs, final int kind, final int node, final long detail, final Runnable action)
    {
        queue.add(new Event(atNs, sequence++, kind, node, detail, action));
    }

    private static final class Event
    {
        final long timeNs;
        final long sequence;
        final int kind;
        final int node;
        final long detail;
        final Runnable action;

        Event(final long timeNs, final long sequence, final int kind, final int node, final long detail, final Runnable action)
        {
            this.timeNs = timeNs;
            this.sequence = sequence;
            this.kind = kind;
            this.node = node;
            this.detail = detail;
            this.action = action;
        }
    }

    static long mix(final long hash, final long value)
    {
        long h = hash ^ value;
        h *= 0x9E3779B97F4A7C15L;
        return h ^ (h >>> 29);
    }

    static long hash(final byte[] bytes, final int length)
    {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < length; i++)
        {
            h = (h ^ (bytes[i] & 0xFF)) * 0x100000001b3L;
        }
        return h;
    }

    /** Closes every live node and deletes the data directories. */
    @Override
    public void close()
    {
        RuntimeException first = null;
        for (final NodeSlot slot : slots)
        {
            final ProtocolNode node = slot.node;
            slot.node = null;
            if (null != node)
            {
                try
                {
                    node.close();
                }
                catch (final RuntimeException ex)
                {
                    first = null == first ? ex : first;
                }
            }
        }
        if (null != baseDir)
        {
            try (Stream<Path> paths = Files.walk(baseDir))
            {
                for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
                {
                    Files.deleteIfExists(path);
                }
            }
            catch (final IOException ex)
            {
                first = null == first ? new IllegalStateException("cannot delete " + baseDir, ex) : first;
            }
        }
        if (null != first)
        {
            throw first;
        }
    }
}
