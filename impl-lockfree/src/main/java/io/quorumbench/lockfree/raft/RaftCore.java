package io.quorumbench.lockfree.raft;

import io.quorumbench.api.consensus.ClientResponder;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.Outbox;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.lockfree.codec.Crc32cChecksum;
import io.quorumbench.lockfree.codec.FrameHeaderFlyweight;
import io.quorumbench.lockfree.codec.FrameSealer;
import io.quorumbench.lockfree.host.DirectProtocolNode;
import io.quorumbench.lockfree.raft.codec.AppendEntriesFlyweight;
import io.quorumbench.lockfree.raft.codec.AppendResponseFlyweight;
import io.quorumbench.lockfree.raft.codec.LogRecordDescriptor;
import io.quorumbench.lockfree.raft.codec.RaftFrameType;
import io.quorumbench.lockfree.raft.codec.VoteRequestFlyweight;
import io.quorumbench.lockfree.raft.codec.VoteResponseFlyweight;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.SplittableRandom;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.HEADER_LENGTH;

/**
 * The deterministic core of one tuned Raft node.
 *
 * <p><b>Protocol</b> (Ongaro and Ousterhout, "In Search of an Understandable Consensus
 * Algorithm", and Ongaro's thesis): randomized election timeouts drawn from
 * {@link NodeConfig#randomSeed()} only; pre-vote (thesis 9.6) so a partitioned node cannot
 * disrupt a healthy cluster by raising terms; step-down on any higher term (5.1); check-quorum
 * (thesis 6.2): a leader that has not heard from a majority for a maximum election timeout steps
 * down, which also lets followers refuse pre-votes while they hear from a leader; the
 * AppendEntries consistency check with a fast back-off (conflict term and index hints, 5.3);
 * commit only by majority match of an entry of the current term (5.4.2); a no-op entry on
 * election (section 8) so a new leader commits its predecessors' entries promptly; apply in
 * order; client sessions (clientId, sequence) deduplicated as replicated state (thesis 6.3).
 * Reads go through the log like writes: the commands are opaque to the core.
 *
 * <p><b>Tuning</b>: the leader batches many entries per AppendEntries up to
 * {@link RaftTuning#maxBatchBytes()} and pipelines up to {@link RaftTuning#maxInflightBatches()}
 * frames per follower with an optimistic {@code nextIndex} (etcd's probe / replicate states: a
 * rejection drops the follower back to probing one frame at a time). Frames are encoded with
 * flyweights into one reusable buffer; entries are shipped as the exact bytes of the
 * {@link MappedRaftLog} records. New entries go out on the next {@link #onTick(long)}: the host
 * ticks once per duty cycle, so everything submitted in a cycle shares frames.
 *
 * <p><b>Durability</b> per {@link FsyncPolicy}: NONE never forces; ALWAYS forces after each
 * append before acknowledging it; BATCH forces once per tick (group commit), and a follower sends
 * its success acks only after that force, a leader counts only forced entries towards its own
 * match. Term and vote are forced before they are acted on unless the policy is NONE. Under NONE a
 * power loss may take entries a follower acknowledged; the leader believes a rejection at or below
 * that follower's {@code matchIndex} when it answers the position last sent, forgets the match and
 * repairs the follower's log, so the cluster stays live (safety is what NONE gives up).
 *
 * <p><b>Client outcomes</b>: a leader answers a command when it applies it in the term it
 * proposed it; on losing leadership it answers LEADERSHIP_LOST (outcome unknown) for every entry
 * of its term not yet applied. A retry of an applied command gets its stored result if it is among
 * the client's last {@code ClientSessions.WINDOW} (while its entry is in the result ring), else LEADERSHIP_LOST (outcome unknown);
 * a retry of a command never applied is applied, even after later sequences of the same client
 * (within {@code ClientSessions.WINDOW} of the highest).
 *
 * <p><b>Bad frames</b> (short, bad magic or version, foreign cluster, sender not a peer or not
 * the transport's sender, wrong lengths, bad checksum, malformed entries) are dropped and counted
 * in {@link #rejectedFrames()}, never thrown.
 *
 * <p>Zero allocation in steady state. Not thread-safe: one thread drives a node.
 */
public final class RaftCore implements DirectProtocolNode
{
    /** Committed entries copied out and hinted to the state machine before the first is applied. */
    private static final int APPLY_WINDOW = 8;
    private static final int PROBE = 0;
    private static final int REPLICATE = 1;
    private static final int VOTE_BODY_OFFSET = HEADER_LENGTH;

    private final int clusterId;
    private final int nodeId;
    private final int[] members;
    private final int selfSlot;
    private final int quorum;
    private final Outbox outbox;
    private final ClientResponder responder;
    private final StateMachine stateMachine;
    private final FsyncPolicy fsyncPolicy;
    private final long electionTimeoutMinNs;
    private final long electionTimeoutRangeNs;
    private final long heartbeatIntervalNs;
    private final int maxCommandLength;
    private final int maxBatchBytes;
    private final int maxInflight;
    private final int maxUncommittedEntries;
    private final SplittableRandom random;

