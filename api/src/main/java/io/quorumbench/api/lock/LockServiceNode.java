package io.quorumbench.api.lock;

import io.quorumbench.api.consensus.ClientResponder;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.consensus.StateMachine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lock service's leader-side driver around any replicated-log node (Raft, Multi-Paxos): it is
 * how time enters the log, so that the state machine never reads a clock.
 *
 * <ul>
 *   <li><b>Stamping</b>: every client command the node accepts is stamped with the leader's time
 *       and term ({@link LockCommand#stamp}) before the log replicates it.</li>
 *   <li><b>Continuous log time</b>: a node that becomes leader sets its stamp clock to continue from
 *       the log time it has applied ({@code leader time = own clock + offset}), so leader clocks
 *       with different origins (two processes' {@code nanoTime}) neither stall nor jump log time.
 *       Time spent electing is not counted, which only lengthens leases: the safe direction.</li>
 *   <li><b>Expiry</b>: it mirrors each session's version and lease end from the results it
 *       applies, and the leader proposes ExpireSession with the version it saw for every session
 *       whose lease has run out (again every tick interval while it does not take).</li>
 *   <li><b>Ticks</b>: while sessions exist the leader proposes a Tick every tick interval, so waiter
 *       deadlines and lock-delays end even when no client writes.</li>
 * </ul>
 * Its own proposals use client id {@code INTERNAL_CLIENT_BIT | term << 8 | node id}, a new one per
 * term, so the log's deduplication never confuses two leaders' sequence numbers; their outcomes are
 * not passed to the responder.
 *
 * <p><b>Threading</b>: the node's thread, like the node it wraps.
 */
public final class LockServiceNode implements ProtocolNode
{
    /** Bit set in the client id of the driver's own proposals (no client session id has it). */
    public static final long INTERNAL_CLIENT_BIT = Long.MIN_VALUE;
    /** Default interval between the leader's Tick and expiry proposals: 20 ms. */
    public static final long TICK_INTERVAL_NS_DEFAULT = 20_000_000L;

    private static final int VERSION = 0;
    private static final int LEASE_END = 1;

    private final ProtocolNode node;
    private final long tickIntervalNs;
    private final Map<Long, long[]> leases = new HashMap<>();
    private final List<byte[]> due = new ArrayList<>();
    private final byte[] stamped;
    private final byte[] tickCommand = LockCommand.tick();
    private long nowNs;
    private long clockOffsetNs;
    private long logTimeNs;
    private boolean leading;
    private long internalClientId;
    private long internalSequence;
    private long nextTickNs;

    private LockServiceNode(final NodeConfig config, final ProtocolNodeFactory factory, final long tickIntervalNs)
    {
        this.tickIntervalNs = tickIntervalNs;
        this.stamped = new byte[Math.max(LockCommand.HEADER_LENGTH, config.maxCommandLength())];
        final StateMachine applied = config.stateMachine();
        final StateMachine observing = new StateMachine()
        {
            @Override
            public int apply(final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
            {
                final int resultLength = applied.apply(logIndex, command, offset, length, result);
                onApplied(command, offset, length, result, resultLength);
                return resultLength;
            }

            @Override
            public void prefetch(final byte[] command, final int offset, final int length)
            {
                applied.prefetch(command, offset, length);
            }

            @Override
            public int maxResultLength()
            {
                return applied.maxResultLength();
            }
        };
        final ClientResponder responder = config.responder();
        final ClientResponder filtering = new ClientResponder()
        {
            @Override
            public void onCommitted(
                final long clientId, final long sequence, final long logIndex, final byte[] result, final int offset,
                final int length)
            {
                if (0 == (clientId & INTERNAL_CLIENT_BIT))
                {
                    responder.onCommitted(clientId, sequence, logIndex, result, offset, length);
                }
            }

            @Override
            public void onRejected(final long clientId, final long sequence, final RejectReason reason, final int leaderHint)
            {
                if (0 == (clientId & INTERNAL_CLIENT_BIT))
                {
                    responder.onRejected(clientId, sequence, reason, leaderHint);
                }
            }
        };
        this.node = factory.create(new NodeConfig(config.clusterId(), config.nodeId(), config.memberIds(), config.outbox(),
            filtering, observing, config.dataDir(), config.fsyncPolicy(), config.randomSeed(),
            config.electionTimeoutMinNs(), config.electionTimeoutMaxNs(), config.heartbeatIntervalNs(),
            config.maxCommandLength()));
    }

    /**
     * A factory of lock service nodes over another protocol's nodes; the {@link NodeConfig}'s state
     * machine must be a lock service state machine.
     *
     * @param factory        the replicated log's factory.
     * @param tickIntervalNs interval of the leader's Tick and expiry proposals.
     * @return the factory.
     */
    public static ProtocolNodeFactory factory(final ProtocolNodeFactory factory, final long tickIntervalNs)
    {
        if (tickIntervalNs <= 0)
        {
            throw new IllegalArgumentException("tickIntervalNs must be > 0, got " + tickIntervalNs);
        }
        return config -> new LockServiceNode(config, factory, tickIntervalNs);
    }

    /**
     * The wrapped node.
     *
     * @return the replicated-log node.
     */
    public ProtocolNode log()
    {
        return node;
    }

    /**
     * Notice a leadership change after a peer frame went straight to {@link #log()} rather than
     * through {@link #onMessage}: a host's zero-copy path hands frames to the log's own overloads,
     * then calls this so a node that just won an election starts its stamp clock at once.
     */
    public void onLogMessageDelivered()
    {
        checkLeadership();
    }

    private void onApplied(final byte[] command, final int offset, final int length, final byte[] result, final int resultLength)
    {
        if (resultLength < LockResult.LENGTH || !LockCommand.isWellFormed(command, offset, length))
        {
            return;
        }
        logTimeNs = Math.max(logTimeNs, LockResult.timeNs(result, 0));
        final byte status = LockResult.status(result, 0);
        final long sessionId = LockResult.sessionId(result, 0);
        switch (LockCommand.op(command, offset))
        {
            case LockCommand.OP_OPEN_SESSION, LockCommand.OP_KEEP_ALIVE ->
            {
                if (LockResult.OK == status)
                {
                    final long[] known = leases.get(sessionId);
                    final long[] lease = null == known ? new long[2] : known;
                    lease[VERSION] = LockResult.version(result, 0);
                    lease[LEASE_END] = LockResult.deadlineNs(result, 0);
                    if (null == known)
                    {
                        leases.put(sessionId, lease);
                    }
                }
                else if (LockResult.UNKNOWN_SESSION == status)
                {
                    leases.remove(sessionId);
                }
            }
            case LockCommand.OP_EXPIRE_SESSION ->
            {
                if (LockResult.NOT_DUE == status)
                {
                    final long[] lease = leases.get(sessionId);
                    if (null != lease)
                    {
                        lease[VERSION] = LockResult.version(result, 0);
                        lease[LEASE_END] = LockResult.deadlineNs(result, 0);
                    }
                }
                else
                {
                    leases.remove(sessionId);
                }
            }
            case LockCommand.OP_CLOSE_SESSION ->
            {
                if (LockResult.EXPIRED != status)
                {
                    leases.remove(sessionId);
                }
            }
            default ->
            {
                if (LockResult.UNKNOWN_SESSION == status)
                {
                    leases.remove(sessionId);
                }
            }
        }
    }

    private long leaderTimeNs()
    {
        return nowNs + clockOffsetNs;
    }

    private void checkLeadership()
    {
        final boolean isLeader = Role.LEADER == node.role();
        if (isLeader && !leading)
        {
            clockOffsetNs = logTimeNs - nowNs;
            internalClientId = INTERNAL_CLIENT_BIT | (node.term() << 8) | (node.nodeId() & 0xFF);
            internalSequence = 0;
            nextTickNs = nowNs;
        }
        leading = isLeader;
    }

    private void propose(final byte[] command)
    {
        checkLeadership();
        if (!leading)
        {
            return;
        }
        final int length = command.length;
        System.arraycopy(command, 0, stamped, 0, length);
        LockCommand.stamp(stamped, 0, leaderTimeNs(), node.term());
        node.onClientCommand(internalClientId, ++internalSequence, stamped, 0, length);
    }

    /** {@inheritDoc} */
    @Override
    public void onTick(final long nowNs)
    {
        this.nowNs = nowNs;
        node.onTick(nowNs);
        checkLeadership();
        if (leading && nowNs - nextTickNs >= 0)
        {
            nextTickNs = nowNs + tickIntervalNs;
            final long leaderTimeNs = leaderTimeNs();
            // collected first: with one node a proposal applies at once and changes the lease table
            due.clear();
            for (final Map.Entry<Long, long[]> entry : leases.entrySet())
            {
                final long[] lease = entry.getValue();
                if (leaderTimeNs >= lease[LEASE_END])
                {
                    due.add(LockCommand.expireSession(entry.getKey(), lease[VERSION]));
                }
            }
            final boolean anySession = !leases.isEmpty();
            for (final byte[] command : due)
            {
                propose(command);
            }
            if (anySession)
            {
                propose(tickCommand);
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public void onClientCommand(final long clientId, final long sequence, final byte[] command, final int offset, final int length)
    {
        checkLeadership();
        if (!leading || length < LockCommand.HEADER_LENGTH || length > stamped.length || 0 != (clientId & INTERNAL_CLIENT_BIT))
        {
            // not ours to stamp: the node rejects it (not leader, malformed, oversize) or the state machine does
            node.onClientCommand(clientId, sequence, command, offset, length);
            return;
        }
        System.arraycopy(command, offset, stamped, 0, length);
        LockCommand.stamp(stamped, 0, leaderTimeNs(), node.term());
        node.onClientCommand(clientId, sequence, stamped, 0, length);
    }

    /** {@inheritDoc} */
    @Override
    public void onMessage(final int fromNodeId, final byte[] frame, final int offset, final int length)
    {
        node.onMessage(fromNodeId, frame, offset, length);
        checkLeadership();
    }

    /** {@inheritDoc} */
    @Override
    public int nodeId()
    {
        return node.nodeId();
    }

    /** {@inheritDoc} */
    @Override
    public Role role()
    {
        return node.role();
    }

    /** {@inheritDoc} */
    @Override
    public long term()
    {
        return node.term();
    }

    /** {@inheritDoc} */
    @Override
    public int leaderId()
    {
        return node.leaderId();
    }

    /** {@inheritDoc} */
    @Override
    public long commitIndex()
    {
        return node.commitIndex();
    }

    /** {@inheritDoc} */
    @Override
    public long lastApplied()
    {
        return node.lastApplied();
    }

    /** {@inheritDoc} */
    @Override
    public long lastLogIndex()
    {
        return node.lastLogIndex();
    }

    /** {@inheritDoc} */
    @Override
    public long logTermAt(final long index)
    {
        return node.logTermAt(index);
    }

    /** {@inheritDoc} */
    @Override
    public byte[] logCommandAt(final long index)
    {
        return node.logCommandAt(index);
    }

    /** {@inheritDoc} */
    @Override
    public long rejectedFrames()
    {
        return node.rejectedFrames();
    }

    /** {@inheritDoc} */
    @Override
    public void crash(final boolean powerLoss)
    {
        node.crash(powerLoss);
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        node.close();
    }
}
