package io.quorumbench.baseline.paxos;

import io.quorumbench.api.consensus.ClientResponder;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.paxos.AcceptorView;
import io.quorumbench.api.paxos.Ballot;
import io.quorumbench.api.paxos.PaxosOptions;
import io.quorumbench.baseline.codec.DroppedFrames;
import io.quorumbench.baseline.raft.ClientSessions;
import io.quorumbench.baseline.raft.Entry;
import io.quorumbench.baseline.raft.PendingCommands;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The baseline Multi-Paxos core: one node's proposer, acceptor and learner, driven by
 * {@link #onMessage}, {@link #onTick} and {@link #onClientCommand} like the baseline Raft's
 * {@code RaftNode}, after "Paxos Made Moderately Complex" (van Renesse and Altinbuken) with a
 * stable, batching, pipelining leader.
 *
 * <p><b>Rules implemented</b>:
 * <ul>
 *   <li><b>Leader election</b>: a node that hears from no leader within a randomized election
 *       timeout picks a ballot {@code (round, nodeId)} above every round it has seen and runs
 *       phase 1 <em>once for every slot above its chosen prefix</em> (Prepare with
 *       {@code fromSlot}); the acceptor promises (durably, before it answers) and returns every
 *       accepted {@code (ballot, value)} from that slot on. A refusal carries the higher promise
 *       and sends the candidate back to follower.</li>
 *   <li><b>Takeover</b> (P2c): with promises from a majority the new leader proposes, per slot up to
 *       the highest reported, the value of the highest accepted ballot, and a no-op where nobody
 *       accepted anything (holes), before any new command.</li>
 *   <li><b>Phase 2 per batch</b>: queued client commands are cut into one slot value
 *       ({@link SlotValue}) of at most {@link PaxosOptions#maxBatchCommands()} commands (the
 *       {@code batch} option) and {@link #MAX_BATCH_BYTES} bytes, with up to
 *       {@link PaxosOptions#windowSlots()} slots beyond the chosen prefix in flight (the {@code window}
 *       option, default {@link #WINDOW}). Batching is adaptive by default ({@code batch=adaptive}:
 *       bytes bound a batch): a batch is cut at the end of a step whenever the window has room, so it
 *       holds one command when idle and grows when the window is full. Acceptors accept in any order.</li>
 *   <li><b>Commit</b>: a slot is chosen when a majority (the leader counting itself only for a
 *       durable accept) accepted it in the leader's ballot; acks of any other ballot are ignored.
 *       The chosen prefix (commit point) rides on every Accept and on heartbeats (Commit); a
 *       replica marks a slot chosen from it only if it accepted that slot in the same ballot,
 *       otherwise the leader ships the chosen value (catch-up) once the replica reports it lags.</li>
 *   <li><b>Execution</b>: in slot order, never past a hole; sessions ({@link ClientSessions}, shared
 *       with the baseline Raft) make a command chosen in two slots (a retry) apply once.</li>
 *   <li><b>Check-quorum</b>: a leader that has not heard from a majority within the maximum
 *       election timeout steps down. A leader or candidate that sees a higher ballot steps down.</li>
 * </ul>
 *
 * <p><b>The {@link ProtocolNode} log view</b>: the "log" the kit sees is the chosen prefix flattened
 * into commands, one index per client command in slot order (no-op slots contribute none), since
 * a batch slot holds several commands and {@link StateMachine#apply} needs a strictly increasing
 * index per command. So {@link #commitIndex()} = {@link #lastLogIndex()} = commands in the chosen
 * prefix, {@link #lastApplied()} = commands applied (a deduplicated retry counts, unapplied),
 * {@link #logCommandAt} = the command, and {@link #logTermAt} = <em>the slot</em> the command was
 * chosen in: the same on every replica, so the kit's "same command and term at every committed
 * index" reads "the same command from the same slot". Not chosen values are invisible there; the
 * acceptor state is what {@link AcceptorView} shows (the agreement oracle reads it). {@link #term()}
 * is the round of the promised ballot.
 *
 * <p><b>Durability</b>: promises and accepts go to the {@link AcceptorLog}; every outgoing message
 * of a step is held until the end of the step, after {@link AcceptorLog#sync()}. Under
 * {@code BATCH} a leader does not propose from {@link #onClientCommand}; the next tick or message
 * does (a host submits a batch of commands, then ticks). Chosen knowledge is volatile: a restarted
 * node relearns it from the leader.
 *
 * <p>Not implemented: log compaction and snapshots (acceptor state and chosen values grow without
 * bound), membership change, leader leases / read leases (reads go through the log), a pre-vote
 * (a node returning from a partition with a high round deposes the leader once).
 *
 * <p><b>Threading</b>: single-threaded, as {@link ProtocolNode} requires.
 */
public final class PaxosNode implements ProtocolNode, AcceptorView
{
    /** Most command bytes one slot value carries (it always carries at least one command). */
    public static final int MAX_BATCH_BYTES = 256 * 1024;
    /** Default of the {@code window} option: most slots beyond the chosen prefix a leader has proposed. */
    public static final int WINDOW = 256;
    /** Most chosen values one catch-up Commit carries. */
    static final int MAX_CATCHUP_SLOTS = 256;
    /** Most value bytes one catch-up Commit carries (at least one value if any is due). */
    static final int MAX_CATCHUP_BYTES = 1024 * 1024;
    /** How far past its chosen prefix a replica looks for slots a commit point lets it learn, in windows. */
    static final int LEARN_AHEAD_WINDOWS = 4;

    private static final long UNKNOWN = -1;

    private record Outgoing(int to, PaxosMessage message)
    {
    }

    private record LogEntry(long slot, SlotValue.Command command)
    {
    }

    /** The leader's state of one slot it proposed in its ballot. */
    private static final class Proposal
    {
        final byte[] value;
        final Set<Integer> acks = new HashSet<>();
        boolean selfDurable;
        long sentNs;

        Proposal(final byte[] value, final long sentNs)
        {
            this.value = value;
            this.sentNs = sentNs;
        }
    }

    private final NodeConfig config;
    private final Set<PaxosMutation> mutations;
    private final int maxBatchCommands;
    private final int window;
    private final int nodeId;
    private final int[] peers;
    private final int quorum;
    private final AcceptorLog log;
    private final PaxosCodec codec;
    private final ClientSessions sessions = new ClientSessions();
    private final PendingCommands pending;
    private final Random random;
    private final StateMachine stateMachine;
    private final ClientResponder responder;
    private final byte[] resultBuffer;
    private final List<Outgoing> outgoing = new ArrayList<>();

    // learner
    private final List<byte[]> chosen = new ArrayList<>();
    private final List<LogEntry> commandLog = new ArrayList<>();
    private long chosenPrefix;
    private long appliedIndex;

    // proposer
    private final Map<Integer, List<PaxosMessage.AcceptedSlot>> promises = new LinkedHashMap<>();
    private final TreeMap<Long, Proposal> proposals = new TreeMap<>();
    private final ArrayDeque<SlotValue.Command> queue = new ArrayDeque<>();
    private final Map<Integer, Long> peerPrefix = new HashMap<>();
    private final Map<Integer, Long> lastAckNs = new HashMap<>();
    private Role role = Role.FOLLOWER;
    private int leaderId = NodeConfig.NO_NODE;
    private long ballot = Ballot.NONE;
    private long maxRoundSeen;
    private long nextSlot;
    private long leaderSinceNs;
    private long prefixAtLastHeartbeat;

    private long nowNs;
    private boolean started;
    private long electionDeadlineNs;
    private boolean electionTimerResetDue;
    private long lastLeaderContactNs;
    private long electionFromSlot;
    private long heartbeatDeadlineNs;
    private long rejectedFrames;
    private boolean closed;

    /**
     * Build a node, recovering its acceptor state from {@link NodeConfig#dataDir()}.
     *
     * @param config the configuration.
     */
    public PaxosNode(final NodeConfig config)
    {
        this(config, new PaxosOptions(PaxosOptions.ADAPTIVE_BATCH, WINDOW));
    }

    /**
     * Build a node with the given batch and window.
     *
     * @param config  the configuration.
     * @param options the batch and window.
     */
    public PaxosNode(final NodeConfig config, final PaxosOptions options)
    {
        this(config, EnumSet.noneOf(PaxosMutation.class), options);
    }

    PaxosNode(final NodeConfig config, final Set<PaxosMutation> mutations)
    {
        this(config, mutations, new PaxosOptions(PaxosOptions.ADAPTIVE_BATCH, WINDOW));
    }

    PaxosNode(final NodeConfig config, final Set<PaxosMutation> mutations, final PaxosOptions options)
    {
        this.config = config;
        this.maxBatchCommands = options.maxBatchCommands();
        this.window = options.windowSlots();
        this.mutations = mutations.isEmpty() ? EnumSet.noneOf(PaxosMutation.class) : EnumSet.copyOf(mutations);
        this.nodeId = config.nodeId();
        this.peers = Arrays.stream(config.memberIds()).filter(id -> id != config.nodeId()).toArray();
        this.quorum = config.quorum();
        final int maxValueLength = maxValueLength(config.maxCommandLength());
        this.log = new AcceptorLog(config.dataDir(), config.fsyncPolicy(), maxValueLength);
        this.codec = new PaxosCodec(config.clusterId(), nodeId, config.maxCommandLength(), maxValueLength);
        this.random = new Random(config.randomSeed());
        this.stateMachine = config.stateMachine();
        this.responder = config.responder();
        this.resultBuffer = new byte[Math.max(0, stateMachine.maxResultLength())];
        this.pending = new PendingCommands(sessions, responder, config.maxCommandLength());
        this.maxRoundSeen = Ballot.round(log.promised());
    }

    /**
     * Largest slot value a node with this command limit proposes or accepts.
     *
     * @param maxCommandLength largest client command.
     * @return bytes.
     */
    static int maxValueLength(final int maxCommandLength)
    {
        return 1 + 4 + Math.max(MAX_BATCH_BYTES, PaxosFrameDescriptor.COMMAND_HEADER_LENGTH + maxCommandLength);
    }

    private boolean mutated(final PaxosMutation mutation)
    {
        return mutations.contains(mutation);
    }

    // ---------------------------------------------------------------------------------- inputs

    /** {@inheritDoc} */
    @Override
    public void onTick(final long nowNs)
    {
        if (closed)
        {
            return;
        }
        this.nowNs = nowNs;
        if (!started)
        {
            started = true;
            resetElectionTimer();
        }
        if (electionTimerResetDue)
        {
            // Re-armed from this tick's clock, not from the last tick's: a host whose ticks run late
            // (a starved process) must not time out right after it heard from the leader.
            electionTimerResetDue = false;
            final long spread = config.electionTimeoutMaxNs() - config.electionTimeoutMinNs();
            electionDeadlineNs = nowNs + config.electionTimeoutMinNs() + random.nextLong(spread);
        }
        if (role == Role.LEADER)
        {
            checkQuorum();
        }
        if (role == Role.LEADER)
        {
            if (nowNs - heartbeatDeadlineNs >= 0)
            {
                heartbeatDeadlineNs = nowNs + config.heartbeatIntervalNs();
                heartbeat();
            }
        }
        else if (nowNs - electionDeadlineNs >= 0)
        {
            startElection();
        }
        endOfStep();
    }

    /** {@inheritDoc} */
    @Override
    public void onMessage(final int fromNodeId, final byte[] frame, final int offset, final int length)
    {
        if (closed)
        {
            return;
        }
        final PaxosMessage message = codec.decode(fromNodeId, frame, offset, length, this::isPeer);
        if (message == null)
        {
            rejectedFrames++;
            DroppedFrames.onDropped(nodeId, fromNodeId, codec.lastClaimedFrom(), length, codec.lastVerdict(), rejectedFrames);
            return;
        }
        seeRound(message.ballot());
        if (message instanceof PaxosMessage.Prepare m)
        {
            onPrepare(fromNodeId, m);
        }
        else if (message instanceof PaxosMessage.Promise m)
        {
            onPromise(fromNodeId, m);
        }
        else if (message instanceof PaxosMessage.Accept m)
        {
            onAccept(fromNodeId, m);
        }
        else if (message instanceof PaxosMessage.Accepted m)
        {
            onAccepted(fromNodeId, m);
        }
        else if (message instanceof PaxosMessage.Commit m)
        {
            onCommit(fromNodeId, m);
        }
        else if (message instanceof PaxosMessage.CommitAck m)
        {
            onCommitAck(fromNodeId, m);
        }
        endOfStep();
    }

    /** {@inheritDoc} */
    @Override
    public void onClientCommand(
        final long clientId, final long sequence, final byte[] command, final int offset, final int length)
    {
        if (closed)
        {
            return;
        }
        if (!pending.admit(clientId, sequence, command, offset, length, role == Role.LEADER, leaderId, nodeId))
        {
            return;
        }
        queue.add(new SlotValue.Command(clientId, sequence, Arrays.copyOfRange(command, offset, offset + length)));
        if (config.fsyncPolicy() != FsyncPolicy.BATCH)
        {
            endOfStep();
        }
    }

    // ------------------------------------------------------------------------------ the step

    private void endOfStep()
    {
        if (role == Role.LEADER)
        {
            proposeQueued();
        }
        // Persist before anything that depends on it leaves the node or counts as the leader's accept.
        log.sync();
        if (role == Role.LEADER)
        {
            for (final Map.Entry<Long, Proposal> e : new ArrayList<>(proposals.entrySet()))
            {
                e.getValue().selfDurable = true;
                maybeChosen(e.getKey(), e.getValue());
            }
        }
        applyChosen();
        flush();
    }

    private void flush()
    {
        for (int i = 0; i < outgoing.size(); i++)
        {
            final Outgoing o = outgoing.get(i);
            final byte[] frame = codec.encode(o.message());
            config.outbox().send(o.to(), frame, 0, frame.length);
        }
        outgoing.clear();
    }

    private void send(final int to, final PaxosMessage message)
    {
        outgoing.add(new Outgoing(to, message));
    }

    private void seeRound(final long someBallot)
    {
        maxRoundSeen = Math.max(maxRoundSeen, Ballot.round(someBallot));
    }

    // ---------------------------------------------------------------------- phase 1, proposer

    private void startElection()
    {
        if (role == Role.LEADER)
        {
            stepDown();
        }
        final long round = Math.max(maxRoundSeen, Ballot.round(log.promised())) + 1;
        ballot = Ballot.of(round, nodeId);
        maxRoundSeen = round;
        role = Role.CANDIDATE;
        leaderId = NodeConfig.NO_NODE;
        // The candidate promises its own ballot only once a majority with it is in hand (becomeLeader):
        // a lone candidate cut off from the others then does not raise its promise round after round
        // and, back after a partition, accepts the leader elected meanwhile instead of deposing it.
        promises.clear();
        peerPrefix.clear();
        electionFromSlot = chosenPrefix + 1;
        resetElectionTimer();
        final PaxosMessage.Prepare prepare = new PaxosMessage.Prepare(ballot, electionFromSlot);
        for (final int peer : peers)
        {
            send(peer, prepare);
        }
        if (promises.size() + 1 >= quorum)
        {
            becomeLeader();
        }
    }

    private List<PaxosMessage.AcceptedSlot> acceptedFrom(final long fromSlot)
    {
        final List<PaxosMessage.AcceptedSlot> accepted = new ArrayList<>();
        final long from = mutated(PaxosMutation.PHASE1_OMITS_CHOSEN) ? Math.max(fromSlot, chosenPrefix + 1) : fromSlot;
        final long highest = log.highestSlot();
        for (long slot = from; slot <= highest; slot++)
        {
            final long acceptedBallot = log.ballotAt(slot);
            if (acceptedBallot != Ballot.NONE)
            {
                accepted.add(new PaxosMessage.AcceptedSlot(slot, acceptedBallot, log.valueAt(slot)));
            }
        }
        return accepted;
    }

    private void onPromise(final int from, final PaxosMessage.Promise m)
    {
        if (role != Role.CANDIDATE || m.ballot() != ballot)
        {
            return;
        }
        if (!m.ok())
        {
            // Someone promised a higher ballot: back off until the election timer fires again.
            seeRound(m.promised());
            becomeFollower(NodeConfig.NO_NODE);
            return;
        }
        if (!promises.containsKey(from))
        {
            promises.put(from, m.accepted());
            peerPrefix.put(from, m.chosenPrefix());
            if (promises.size() + 1 >= quorum)
            {
                becomeLeader();
            }
        }
    }

    private void becomeLeader()
    {
        if (log.promised() >= ballot)
        {
            // This acceptor promised another proposer meanwhile: the ballot cannot be completed here.
            becomeFollower(NodeConfig.NO_NODE);
            return;
        }
        // The self-promise and the self-report are taken in this one step, so nothing this acceptor
        // accepts can fall between them; the promise is durable before any Accept leaves (end of step).
        log.promise(ballot, !mutated(PaxosMutation.PROMISE_NOT_PERSISTED));
        final Map<Integer, List<PaxosMessage.AcceptedSlot>> others = new LinkedHashMap<>(promises);
        promises.clear();
        promises.put(nodeId, acceptedFrom(electionFromSlot));
        promises.putAll(others);
        role = Role.LEADER;
        leaderId = nodeId;
        long maxSlot = chosenPrefix;
        for (final List<PaxosMessage.AcceptedSlot> accepted : promises.values())
        {
            for (final PaxosMessage.AcceptedSlot a : accepted)
            {
                maxSlot = Math.max(maxSlot, a.slot());
            }
        }
        maxSlot = Math.max(maxSlot, chosen.size());
        proposals.clear();
        for (long slot = chosenPrefix + 1; slot <= maxSlot; slot++)
        {
            byte[] value = chosenAt(slot);
            if (value == null)
            {
                value = valueToPropose(slot);
            }
            if (value == null)
            {
                if (mutated(PaxosMutation.HOLES_NOT_FILLED))
                {
                    continue;
                }
                // Nobody in the majority accepted anything here, so nothing can have been chosen: fill the hole.
                value = SlotValue.noop();
            }
            propose(slot, value);
        }
        nextSlot = maxSlot + 1;
        promises.clear();
        for (final int peer : peers)
        {
            lastAckNs.put(peer, nowNs);
            peerPrefix.putIfAbsent(peer, UNKNOWN);
        }
        leaderSinceNs = nowNs;
        prefixAtLastHeartbeat = chosenPrefix;
        heartbeatDeadlineNs = nowNs;
    }

    private byte[] valueToPropose(final long slot)
    {
        // P2c: the value of the highest ballot any acceptor of the majority accepted at the slot.
        long best = Ballot.NONE;
        byte[] value = null;
        for (final List<PaxosMessage.AcceptedSlot> accepted : promises.values())
        {
            for (final PaxosMessage.AcceptedSlot a : accepted)
            {
                if (a.slot() == slot && a.ballot() > best)
                {
                    if (mutated(PaxosMutation.LEADER_TAKES_FIRST_REPLY))
                    {
                        return a.value();
                    }
                    best = a.ballot();
                    value = a.value();
                }
            }
        }
        return value;
    }

    // ----------------------------------------------------------------------- phase 1, acceptor

    private void onPrepare(final int from, final PaxosMessage.Prepare m)
    {
        final long promised = log.promised();
        final boolean leaderAlive = role == Role.LEADER || (leaderId != NodeConfig.NO_NODE && leaderId != from &&
            nowNs - lastLeaderContactNs < config.electionTimeoutMinNs());
        if (leaderAlive)
        {
            // Leader stickiness (as Raft's pre-vote check, thesis 4.2.3): while a leader is heard from, a
            // node that lost touch with it (a partition just healed) does not depose it. Refusing is always safe.
            send(from, new PaxosMessage.Promise(m.ballot(), false, promised, chosenPrefix, List.of()));
            return;
        }
        if (m.ballot() > promised)
        {
            if (role != Role.FOLLOWER)
            {
                stepDown();
            }
            log.promise(m.ballot(), !mutated(PaxosMutation.PROMISE_NOT_PERSISTED));
            leaderId = NodeConfig.NO_NODE;
            resetElectionTimer();
        }
        if (m.ballot() == log.promised() && Ballot.nodeId(m.ballot()) == from)
        {
            // A repeated Prepare of the promised ballot gets the same promise with what is accepted now.
            send(from, new PaxosMessage.Promise(m.ballot(), true, m.ballot(), chosenPrefix, acceptedFrom(m.fromSlot())));
        }
        else
        {
            send(from, new PaxosMessage.Promise(m.ballot(), false, log.promised(), chosenPrefix, List.of()));
        }
    }

    // ---------------------------------------------------------------------- phase 2, proposer

    private void propose(final long slot, final byte[] value)
    {
        proposals.put(slot, new Proposal(value, nowNs));
        // The leader's own accept; it counts once durable (end of step).
        log.accept(slot, ballot, value);
        final PaxosMessage.Accept accept = new PaxosMessage.Accept(ballot, slot, chosenPrefix, value);
        for (final int peer : peers)
        {
            send(peer, accept);
        }
    }

    private void proposeQueued()
    {
        while (!queue.isEmpty() && nextSlot - 1 - chosenPrefix < window)
        {
            final List<SlotValue.Command> batch = new ArrayList<>();
            long bytes = 0;
            while (!queue.isEmpty() && batch.size() < maxBatchCommands)
            {
                final SlotValue.Command next = queue.peek();
                if (!batch.isEmpty() && bytes + next.encodedLength() > MAX_BATCH_BYTES)
                {
                    break;
                }
                bytes += next.encodedLength();
                batch.add(queue.poll());
            }
            propose(nextSlot++, SlotValue.batch(batch));
        }
    }

    private void onAccepted(final int from, final PaxosMessage.Accepted m)
    {
        if (role != Role.LEADER)
        {
            return;
        }
        if (!m.ok())
        {
            if (m.ballot() == ballot && m.promised() > ballot)
            {
                seeRound(m.promised());
                stepDown();
            }
            return;
        }
        final boolean current = m.ballot() == ballot || (mutated(PaxosMutation.STALE_BALLOT_ACKS) &&
            Ballot.nodeId(m.ballot()) == nodeId && m.ballot() < ballot);
        if (!current)
        {
            // An ack of another ballot says nothing about this ballot's value.
            return;
        }
        lastAckNs.put(from, nowNs);
        peerPrefix.put(from, m.chosenPrefix());
        final Proposal proposal = proposals.get(m.slot());
        if (proposal != null)
        {
            proposal.acks.add(from);
            maybeChosen(m.slot(), proposal);
        }
    }

    private void maybeChosen(final long slot, final Proposal proposal)
    {
        if (proposal.acks.size() + (proposal.selfDurable ? 1 : 0) >= quorum)
        {
            proposals.remove(slot);
            learnChosen(slot, proposal.value);
        }
    }

    private void heartbeat()
    {
        for (final int peer : peers)
        {
            final long prefix = peerPrefix.getOrDefault(peer, UNKNOWN);
            // Ship values only to a replica that has not learned even what was chosen a heartbeat ago;
            // one that is merely behind by what is in flight learns it from the commit point.
            sendCommit(peer, prefix != UNKNOWN && prefix < prefixAtLastHeartbeat);
        }
        prefixAtLastHeartbeat = chosenPrefix;
        // Lost Accepts or acks: repeat proposals older than a heartbeat to whoever has not acked.
        for (final Map.Entry<Long, Proposal> e : proposals.entrySet())
        {
            final Proposal p = e.getValue();
            if (nowNs - p.sentNs >= config.heartbeatIntervalNs())
            {
                p.sentNs = nowNs;
                final PaxosMessage.Accept accept = new PaxosMessage.Accept(ballot, e.getKey(), chosenPrefix, p.value);
                for (final int peer : peers)
                {
                    if (!p.acks.contains(peer))
                    {
                        send(peer, accept);
                    }
                }
            }
        }
    }

    private void sendCommit(final int peer, final boolean catchUp)
    {
        final List<PaxosMessage.ChosenSlot> values = new ArrayList<>();
        if (catchUp)
        {
            long bytes = 0;
            final long prefix = peerPrefix.get(peer);
            for (long slot = prefix + 1; slot <= chosenPrefix && values.size() < MAX_CATCHUP_SLOTS; slot++)
            {
                final byte[] value = chosenAt(slot);
                if (!values.isEmpty() && bytes + value.length > MAX_CATCHUP_BYTES)
                {
                    break;
                }
                bytes += value.length;
                values.add(new PaxosMessage.ChosenSlot(slot, value));
            }
        }
        send(peer, new PaxosMessage.Commit(ballot, chosenPrefix, values));
    }

    private void onCommitAck(final int from, final PaxosMessage.CommitAck m)
    {
        if (role != Role.LEADER || m.ballot() != ballot)
        {
            return;
        }
        if (!m.ok())
        {
            if (m.promised() > ballot)
            {
                seeRound(m.promised());
                stepDown();
            }
            return;
        }
        lastAckNs.put(from, nowNs);
        final long before = peerPrefix.getOrDefault(from, UNKNOWN);
        // Believe the replica even if it went back (it restarted and lost volatile chosen state).
        peerPrefix.put(from, m.chosenPrefix());
        if (m.chosenPrefix() + window < chosenPrefix && m.chosenPrefix() != before)
        {
            // Far behind and making progress: the next chunk now rather than a heartbeat later.
            sendCommit(from, true);
        }
    }

    private void checkQuorum()
    {
        final long windowNs = config.electionTimeoutMaxNs();
        if (nowNs - leaderSinceNs < windowNs)
        {
            return;
        }
        int heard = 1;
        for (final int peer : peers)
        {
            if (nowNs - lastAckNs.getOrDefault(peer, leaderSinceNs) < windowNs)
            {
                heard++;
            }
        }
        if (heard < quorum)
        {
            // Check-quorum: a leader cut off from its majority stops taking commands it cannot commit.
            stepDown();
        }
    }

    // ---------------------------------------------------------------------- phase 2, acceptor

    private void onAccept(final int from, final PaxosMessage.Accept m)
    {
        final boolean current = m.ballot() >= log.promised();
        if (current || mutated(PaxosMutation.ACCEPT_IGNORES_PROMISE))
        {
            if (current)
            {
                leaderContact(m.ballot());
            }
            if (log.ballotAt(m.slot()) != m.ballot())
            {
                log.accept(m.slot(), m.ballot(), m.value());
            }
            learnCommitPoint(m.ballot(), m.commitPoint());
            send(from, new PaxosMessage.Accepted(m.ballot(), m.slot(), true, log.promised(), chosenPrefix));
        }
        else
        {
            send(from, new PaxosMessage.Accepted(m.ballot(), m.slot(), false, log.promised(), chosenPrefix));
        }
    }

    private void onCommit(final int from, final PaxosMessage.Commit m)
    {
        // Chosen is chosen, whoever says so: learn catch-up values whatever the ballot.
        for (final PaxosMessage.ChosenSlot c : m.chosen())
        {
            learnChosen(c.slot(), c.value());
        }
        if (m.ballot() >= log.promised())
        {
            leaderContact(m.ballot());
            learnCommitPoint(m.ballot(), m.commitPoint());
            send(from, new PaxosMessage.CommitAck(m.ballot(), true, log.promised(), chosenPrefix));
        }
        else
        {
            send(from, new PaxosMessage.CommitAck(m.ballot(), false, log.promised(), chosenPrefix));
        }
    }

    private void leaderContact(final long leaderBallot)
    {
        if (role != Role.FOLLOWER && leaderBallot != ballot)
        {
            stepDown();
        }
        leaderId = Ballot.nodeId(leaderBallot);
        lastLeaderContactNs = nowNs;
        resetElectionTimer();
    }

    // --------------------------------------------------------------------------------- learner

    private void learnCommitPoint(final long leaderBallot, final long commitPoint)
    {
        // The leader proposes one value per slot in its ballot, so a slot it calls chosen holds the
        // value this acceptor accepted in that same ballot; any other accepted value may not be it.
        final long last = Math.min(commitPoint, chosenPrefix + (long)LEARN_AHEAD_WINDOWS * window);
        for (long slot = chosenPrefix + 1; slot <= last; slot++)
        {
            if (log.ballotAt(slot) == leaderBallot)
            {
                learnChosen(slot, log.valueAt(slot));
            }
        }
    }

    private byte[] chosenAt(final long slot)
    {
        return slot >= 1 && slot <= chosen.size() ? chosen.get((int)(slot - 1)) : null;
    }

    private void learnChosen(final long slot, final byte[] value)
    {
        if (slot <= chosenPrefix || chosenAt(slot) != null)
        {
            return;
        }
        while (chosen.size() < slot)
        {
            chosen.add(null);
        }
        chosen.set((int)(slot - 1), value);
        while (true)
        {
            final byte[] next = chosenAt(chosenPrefix + 1);
            if (next == null)
            {
                if (mutated(PaxosMutation.EXECUTE_PAST_HOLE) && chosen.size() > chosenPrefix + 1)
                {
                    chosenPrefix++;
                    continue;
                }
                break;
            }
            chosenPrefix++;
            for (final SlotValue.Command command : SlotValue.decode(next, config.maxCommandLength()))
            {
                commandLog.add(new LogEntry(chosenPrefix, command));
            }
        }
    }

    private void applyChosen()
    {
        while (appliedIndex < commandLog.size())
        {
            final long index = appliedIndex + 1;
            final LogEntry entry = commandLog.get((int)(index - 1));
            appliedIndex = index;
            final SlotValue.Command c = entry.command();
            final ClientSessions.Result result;
            if (mutated(PaxosMutation.NO_SESSION_DEDUP))
            {
                final int length = stateMachine.apply(index, c.command(), 0, c.command().length, resultBuffer);
                result = new ClientSessions.Result(index, Arrays.copyOf(resultBuffer, length));
            }
            else
            {
                result = sessions.apply(index, new Entry(entry.slot(), Entry.TYPE_COMMAND, c.clientId(), c.sequence(), c.command()),
                    stateMachine, resultBuffer);
            }
            pending.onApplied(c.clientId(), c.sequence(), result, leaderId);
        }
    }

    // ------------------------------------------------------------------------------ roles

    private void stepDown()
    {
        becomeFollower(NodeConfig.NO_NODE);
    }

    private void becomeFollower(final int leader)
    {
        final boolean wasLeader = role == Role.LEADER;
        role = Role.FOLLOWER;
        leaderId = leader;
        promises.clear();
        if (wasLeader)
        {
            proposals.clear();
            queue.clear();
            lastAckNs.clear();
            pending.failAll(leaderId);
        }
        resetElectionTimer();
    }

    private void resetElectionTimer()
    {
        // Takes effect at the next tick, before that tick's timeout check (see onTick).
        electionTimerResetDue = true;
    }

    private boolean isPeer(final int id)
    {
        for (final int peer : peers)
        {
            if (peer == id)
            {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------ queries

    /** {@inheritDoc} */
    @Override
    public int nodeId()
    {
        return nodeId;
    }

    /** {@inheritDoc} */
    @Override
    public Role role()
    {
        return role;
    }

    /**
     * The round of the promised ballot.
     *
     * @return the round, 0 before any promise.
     */
    @Override
    public long term()
    {
        return Ballot.round(log.promised());
    }

    /** {@inheritDoc} */
    @Override
    public int leaderId()
    {
        return leaderId;
    }

    /**
     * Client commands in the chosen prefix of slots.
     *
     * @return the count.
     */
    @Override
    public long commitIndex()
    {
        return commandLog.size();
    }

    /** {@inheritDoc} */
    @Override
    public long lastApplied()
    {
        return appliedIndex;
    }

    /**
     * The log the kit sees is the chosen prefix, flattened: as {@link #commitIndex()}.
     *
     * @return the count.
     */
    @Override
    public long lastLogIndex()
    {
        return commandLog.size();
    }

    /**
     * The slot the command at a flattened index was chosen in (the same on every replica).
     *
     * @param index 0..{@link #lastLogIndex()}.
     * @return the slot, 0 for index 0.
     */
    @Override
    public long logTermAt(final long index)
    {
        return index == 0 ? 0 : commandLog.get((int)(index - 1)).slot();
    }

    /** {@inheritDoc} */
    @Override
    public byte[] logCommandAt(final long index)
    {
        return commandLog.get((int)(index - 1)).command().command().clone();
    }

    /** {@inheritDoc} */
    @Override
    public long rejectedFrames()
    {
        return rejectedFrames;
    }

    /** {@inheritDoc} */
    @Override
    public long promisedBallot()
    {
        return log.promised();
    }

    /** {@inheritDoc} */
    @Override
    public long acceptedBallotAt(final long slot)
    {
        return log.ballotAt(slot);
    }

    /** {@inheritDoc} */
    @Override
    public byte[] acceptedValueAt(final long slot)
    {
        final byte[] value = log.valueAt(slot);
        return value == null ? null : value.clone();
    }

    /** {@inheritDoc} */
    @Override
    public long highestAcceptedSlot()
    {
        return log.highestSlot();
    }

    /**
     * The contiguous prefix of slots this node knows chosen, for tests.
     *
     * @return the highest such slot, 0 if none.
     */
    long chosenPrefix()
    {
        return chosenPrefix;
    }

    /** {@inheritDoc} */
    @Override
    public void crash(final boolean powerLoss)
    {
        if (!closed)
        {
            closed = true;
            outgoing.clear();
            log.crash(powerLoss);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            outgoing.clear();
            log.close();
        }
    }
}
