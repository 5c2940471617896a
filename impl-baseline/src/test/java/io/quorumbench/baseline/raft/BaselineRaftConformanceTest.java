package io.quorumbench.baseline.raft;

import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.conformance.consensus.ConsensusConformanceSuite;

/**
 * The shared conformance kit (simulated faults, invariants, linearizability, bad frames) run
 * against the baseline Raft.
 */
class BaselineRaftConformanceTest extends ConsensusConformanceSuite
{
    @Override
    protected ProtocolNodeFactory factory()
    {
        return new BaselineRaftFactory();
    }
}