    private final Crc32cChecksum crc = new Crc32cChecksum();
    private final MappedRaftLog log;
    private final HardStateFile hardState;
    private final ClientSessions sessions;
    private final CommandAdmission admission;

    private final byte[] sendArray;
    private final UnsafeBuffer sendBuffer;
    private final UnsafeBuffer inputFrame = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer inputCommand = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer emptyBuffer = new UnsafeBuffer(new byte[0]);
    private final byte[][] commandScratch;
    private final byte[] resultScratch;

    private final FrameSealer frames;
    private final VoteRequestFlyweight voteRequest = new VoteRequestFlyweight();
    private final VoteResponseFlyweight voteResponse = new VoteResponseFlyweight();
    private final AppendEntriesFlyweight appendEntries = new AppendEntriesFlyweight();
    private final AppendResponseFlyweight appendResponse = new AppendResponseFlyweight();

    private final long[] nextIndex;
    private final long[] matchIndex;
    private final int[] progressState;
    private final boolean[] probeSent;
    private final long[] probeResendNs;
    private final long[] inflightEnds;
    private final int[] inflightHead;
    private final int[] inflightCount;
    private final boolean[] votes;
    private final boolean[] recentlyActive;
    private final long[] matchScratch;

    private Role role = Role.FOLLOWER;
    private long currentTerm;
    private int votedFor;
    private int leaderId = NodeConfig.NO_NODE;
    private long commitIndex;
    private long lastApplied;
    private long nowNs;
    private boolean started;
    private boolean closed;
    private long electionDeadlineNs;
    private long heartbeatDeadlineNs;
    private long checkQuorumDeadlineNs;
    private long lastLeaderContactNs;
    private int pendingAckTo = NodeConfig.NO_NODE;
    private long pendingAckTerm;
    private long pendingAckIndex;
    private long rejectedFrames;

    /**
     * Build a node, recovering its log and hard state from {@link NodeConfig#dataDir()}.
     *
     * @param config node configuration.
     * @param tuning concluded tuning.
     */
    public RaftCore(final NodeConfig config, final RaftTuning tuning)
    {
        clusterId = config.clusterId();
        nodeId = config.nodeId();
        frames = new FrameSealer(config.clusterId(), nodeId, crc);
        members = config.memberIds();
        selfSlot = Arrays.binarySearch(members, nodeId);
        quorum = config.quorum();
        outbox = config.outbox();
        responder = config.responder();
        stateMachine = config.stateMachine();
        fsyncPolicy = config.fsyncPolicy();
        electionTimeoutMinNs = config.electionTimeoutMinNs();
        electionTimeoutRangeNs = config.electionTimeoutMaxNs() - config.electionTimeoutMinNs();
        heartbeatIntervalNs = config.heartbeatIntervalNs();
        maxCommandLength = config.maxCommandLength();
        maxBatchBytes = tuning.maxBatchBytes();
        maxInflight = tuning.maxInflightBatches();
        maxUncommittedEntries = tuning.maxUncommittedEntries();
        random = new SplittableRandom(config.randomSeed());

        log = new MappedRaftLog(
            config.dataDir(), tuning.segmentLength(), maxCommandLength, tuning.initialLogCapacity(),
            fsyncPolicy != FsyncPolicy.NONE, tuning.preTouchLog(), crc);
        try
        {
            hardState = new HardStateFile(config.dataDir(), crc);
        }
        catch (final RuntimeException ex)
        {
            log.close();
            throw ex;
        }
        currentTerm = hardState.term();
        votedFor = hardState.votedFor();
        sessions = new ClientSessions(stateMachine.maxResultLength());
        admission = new CommandAdmission(responder, sessions, maxCommandLength);

        sendArray = new byte[tuning.maxFrameLength(maxCommandLength)];
        sendBuffer = new UnsafeBuffer(sendArray);
        commandScratch = new byte[APPLY_WINDOW][maxCommandLength];
        resultScratch = new byte[Math.max(1, stateMachine.maxResultLength())];

        final int n = members.length;
        nextIndex = new long[n];
        matchIndex = new long[n];
        progressState = new int[n];
        probeSent = new boolean[n];
        probeResendNs = new long[n];
        inflightEnds = new long[n * maxInflight];
        inflightHead = new int[n];
        inflightCount = new int[n];
        votes = new boolean[n];
        recentlyActive = new boolean[n];
        matchScratch = new long[n];
    }

    /** {@inheritDoc} */
    @Override
    public int nodeId()
    {
        return nodeId;
    }

    /** {@inheritDoc} */
    @Override
    public void onMessage(final int fromNodeId, final byte[] frame, final int offset, final int length)
    {
        if (null == frame || offset < 0 || length < 0 || offset > frame.length - length)
        {
            rejectedFrames++;
            return;
        }
        inputFrame.wrap(frame, offset, length);
        onMessage(fromNodeId, inputFrame, 0, length);
    }

