package io.quorumbench.lockfree.host;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.ProtocolNodeFactory;

/**
 * What the host needs of a protocol: its zero-copy core and the size of its largest frame. A
 * protocol plugs into {@link NodeAgent}, {@link InProcessCluster} and {@link NodeMain} with one of
 * these and its codec, nothing else. Implementations must be thread-safe (a cluster builds all
 * its nodes, and restarts them, from one factory).
 */
public interface DirectNodeFactory extends ProtocolNodeFactory
{
    /**
     * Build (or rebuild after a crash, from {@code config.dataDir()}) a core.
     *
     * @param config the node's configuration.
     * @return the core.
     */
    DirectProtocolNode createNode(NodeConfig config);

    /** {@inheritDoc} */
    @Override
    default ProtocolNode create(final NodeConfig config)
    {
        return createNode(config);
    }

    /**
     * Largest frame a core of this factory sends, header included, so the host sizes Aeron terms
     * and reassembly buffers once.
     *
     * @param maxCommandLength largest client command, bytes.
     * @return the frame length bound, bytes.
     */
    int maxFrameLength(int maxCommandLength);

    /**
     * The protocol's short name, used in thread names, counter labels and log lines.
     *
     * @return e.g. {@code paxos}.
     */
    String protocolName();
}
