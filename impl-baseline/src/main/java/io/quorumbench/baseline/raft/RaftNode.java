package io.quorumbench.baseline.raft;

import io.quorumbench.api.consensus.ClientResponder;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.baseline.codec.DroppedFrames;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The baseline Raft core: one node's protocol state, driven by {@link #onMessage}, {@link #onTick}
 * and {@link #onClientCommand}, in the shape of etcd raft's {@code raft.go}.
 *
 * <p><b>Rules implemented</b> (Raft paper sections / thesis sections):
 * <ul>
 *   <li>Leader election with randomized timeouts drawn from {@link NodeConfig#randomSeed()} (5.2),
 *       preceded by a pre-vote round that does not raise terms (thesis 9.6). A node that heard
 *       from a leader within the minimum election timeout refuses pre-votes, so a node coming
 *       back from a partition cannot depose a working leader.</li>
 *   <li>Any message with a higher term makes the receiver a follower of that term (5.1), except a
 *       pre-vote request and a granted pre-vote answer, which are about a term nobody is in yet.</li>
 *   <li>Log replication with the consistency check (5.3); a rejection carries the conflicting term
 *       and its first index so the leader skips a whole term per round trip. Per follower the leader
 *       is either probing (one append in flight until answered or a heartbeat) or replicating
 *       (appends pipelined, next index advanced optimistically), as etcd's {@code Progress}.</li>
 *   <li>Commit only by a majority match of an entry of the leader's current term (5.4.2); a new
 *       leader appends a no-op of its term at once so earlier entries commit (thesis 6.4).</li>
 *   <li>Client sessions ({@link ClientSessions}, thesis 6.3) make retries exactly-once.</li>
 *   <li>Reads are linearizable because they go through the log: a read is just a command that
 *       commits and applies like any other (thesis 6.4's simplest option; no read-index, no leases).</li>
 * </ul>
 *
 * <p><b>Durability</b>: term and vote are made durable before the node acts on them
 * ({@link FileLog#setHardState}). Every outgoing message produced by a step is held until the end of
 * the step, when {@link FileLog#sync()} has made the log as durable as the {@link FsyncPolicy}
 * promises: a follower never acknowledges, and a leader never counts itself for, an entry that is
 * not yet durable. Under {@code BATCH} a leader does not sync or replicate in
 * {@link #onClientCommand}; the next {@link #onTick} or {@link #onMessage} forces every command
 * appended since with one fsync (group commit) and sends them. A host therefore submits a batch of
 * client commands and then ticks.
 *
 * <p><b>Snapshots and log compaction</b> (section 7), when a snapshot interval is configured
 * ({@link #SNAPSHOT_EVERY_ENTRIES_PROP_NAME}, off by default) and the state machine
 * {@linkplain StateMachine#supportsSnapshots() supports them}: once that many entries have been
 * applied since the last snapshot, the node writes an image of the state machine and the client
 * sessions at its last applied index and drops the log up to it ({@link FileLog#saveSnapshot});
 * a restart restores the image and replays the entries above it. A follower whose next entry the
 * leader no longer holds gets the snapshot by InstallSnapshot: chunks of
 * {@link #SNAPSHOT_CHUNK_BYTES}, each with its CRC (a chunk that does not match is dropped and
 * counted, {@link #rejectedSnapshotChunks()}); one chunk in flight per follower, sent on each answer
 * or, if the answer was lost, on the next heartbeat, so a transfer never takes more than one
 * follower's share of the link and replication to the others goes on; the follower answers with
 * the offset it wants next, so a lost or rejected chunk resumes there, not at zero. The partial image
 * lives in memory: a follower that crashes mid-install starts that snapshot again.
 *
 * <p>Not implemented: membership change, leadership transfer.
 *
 * <p><b>Threading</b>: single-threaded, as {@link ProtocolNode} requires.
 */
public final class RaftNode implements ProtocolNode
{
    /** Most entries one AppendEntries carries. */
    public static final int MAX_APPEND_ENTRIES = 256;
    /** Most command bytes one AppendEntries carries (it always carries at least one entry if any are due). */
    public static final int MAX_APPEND_BYTES = 1024 * 1024;
    /** Client commands a leader holds unanswered before it answers {@link RejectReason#BACKPRESSURE}. */
    public static final int MAX_PENDING_COMMANDS = PendingCommands.MAX_PENDING_COMMANDS;
    /** System property: entries applied since the last snapshot that trigger the next; 0 turns snapshots off. */
    public static final String SNAPSHOT_EVERY_ENTRIES_PROP_NAME = "quorumbench.raft.snapshotEveryEntries";
    /** Default of {@link #SNAPSHOT_EVERY_ENTRIES_PROP_NAME}: off, so the recorded figures keep their meaning. */
    public static final long SNAPSHOT_EVERY_ENTRIES_DEFAULT = 0;
    /** Image bytes one InstallSnapshot carries. */
    public static final int SNAPSHOT_CHUNK_BYTES = 64 * 1024;

    /** Bugs the kit must catch, planted by tests only ({@code RaftNode(NodeConfig, long, Mutation)}). */
    enum Mutation
    {
        /** None: the real node. */
        NONE,
        /** Compact the log one entry above the snapshot, losing an entry no image holds. */
        TRUNCATE_ABOVE_SNAPSHOT,
        /** Install a snapshot older than the state already applied, taking the state back. */
        INSTALL_STALE_SNAPSHOT
    }

    private static final System.Logger LOGGER = System.getLogger(RaftNode.class.getName());

    private record Outgoing(int to, RaftMessage message)
    {
    }

    /** Leader's view of one follower (etcd {@code Progress}). */
    private static final class Progress
    {
        long nextIndex;
        long matchIndex;
        boolean probing = true;
        boolean probeSent;
        /** The follower needs the snapshot: chunks go instead of appends until it answers done. */
        boolean snapshotting;
        long snapshotIndexSent;
        int snapshotOffset;
        boolean chunkSent;
    }

    /** A snapshot being received from the leader. */
    private static final class IncomingSnapshot
    {
        final long index;
        final long term;
        final byte[] image;
        int received;

        IncomingSnapshot(final long index, final long term, final int totalLength)
        {
            this.index = index;
            this.term = term;
            this.image = new byte[totalLength];
        }
    }

    private final NodeConfig config;
    private final int nodeId;
    private final int[] peers;
    private final int quorum;
    private final FileLog log;
    private final RaftCodec codec;
    private final ClientSessions sessions = new ClientSessions();
    private final Random random;
    private final StateMachine stateMachine;
    private final ClientResponder responder;
    private final byte[] resultBuffer;
    private final Map<Integer, Progress> progress = new HashMap<>();
    private final Set<Integer> votes = new HashSet<>();
    private final PendingCommands pending;
    private final List<Outgoing> outgoing = new ArrayList<>();

    private Role role = Role.FOLLOWER;
    private int leaderId = NodeConfig.NO_NODE;
    private long commitIndex;
    private long lastApplied;
    private long nowNs;
    private boolean started;
    private long electionDeadlineNs;
    private long heartbeatDeadlineNs;
    private boolean leaderContactKnown;
    private long lastLeaderContactNs;
    private long rejectedFrames;
    private boolean closed;
    private final long snapshotEveryEntries;
    private final Mutation mutation;
    private final CRC32 chunkCrc = new CRC32();
    private IncomingSnapshot incoming;
    private long snapshotsTaken;
    private long snapshotsInstalled;
    private long lastSnapshotBytes;
    private long lastSnapshotNs;
    private long rejectedSnapshotChunks;

    /**
     * Build a node, recovering term, vote and log from {@link NodeConfig#dataDir()}.
     *
     * @param config the configuration.
     */
    public RaftNode(final NodeConfig config)
    {
        this(config, Long.getLong(SNAPSHOT_EVERY_ENTRIES_PROP_NAME, SNAPSHOT_EVERY_ENTRIES_DEFAULT));
    }

    /**
     * Build a node with an explicit snapshot interval.
     *
     * @param config               the configuration.
     * @param snapshotEveryEntries entries applied since the last snapshot that trigger the next, 0 for never.
     */
    public RaftNode(final NodeConfig config, final long snapshotEveryEntries)
    {
        this(config, snapshotEveryEntries, Mutation.NONE);
    }

    RaftNode(final NodeConfig config, final long snapshotEveryEntries, final Mutation mutation)
    {
        if (snapshotEveryEntries < 0)
        {
            throw new IllegalArgumentException("snapshotEveryEntries must be >= 0, got " + snapshotEveryEntries);
        }
        this.snapshotEveryEntries = config.stateMachine().supportsSnapshots() ? snapshotEveryEntries : 0;
        this.mutation = mutation;
        this.config = config;
        this.nodeId = config.nodeId();
        this.peers = Arrays.stream(config.memberIds()).filter(id -> id != config.nodeId()).toArray();
        this.quorum = config.quorum();
        this.log = new FileLog(config.dataDir(), config.fsyncPolicy(), config.maxCommandLength());
        this.codec = new RaftCodec(config.clusterId(), nodeId, config.maxCommandLength());
        this.random = new Random(config.randomSeed());
        this.stateMachine = config.stateMachine();
        this.responder = config.responder();
        this.resultBuffer = new byte[Math.max(0, stateMachine.maxResultLength())];
        this.pending = new PendingCommands(sessions, responder, config.maxCommandLength());
        if (null != log.snapshotImage())
        {
            // Restart from the snapshot; the entries above it replay as they commit (section 7).
            restoreImage(log.snapshotIndex(), log.snapshotImage());
        }
    }

    // ---------------------------------------------------------------------------------- inputs

    /**
     * {@inheritDoc}
     */
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
        if (role == Role.LEADER)
        {
            if (nowNs - heartbeatDeadlineNs >= 0)
            {
                heartbeatDeadlineNs = nowNs + config.heartbeatIntervalNs();
                for (final int peer : peers)
                {
                    // A heartbeat also unblocks a probe whose append or answer was lost.
                    progress.get(peer).probeSent = false;
                    progress.get(peer).chunkSent = false;
                    sendAppend(peer, true);
                }
            }
        }
        else if (nowNs - electionDeadlineNs >= 0)
        {
            becomePreCandidate();
        }
        endOfStep();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void onMessage(final int fromNodeId, final byte[] frame, final int offset, final int length)
    {
        if (closed)
        {
            return;
        }
        final RaftMessage message = codec.decode(fromNodeId, frame, offset, length, this::isPeer);
        if (message == null)
        {
            rejectedFrames++;
            DroppedFrames.onDropped(nodeId, fromNodeId, codec.lastClaimedFrom(), length, codec.lastVerdict(), rejectedFrames);
            return;
        }
        step(fromNodeId, message);
        endOfStep();
    }

    /**
     * {@inheritDoc}
     */
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
        log.append(List.of(new Entry(log.term(), Entry.TYPE_COMMAND, clientId, sequence,
            Arrays.copyOfRange(command, offset, offset + length))));
        if (config.fsyncPolicy() != FsyncPolicy.BATCH)
        {
            endOfStep();
        }
    }

    // ------------------------------------------------------------------------------ the step

    private void step(final int from, final RaftMessage m)
    {
        final long currentTerm = log.term();
        if (m.term() > currentTerm)
        {
            final boolean aboutFutureTerm = m instanceof RaftMessage.PreVote ||
                (m instanceof RaftMessage.PreVoteResponse r && r.granted());
            if (!aboutFutureTerm)
            {
                becomeFollower(m.term(), m instanceof RaftMessage.AppendEntries || m instanceof RaftMessage.InstallSnapshot ?
                    from : NodeConfig.NO_NODE);
            }
        }
        else if (m.term() < currentTerm)
        {
            // Section 5.1: a stale sender learns the current term from the answer and steps down.
            if (m instanceof RaftMessage.AppendEntries)
            {
                send(from, new RaftMessage.AppendEntriesResponse(currentTerm, false, 0, 0, 0, 0));
            }
            else if (m instanceof RaftMessage.RequestVote)
            {
                send(from, new RaftMessage.RequestVoteResponse(currentTerm, false));
            }
            else if (m instanceof RaftMessage.PreVote)
            {
                send(from, new RaftMessage.PreVoteResponse(currentTerm, false));
            }
            else if (m instanceof RaftMessage.InstallSnapshot s)
            {
                send(from, new RaftMessage.InstallSnapshotResponse(currentTerm, s.lastIncludedIndex(), 0, false));
            }
            return;
        }

        if (m instanceof RaftMessage.AppendEntries a)
        {
            onAppendEntries(from, a);
        }
        else if (m instanceof RaftMessage.AppendEntriesResponse r)
        {
            onAppendEntriesResponse(from, r);
        }
        else if (m instanceof RaftMessage.RequestVote v)
        {
            onRequestVote(from, v);
        }
        else if (m instanceof RaftMessage.RequestVoteResponse r)
        {
            onRequestVoteResponse(from, r);
        }
        else if (m instanceof RaftMessage.PreVote v)
        {
            onPreVote(from, v);
        }
        else if (m instanceof RaftMessage.PreVoteResponse r)
        {
            onPreVoteResponse(from, r);
        }
        else if (m instanceof RaftMessage.InstallSnapshot i)
        {
            onInstallSnapshot(from, i);
        }
        else if (m instanceof RaftMessage.InstallSnapshotResponse r)
        {
            onInstallSnapshotResponse(from, r);
        }
    }

    private void endOfStep()
    {
        // Persist before anything that depends on it leaves the node.
        log.sync();
        if (role == Role.LEADER)
        {
            maybeCommit();
            for (final int peer : peers)
            {
                final Progress p = progress.get(peer);
                if (p.nextIndex <= log.lastIndex())
                {
                    sendAppend(peer, false);
                }
            }
        }
        applyCommitted();
        maybeSnapshot();
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

    private void send(final int to, final RaftMessage message)
    {
        outgoing.add(new Outgoing(to, message));
    }

    // ---------------------------------------------------------------------------- elections

    private void becomeFollower(final long term, final int leader)
    {
        final boolean wasLeader = role == Role.LEADER;
        if (term > log.term())
        {
            log.setHardState(term, NodeConfig.NO_NODE);
        }
        role = Role.FOLLOWER;
        leaderId = leader;
        votes.clear();
        if (wasLeader)
        {
            progress.clear();
            pending.failAll(leaderId);
        }
        resetElectionTimer();
    }

    private void becomePreCandidate()
    {
        // Thesis 9.6: ask first whether an election could succeed; only then raise the term.
        role = Role.PRE_CANDIDATE;
        leaderId = NodeConfig.NO_NODE;
        votes.clear();
        votes.add(nodeId);
        resetElectionTimer();
        final long lastIndex = log.lastIndex();
        final RaftMessage.PreVote preVote = new RaftMessage.PreVote(log.term() + 1, lastIndex, log.termAt(lastIndex));
        for (final int peer : peers)
        {
            send(peer, preVote);
        }
        if (votes.size() >= quorum)
        {
            becomeCandidate();
        }
    }

    private void becomeCandidate()
    {
        // The self-vote is durable before any RequestVote leaves (end of step).
        log.setHardState(log.term() + 1, nodeId);
        role = Role.CANDIDATE;
        leaderId = NodeConfig.NO_NODE;
        votes.clear();
        votes.add(nodeId);
        resetElectionTimer();
        final long lastIndex = log.lastIndex();
        final RaftMessage.RequestVote request = new RaftMessage.RequestVote(log.term(), lastIndex, log.termAt(lastIndex));
        for (final int peer : peers)
        {
            send(peer, request);
        }
        if (votes.size() >= quorum)
        {
            becomeLeader();
        }
    }

    private void becomeLeader()
    {
        role = Role.LEADER;
        leaderId = nodeId;
        votes.clear();
        progress.clear();
        final long lastIndex = log.lastIndex();
        for (final int peer : peers)
        {
            final Progress p = new Progress();
            p.nextIndex = lastIndex + 1;
            progress.put(peer, p);
        }
        // Thesis 6.4: an entry of the new term lets earlier entries commit (section 5.4.2) and
        // tells the leader what is committed; the end of this step replicates it.
        log.append(List.of(Entry.noop(log.term())));
        heartbeatDeadlineNs = nowNs + config.heartbeatIntervalNs();
    }

    private void resetElectionTimer()
    {
        final long spread = config.electionTimeoutMaxNs() - config.electionTimeoutMinNs();
        electionDeadlineNs = nowNs + config.electionTimeoutMinNs() + random.nextLong(spread);
    }

    private boolean isLogUpToDate(final long lastLogTerm, final long lastLogIndex)
    {
        // Section 5.4.1: later last term wins; same last term, longer log wins.
        final long myLastIndex = log.lastIndex();
        final long myLastTerm = log.termAt(myLastIndex);
        return lastLogTerm > myLastTerm || (lastLogTerm == myLastTerm && lastLogIndex >= myLastIndex);
    }

    private void onPreVote(final int from, final RaftMessage.PreVote m)
    {
        // Thesis 9.6 with the leader check of 4.2.3: while a leader is heard from, no pre-vote is
        // granted, so a node returning from a partition cannot disrupt the cluster.
        final boolean leaderAlive = role == Role.LEADER ||
            (leaderId != NodeConfig.NO_NODE && leaderContactKnown &&
                nowNs - lastLeaderContactNs < config.electionTimeoutMinNs());
        final boolean granted = m.term() > log.term() && !leaderAlive && isLogUpToDate(m.lastLogTerm(), m.lastLogIndex());
        send(from, new RaftMessage.PreVoteResponse(granted ? m.term() : log.term(), granted));
    }

    private void onPreVoteResponse(final int from, final RaftMessage.PreVoteResponse m)
    {
        if (role == Role.PRE_CANDIDATE && m.granted() && m.term() == log.term() + 1)
        {
            votes.add(from);
            if (votes.size() >= quorum)
            {
                becomeCandidate();
            }
        }
    }

    private void onRequestVote(final int from, final RaftMessage.RequestVote m)
    {
        final int votedFor = log.votedFor();
        final boolean granted = (votedFor == NodeConfig.NO_NODE || votedFor == from) &&
            isLogUpToDate(m.lastLogTerm(), m.lastLogIndex());
        if (granted)
        {
            // Durable before the answer leaves (section 5.2: one vote per term, even across restarts).
            log.setHardState(log.term(), from);
            resetElectionTimer();
        }
        send(from, new RaftMessage.RequestVoteResponse(log.term(), granted));
    }

    private void onRequestVoteResponse(final int from, final RaftMessage.RequestVoteResponse m)
    {
        if (role == Role.CANDIDATE && m.granted())
        {
            votes.add(from);
            if (votes.size() >= quorum)
            {
                becomeLeader();
            }
        }
    }

    // -------------------------------------------------------------------------- replication

    /** A message only a leader sends, in the current term: follow its sender; false if this node leads the term. */
    private boolean onLeaderMessage(final int from, final long term, final String kind)
    {
        if (role == Role.LEADER)
        {
            // Two leaders in one term would break election safety (5.2); never act on it.
            LOGGER.log(System.Logger.Level.ERROR, "node {0}: {1} from {2} in my own term {3} as leader; ignored",
                nodeId, kind, from, term);
            return false;
        }
        if (role != Role.FOLLOWER)
        {
            becomeFollower(term, from);
        }
        leaderId = from;
        leaderContactKnown = true;
        lastLeaderContactNs = nowNs;
        resetElectionTimer();
        return true;
    }

    private void onAppendEntries(final int from, final RaftMessage.AppendEntries m)
    {
        if (!onLeaderMessage(from, m.term(), "AppendEntries"))
        {
            return;
        }

        final long term = log.term();
        final long snapshotIndex = log.snapshotIndex();
        if (m.prevLogIndex() < snapshotIndex)
        {
            // Everything up to the snapshot is committed and so matches the leader's log (5.4):
            // answer for the entries above it only.
            final long skip = Math.min(m.entries().size(), snapshotIndex - m.prevLogIndex());
            final List<Entry> above = m.entries().subList((int)skip, m.entries().size());
            onAppendEntries(from, new RaftMessage.AppendEntries(m.term(), snapshotIndex, log.snapshotTerm(), m.leaderCommit(), above));
            return;
        }
        final long prevLogIndex = m.prevLogIndex();
        final long lastIndex = log.lastIndex();
        if (prevLogIndex > lastIndex)
        {
            send(from, new RaftMessage.AppendEntriesResponse(term, false, prevLogIndex, 0, 0, lastIndex + 1));
            return;
        }
        final long myPrevTerm = log.termAt(prevLogIndex);
        if (myPrevTerm != m.prevLogTerm())
        {
            // Fast back-off hint: the first index of the conflicting term.
            long first = prevLogIndex;
            while (first > snapshotIndex + 1 && log.termAt(first - 1) == myPrevTerm)
            {
                first--;
            }
            send(from, new RaftMessage.AppendEntriesResponse(term, false, prevLogIndex, 0, myPrevTerm, first));
            return;
        }

        final List<Entry> entries = m.entries();
        int i = 0;
        // Skip what we already have; a conflict truncates our suffix (section 5.3, step 3).
        while (i < entries.size())
        {
            final long index = prevLogIndex + 1 + i;
            if (index > log.lastIndex())
            {
                break;
            }
            if (log.termAt(index) != entries.get(i).term())
            {
                if (index <= commitIndex)
                {
                    LOGGER.log(System.Logger.Level.ERROR, "node {0}: leader {1} conflicts with committed index {2}; ignored",
                        nodeId, from, index);
                    return;
                }
                log.truncateFrom(index);
                break;
            }
            i++;
        }
        if (i < entries.size())
        {
            log.append(entries.subList(i, entries.size()));
        }
        final long lastNew = prevLogIndex + entries.size();
        if (m.leaderCommit() > commitIndex)
        {
            // Only up to the last entry this message proved matching; beyond it our log may still differ.
            commitIndex = Math.max(commitIndex, Math.min(m.leaderCommit(), lastNew));
        }
        send(from, new RaftMessage.AppendEntriesResponse(term, true, prevLogIndex, lastNew, 0, 0));
    }

    private void onAppendEntriesResponse(final int from, final RaftMessage.AppendEntriesResponse m)
    {
        if (role != Role.LEADER)
        {
            return;
        }
        final Progress p = progress.get(from);
        if (m.success())
        {
            if (m.matchIndex() > log.lastIndex())
            {
                return;
            }
            if (m.matchIndex() > p.matchIndex)
            {
                p.matchIndex = m.matchIndex();
            }
            if (p.probing)
            {
                p.probing = false;
                p.nextIndex = p.matchIndex + 1;
            }
            else if (p.nextIndex <= p.matchIndex)
            {
                p.nextIndex = p.matchIndex + 1;
            }
            p.probeSent = false;
            return;
        }
        final boolean answersLatest = m.rejectedIndex() == p.nextIndex - 1;
        if (!answersLatest && (p.probing || m.rejectedIndex() <= p.matchIndex))
        {
            // A stale answer, overtaken by later ones (section 5.3 tolerates reordering).
            return;
        }
        if (m.rejectedIndex() <= p.matchIndex)
        {
            // The follower no longer holds what it acknowledged: its storage lost acknowledged writes
            // (fsync=none and a power loss), or this is a reordered answer that happens to match the
            // latest position. Either way believe the follower and re-probe from what it has;
            // lowering matchIndex only makes commitment more conservative, never unsafe.
            p.matchIndex = Math.max(0, Math.min(p.matchIndex, m.conflictIndex() - 1));
        }
        long next = m.conflictIndex();
        if (m.conflictTerm() > 0)
        {
            long i = Math.min(m.rejectedIndex(), log.lastIndex());
            final long floor = Math.max(0, log.snapshotIndex());
            while (i > floor && log.termAt(i) > m.conflictTerm())
            {
                i--;
            }
            if (i > 0 && i >= floor && log.termAt(i) == m.conflictTerm())
            {
                next = i + 1;
            }
        }
        next = Math.min(next, m.rejectedIndex());
        next = Math.max(next, p.matchIndex + 1);
        p.nextIndex = Math.max(1, next);
        p.probing = true;
        p.probeSent = false;
        sendAppend(from, true);
    }

    private void sendAppend(final int peer, final boolean heartbeat)
    {
        final Progress p = progress.get(peer);
        if (p.nextIndex <= log.snapshotIndex() || p.snapshotting)
        {
            sendSnapshotChunk(peer, p);
            return;
        }
        if (p.probing && p.probeSent)
        {
            return;
        }
        final long lastIndex = log.lastIndex();
        final long prevLogIndex = p.nextIndex - 1;
        final List<Entry> entries = new ArrayList<>();
        long bytes = 0;
        for (long i = p.nextIndex; i <= lastIndex && entries.size() < MAX_APPEND_ENTRIES; i++)
        {
            final Entry e = log.entryAt(i);
            if (!entries.isEmpty() && bytes + e.encodedLength() > MAX_APPEND_BYTES)
            {
                break;
            }
            bytes += e.encodedLength();
            entries.add(e);
        }
        if (entries.isEmpty() && !heartbeat)
        {
            return;
        }
        send(peer, new RaftMessage.AppendEntries(log.term(), prevLogIndex, log.termAt(prevLogIndex), commitIndex, entries));
        if (p.probing)
        {
            p.probeSent = true;
        }
        else
        {
            p.nextIndex += entries.size();
        }
    }

    private void maybeCommit()
    {
        final long[] matches = new long[peers.length + 1];
        // The leader counts itself only for what is durable (thesis 10.2.1).
        matches[0] = log.durableIndex();
        for (int i = 0; i < peers.length; i++)
        {
            matches[i + 1] = progress.get(peers[i]).matchIndex;
        }
        Arrays.sort(matches);
        final long majorityMatch = matches[matches.length - quorum];
        // Section 5.4.2: only an entry of the current term commits by counting replicas.
        if (majorityMatch > commitIndex && log.termAt(majorityMatch) == log.term())
        {
            commitIndex = majorityMatch;
        }
    }

    private void applyCommitted()
    {
        final long applyUpTo = Math.min(commitIndex, log.lastIndex());
        while (lastApplied < applyUpTo)
        {
            final long index = lastApplied + 1;
            final Entry entry = log.entryAt(index);
            lastApplied = index;
            if (entry.type() != Entry.TYPE_COMMAND)
            {
                continue;
            }
            final ClientSessions.Result result = sessions.apply(index, entry, stateMachine, resultBuffer);
            pending.onApplied(entry.clientId(), entry.sequence(), result, leaderId);
        }
    }

    // ----------------------------------------------------------------------------- snapshots

    private void maybeSnapshot()
    {
        if (snapshotEveryEntries == 0 || lastApplied - log.snapshotIndex() < snapshotEveryEntries)
        {
            return;
        }
        final long startNs = System.nanoTime();
        final byte[] image = takeImage();
        // Only applied entries are covered: the log keeps everything above lastApplied.
        final long index = mutation == Mutation.TRUNCATE_ABOVE_SNAPSHOT ? Math.min(lastApplied + 1, log.lastIndex()) : lastApplied;
        log.saveSnapshot(index, image);
        snapshotsTaken++;
        lastSnapshotBytes = image.length;
        lastSnapshotNs = System.nanoTime() - startNs;
    }

    private byte[] takeImage()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);
        try
        {
            sessions.writeTo(out);
            final byte[] machine = stateMachine.snapshot();
            out.writeInt(machine.length);
            out.write(machine);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    private void restoreImage(final long index, final byte[] image)
    {
        final DataInputStream in = new DataInputStream(new ByteArrayInputStream(image));
        try
        {
            sessions.readFrom(in);
            final int length = in.readInt();
            if (length != in.available())
            {
                throw new IOException("state machine image of " + length + " bytes, " + in.available() + " left");
            }
            stateMachine.restore(index, image, image.length - length, length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("corrupt snapshot image at index " + index, ex);
        }
        lastApplied = index;
        commitIndex = Math.max(commitIndex, index);
    }

    private void sendSnapshotChunk(final int peer, final Progress p)
    {
        if (p.chunkSent)
        {
            return;
        }
        final byte[] image = log.snapshotImage();
        if (!p.snapshotting || p.snapshotIndexSent != log.snapshotIndex())
        {
            // A new transfer, or a newer snapshot replaced the one being sent: start it over.
            p.snapshotting = true;
            p.snapshotIndexSent = log.snapshotIndex();
            p.snapshotOffset = 0;
        }
        final int offset = Math.min(p.snapshotOffset, image.length);
        final int length = Math.min(SNAPSHOT_CHUNK_BYTES, image.length - offset);
        chunkCrc.reset();
        chunkCrc.update(image, offset, length);
        send(peer, new RaftMessage.InstallSnapshot(log.term(), log.snapshotIndex(), log.snapshotTerm(), offset, image.length,
            (int)chunkCrc.getValue(), Arrays.copyOfRange(image, offset, offset + length)));
        p.chunkSent = true;
    }

    private void onInstallSnapshot(final int from, final RaftMessage.InstallSnapshot m)
    {
        if (!onLeaderMessage(from, m.term(), "InstallSnapshot"))
        {
            return;
        }

        final long term = log.term();
        final boolean covered = m.lastIncludedIndex() <= lastApplied || m.lastIncludedIndex() <= log.snapshotIndex();
        if (covered && mutation != Mutation.INSTALL_STALE_SNAPSHOT)
        {
            // Already applied (or compacted) that far: installing it would take the state back.
            incoming = null;
            send(from, new RaftMessage.InstallSnapshotResponse(term, m.lastIncludedIndex(), m.totalLength(), true));
            return;
        }
        chunkCrc.reset();
        chunkCrc.update(m.data(), 0, m.data().length);
        if ((int)chunkCrc.getValue() != m.chunkCrc())
        {
            rejectedSnapshotChunks++;
            send(from, new RaftMessage.InstallSnapshotResponse(term, m.lastIncludedIndex(),
                null == incoming || incoming.index != m.lastIncludedIndex() ? 0 : incoming.received, false));
            return;
        }
        if (null == incoming || incoming.index != m.lastIncludedIndex() || incoming.term != m.lastIncludedTerm() ||
            incoming.image.length != m.totalLength())
        {
            incoming = new IncomingSnapshot(m.lastIncludedIndex(), m.lastIncludedTerm(), m.totalLength());
        }
        if (m.offset() != incoming.received)
        {
            // Out of order (a resend, a reordered chunk): say where to resume.
            send(from, new RaftMessage.InstallSnapshotResponse(term, m.lastIncludedIndex(), incoming.received, false));
            return;
        }
        System.arraycopy(m.data(), 0, incoming.image, m.offset(), m.data().length);
        incoming.received += m.data().length;
        if (incoming.received < incoming.image.length)
        {
            send(from, new RaftMessage.InstallSnapshotResponse(term, m.lastIncludedIndex(), incoming.received, false));
            return;
        }
        final IncomingSnapshot complete = incoming;
        incoming = null;
        final long startNs = System.nanoTime();
        if (complete.index <= log.snapshotIndex())
        {
            // Only the planted stale-install bug gets here; the log cannot go back, the state machine can.
            restoreImage(complete.index, complete.image);
        }
        else
        {
            log.installSnapshot(complete.index, complete.term, complete.image);
            restoreImage(complete.index, complete.image);
        }
        snapshotsInstalled++;
        lastSnapshotBytes = complete.image.length;
        lastSnapshotNs = System.nanoTime() - startNs;
        send(from, new RaftMessage.InstallSnapshotResponse(term, complete.index, complete.image.length, true));
    }

    private void onInstallSnapshotResponse(final int from, final RaftMessage.InstallSnapshotResponse m)
    {
        if (role != Role.LEADER)
        {
            return;
        }
        final Progress p = progress.get(from);
        if (!p.snapshotting || m.lastIncludedIndex() != p.snapshotIndexSent)
        {
            return;
        }
        p.chunkSent = false;
        if (m.done())
        {
            p.snapshotting = false;
            p.matchIndex = Math.max(p.matchIndex, m.lastIncludedIndex());
            p.nextIndex = m.lastIncludedIndex() + 1;
            p.probing = true;
            p.probeSent = false;
            sendAppend(from, true);
            return;
        }
        p.snapshotOffset = m.nextOffset();
        sendSnapshotChunk(from, p);
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

    /** {@inheritDoc} */
    @Override
    public long term()
    {
        return log.term();
    }

    /** {@inheritDoc} */
    @Override
    public int leaderId()
    {
        return leaderId;
    }

    /** {@inheritDoc} */
    @Override
    public long commitIndex()
    {
        return commitIndex;
    }

    /** {@inheritDoc} */
    @Override
    public long lastApplied()
    {
        return lastApplied;
    }

    /** {@inheritDoc} */
    @Override
    public long lastLogIndex()
    {
        return log.lastIndex();
    }

    /** {@inheritDoc} */
    @Override
    public long logTermAt(final long index)
    {
        return log.termAt(index);
    }

    /** {@inheritDoc} */
    @Override
    public long snapshotIndex()
    {
        return log.snapshotIndex();
    }

    /**
     * Snapshots this node took itself.
     *
     * @return the count since start.
     */
    public long snapshotsTaken()
    {
        return snapshotsTaken;
    }

    /**
     * Snapshots this node installed from a leader.
     *
     * @return the count since start.
     */
    public long snapshotsInstalled()
    {
        return snapshotsInstalled;
    }

    /**
     * Size of the last snapshot image taken or installed.
     *
     * @return bytes, 0 if none.
     */
    public long lastSnapshotBytes()
    {
        return lastSnapshotBytes;
    }

    /**
     * Wall-clock time the last snapshot took to take and write (or to install), in nanoseconds.
     *
     * @return the time, 0 if none.
     */
    public long lastSnapshotNs()
    {
        return lastSnapshotNs;
    }

    /**
     * InstallSnapshot chunks dropped because their CRC did not match.
     *
     * @return the count since start.
     */
    public long rejectedSnapshotChunks()
    {
        return rejectedSnapshotChunks;
    }

    /**
     * Bytes the log and snapshot files take now.
     *
     * @return the size in bytes.
     */
    public long storedBytes()
    {
        return log.storedBytes();
    }

    /** {@inheritDoc} */
    @Override
    public byte[] logCommandAt(final long index)
    {
        return log.entryAt(index).command().clone();
    }

    /** {@inheritDoc} */
    @Override
    public long rejectedFrames()
    {
        return rejectedFrames;
    }

    /**
     * The entry at an index, for tests.
     *
     * @param index 1..{@link #lastLogIndex()}.
     * @return the entry.
     */
    Entry entryAt(final long index)
    {
        return log.entryAt(index);
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
