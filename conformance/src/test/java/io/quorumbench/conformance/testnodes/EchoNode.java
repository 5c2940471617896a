package io.quorumbench.conformance.testnodes;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.consensus.Role;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * A node with no protocol, for testing the simulated network: on each of its first
 * {@code framesPerPeer} ticks it sends every peer one frame {@code from:i32 sequence:i64 crc32:i32}
 * (big-endian), and it records every intact frame it receives, in arrival order, in a shared
 * {@link Received} log; damaged frames are counted as rejected.
 */
public final class EchoNode implements ProtocolNode
{
    private static final int LENGTH = 16;

    private final NodeConfig config;
    private final Received received;
    private final int framesPerPeer;
    private long sent;
    private long rejected;

    /** What every node received: (to, from, sequence) in arrival order. Shared by the nodes of one run. */
    public static final class Received
    {
        /** Arrivals as {@code {to, from, sequence}}. */
        public final List<long[]> arrivals = new ArrayList<>();
        /** Rejected frames per node id. */
        public final Map<Integer, Long> rejectedByNode = new ConcurrentHashMap<>();
    }

    private EchoNode(final NodeConfig config, final Received received, final int framesPerPeer)
    {
        this.config = config;
        this.received = received;
        this.framesPerPeer = framesPerPeer;
    }

    /**
     * A factory.
     *
     * @param received      where arrivals are recorded.
     * @param framesPerPeer frames each node sends each peer.
     * @return the factory.
     */
    public static ProtocolNodeFactory factory(final Received received, final int framesPerPeer)
    {
        return config -> new EchoNode(config, received, framesPerPeer);
    }

    @Override
    public int nodeId()
    {
        return config.nodeId();
    }

    @Override
    public void onMessage(final int fromNodeId, final byte[] frame, final int offset, final int length)
    {
        if (length != LENGTH)
        {
            reject();
            return;
        }
        final ByteBuffer in = ByteBuffer.wrap(frame, offset, length);
        final CRC32 crc = new CRC32();
        crc.update(frame, offset, LENGTH - 4);
        if ((int)crc.getValue() != in.getInt(offset + LENGTH - 4) || in.getInt(offset) != fromNodeId)
        {
            reject();
            return;
        }
        received.arrivals.add(new long[]{ nodeId(), fromNodeId, in.getLong(offset + 4) });
    }

    private void reject()
    {
        rejected++;
        received.rejectedByNode.merge(nodeId(), 1L, Long::sum);
    }

    @Override
    public void onTick(final long nowNs)
    {
        if (sent >= framesPerPeer)
        {
            return;
        }
        sent++;
        final ByteBuffer out = ByteBuffer.allocate(LENGTH);
        out.putInt(nodeId()).putLong(sent);
        final CRC32 crc = new CRC32();
        crc.update(out.array(), 0, LENGTH - 4);
        out.putInt((int)crc.getValue());
        for (final int peer : config.memberIds())
        {
            if (peer != nodeId())
            {
                config.outbox().send(peer, out.array(), 0, LENGTH);
            }
        }
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
        throw new IndexOutOfBoundsException("no log");
    }

    @Override
    public long rejectedFrames()
    {
        return rejected;
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
