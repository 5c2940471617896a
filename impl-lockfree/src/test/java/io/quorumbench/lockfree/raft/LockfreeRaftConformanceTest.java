package io.quorumbench.lockfree.raft;

import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.conformance.consensus.ConsensusConformanceSuite;

/**
 * The shared conformance suite (simulated faults, invariants, linearizability, bad frames)
 * against the tuned Raft core. Segments are small here because the simulator builds many nodes.
 */
class LockfreeRaftConformanceTest extends ConsensusConformanceSuite
{
    private static final LockfreeRaftFactory FACTORY = new LockfreeRaftFactory(
        new RaftTuning().segmentLength(1 << 20).initialLogCapacity(1024).conclude());

    @Override
    protected ProtocolNodeFactory factory()
    {
        return FACTORY;
    }
}
