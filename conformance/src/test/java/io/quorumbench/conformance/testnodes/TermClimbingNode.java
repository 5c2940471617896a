package io.quorumbench.conformance.testnodes;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.consensus.Role;

/**
 * A node that never elects anyone but raises its term on every tick, in a fixed role: for testing
 * the simulator's crash-on-new-term fault. Its term restarts from 0 after a crash (it keeps nothing).
 */
public final class TermClimbingNode implements ProtocolNode
{
    private final NodeConfig config;
    private final Role role;
    private long term;

    private TermClimbingNode(final NodeConfig config, final Role role)
    {
        this.config = config;
        this.role = role;
    }

    /**
     * A factory.
     *
     * @param role the role every node reports.
     * @return the factory.
     */
    public static ProtocolNodeFactory factory(final Role role)
    {
        return config -> new TermClimbingNode(config, role);
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
        term++;
    }

    @Override
    public void onClientCommand(final long clientId, final long sequence, final byte[] command, final int offset, final int length)
    {
        config.responder().onRejected(clientId, sequence, RejectReason.NOT_LEADER, NodeConfig.NO_NODE);
    }

    @Override
    public Role role()
    {
        return role;
    }

    @Override
    public long term()
    {
        return term;
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
