package io.quorumbench.lockfree.lock;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.lock.LockServiceNode;
import io.quorumbench.lockfree.host.DirectNodeFactory;
import io.quorumbench.lockfree.host.DirectProtocolNode;
import org.agrona.DirectBuffer;

/**
 * The lock service's leader-side driver ({@link LockServiceNode}: stamping, expiry, ticks) around a
 * tuned log's zero-copy core, so the tuned host runs the lock service on Raft or Multi-Paxos as it
 * runs the KV store. Peer frames still go straight from the Aeron buffer to the log's core; client
 * commands are copied once into a scratch array, as the leader writes its stamp into them anyway.
 *
 * <p><b>Threading</b>: the node's thread, like the core it wraps.
 */
public final class DirectLockServiceNode implements DirectProtocolNode
{
    private final LockServiceNode service;
    private final DirectProtocolNode log;
    private final byte[] command;

    private DirectLockServiceNode(final LockServiceNode service, final int maxCommandLength)
    {
        this.service = service;
        this.log = (DirectProtocolNode)service.log();
        this.command = new byte[maxCommandLength];
    }

    /**
     * A factory of lock service nodes over a tuned log; the {@link NodeConfig}'s state machine must
     * be a lock service state machine (e.g. {@link LockTableStateMachine}).
     *
     * @param log            the tuned log's factory.
     * @param tickIntervalNs interval of the leader's Tick and expiry proposals.
     * @return the factory, with the log's frame bound and name.
     */
    public static DirectNodeFactory factory(final DirectNodeFactory log, final long tickIntervalNs)
    {
        final ProtocolNodeFactory services = LockServiceNode.factory(log, tickIntervalNs);
        return new DirectNodeFactory()
        {
            @Override
            public DirectProtocolNode createNode(final NodeConfig config)
            {
                return new DirectLockServiceNode((LockServiceNode)services.create(config), config.maxCommandLength());
            }

            @Override
            public int maxFrameLength(final int maxCommandLength)
            {
                return log.maxFrameLength(maxCommandLength);
            }

            @Override
            public String protocolName()
            {
                return log.protocolName();
            }

            @Override
            public String toString()
            {
                return "lock service on " + log;
            }
        };
    }

    /** {@inheritDoc} */
    @Override
    public void onMessage(final int fromNodeId, final DirectBuffer buffer, final int offset, final int length)
    {
        log.onMessage(fromNodeId, buffer, offset, length);
        service.onLogMessageDelivered();
    }

    /** {@inheritDoc} */
    @Override
    public void onClientCommand(
        final long clientId, final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > command.length)
        {
            // oversize: the log rejects it by its own rule, zero copy
            log.onClientCommand(clientId, sequence, buffer, offset, length);
            return;
        }
        buffer.getBytes(offset, command, 0, length);
        service.onClientCommand(clientId, sequence, command, 0, length);
    }

    /** {@inheritDoc} */
    @Override
    public void onTick(final long nowNs)
    {
        service.onTick(nowNs);
    }

    /** {@inheritDoc} */
    @Override
    public void onMessage(final int fromNodeId, final byte[] frame, final int offset, final int length)
    {
        service.onMessage(fromNodeId, frame, offset, length);
    }

    /** {@inheritDoc} */
    @Override
    public void onClientCommand(final long clientId, final long sequence, final byte[] command, final int offset, final int length)
    {
        service.onClientCommand(clientId, sequence, command, offset, length);
    }

    /** {@inheritDoc} */
    @Override
    public int nodeId()
    {
        return service.nodeId();
    }

    /** {@inheritDoc} */
    @Override
    public Role role()
    {
        return service.role();
    }

    /** {@inheritDoc} */
    @Override
    public long term()
    {
        return service.term();
    }

    /** {@inheritDoc} */
    @Override
    public int leaderId()
    {
        return service.leaderId();
    }

    /** {@inheritDoc} */
    @Override
    public long commitIndex()
    {
        return service.commitIndex();
    }

    /** {@inheritDoc} */
    @Override
    public long lastApplied()
    {
        return service.lastApplied();
    }

    /** {@inheritDoc} */
    @Override
    public long lastLogIndex()
    {
        return service.lastLogIndex();
    }

    /** {@inheritDoc} */
    @Override
    public long logTermAt(final long index)
    {
        return service.logTermAt(index);
    }

    /** {@inheritDoc} */
    @Override
    public byte[] logCommandAt(final long index)
    {
        return service.logCommandAt(index);
    }

    /** {@inheritDoc} */
    @Override
    public long rejectedFrames()
    {
        return service.rejectedFrames();
    }

    /** {@inheritDoc} */
    @Override
    public void crash(final boolean powerLoss)
    {
        service.crash(powerLoss);
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        service.close();
    }
}
