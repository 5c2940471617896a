package io.quorumbench.baseline.raft;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.ProtocolNodeFactory;

/**
 * Builds {@link RaftNode}s: the baseline Raft for the conformance kit, the hosts and the benchmarks.
 * Stateless; thread-safe.
 */
public final class BaselineRaftFactory implements ProtocolNodeFactory
{
    /** {@inheritDoc} */
    @Override
    public ProtocolNode create(final NodeConfig config)
    {
        return new RaftNode(config);
    }
}
