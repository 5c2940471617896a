package io.quorumbench.conformance.consensus;

import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.conformance.soak.SoakScale;
import io.quorumbench.conformance.testnodes.FixedLeaderLogNode;

/**
 * The suite run against the kit's own fixed-leader reference log, so the suite's mechanics
 * (dynamic tests, bad-input harness, replay) are tested in this module with few seeds.
 */
class FixedLeaderLogConformanceTest extends ConsensusConformanceSuite
{
    @Override
    protected ProtocolNodeFactory factory()
    {
        return FixedLeaderLogNode.factory(false);
    }

    @Override
    protected int seedsPerPlan()
    {
        return (int)SoakScale.positive(SEEDS_PROP_NAME, 4);
    }

    @Override
    protected int soakSeedsPerPlan()
    {
        return SoakScale.seeds(20, 2);
    }
}
