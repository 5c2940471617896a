package io.quorumbench.baseline.raft;

import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.conformance.consensus.ConsensusConformanceSuite;

/**
 * The baseline Raft core under the conformance kit: seeded fault simulations, invariants,
 * linearizability and bad frames (see {@link ConsensusConformanceSuite}).
 */
class BaselineRaftConformanceTest extends ConsensusConformanceSuite
{
    @Override
    protected ProtocolNodeFactory factory()
    {
        return new BaselineRaftFactory();
    }
}