    /**
     * Deliver a frame from a peer without copying (the Aeron host passes the term buffer).
     *
     * @param fromNodeId sender as the transport knows it.
     * @param buffer     holding the frame; only read during the call.
     * @param offset     first byte of the frame.
     * @param length     frame length.
     */
    @Override
    public void onMessage(final int fromNodeId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (closed)
        {
            return;
        }
        if (Arrays.binarySearch(members, fromNodeId) < 0 || !frames.isValid(buffer, offset, length, fromNodeId))
        {
            rejectedFrames++;
            return;
        }
        final FrameHeaderFlyweight header = frames.header();
        final int bodyLength = header.bodyLength();
        final int bodyOffset = offset + HEADER_LENGTH;

        final byte type = header.type();
        switch (type)
        {
            case RaftFrameType.TYPE_PRE_VOTE:
            case RaftFrameType.TYPE_REQUEST_VOTE:
                if (bodyLength != VoteRequestFlyweight.BODY_LENGTH)
                {
                    rejectedFrames++;
                    return;
                }
                voteRequest.wrap(buffer, bodyOffset);
                onVoteRequest(fromNodeId, type == RaftFrameType.TYPE_PRE_VOTE,
                    voteRequest.term(), voteRequest.lastLogIndex(), voteRequest.lastLogTerm());
                break;

            case RaftFrameType.TYPE_PRE_VOTE_RESPONSE:
            case RaftFrameType.TYPE_REQUEST_VOTE_RESPONSE:
            {
                if (bodyLength != VoteResponseFlyweight.BODY_LENGTH)
                {
                    rejectedFrames++;
                    return;
                }
                voteResponse.wrap(buffer, bodyOffset);
                final int granted = voteResponse.grantedRaw();
                if ((granted & ~1) != 0 || voteResponse.term() < 0)
                {
                    rejectedFrames++;
                    return;
                }
                onVoteResponse(fromNodeId, type == RaftFrameType.TYPE_PRE_VOTE_RESPONSE,
                    voteResponse.term(), granted == 1);
                break;
            }

            case RaftFrameType.TYPE_APPEND_ENTRIES:
                onAppendEntries(fromNodeId, buffer, bodyOffset, bodyLength);
                break;

            case RaftFrameType.TYPE_APPEND_RESPONSE:
            {
                if (bodyLength != AppendResponseFlyweight.BODY_LENGTH)
                {
                    rejectedFrames++;
                    return;
                }
                appendResponse.wrap(buffer, bodyOffset);
                final int success = appendResponse.successRaw();
                if ((success & ~1) != 0 || appendResponse.index() < 0)
                {
                    rejectedFrames++;
                    return;
                }
                onAppendResponse(fromNodeId, success == 1, appendResponse.term(), appendResponse.index(),
                    appendResponse.conflictIndex(), appendResponse.conflictTerm());
                break;
            }

            default:
                rejectedFrames++;
        }
    }

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
            lastLeaderContactNs = nowNs - electionTimeoutMinNs - electionTimeoutRangeNs;
            resetElectionTimer();
        }

        if (Role.LEADER == role)
        {
            tickLeader();
        }
        else
        {
            if (nowNs >= electionDeadlineNs)
            {
                becomePreCandidate();
            }
            flushPendingAck();
        }
    }

    /** {@inheritDoc} */
    @Override
    public void onClientCommand(
        final long clientId, final long sequence, final byte[] command, final int offset, final int length)
    {
        if (!admission.isSlice(clientId, sequence, command, offset, length, leaderId))
        {
            return;
        }
        inputCommand.wrap(command, offset, length);
        onClientCommand(clientId, sequence, inputCommand, 0, length);
    }

    /**
     * A client command from an off-heap buffer (the host's ingress ring buffer), without copying
     * it anywhere but into the log.
     *
     * @param clientId client session id.
     * @param sequence client sequence number.
     * @param command  buffer holding the command.
     * @param offset   first byte of the command.
     * @param length   command length.
     */
    @Override
    public void onClientCommand(
        final long clientId, final long sequence, final DirectBuffer command, final int offset, final int length)
    {
        if (closed)
        {
            return;
        }
        if (!admission.admit(clientId, sequence, length, Role.LEADER == role, leaderId))
        {
            return;
        }
        if (log.lastIndex() - commitIndex >= maxUncommittedEntries)
        {
            responder.onRejected(clientId, sequence, RejectReason.BACKPRESSURE, nodeId);
            return;
        }
        log.append(currentTerm, clientId, sequence, 0, command, offset, length);
        if (FsyncPolicy.ALWAYS == fsyncPolicy)
        {
            log.force();
        }
        if (1 == quorum)
        {
            maybeCommit();
        }
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
        return currentTerm;
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

    /**
     * {@inheritDoc}
     *
     * <p>The election no-op entry reads as an empty command.
     */
    @Override
    public byte[] logCommandAt(final long index)
    {
        if (index < 1 || index > log.lastIndex())
        {
            throw new IllegalArgumentException("index " + index + " outside 1.." + log.lastIndex());
        }
        final UnsafeBuffer buffer = log.buffer(index);
        final int offset = log.offset(index);
        final byte[] command = new byte[LogRecordDescriptor.commandLength(buffer, offset)];
        buffer.getBytes(offset + LogRecordDescriptor.HEADER_LENGTH, command);
        return command;
    }

    /** {@inheritDoc} */
    @Override
    public long rejectedFrames()
    {
        return rejectedFrames;
    }

    /** {@inheritDoc} */
    @Override
    public void crash(final boolean powerLoss)
    {
        if (!closed)
        {
            closed = true;
            log.crash(powerLoss);
            hardState.crash(powerLoss);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (FsyncPolicy.NONE != fsyncPolicy)
            {
                log.force();
            }
            log.close();
            hardState.close();
        }
    }

    /**
     * Whether this node currently believes it is the leader.
     *
     * @return true if leader.
     */
    public boolean isLeader()
    {
        return Role.LEADER == role;
    }

    // ---------------------------------------------------------------- elections (5.2, thesis 9.6)

    private void becomePreCandidate()
    {
        if (Role.LEADER == role)
        {
            failPending(NodeConfig.NO_NODE);
        }
        role = Role.PRE_CANDIDATE;
        leaderId = NodeConfig.NO_NODE;
        clearVotes();
        resetElectionTimer();
        broadcastVoteRequest(RaftFrameType.TYPE_PRE_VOTE, currentTerm + 1);
        if (countVotes() >= quorum)
        {
            becomeCandidate();
        }
    }

    private void becomeCandidate()
    {
        currentTerm++;
        votedFor = nodeId;
        persistHardState();
        role = Role.CANDIDATE;
        leaderId = NodeConfig.NO_NODE;
        clearVotes();
        resetElectionTimer();
        broadcastVoteRequest(RaftFrameType.TYPE_REQUEST_VOTE, currentTerm);
        if (countVotes() >= quorum)
        {
            becomeLeader();
        }
    }

    private void becomeLeader()
    {
        role = Role.LEADER;
        leaderId = nodeId;
        final long next = log.lastIndex() + 1;
        for (int slot = 0; slot < members.length; slot++)
        {
            nextIndex[slot] = next;
            matchIndex[slot] = 0;
            resetToProbe(slot);
            recentlyActive[slot] = false;
        }
        checkQuorumDeadlineNs = nowNs + electionTimeoutMinNs + electionTimeoutRangeNs;
        heartbeatDeadlineNs = nowNs + heartbeatIntervalNs;

        // Section 8: a no-op of the new term lets the leader commit (5.4.2) what earlier terms left.
        log.append(currentTerm, 0, 0, LogRecordDescriptor.FLAG_NOOP, emptyBuffer, 0, 0);
        if (FsyncPolicy.NONE != fsyncPolicy)
        {
            log.force();
        }
        maybeCommit();
        for (int slot = 0; slot < members.length; slot++)
        {
            if (slot != selfSlot)
            {
                replicate(slot);
            }
        }
    }

    private void becomeFollower(final long term, final int leader)
    {
        if (Role.LEADER == role)
        {
            failPending(leader);
        }
        if (term > currentTerm)
        {
            currentTerm = term;
            votedFor = NodeConfig.NO_NODE;
            persistHardState();
        }
        if (pendingAckTerm != currentTerm)
        {
            pendingAckTo = NodeConfig.NO_NODE;
        }
        role = Role.FOLLOWER;
        leaderId = leader;
        resetElectionTimer();
    }

    private void onVoteRequest(
        final int from, final boolean preVote, final long term, final long lastLogIndex, final long lastLogTerm)
    {
        if (preVote)
        {
            // Thesis 9.6: grant only what a real vote would get, and only if we have no live leader;
            // the term is not changed by a pre-vote on either side.
            final boolean grant = term > currentTerm && isUpToDate(lastLogIndex, lastLogTerm) && !hearsLeader();
            sendVoteResponse(from, RaftFrameType.TYPE_PRE_VOTE_RESPONSE, grant ? term : currentTerm, grant);
            return;
        }

        if (term > currentTerm)
        {
            if (Role.FOLLOWER == role && hearsLeader())
            {
                // Thesis 4.2.3: a server that hears from a current leader ignores RequestVote,
                // so a node that missed heartbeats cannot depose a working leader.
                return;
            }
            becomeFollower(term, NodeConfig.NO_NODE);
        }
        boolean grant = false;
        if (term == currentTerm &&
            (NodeConfig.NO_NODE == votedFor || from == votedFor) &&
            isUpToDate(lastLogIndex, lastLogTerm))
        {
            grant = true;
            votedFor = from;
            persistHardState();
            resetElectionTimer();
        }
        sendVoteResponse(from, RaftFrameType.TYPE_REQUEST_VOTE_RESPONSE, currentTerm, grant);
    }

    private void onVoteResponse(final int from, final boolean preVote, final long term, final boolean granted)
    {
        if (preVote)
        {
            if (Role.PRE_CANDIDATE == role && granted && term == currentTerm + 1)
            {
                votes[slotOf(from)] = true;
                if (countVotes() >= quorum)
                {
                    becomeCandidate();
                }
            }
            else if (!granted && term > currentTerm)
            {
                becomeFollower(term, NodeConfig.NO_NODE);
            }
            return;
        }

        if (term > currentTerm)
        {
            becomeFollower(term, NodeConfig.NO_NODE);
            return;
        }
        if (Role.CANDIDATE == role && term == currentTerm && granted)
        {
            votes[slotOf(from)] = true;
            if (countVotes() >= quorum)
            {
                becomeLeader();
            }
        }
    }

    private boolean isUpToDate(final long lastLogIndex, final long lastLogTerm)
    {
        // Section 5.4.1: compare last terms, then lengths.
        final long myLastTerm = log.lastTerm();
        return lastLogTerm > myLastTerm || (lastLogTerm == myLastTerm && lastLogIndex >= log.lastIndex());
    }

    private boolean hearsLeader()
    {
        return Role.LEADER == role ||
            (NodeConfig.NO_NODE != leaderId && nowNs - lastLeaderContactNs < electionTimeoutMinNs);
    }

    // ---------------------------------------------------------------- log replication (5.3)

    private void onAppendEntries(final int from, final DirectBuffer buffer, final int bodyOffset, final int bodyLength)
    {
        if (bodyLength < AppendEntriesFlyweight.ENTRIES_OFFSET)
        {
            rejectedFrames++;
            return;
        }
        appendEntries.wrap(buffer, bodyOffset);
        final long term = appendEntries.term();
        final long prevLogIndex = appendEntries.prevLogIndex();
        final long prevLogTerm = appendEntries.prevLogTerm();
        final long leaderCommit = appendEntries.leaderCommit();
        final int count = appendEntries.entryCount();
        final int entriesLength = appendEntries.entriesLength();
        if (term < 1 || prevLogIndex < 0 || prevLogTerm < 0 || prevLogTerm > term || leaderCommit < 0 ||
            count < 0 || entriesLength != bodyLength - AppendEntriesFlyweight.ENTRIES_OFFSET ||
            !validEntries(buffer, bodyOffset + AppendEntriesFlyweight.ENTRIES_OFFSET, entriesLength, count, prevLogTerm, term))
        {
            rejectedFrames++;
            return;
        }

        if (term < currentTerm)
        {
            // Section 5.1: tell a stale leader the current term so it steps down.
            sendAppendResponse(from, false, prevLogIndex, 0, 0);
            return;
        }
        if (term > currentTerm || Role.FOLLOWER != role)
        {
            becomeFollower(term, from);
        }
        leaderId = from;
        lastLeaderContactNs = nowNs;
        resetElectionTimer();

        if (prevLogIndex > log.lastIndex())
        {
            sendAppendResponse(from, false, prevLogIndex, log.lastIndex() + 1, 0);
            return;
        }
        if (prevLogIndex > 0 && log.termAt(prevLogIndex) != prevLogTerm)
        {
            // Fast back-off: name the conflicting term and its first index so the leader can skip it.
            final long conflictTerm = log.termAt(prevLogIndex);
            sendAppendResponse(from, false, prevLogIndex, firstIndexOfTerm(conflictTerm, prevLogIndex), conflictTerm);
            return;
        }

        long index = prevLogIndex;
        int position = bodyOffset + AppendEntriesFlyweight.ENTRIES_OFFSET;
        for (int i = 0; i < count; i++)
        {
            index++;
            final int recordLength = LogRecordDescriptor.recordLength(LogRecordDescriptor.commandLength(buffer, position));
            final long entryTerm = LogRecordDescriptor.term(buffer, position);
            if (index <= log.lastIndex())
            {
                if (log.termAt(index) == entryTerm)
                {
                    position += recordLength;
                    continue;
                }
                if (index <= commitIndex)
                {
                    // Leader completeness (5.4) makes this impossible from a correct leader; refuse to
                    // lose a committed entry and count the frame as bad.
                    rejectedFrames++;
                    return;
                }
                log.truncateFrom(index);
            }
            log.appendRecord(buffer, position, recordLength);
            position += recordLength;
        }

        final long lastNewIndex = prevLogIndex + count;
        if (leaderCommit > commitIndex)
        {
            final long newCommit = Math.min(leaderCommit, lastNewIndex);
            if (newCommit > commitIndex)
            {
                commitIndex = newCommit;
                applyCommitted();
            }
        }
        acknowledge(from, lastNewIndex);
    }

    private boolean validEntries(
        final DirectBuffer buffer, final int offset, final int length, final int count, final long prevLogTerm, final long term)
    {
        int position = offset;
        final int end = offset + length;
        long lastTerm = prevLogTerm;
        for (int i = 0; i < count; i++)
        {
            final int recordLength = LogRecordDescriptor.validate(buffer, position, end - position, maxCommandLength, crc);
            if (recordLength < 0)
            {
                return false;
            }
            final long entryTerm = LogRecordDescriptor.term(buffer, position);
            if (entryTerm < lastTerm || entryTerm > term)
            {
                return false;
            }
            lastTerm = entryTerm;
            position += recordLength;
        }
        return position == end;
    }

    private void acknowledge(final int leader, final long matchedIndex)
    {
        if (FsyncPolicy.BATCH == fsyncPolicy)
        {
            // Group commit: the ack waits for the one force of this duty cycle (flushPendingAck).
            if (pendingAckTo != leader || pendingAckTerm != currentTerm)
            {
                pendingAckTo = leader;
                pendingAckTerm = currentTerm;
                pendingAckIndex = matchedIndex;
            }
            else
            {
                pendingAckIndex = Math.max(pendingAckIndex, matchedIndex);
            }
            return;
        }
        if (FsyncPolicy.ALWAYS == fsyncPolicy)
        {
            log.force();
        }
        sendAppendResponse(leader, true, matchedIndex, 0, 0);
    }

    private void flushPendingAck()
    {
        if (NodeConfig.NO_NODE != pendingAckTo)
        {
            log.force();
            if (pendingAckTerm == currentTerm && Role.FOLLOWER == role)
            {
                sendAppendResponse(pendingAckTo, true, pendingAckIndex, 0, 0);
            }
            pendingAckTo = NodeConfig.NO_NODE;
        }
    }

    private void onAppendResponse(
        final int from,
        final boolean success,
        final long term,
        final long index,
        final long conflictIndex,
        final long conflictTerm)
    {
        if (term > currentTerm)
        {
            becomeFollower(term, NodeConfig.NO_NODE);
            return;
        }
        if (Role.LEADER != role || term != currentTerm)
        {
            return;
        }
        final int slot = slotOf(from);
        recentlyActive[slot] = true;

        if (success)
        {
            if (index > log.lastIndex())
            {
                rejectedFrames++;
                return;
            }
            if (index > matchIndex[slot])
            {
                matchIndex[slot] = index;
                freeInflight(slot, index);
            }
            if (nextIndex[slot] <= index)
            {
                nextIndex[slot] = index + 1;
            }
            if (PROBE == progressState[slot])
            {
                progressState[slot] = REPLICATE;
                inflightCount[slot] = 0;
            }
            maybeCommit();
            replicate(slot);
            return;
        }

        final long rejected = index;
        final boolean answersLatest = rejected == nextIndex[slot] - 1;
        if (!answersLatest && (PROBE == progressState[slot] || rejected <= matchIndex[slot]))
        {
            // A stale answer, overtaken by later ones (section 5.3 tolerates reordering).
            return;
        }
        if (rejected <= matchIndex[slot])
        {
            // The follower rejects the consistency check (5.3) at the position we last sent, at or
            // below what it acknowledged: its storage lost acknowledged entries (fsync NONE and a
            // power loss break figure 2's "updated on stable storage before responding"), or a
            // duplicated old rejection happens to match that position. Either way believe it: figure
            // 2's matchIndex is the highest index *known* to be replicated there, and nothing is
            // known any more until it acknowledges again. Ignoring the rejection as stale would probe
            // the same index forever; lowering matchIndex only makes commitment more conservative.
            matchIndex[slot] = 0;
        }
        long next;
        if (0 == conflictTerm)
        {
            next = conflictIndex;
        }
        else
        {
            final long last = lastIndexWithTermAtMost(conflictTerm, Math.min(rejected, log.lastIndex()));
            next = log.termAt(last) == conflictTerm ? last + 1 : conflictIndex;
        }
        next = Math.max(matchIndex[slot] + 1, Math.min(next, rejected));
        nextIndex[slot] = next;
        resetToProbe(slot);
        replicate(slot);
    }

    private void tickLeader()
    {
        if (FsyncPolicy.BATCH == fsyncPolicy)
        {
            log.force();
        }
        maybeCommit();
        if (Role.LEADER != role)
        {
            return;
        }

        if (nowNs >= checkQuorumDeadlineNs)
        {
            int active = 1;
            for (int slot = 0; slot < members.length; slot++)
            {
                if (slot != selfSlot && recentlyActive[slot])
                {
                    active++;
                }
                recentlyActive[slot] = false;
            }
            if (active < quorum)
            {
                // Thesis 6.2: a leader cut off from a majority steps down so clients look elsewhere.
                becomeFollower(currentTerm, NodeConfig.NO_NODE);
                return;
            }
            checkQuorumDeadlineNs = nowNs + electionTimeoutMinNs + electionTimeoutRangeNs;
        }

        final boolean heartbeat = nowNs >= heartbeatDeadlineNs;
        if (heartbeat)
        {
            heartbeatDeadlineNs = nowNs + heartbeatIntervalNs;
        }
        for (int slot = 0; slot < members.length; slot++)
        {
            if (slot == selfSlot)
            {
                continue;
            }
            if (heartbeat && REPLICATE == progressState[slot])
            {
                // Consistency check at nextIndex - 1: a lost batch shows up as a rejection here.
                sendAppend(slot, nextIndex[slot], false);
            }
            replicate(slot);
        }
    }

    private void replicate(final int slot)
    {
        if (PROBE == progressState[slot])
        {
            if (probeSent[slot] && nowNs < probeResendNs[slot])
            {
                return;
            }
            sendAppend(slot, nextIndex[slot], true);
            probeSent[slot] = true;
            probeResendNs[slot] = nowNs + heartbeatIntervalNs;
            return;
        }
        final long lastIndex = log.lastIndex();
        while (nextIndex[slot] <= lastIndex && inflightCount[slot] < maxInflight)
        {
            final long end = sendAppend(slot, nextIndex[slot], true);
            final int tail = (inflightHead[slot] + inflightCount[slot]) % maxInflight;
            inflightEnds[slot * maxInflight + tail] = end;
            inflightCount[slot]++;
            nextIndex[slot] = end + 1;
        }
    }

    private long sendAppend(final int slot, final long fromIndex, final boolean withEntries)
    {
        final long prevLogIndex = fromIndex - 1;
        final int entriesOffset = HEADER_LENGTH + AppendEntriesFlyweight.ENTRIES_OFFSET;
        int bytes = 0;
        int count = 0;
        if (withEntries)
        {
            final long lastIndex = log.lastIndex();
            for (long index = fromIndex; index <= lastIndex; index++)
            {
                final int recordLength = log.recordLength(index);
                if (count > 0 && bytes + recordLength > maxBatchBytes)
                {
                    break;
                }
                sendBuffer.putBytes(entriesOffset + bytes, log.buffer(index), log.offset(index), recordLength);
                bytes += recordLength;
                count++;
            }
        }
        appendEntries.wrap(sendBuffer, HEADER_LENGTH)
            .encode(currentTerm, prevLogIndex, log.termAt(prevLogIndex), commitIndex, count, bytes);
        send(members[slot], RaftFrameType.TYPE_APPEND_ENTRIES, AppendEntriesFlyweight.ENTRIES_OFFSET + bytes);
        return prevLogIndex + count;
    }

    private void resetToProbe(final int slot)
    {
        progressState[slot] = PROBE;
        probeSent[slot] = false;
        inflightCount[slot] = 0;
        inflightHead[slot] = 0;
    }

    private void freeInflight(final int slot, final long matched)
    {
        final int base = slot * maxInflight;
        while (inflightCount[slot] > 0 && inflightEnds[base + inflightHead[slot]] <= matched)
        {
            inflightHead[slot] = (inflightHead[slot] + 1) % maxInflight;
            inflightCount[slot]--;
        }
    }

    // ---------------------------------------------------------------- commit and apply (5.3, 5.4.2)

    private long durableIndex()
    {
        return FsyncPolicy.NONE == fsyncPolicy ? log.lastIndex() : log.forcedIndex();
    }

    private void maybeCommit()
    {
        if (Role.LEADER != role)
        {
            return;
        }
        for (int slot = 0; slot < members.length; slot++)
        {
            matchScratch[slot] = slot == selfSlot ? durableIndex() : matchIndex[slot];
        }
        Arrays.sort(matchScratch);
        final long majorityMatch = matchScratch[members.length - quorum];
        // Section 5.4.2: only an entry of the current term is committed by counting replicas.
        if (majorityMatch > commitIndex && log.termAt(majorityMatch) == currentTerm)
        {
            commitIndex = majorityMatch;
            applyCommitted();
        }
    }

    private void applyCommitted()
    {
        while (lastApplied < commitIndex)
        {
            final long first = lastApplied + 1;
            final long last = Math.min(commitIndex, lastApplied + APPLY_WINDOW);
            // Copy the window's commands out of the log and hint each to the state machine before
            // applying any, so the cache misses of their lookups overlap (in a 3-node cluster on one
            // core, the KV lookups' misses were 29% of its time at 500k ops/s).
            for (long index = first; index <= last; index++)
            {
                final UnsafeBuffer buffer = log.buffer(index);
                final int offset = log.offset(index);
                if ((LogRecordDescriptor.flags(buffer, offset) & LogRecordDescriptor.FLAG_NOOP) == 0)
                {
                    final byte[] command = commandScratch[(int)(index - first)];
                    final int length = LogRecordDescriptor.commandLength(buffer, offset);
                    buffer.getBytes(offset + LogRecordDescriptor.HEADER_LENGTH, command, 0, length);
                    stateMachine.prefetch(command, 0, length);
                }
            }
            for (long index = first; index <= last; index++)
            {
                applyOne(index, commandScratch[(int)(index - first)]);
            }
        }
    }

    private void applyOne(final long index, final byte[] command)
    {
        final UnsafeBuffer buffer = log.buffer(index);
        final int offset = log.offset(index);
        lastApplied = index;
        if ((LogRecordDescriptor.flags(buffer, offset) & LogRecordDescriptor.FLAG_NOOP) != 0)
        {
            return;
        }
        final long clientId = LogRecordDescriptor.clientId(buffer, offset);
        final long sequence = LogRecordDescriptor.sequence(buffer, offset);
        final boolean answer = Role.LEADER == role && LogRecordDescriptor.term(buffer, offset) == currentTerm;
        final ClientSessions.Session session = sessions.getOrCreate(clientId);
        if (session.isApplied(sequence))
        {
            // A retry that made it into the log twice: never applied twice (thesis 6.3).
            if (answer)
            {
                admission.answerDuplicate(clientId, sequence, session, leaderId);
            }
            return;
        }
        final int length = LogRecordDescriptor.commandLength(buffer, offset);
        final int resultLength = stateMachine.apply(index, command, 0, length, resultScratch);
        session.markApplied(sequence, index, resultScratch, resultLength);
        if (answer)
        {
            responder.onCommitted(clientId, sequence, index, resultScratch, 0, resultLength);
        }
    }

    private void failPending(final int leaderHint)
    {
        final long lastIndex = log.lastIndex();
        for (long index = lastApplied + 1; index <= lastIndex; index++)
        {
            final UnsafeBuffer buffer = log.buffer(index);
            final int offset = log.offset(index);
            if (LogRecordDescriptor.term(buffer, offset) == currentTerm &&
                (LogRecordDescriptor.flags(buffer, offset) & LogRecordDescriptor.FLAG_NOOP) == 0)
            {
                responder.onRejected(
                    LogRecordDescriptor.clientId(buffer, offset),
                    LogRecordDescriptor.sequence(buffer, offset),
                    RejectReason.LEADERSHIP_LOST,
                    leaderHint);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private long firstIndexOfTerm(final long term, final long atOrBefore)
    {
        // Terms are non-decreasing along the log, so binary search; never hint below the commit.
        long lo = commitIndex + 1;
        long hi = atOrBefore;
        while (lo < hi)
        {
            final long mid = (lo + hi) >>> 1;
            if (log.termAt(mid) < term)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return Math.max(1, Math.min(lo, atOrBefore));
    }

    private long lastIndexWithTermAtMost(final long term, final long atOrBefore)
    {
        long lo = 0;
        long hi = atOrBefore;
        while (lo < hi)
        {
            final long mid = (lo + hi + 1) >>> 1;
            if (log.termAt(mid) <= term)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private int slotOf(final int node)
    {
        return Arrays.binarySearch(members, node);
    }

    private void clearVotes()
    {
        Arrays.fill(votes, false);
        votes[selfSlot] = true;
    }

    private int countVotes()
    {
        int count = 0;
        for (final boolean vote : votes)
        {
            if (vote)
            {
                count++;
            }
        }
        return count;
    }

    private void resetElectionTimer()
    {
        electionDeadlineNs = nowNs + electionTimeoutMinNs + random.nextLong(electionTimeoutRangeNs);
    }

    private void persistHardState()
    {
        hardState.store(currentTerm, votedFor, FsyncPolicy.NONE != fsyncPolicy);
    }

    private void broadcastVoteRequest(final byte type, final long term)
    {
        for (int slot = 0; slot < members.length; slot++)
        {
            if (slot != selfSlot)
            {
                voteRequest.wrap(sendBuffer, VOTE_BODY_OFFSET).encode(term, log.lastIndex(), log.lastTerm());
                send(members[slot], type, VoteRequestFlyweight.BODY_LENGTH);
            }
        }
    }

    private void sendVoteResponse(final int to, final byte type, final long term, final boolean granted)
    {
        voteResponse.wrap(sendBuffer, HEADER_LENGTH).encode(term, granted);
        send(to, type, VoteResponseFlyweight.BODY_LENGTH);
    }

    private void sendAppendResponse(
        final int to, final boolean success, final long index, final long conflictIndex, final long conflictTerm)
    {
        appendResponse.wrap(sendBuffer, HEADER_LENGTH).encode(currentTerm, success, index, conflictIndex, conflictTerm);
        send(to, RaftFrameType.TYPE_APPEND_RESPONSE, AppendResponseFlyweight.BODY_LENGTH);
    }

    private void send(final int to, final byte type, final int bodyLength)
    {
        outbox.send(to, sendArray, 0, frames.seal(sendBuffer, 0, type, bodyLength));
    }
}
