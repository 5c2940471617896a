package io.quorumbench.baseline.raft;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.conformance.consensus.ConsensusConformanceSuite;
import io.quorumbench.conformance.sim.FaultPlan;
import io.quorumbench.conformance.sim.Simulation;
import io.quorumbench.conformance.sim.SimulationResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The baseline Raft core under the conformance kit: seeded fault simulations, invariants,
 * linearizability and bad frames (see {@link ConsensusConformanceSuite}), plus the seeds that
 * once failed, by name.
 */
class BaselineRaftConformanceTest extends ConsensusConformanceSuite
{
    @Override
    protected ProtocolNodeFactory factory()
    {
        return new BaselineRaftFactory();
    }

    /**
     * Power loss with fsync NONE, seed 18: a follower lost entries it had acknowledged and the
     * leader took its rejections for stale ones forever (no progress after healing). Fixed in
     * {@code RaftNode.onAppendEntriesResponse}; unit-level twin:
     * {@code RaftNodeTest.shouldRepairFollowerThatLostAcknowledgedEntriesWithoutFsync}.
     */
    @Test
    void regressionPowerLossFsyncNoneSeed18FollowerThatLostAcknowledgedEntriesIsRepaired()
    {
        // Simulation.run throws a SimulationFailure naming the seed if liveness is not restored.
        final SimulationResult result = Simulation.run(
            factory(), config().withFsyncPolicy(FsyncPolicy.NONE), FaultPlan.powerLossCrashes(), 18);
        assertTrue(result.stats().maxCommitted() > 0, result.summary());
    }
}
