package io.quorumbench.lockfree.paxos;

import io.quorumbench.api.consensus.ClientResponder;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.Outbox;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.paxos.AcceptorView;
import io.quorumbench.api.paxos.Ballot;
import io.quorumbench.lockfree.codec.Crc32cChecksum;
import io.quorumbench.lockfree.codec.FrameHeaderFlyweight;
import io.quorumbench.lockfree.codec.FrameSealer;
import io.quorumbench.lockfree.host.DirectProtocolNode;
import io.quorumbench.lockfree.paxos.codec.AcceptFlyweight;
import io.quorumbench.lockfree.paxos.codec.AcceptedFlyweight;
import io.quorumbench.lockfree.paxos.codec.BatchDescriptor;
import io.quorumbench.lockfree.paxos.codec.HeartbeatFlyweight;
import io.quorumbench.lockfree.paxos.codec.HeartbeatResponseFlyweight;
import io.quorumbench.lockfree.paxos.codec.PaxosFrameType;
import io.quorumbench.lockfree.paxos.codec.PrepareFlyweight;
import io.quorumbench.lockfree.paxos.codec.PromiseFlyweight;
import io.quorumbench.lockfree.paxos.codec.SlotRecordDescriptor;
import io.quorumbench.lockfree.raft.ClientSessions;
import io.quorumbench.lockfree.raft.CommandAdmission;
import io.quorumbench.lockfree.raft.HardStateFile;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.SplittableRandom;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.HEADER_LENGTH;

/**
 * The deterministic core of one tuned Multi-Paxos node: proposer, acceptor and learner in one.
 *
 * <p><b>Protocol</b> (van Renesse and Altinbuken, "Paxos Made Moderately Complex", with a stable
 * leader and the batching and pipelining of JPaxos/S-Paxos): ballots {@code (round, nodeId)}
 * ({@link Ballot}). A node that has not heard a leader for a randomised election timeout becomes a
 * candidate with a ballot above every ballot it has seen and runs phase 1 <em>once for every slot
 * above its commit point</em>: each acceptor promises (persisting the promise before it answers)
 * and returns every {@code (ballot, value)} it accepted from that slot on, in chunks of one frame.
 * With a majority of promises the candidate leads: per slot it re-proposes the value of the
 * highest accepted ballot, fills holes with no-ops (empty batches), and only then proposes new
 * batches. Phase 2 runs per slot: the leader groups client commands into one slot's value (a
 * batch bounded by {@link PaxosTuning#maxBatchBytes()} and {@link PaxosTuning#maxBatchCommands()},
 * flushed once per duty cycle, or as soon as it is full, while the window has room) and keeps up to {@link PaxosTuning#windowSlots()} slots
 * in flight. Acceptors accept in any order if the ballot is at least their promise. A slot is
 * chosen at a majority of accepts of the leader's ballot; the leader's commit point (the chosen
 * prefix) rides on every accept and heartbeat. A follower marks a slot chosen only if it accepted
 * it in the ballot of the leader that says so (that leader proposes one value per slot), so an
 * older value it holds is never mistaken for the chosen one; slots it misses are sent again by the
 * leader as accepts of its ballot (a chosen value may be proposed again in a higher ballot).
 * Replicas apply chosen slots in slot order, never past a hole.
 *
 * <p><b>Leader stability</b>: a node that times out first asks whether a majority would promise
 * a higher ballot (a pre-prepare, Raft thesis 9.6's pre-vote; nobody changes state) and runs phase
 * 1 only if so, so a node that merely lost touch cannot come back with a promise above the
 * leader's ballot and force an election; a node that heard the leader within the minimum election
 * timeout refuses pre-prepares and ignores prepares (as Raft thesis 4.2.3); a leader that has not
 * heard a majority for the maximum election timeout steps down (check-quorum).
 *
 * <p><b>Durability</b> per {@link FsyncPolicy}, with Raft's meaning: NONE never forces; ALWAYS
 * forces each accept before answering it; BATCH forces once per tick and holds the answers (and
 * the leader's own vote for its proposals) until then. A raised promise is forced before it is
 * answered unless the policy is NONE.
 *
 * <p><b>The replicated-log view</b> ({@link io.quorumbench.api.consensus.ProtocolNode}'s indexes)
 * counts <em>commands</em>, not slots: index {@code i} is the {@code i}-th command of the chosen
 * prefix in slot order (a no-op slot holds none), so every replica numbers the same command alike
 * and the state machine is given strictly increasing indexes although a slot holds a batch. Only
 * the chosen prefix is shown ({@code lastLogIndex() == commitIndex()}): the numbering of commands
 * in slots past a hole is not fixed yet. {@code logTermAt} is 1 for every shown command: the
 * ballot a chosen value was accepted in legitimately differs between acceptors (and grows when a
 * new leader proposes it again), which the kit's term comparisons would take for a changed entry;
 * the ballots are in the {@link AcceptorView}, slot by slot, for the agreement oracle.
 *
 * <p><b>Client outcomes</b>: the leader answers a command when it applies a slot it proposed in its
 * ballot; on losing leadership it answers LEADERSHIP_LOST for every command of its ballot not yet
 * applied. Sessions ({@link ClientSessions}) make a retried command apply once even if it is chosen
 * in two slots.
 *
 * <p><b>Bad frames</b> (short, foreign, bad checksum, wrong lengths, malformed records or batches,
 * a proposal from a node that does not own its ballot) are dropped and counted in
 * {@link #rejectedFrames()}.
 *
 * <p>Zero allocation in steady state. Not thread-safe: one thread drives a node.
 */
public final class PaxosCore implements DirectProtocolNode, AcceptorView
{
    /**
     * Slots a leader sends a lagging acceptor per burst; the next burst waits for the acceptor to
     * take this one (or a heartbeat interval), so catching up never floods a link: 8 full batches
     * are under one 64 KiB Aeron term.
     */
    static final int CATCH_UP_SLOTS = 8;
    /** Unanswered accepts a leader sends again per acceptor and heartbeat, oldest first. */
    static final int RETRANSMIT_SLOTS = 8;
    private static final int PENDING_ACKS = 64;
    /**
     * Fewest batches a leader holds while the window is full (a ring; the newest is the open one):
     * 512 full adaptive batches are about 70,000 small commands, about the backlog Raft's leader
     * takes (65,536 uncommitted entries) before it answers BACKPRESSURE, so a stall of the cluster's
     * thread at 100k/s (hundreds of ms on a loaded machine) is absorbed rather than refused.
     */
    static final int MIN_PENDING_BATCHES = 512;
    /**
     * Commands the ring should hold when a batch has a command bound ({@code batch=1} needs 65,536
     * one-command batches for Raft's backlog), so small batches are not refused sooner.
     */
    static final int PENDING_COMMANDS = 65_536;
    /** Most bytes of the pending ring's buffers, so small batches of large commands stay bounded. */
    static final int MAX_PENDING_BYTES = 64 * 1024 * 1024;
    private static final byte[] NO_OP_VALUE = new byte[BatchDescriptor.HEADER_LENGTH];

