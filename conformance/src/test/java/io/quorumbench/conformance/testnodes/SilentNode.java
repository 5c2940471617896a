package io.quorumbench.conformance.testnodes;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.consensus.Role;

/**
 * A node that never elects anyone and turns every client away: safe, never live. The kit must
 * report it as a liveness failure rather than pass it.
 */
public final class SilentNode implements ProtocolNode
{
    private final NodeConfig config;

    private SilentNode(final NodeConfig config)
    {
        this.config = config;
    }

    /**
     * A factory.
     *
     * @return the factory.
     */
    public static ProtocolNodeFactory factory()
    {
        return SilentNode::new;
    }

    @Override
    public int nodeId()
    {
        return config.nodeId();
    }

    @Override
    public void onMessage(final int fromNodeId, final byte[] frame, final int offset, final int length)
    {
    }

    @Override
    public void onTick(final long nowNs)
    {
    }

    @Override
    public void onClientCommand(final long clientId, final long sequence, final byte[] command, final int offset, final int length)
    {
        config.responder().onRejected(clientId, sequence, RejectReason.NOT_LEADER, NodeConfig.NO_NODE);
    }

    @Override
    public Role role()
    {
        return Role.FOLLOWER;
    }

    @Override
    public long term()
    {
        return 0;
    }

    @Override
    public int leaderId()
    {
        return NodeConfig.NO_NODE;
    }

    @Override
    public long commitIndex()
    {
        return 0;
    }

    @Override
    public long lastApplied()
    {
        return 0;
    }

    @Override
    public long lastLogIndex()
    {
        return 0;
    }

    @Override
    public long logTermAt(final long index)
    {
        return 0;
    }

    @Override
    public byte[] logCommandAt(final long index)
    {
        throw new IndexOutOfBoundsException("empty log");
    }

    @Override
    public long rejectedFrames()
    {
        return 0;
    }

    @Override
    public void crash(final boolean powerLoss)
    {
    }

    @Override
    public void close()
    {
    }
}