    private final int clusterId;
    private final int nodeId;
    private final int[] members;
    private final int self;
    private final int quorum;
    private final Outbox outbox;
    private final ClientResponder responder;
    private final StateMachine stateMachine;
    private final FsyncPolicy fsyncPolicy;
    private final long electionTimeoutMinNs;
    private final long electionTimeoutRangeNs;
    private final long heartbeatIntervalNs;
    private final int maxCommandLength;
    private final int maxValueLength;
    private final int window;
    private final SplittableRandom random;

    private final Crc32cChecksum crc = new Crc32cChecksum();
    private final MappedSlotLog log;
    private final HardStateFile promiseFile;
    private final ClientSessions sessions;
    private final CommandAdmission admission;

    private final byte[] sendArray;
    private final UnsafeBuffer sendBuffer;
    private final UnsafeBuffer inputFrame = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer inputCommand = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer noOp = new UnsafeBuffer(NO_OP_VALUE);
    private final int maxBatchCommands;
    private final int pendingMask;
    private final UnsafeBuffer[] batches;
    private final int[] batchLengths;
    private final int[] batchCounts;
    private final byte[] commandScratch;
    private final byte[] resultScratch;

    private final FrameSealer frames;
    private final PrepareFlyweight prepare = new PrepareFlyweight();
    private final PromiseFlyweight promise = new PromiseFlyweight();
    private final AcceptFlyweight accept = new AcceptFlyweight();
    private final AcceptedFlyweight accepted = new AcceptedFlyweight();
    private final HeartbeatFlyweight heartbeat = new HeartbeatFlyweight();
    private final HeartbeatResponseFlyweight heartbeatResponse = new HeartbeatResponseFlyweight();

    // candidate: phase 1 progress per member and the highest-ballot value per slot seen so far
    private final boolean[] promisedBy;
    private final long[] phase1Next;
    private final ExpandableArrayBuffer adoptedValues = new ExpandableArrayBuffer(1024);
    private long[] adoptedBallot = new long[64];
    private int[] adoptedPosition = new int[64];
    private int[] adoptedLength = new int[64];
    private long adoptedBase;
    private long adoptedMax;
    private int adoptedWrite;

    // leader: the window of slots in phase 2
    private final long[] windowSlot;
    private final int[] windowAcks;
    private final long[] windowSentNs;
    private final boolean[] recentlyActive;
    private final long[] catchUpEnd;
    private final long[] catchUpResendNs;

    // acceptor under fsync BATCH: answers held until the tick's force
    private final int[] pendingTo = new int[PENDING_ACKS];
    private final long[] pendingBallot = new long[PENDING_ACKS];
    private final long[] pendingFirst = new long[PENDING_ACKS];
    private final long[] pendingLast = new long[PENDING_ACKS];
    private int pendingCount;

    private Role role = Role.FOLLOWER;
    private long promised;
    private long maxSeenBallot;
    private long myBallot;
    private int leaderId = NodeConfig.NO_NODE;
    private long commitSlot;
    private long appliedSlot;
    private long commandsCommitted;
    private long commandsApplied;
    private long nextSlot;
    private long reproposeUpTo;
    private long firstOwnSlot;
    private long selfUnforcedFrom;
    private long heartbeatCommit;
    private long batchHead;
    private long batchTail;
    private long nowNs;
    private boolean started;
    private boolean closed;
    private long electionDeadlineNs;
    private long heartbeatDeadlineNs;
    private long checkQuorumDeadlineNs;
    private long lastLeaderContactNs;
    private long rejectedFrames;

    /**
     * Build a node, recovering its acceptor state from {@link NodeConfig#dataDir()}.
     *
     * @param config node configuration.
     * @param tuning concluded tuning.
     */
    public PaxosCore(final NodeConfig config, final PaxosTuning tuning)
    {
        clusterId = config.clusterId();
        nodeId = config.nodeId();
        frames = new FrameSealer(clusterId, nodeId, crc);
        members = config.memberIds();
        self = Arrays.binarySearch(members, nodeId);
        if (members.length > Integer.SIZE)
        {
            throw new IllegalArgumentException("at most " + Integer.SIZE + " members, got " + members.length);
        }
        quorum = config.quorum();
        outbox = config.outbox();
        responder = config.responder();
        stateMachine = config.stateMachine();
        fsyncPolicy = config.fsyncPolicy();
        electionTimeoutMinNs = config.electionTimeoutMinNs();
        electionTimeoutRangeNs = config.electionTimeoutMaxNs() - config.electionTimeoutMinNs();
        heartbeatIntervalNs = config.heartbeatIntervalNs();
        maxCommandLength = config.maxCommandLength();
        maxValueLength = tuning.maxValueLength(maxCommandLength);
        window = tuning.windowSlots();
        random = new SplittableRandom(config.randomSeed());

        log = new MappedSlotLog(config.dataDir(), tuning.segmentLength(), maxValueLength, crc, tuning.preTouchLog());
        try
        {
            // Raft's two-slot hard-state file, its term holding the promised ballot.
            promiseFile = new HardStateFile(config.dataDir(), crc);
        }
        catch (final RuntimeException ex)
        {
            log.close();
            throw ex;
        }
        // An accept raises the promise too; the log's ballots are as durable as the promise file.
        promised = Math.max(promiseFile.term(), log.maxBallot());
        maxSeenBallot = promised;
        sessions = new ClientSessions(stateMachine.maxResultLength());
        admission = new CommandAdmission(responder, sessions, maxCommandLength);

        sendArray = new byte[tuning.maxFrameLength(maxCommandLength)];
        sendBuffer = new UnsafeBuffer(sendArray);
        maxBatchCommands = tuning.maxBatchCommands();
        final int pendingBatches = pendingBatches(maxBatchCommands, maxValueLength, maxCommandLength);
        pendingMask = pendingBatches - 1;
        batches = new UnsafeBuffer[pendingBatches];
        batchLengths = new int[pendingBatches];
        batchCounts = new int[pendingBatches];
        final int batchBufferLength = batchBufferLength(maxBatchCommands, maxValueLength, maxCommandLength);
        for (int i = 0; i < pendingBatches; i++)
        {
            batches[i] = new UnsafeBuffer(new byte[batchBufferLength]);
            batchLengths[i] = BatchDescriptor.HEADER_LENGTH;
        }
        commandScratch = new byte[Math.max(1, maxCommandLength)];
        resultScratch = new byte[Math.max(1, stateMachine.maxResultLength())];

        final int n = members.length;
        promisedBy = new boolean[n];
        phase1Next = new long[n];
        windowSlot = new long[window];
        windowAcks = new int[window];
        windowSentNs = new long[window];
        recentlyActive = new boolean[n];
        catchUpEnd = new long[n];
        catchUpResendNs = new long[n];
    }

    // ---------------------------------------------------------------- ProtocolNode

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

    /** {@inheritDoc} */
    @Override
    public void onMessage(final int fromNodeId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (closed)
        {
            return;
        }
        final int from = Arrays.binarySearch(members, fromNodeId);
        if (from < 0 || !frames.isValid(buffer, offset, length, fromNodeId))
        {
            rejectedFrames++;
            return;
        }
        final FrameHeaderFlyweight header = frames.header();
        final int bodyLength = header.bodyLength();
        final int body = offset + HEADER_LENGTH;
        final boolean valid;
        switch (header.type())
        {
            case PaxosFrameType.TYPE_PREPARE:
                valid = bodyLength == PrepareFlyweight.BODY_LENGTH && onPrepare(from, prepare.wrap(buffer, body));
                break;
            case PaxosFrameType.TYPE_PROMISE:
                valid = bodyLength >= PromiseFlyweight.HEADER_LENGTH && onPromise(from, buffer, body, bodyLength);
                break;
            case PaxosFrameType.TYPE_ACCEPT:
                valid = bodyLength >= AcceptFlyweight.HEADER_LENGTH && onAccept(from, buffer, body, bodyLength);
                break;
            case PaxosFrameType.TYPE_ACCEPTED:
                valid = bodyLength == AcceptedFlyweight.BODY_LENGTH && onAccepted(from, accepted.wrap(buffer, body));
                break;
            case PaxosFrameType.TYPE_HEARTBEAT:
                valid = bodyLength == HeartbeatFlyweight.BODY_LENGTH && onHeartbeat(from, heartbeat.wrap(buffer, body));
                break;
            case PaxosFrameType.TYPE_PRE_PREPARE:
                valid = bodyLength == PrepareFlyweight.BODY_LENGTH && onPrePrepare(from, prepare.wrap(buffer, body));
                break;
            case PaxosFrameType.TYPE_PRE_PROMISE:
                valid = bodyLength == HeartbeatResponseFlyweight.BODY_LENGTH &&
                    onPrePromise(from, heartbeatResponse.wrap(buffer, body));
                break;
            case PaxosFrameType.TYPE_HEARTBEAT_RESPONSE:
                valid = bodyLength == HeartbeatResponseFlyweight.BODY_LENGTH &&
                    onHeartbeatResponse(from, heartbeatResponse.wrap(buffer, body));
                break;
            default:
                valid = false;
        }
        if (!valid)
        {
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
        flushPendingAcks();
        if (Role.LEADER == role)
        {
            tickLeader();
        }
        else if (nowNs >= electionDeadlineNs)
        {
            becomePreCandidate();
        }
        else if (Role.CANDIDATE == role && nowNs >= heartbeatDeadlineNs)
        {
            // Phase 1 messages may be lost: ask again where each acceptor's answer stopped.
            heartbeatDeadlineNs = nowNs + heartbeatIntervalNs;
            for (int m = 0; m < members.length; m++)
            {
                if (!promisedBy[m])
                {
                    sendPrepare(m, phase1Next[m]);
                }
            }
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

    /** {@inheritDoc} */
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
        final int entryLength = BatchDescriptor.entryLength(length);
        int open = (int)(batchTail & pendingMask);
        if (batchLengths[open] + entryLength > maxValueLength || batchCounts[open] >= maxBatchCommands)
        {
            // The open batch is full: close it and open the next, which goes out at once if the
            // window has room and waits in the ring otherwise.
            if (batchTail - batchHead + 1 >= batches.length)
            {
                responder.onRejected(clientId, sequence, RejectReason.BACKPRESSURE, nodeId);
                return;
            }
            open = closeOpenBatch();
        }
        batchLengths[open] = BatchDescriptor.putEntry(
            batches[open], batchLengths[open], clientId, sequence, command, offset, length);
        batchCounts[open]++;
        if (batchCounts[open] >= maxBatchCommands && batchTail - batchHead + 1 < batches.length)
        {
            // A batch with a command bound goes out as soon as it has that many (batch=1: one
            // command per slot), not at the end of the duty cycle.
            closeOpenBatch();
        }
    }

    /** Close the open batch, open the next and propose what the window has room for; the new open index. */
    private int closeOpenBatch()
    {
        batchTail++;
        final int open = (int)(batchTail & pendingMask);
        batchLengths[open] = BatchDescriptor.HEADER_LENGTH;
        batchCounts[open] = 0;
        pump(false);
        return open;
    }

    /**
     * Batches the pending ring holds: enough for {@link #PENDING_COMMANDS} commands when a batch has a
     * command bound, at least {@link #MIN_PENDING_BATCHES}, a power of two, within {@link #MAX_PENDING_BYTES}.
     */
    static int pendingBatches(final int maxBatchCommands, final int maxValueLength, final int maxCommandLength)
    {
        final int wanted = Math.max(MIN_PENDING_BATCHES, PENDING_COMMANDS / Math.max(1, Math.min(maxBatchCommands, PENDING_COMMANDS)));
        final int byBytes = Math.max(MIN_PENDING_BATCHES,
            MAX_PENDING_BYTES / batchBufferLength(maxBatchCommands, maxValueLength, maxCommandLength));
        return Integer.highestOneBit(Math.min(wanted, byBytes));
    }

    /** Bytes of one pending batch: a full value, or less when the command bound fills it sooner. */
    private static int batchBufferLength(final int maxBatchCommands, final int maxValueLength, final int maxCommandLength)
    {
        final long byCommands = BatchDescriptor.HEADER_LENGTH + (long)maxBatchCommands * BatchDescriptor.entryLength(maxCommandLength);
        return (int)Math.min(maxValueLength, byCommands);
    }

    /** {@inheritDoc} */
    @Override
    public Role role()
    {
        return role;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The round of the highest ballot this node promised.
     */
    @Override
    public long term()
    {
        return Ballot.round(promised);
    }

    /** {@inheritDoc} */
    @Override
    public int leaderId()
    {
        return leaderId;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Counted in commands of the chosen slot prefix (see the class comment).
     */
    @Override
    public long commitIndex()
    {
        return commandsCommitted;
    }

    /** {@inheritDoc} */
    @Override
    public long lastApplied()
    {
        return commandsApplied;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The chosen prefix only: equal to {@link #commitIndex()}.
     */
    @Override
    public long lastLogIndex()
    {
        return commandsCommitted;
    }

    /**
     * {@inheritDoc}
     *
     * <p>1 for every command shown, 0 for index 0 (see the class comment for why not the ballot).
     */
    @Override
    public long logTermAt(final long index)
    {
        return index >= 1 && index <= commandsCommitted ? 1 : 0;
    }

    /** {@inheritDoc} */
    @Override
    public byte[] logCommandAt(final long index)
    {
        if (index < 1 || index > commandsCommitted)
        {
            throw new IllegalArgumentException("index " + index + " outside 1.." + commandsCommitted);
        }
        // The chosen slot with the most commands before it that are fewer than index holds it.
        long lo = 1;
        long hi = commitSlot;
        while (lo < hi)
        {
            final long mid = (lo + hi + 1) >>> 1;
            if (log.mark(mid) < index)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }
        final UnsafeBuffer buffer = log.recordBuffer(lo);
        int position = log.recordOffset(lo) + SlotRecordDescriptor.HEADER_LENGTH + BatchDescriptor.HEADER_LENGTH;
        for (long i = log.mark(lo) + 1; i < index; i++)
        {
            position += BatchDescriptor.entryLength(BatchDescriptor.commandLength(buffer, position));
        }
        final byte[] command = new byte[BatchDescriptor.commandLength(buffer, position)];
        buffer.getBytes(position + BatchDescriptor.ENTRY_HEADER_LENGTH, command);
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
            promiseFile.crash(powerLoss);
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
            promiseFile.close();
        }
    }

    // ---------------------------------------------------------------- AcceptorView

    /** {@inheritDoc} */
    @Override
    public long promisedBallot()
    {
        return promised;
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
        if (Ballot.NONE == log.ballotAt(slot))
        {
            return null;
        }
        final UnsafeBuffer buffer = log.recordBuffer(slot);
        final int offset = log.recordOffset(slot);
        final byte[] value = new byte[SlotRecordDescriptor.valueLength(buffer, offset)];
        buffer.getBytes(offset + SlotRecordDescriptor.HEADER_LENGTH, value);
        return value;
    }

    /** {@inheritDoc} */
    @Override
    public long highestAcceptedSlot()
    {
        return log.highestSlot();
    }

    /**
     * The highest slot this node knows chosen, with every slot below it.
     *
     * @return the slot commit point.
     */
    public long commitSlot()
    {
        return commitSlot;
    }

    // ---------------------------------------------------------------- phase 1: candidate

    private void becomePreCandidate()
    {
        // Raft thesis 9.6 (pre-vote) for Paxos: ask first whether a majority would promise, without
        // anyone raising a ballot, so a node that only lost touch with the leader cannot force a
        // new election by coming back with a higher promise than the leader's ballot.
        role = Role.PRE_CANDIDATE;
        leaderId = NodeConfig.NO_NODE;
        resetElectionTimer();
        myBallot = nextBallot();
        for (int m = 0; m < members.length; m++)
        {
            promisedBy[m] = m == self;
        }
        if (quorum <= 1)
        {
            becomeCandidate();
            return;
        }
        prepare.wrap(sendBuffer, HEADER_LENGTH).encode(myBallot, 0);
        final int length = seal(PaxosFrameType.TYPE_PRE_PREPARE, PrepareFlyweight.BODY_LENGTH);
        for (int m = 0; m < members.length; m++)
        {
            if (m != self)
            {
                outbox.send(members[m], sendArray, 0, length);
            }
        }
    }

    private long nextBallot()
    {
        return Ballot.of(Math.max(Ballot.round(promised), Ballot.round(maxSeenBallot)) + 1, nodeId);
    }

    private boolean onPrePrepare(final int from, final PrepareFlyweight request)
    {
        final long ballot = request.ballot();
        if (ballot <= 0 || Ballot.nodeId(ballot) != members[from] || 0 != request.fromSlot())
        {
            return false;
        }
        final boolean grant = ballot > promised && !hearsLeader();
        heartbeatResponse.wrap(sendBuffer, HEADER_LENGTH).encode(ballot, grant ? ballot : promised, commitSlot);
        send(members[from], PaxosFrameType.TYPE_PRE_PROMISE, HeartbeatResponseFlyweight.BODY_LENGTH);
        return true;
    }

    private boolean onPrePromise(final int from, final HeartbeatResponseFlyweight answer)
    {
        final long ballot = answer.ballot();
        final long acceptorPromise = answer.promised();
        if (ballot <= 0 || acceptorPromise < 0 || answer.acceptorCommit() < 0)
        {
            return false;
        }
        if (acceptorPromise != ballot)
        {
            noteBallot(acceptorPromise);
        }
        if (Role.PRE_CANDIDATE != role || ballot != myBallot || acceptorPromise != ballot || promisedBy[from])
        {
            return true;
        }
        promisedBy[from] = true;
        if (isQuorum(promisedBy))
        {
            becomeCandidate();
        }
        return true;
    }

    private void becomeCandidate()
    {
        if (Role.LEADER == role)
        {
            failPending(NodeConfig.NO_NODE);
        }
        myBallot = Math.max(myBallot, nextBallot());
        maxSeenBallot = myBallot;
        promise(myBallot);
        role = Role.CANDIDATE;
        leaderId = NodeConfig.NO_NODE;
        resetElectionTimer();
        heartbeatDeadlineNs = nowNs + heartbeatIntervalNs;

        adoptedBase = commitSlot + 1;
        adoptedMax = commitSlot;
        adoptedWrite = 0;
        Arrays.fill(adoptedBallot, 0);
        // Our own acceptor answers phase 1 too, without a frame.
        for (long slot = commitSlot + 1; slot <= log.highestSlot(); slot++)
        {
            final long ballot = log.ballotAt(slot);
            if (Ballot.NONE != ballot)
            {
                final UnsafeBuffer buffer = log.recordBuffer(slot);
                final int offset = log.recordOffset(slot);
                adopt(slot, ballot, buffer, offset + SlotRecordDescriptor.HEADER_LENGTH,
                    SlotRecordDescriptor.valueLength(buffer, offset));
            }
        }
        for (int m = 0; m < members.length; m++)
        {
            promisedBy[m] = m == self;
            phase1Next[m] = commitSlot + 1;
        }
        if (quorum <= 1)
        {
            becomeLeader();
            return;
        }
        for (int m = 0; m < members.length; m++)
        {
            if (m != self)
            {
                sendPrepare(m, commitSlot + 1);
            }
        }
    }

    private void adopt(final long slot, final long ballot, final DirectBuffer value, final int offset, final int length)
    {
        final int i = (int)(slot - adoptedBase);
        if (i >= adoptedBallot.length)
        {
            // Election path only: grow to the slots the acceptors report.
            final int capacity = Math.max(i + 1, 2 * adoptedBallot.length);
            final int oldLength = adoptedBallot.length;
            adoptedBallot = Arrays.copyOf(adoptedBallot, capacity);
            adoptedPosition = Arrays.copyOf(adoptedPosition, capacity);
            adoptedLength = Arrays.copyOf(adoptedLength, capacity);
            Arrays.fill(adoptedBallot, oldLength, capacity, 0);
        }
        // Phase 1 rule: of the values accepted in the answers, the one of the highest ballot.
        if (ballot > adoptedBallot[i])
        {
            adoptedBallot[i] = ballot;
            adoptedPosition[i] = adoptedWrite;
            adoptedLength[i] = length;
            adoptedValues.putBytes(adoptedWrite, value, offset, length);
            adoptedWrite += length;
        }
        adoptedMax = Math.max(adoptedMax, slot);
    }

    private boolean onPrepare(final int from, final PrepareFlyweight request)
    {
        final long ballot = request.ballot();
        final long fromSlot = request.fromSlot();
        if (ballot <= 0 || Ballot.nodeId(ballot) != members[from] || fromSlot < 1)
        {
            return false;
        }
        noteBallot(ballot);
        if (ballot > promised)
        {
            if (hearsLeader())
            {
                // A live leader is not deposed by a node that merely missed its heartbeats.
                return true;
            }
            // The promise is durable before anyone hears of it.
            promise(ballot);
            if (Role.FOLLOWER != role)
            {
                stepDown(NodeConfig.NO_NODE);
            }
            leaderId = NodeConfig.NO_NODE;
            resetElectionTimer();
        }
        sendPromise(from, ballot, fromSlot);
        return true;
    }

    private void sendPromise(final int to, final long ballot, final long fromSlot)
    {
        final int recordsOffset = HEADER_LENGTH + PromiseFlyweight.HEADER_LENGTH;
        final int budget = sendArray.length - recordsOffset;
        int bytes = 0;
        int count = 0;
        long next = 0;
        if (ballot == promised)
        {
            final long highest = log.highestSlot();
            for (long slot = fromSlot; slot <= highest; slot++)
            {
                if (Ballot.NONE == log.ballotAt(slot))
                {
                    continue;
                }
                final UnsafeBuffer buffer = log.recordBuffer(slot);
                final int offset = log.recordOffset(slot);
                final int length = SlotRecordDescriptor.recordLength(SlotRecordDescriptor.valueLength(buffer, offset));
                if (bytes + length > budget)
                {
                    next = slot;
                    break;
                }
                sendBuffer.putBytes(recordsOffset + bytes, buffer, offset, length);
                bytes += length;
                count++;
            }
        }
        promise.wrap(sendBuffer, HEADER_LENGTH).encode(ballot, promised, fromSlot, next, count);
        send(members[to], PaxosFrameType.TYPE_PROMISE, PromiseFlyweight.HEADER_LENGTH + bytes);
    }

    private boolean onPromise(final int from, final DirectBuffer buffer, final int body, final int bodyLength)
    {
        promise.wrap(buffer, body);
        final long ballot = promise.ballot();
        final long acceptorPromise = promise.promised();
        final long fromSlot = promise.fromSlot();
        final long nextFromSlot = promise.nextFromSlot();
        final int count = promise.recordCount();
        if (ballot <= 0 || acceptorPromise < ballot || fromSlot < 1 || count < 0 ||
            (0 != nextFromSlot && nextFromSlot <= fromSlot) ||
            !SlotRecordDescriptor.validRecords(buffer, body + PromiseFlyweight.HEADER_LENGTH,
                bodyLength - PromiseFlyweight.HEADER_LENGTH, count, fromSlot, 0 == nextFromSlot ? Long.MAX_VALUE : nextFromSlot,
                ballot, maxValueLength, maxCommandLength, crc))
        {
            return false;
        }
        noteBallot(acceptorPromise);
        if (acceptorPromise > ballot)
        {
            if (Role.CANDIDATE == role && ballot == myBallot)
            {
                // Refused: a higher ballot exists; the next timeout tries above it.
                stepDown(NodeConfig.NO_NODE);
            }
            return true;
        }
        if (Role.CANDIDATE != role || ballot != myBallot || promisedBy[from] || fromSlot != phase1Next[from])
        {
            return true;
        }
        int position = body + PromiseFlyweight.HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            final int valueLength = SlotRecordDescriptor.valueLength(buffer, position);
            adopt(SlotRecordDescriptor.slot(buffer, position), SlotRecordDescriptor.ballot(buffer, position),
                buffer, position + SlotRecordDescriptor.HEADER_LENGTH, valueLength);
            position += SlotRecordDescriptor.recordLength(valueLength);
        }
        if (0 != nextFromSlot)
        {
            phase1Next[from] = nextFromSlot;
            sendPrepare(from, nextFromSlot);
            return true;
        }
        promisedBy[from] = true;
        if (isQuorum(promisedBy))
        {
            becomeLeader();
        }
        return true;
    }

    // ---------------------------------------------------------------- phase 2: leader

    private void becomeLeader()
    {
        role = Role.LEADER;
        leaderId = nodeId;
        nextSlot = commitSlot + 1;
        reproposeUpTo = adoptedMax;
        firstOwnSlot = adoptedMax + 1;
        selfUnforcedFrom = nextSlot;
        Arrays.fill(windowSlot, 0);
        for (int m = 0; m < members.length; m++)
        {
            recentlyActive[m] = false;
            catchUpEnd[m] = 0;
            catchUpResendNs[m] = 0;
        }
        checkQuorumDeadlineNs = nowNs + electionTimeoutMinNs + electionTimeoutRangeNs;
        heartbeatDeadlineNs = nowNs;
        pump(false);
        sendHeartbeats();
    }

    private void tickLeader()
    {
        if (FsyncPolicy.BATCH == fsyncPolicy)
        {
            // Group commit: the leader's own accept counts once it is on disk.
            log.force();
            for (long slot = selfUnforcedFrom; slot < nextSlot; slot++)
            {
                ack(slot, self);
            }
            selfUnforcedFrom = nextSlot;
            advanceCommit();
        }
        if (nowNs >= checkQuorumDeadlineNs)
        {
            int active = 1;
            for (int m = 0; m < members.length; m++)
            {
                if (m != self && recentlyActive[m])
                {
                    active++;
                }
                recentlyActive[m] = false;
            }
            if (active < quorum)
            {
                // Check-quorum: a leader cut off from a majority steps down so clients look elsewhere.
                stepDown(NodeConfig.NO_NODE);
                return;
            }
            checkQuorumDeadlineNs = nowNs + electionTimeoutMinNs + electionTimeoutRangeNs;
        }
        pump(true);
        if (nowNs >= heartbeatDeadlineNs)
        {
            sendHeartbeats();
        }
    }

    private void sendHeartbeats()
    {
        heartbeatDeadlineNs = nowNs + heartbeatIntervalNs;
        heartbeatCommit = commitSlot;
        heartbeat.wrap(sendBuffer, HEADER_LENGTH).encode(myBallot, commitSlot);
        final int length = seal(PaxosFrameType.TYPE_HEARTBEAT, HeartbeatFlyweight.BODY_LENGTH);
        for (int m = 0; m < members.length; m++)
        {
            if (m != self)
            {
                outbox.send(members[m], sendArray, 0, length);
            }
        }
        // Accepts lost on the way are sent again to whoever has not answered them for a heartbeat
        // interval, a few per acceptor and heartbeat: a slow acceptor is not a lossy one, and
        // resending a whole window to it would only fill the link it is slow to drain.
        for (int m = 0; m < members.length; m++)
        {
            if (m == self)
            {
                continue;
            }
            int resent = 0;
            for (long slot = commitSlot + 1; slot < nextSlot && resent < RETRANSMIT_SLOTS; slot++)
            {
                final int i = (int)(slot & (window - 1));
                if (nowNs - windowSentNs[i] >= heartbeatIntervalNs && (windowAcks[i] & (1 << m)) == 0)
                {
                    sendAccept(m, slot);
                    resent++;
                }
            }
        }
        for (long slot = commitSlot + 1; slot < nextSlot; slot++)
        {
            final int i = (int)(slot & (window - 1));
            if (nowNs - windowSentNs[i] >= heartbeatIntervalNs)
            {
                windowSentNs[i] = nowNs;
            }
        }
    }

    /**
     * Propose while the window has room: first the slots phase 1 reported (their highest-ballot
     * value, or a no-op for a hole), then the open batch if it is full or {@code flushPartial}.
     */
    private void pump(final boolean flushPartial)
    {
        while (nextSlot <= commitSlot + window)
        {
            final long slot = nextSlot;
            if (slot <= reproposeUpTo)
            {
                final int i = (int)(slot - adoptedBase);
                if (adoptedBallot[i] != Ballot.NONE)
                {
                    propose(slot, adoptedValues, adoptedPosition[i], adoptedLength[i]);
                }
                else
                {
                    propose(slot, noOp, 0, NO_OP_VALUE.length);
                }
            }
            else if (batchHead < batchTail || (flushPartial && batchCounts[(int)(batchTail & pendingMask)] > 0))
            {
                // The oldest closed batch, or the open one once per duty cycle (adaptive batching:
                // small batches while the window has room, full ones when it does not).
                final int i = (int)(batchHead & pendingMask);
                final UnsafeBuffer value = batches[i];
                final int length = batchLengths[i];
                BatchDescriptor.count(value, 0, batchCounts[i]);
                batchLengths[i] = BatchDescriptor.HEADER_LENGTH;
                batchCounts[i] = 0;
                if (batchHead < batchTail)
                {
                    batchHead++;
                }
                propose(slot, value, 0, length);
            }
            else
            {
                return;
            }
            if (Role.LEADER != role)
            {
                return;
            }
        }
    }

    private void propose(final long slot, final DirectBuffer value, final int offset, final int length)
    {
        log.append(slot, myBallot, value, offset, length);
        if (FsyncPolicy.ALWAYS == fsyncPolicy)
        {
            log.force();
        }
        nextSlot = slot + 1;
        final int i = (int)(slot & (window - 1));
        windowSlot[i] = slot;
        windowAcks[i] = 0;
        windowSentNs[i] = nowNs;
        if (FsyncPolicy.BATCH != fsyncPolicy)
        {
            windowAcks[i] = 1 << self;
            selfUnforcedFrom = nextSlot;
        }
        final int frameLength = encodeAccept(slot);
        for (int m = 0; m < members.length; m++)
        {
            if (m != self)
            {
                outbox.send(members[m], sendArray, 0, frameLength);
            }
        }
        advanceCommit();
    }

    private void sendAccept(final int to, final long slot)
    {
        outbox.send(members[to], sendArray, 0, encodeAccept(slot));
    }

    private int encodeAccept(final long slot)
    {
        final UnsafeBuffer buffer = log.recordBuffer(slot);
        final int offset = log.recordOffset(slot);
        final int length = SlotRecordDescriptor.recordLength(SlotRecordDescriptor.valueLength(buffer, offset));
        final int recordOffset = HEADER_LENGTH + AcceptFlyweight.HEADER_LENGTH;
        sendBuffer.putBytes(recordOffset, buffer, offset, length);
        if (SlotRecordDescriptor.ballot(buffer, offset) != myBallot)
        {
            // A chosen value sent to a lagging acceptor: proposed again in our ballot, which is
            // safe because every ballot above the one that chose it carries the same value.
            SlotRecordDescriptor.patchBallot(sendBuffer, recordOffset, myBallot, crc);
        }
        accept.wrap(sendBuffer, HEADER_LENGTH).encode(commitSlot);
        return seal(PaxosFrameType.TYPE_ACCEPT, AcceptFlyweight.HEADER_LENGTH + length);
    }

    private boolean onAccepted(final int from, final AcceptedFlyweight answer)
    {
        final long ballot = answer.ballot();
        final long acceptorPromise = answer.promised();
        final long first = answer.firstSlot();
        final long last = answer.lastSlot();
        final long acceptorCommit = answer.acceptorCommit();
        if (ballot <= 0 || acceptorPromise < ballot || first < 1 || last < first || acceptorCommit < 0)
        {
            return false;
        }
        noteBallot(acceptorPromise);
        if (acceptorPromise > myBallot && Role.FOLLOWER != role && Ballot.nodeId(ballot) == nodeId)
        {
            stepDown(NodeConfig.NO_NODE);
            return true;
        }
        // Only accepts of our current ballot count: one of an earlier ballot may be for another value.
        if (Role.LEADER != role || ballot != myBallot || acceptorPromise != myBallot)
        {
            return true;
        }
        recentlyActive[from] = true;
        final long to = Math.min(last, nextSlot - 1);
        for (long slot = Math.max(first, commitSlot + 1); slot <= to; slot++)
        {
            ack(slot, from);
        }
        advanceCommit();
        if (catchUpEnd[from] > 0)
        {
            catchUp(from, acceptorCommit);
        }
        pump(false);
        return true;
    }

    private void ack(final long slot, final int member)
    {
        final int i = (int)(slot & (window - 1));
        if (windowSlot[i] == slot)
        {
            windowAcks[i] |= 1 << member;
        }
    }

    private void advanceCommit()
    {
        final long before = commitSlot;
        while (commitSlot + 1 < nextSlot)
        {
            final long slot = commitSlot + 1;
            final int i = (int)(slot & (window - 1));
            if (windowSlot[i] != slot || Integer.bitCount(windowAcks[i]) < quorum)
            {
                break;
            }
            commitOne(slot);
        }
        if (commitSlot != before)
        {
            applyCommitted();
        }
    }

    private void catchUp(final int member, final long acceptorCommit)
    {
        if (acceptorCommit >= commitSlot)
        {
            catchUpEnd[member] = 0;
            return;
        }
        if (acceptorCommit < catchUpEnd[member] && nowNs < catchUpResendNs[member])
        {
            return;
        }
        final long last = Math.min(commitSlot, acceptorCommit + CATCH_UP_SLOTS);
        for (long slot = acceptorCommit + 1; slot <= last; slot++)
        {
            sendAccept(member, slot);
        }
        catchUpEnd[member] = last;
        catchUpResendNs[member] = nowNs + heartbeatIntervalNs;
    }

    private boolean onHeartbeatResponse(final int from, final HeartbeatResponseFlyweight answer)
    {
        final long ballot = answer.ballot();
        final long acceptorPromise = answer.promised();
        final long acceptorCommit = answer.acceptorCommit();
        if (ballot <= 0 || acceptorPromise < 0 || acceptorCommit < 0)
        {
            return false;
        }
        noteBallot(acceptorPromise);
        if (acceptorPromise > myBallot && Role.FOLLOWER != role && Ballot.nodeId(ballot) == nodeId)
        {
            stepDown(NodeConfig.NO_NODE);
            return true;
        }
        if (Role.LEADER != role || ballot != myBallot)
        {
            return true;
        }
        recentlyActive[from] = true;
        if (acceptorCommit < heartbeatCommit)
        {
            // It learnt our commit point and still lacks slots below it: send them, in bursts.
            catchUp(from, acceptorCommit);
        }
        return true;
    }

    // ---------------------------------------------------------------- acceptor and learner

    private boolean onAccept(final int from, final DirectBuffer buffer, final int body, final int bodyLength)
    {
        accept.wrap(buffer, body);
        final long leaderCommit = accept.commitSlot();
        final int recordOffset = body + AcceptFlyweight.HEADER_LENGTH;
        final int recordLength = bodyLength - AcceptFlyweight.HEADER_LENGTH;
        if (leaderCommit < 0 ||
            !SlotRecordDescriptor.validRecords(buffer, recordOffset, recordLength, 1, 1, Long.MAX_VALUE, Long.MAX_VALUE, maxValueLength,
                maxCommandLength, crc))
        {
            return false;
        }
        final long ballot = SlotRecordDescriptor.ballot(buffer, recordOffset);
        final long slot = SlotRecordDescriptor.slot(buffer, recordOffset);
        if (Ballot.nodeId(ballot) != members[from])
        {
            return false;
        }
        noteBallot(ballot);
        if (ballot < promised)
        {
            // Phase 2 rule: never accept below the promise; the answer tells the proposer why.
            sendAccepted(from, ballot, slot, slot);
            return true;
        }
        followLeader(from, ballot);
        if (slot > commitSlot && log.ballotAt(slot) != ballot)
        {
            log.appendRecord(buffer, recordOffset, recordLength);
        }
        learnCommit(ballot, leaderCommit);
        acknowledge(from, ballot, slot);
        return true;
    }

    private boolean onHeartbeat(final int from, final HeartbeatFlyweight beat)
    {
        final long ballot = beat.ballot();
        final long leaderCommit = beat.commitSlot();
        if (ballot <= 0 || Ballot.nodeId(ballot) != members[from] || leaderCommit < 0)
        {
            return false;
        }
        noteBallot(ballot);
        if (ballot >= promised)
        {
            followLeader(from, ballot);
            learnCommit(ballot, leaderCommit);
        }
        heartbeatResponse.wrap(sendBuffer, HEADER_LENGTH).encode(ballot, promised, commitSlot);
        send(members[from], PaxosFrameType.TYPE_HEARTBEAT_RESPONSE, HeartbeatResponseFlyweight.BODY_LENGTH);
        return true;
    }

    private void followLeader(final int from, final long ballot)
    {
        if (ballot > promised)
        {
            promise(ballot);
        }
        if (Role.FOLLOWER != role)
        {
            stepDown(members[from]);
        }
        leaderId = members[from];
        lastLeaderContactNs = nowNs;
        resetElectionTimer();
    }

    private void learnCommit(final long ballot, final long leaderCommit)
    {
        // A slot is known chosen only where we accepted the value of the leader that says so.
        final long before = commitSlot;
        while (commitSlot < leaderCommit && log.ballotAt(commitSlot + 1) == ballot)
        {
            commitOne(commitSlot + 1);
        }
        if (commitSlot != before)
        {
            applyCommitted();
        }
    }

    private void acknowledge(final int to, final long ballot, final long slot)
    {
        if (FsyncPolicy.BATCH != fsyncPolicy)
        {
            if (FsyncPolicy.ALWAYS == fsyncPolicy)
            {
                log.force();
            }
            sendAccepted(to, ballot, slot, slot);
            return;
        }
        // Group commit: answered after the one force of this duty cycle.
        final int last = pendingCount - 1;
        if (last >= 0 && pendingTo[last] == to && pendingBallot[last] == ballot && pendingLast[last] + 1 == slot)
        {
            pendingLast[last] = slot;
            return;
        }
        if (pendingCount == PENDING_ACKS)
        {
            flushPendingAcks();
        }
        pendingTo[pendingCount] = to;
        pendingBallot[pendingCount] = ballot;
        pendingFirst[pendingCount] = slot;
        pendingLast[pendingCount] = slot;
        pendingCount++;
    }

    private void flushPendingAcks()
    {
        if (0 == pendingCount)
        {
            return;
        }
        log.force();
        for (int i = 0; i < pendingCount; i++)
        {
            sendAccepted(pendingTo[i], pendingBallot[i], pendingFirst[i], pendingLast[i]);
        }
        pendingCount = 0;
    }

    private void sendAccepted(final int to, final long ballot, final long first, final long last)
    {
        accepted.wrap(sendBuffer, HEADER_LENGTH).encode(ballot, Math.max(promised, ballot), first, last, commitSlot);
        send(members[to], PaxosFrameType.TYPE_ACCEPTED, AcceptedFlyweight.BODY_LENGTH);
    }

    // ---------------------------------------------------------------- commit and apply

    private void commitOne(final long slot)
    {
        log.mark(slot, commandsCommitted);
        final UnsafeBuffer buffer = log.recordBuffer(slot);
        commandsCommitted += BatchDescriptor.count(buffer, log.recordOffset(slot) + SlotRecordDescriptor.HEADER_LENGTH);
        commitSlot = slot;
    }

    private void applyCommitted()
    {
        while (appliedSlot < commitSlot)
        {
            final long slot = appliedSlot + 1;
            final UnsafeBuffer buffer = log.recordBuffer(slot);
            final int value = log.recordOffset(slot) + SlotRecordDescriptor.HEADER_LENGTH;
            final int count = BatchDescriptor.count(buffer, value);
            final boolean answer = Role.LEADER == role && slot >= firstOwnSlot && log.ballotAt(slot) == myBallot;
            long index = log.mark(slot);
            int position = value + BatchDescriptor.HEADER_LENGTH;
            for (int c = 0; c < count; c++)
            {
                index++;
                final long clientId = BatchDescriptor.clientId(buffer, position);
                final long sequence = BatchDescriptor.sequence(buffer, position);
                final int length = BatchDescriptor.commandLength(buffer, position);
                final int commandOffset = position + BatchDescriptor.ENTRY_HEADER_LENGTH;
                position = commandOffset + length;
                commandsApplied = index;
                final ClientSessions.Session session = sessions.getOrCreate(clientId);
                if (session.isApplied(sequence))
                {
                    // A retry chosen in two slots: applied once (sessions are replicated state).
                    if (answer)
                    {
                        admission.answerDuplicate(clientId, sequence, session, leaderId);
                    }
                    continue;
                }
                buffer.getBytes(commandOffset, commandScratch, 0, length);
                final int resultLength = stateMachine.apply(index, commandScratch, 0, length, resultScratch);
                session.markApplied(sequence, index, resultScratch, resultLength);
                if (answer)
                {
                    responder.onCommitted(clientId, sequence, index, resultScratch, 0, resultLength);
                }
            }
            appliedSlot = slot;
        }
    }

    private void failPending(final int leaderHint)
    {
        for (long slot = Math.max(appliedSlot + 1, firstOwnSlot); slot < nextSlot; slot++)
        {
            if (log.ballotAt(slot) == myBallot)
            {
                final UnsafeBuffer buffer = log.recordBuffer(slot);
                final int value = log.recordOffset(slot) + SlotRecordDescriptor.HEADER_LENGTH;
                rejectBatch(buffer, value, BatchDescriptor.count(buffer, value), leaderHint);
            }
        }
        for (long b = batchHead; b <= batchTail; b++)
        {
            final int i = (int)(b & pendingMask);
            BatchDescriptor.count(batches[i], 0, batchCounts[i]);
            rejectBatch(batches[i], 0, batchCounts[i], leaderHint);
            batchLengths[i] = BatchDescriptor.HEADER_LENGTH;
            batchCounts[i] = 0;
        }
        batchHead = batchTail;
    }

    private void rejectBatch(final DirectBuffer buffer, final int value, final int count, final int leaderHint)
    {
        int position = value + BatchDescriptor.HEADER_LENGTH;
        for (int c = 0; c < count; c++)
        {
            responder.onRejected(BatchDescriptor.clientId(buffer, position), BatchDescriptor.sequence(buffer, position),
                RejectReason.LEADERSHIP_LOST, leaderHint);
            position += BatchDescriptor.entryLength(BatchDescriptor.commandLength(buffer, position));
        }
    }

    // ---------------------------------------------------------------- helpers

    private void stepDown(final int leader)
    {
        if (Role.LEADER == role)
        {
            failPending(leader);
        }
        role = Role.FOLLOWER;
        leaderId = leader;
        resetElectionTimer();
    }

    private void promise(final long ballot)
    {
        promised = ballot;
        promiseFile.store(ballot, NodeConfig.NO_NODE, FsyncPolicy.NONE != fsyncPolicy);
    }

    private boolean isQuorum(final boolean[] byMember)
    {
        int count = 0;
        for (final boolean yes : byMember)
        {
            count += yes ? 1 : 0;
        }
        return count >= quorum;
    }

    private void noteBallot(final long ballot)
    {
        if (ballot > maxSeenBallot)
        {
            maxSeenBallot = ballot;
        }
    }

    private boolean hearsLeader()
    {
        return Role.LEADER == role ||
            (NodeConfig.NO_NODE != leaderId && nowNs - lastLeaderContactNs < electionTimeoutMinNs);
    }

    private void resetElectionTimer()
    {
        electionDeadlineNs = nowNs + electionTimeoutMinNs + random.nextLong(Math.max(1, electionTimeoutRangeNs));
    }

    private void sendPrepare(final int to, final long fromSlot)
    {
        prepare.wrap(sendBuffer, HEADER_LENGTH).encode(myBallot, fromSlot);
        send(members[to], PaxosFrameType.TYPE_PREPARE, PrepareFlyweight.BODY_LENGTH);
    }

    private void send(final int to, final byte type, final int bodyLength)
    {
        outbox.send(to, sendArray, 0, seal(type, bodyLength));
    }

    private int seal(final byte type, final int bodyLength)
    {
        return frames.seal(sendBuffer, 0, type, bodyLength);
    }
}
