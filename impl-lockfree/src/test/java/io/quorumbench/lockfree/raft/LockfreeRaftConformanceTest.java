package io.quorumbench.lockfree.raft;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.conformance.consensus.ConsensusConformanceSuite;
import io.quorumbench.conformance.sim.FaultPlan;
import io.quorumbench.conformance.sim.Simulation;
import io.quorumbench.conformance.sim.SimulationResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared conformance suite (simulated faults, invariants, linearizability, bad frames)
 * against the tuned Raft core, plus the seeds that once failed, by name. Segments are small here
 * because the simulator builds many nodes.
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

    /**
     * Power loss with fsync NONE, seeds 621393842548 and 621393842552 (base 621393842524),
     * 678516649420 and 678516649426 (base 678516649395): both followers lost entries they had
     * acknowledged, the leader took their rejections at or below its stale {@code matchIndex} for
     * reordered ones forever, and no write completed after healing. Fixed in
     * {@code RaftCore.onAppendResponse}; unit-level twin:
     * {@code RaftCoreTest.shouldRepairFollowerThatLostAcknowledgedEntriesWithoutFsync}.
     *
     * @param seed the seed that failed.
     */
    @ParameterizedTest(name = "power-loss seed {0} fsync NONE")
    @ValueSource(longs = { 621393842548L, 621393842552L, 678516649420L, 678516649426L })
    void regressionPowerLossFsyncNoneFollowersThatLostAcknowledgedEntriesAreRepaired(final long seed)
    {
        // Simulation.run throws a SimulationFailure naming the seed if liveness is not restored.
        final SimulationResult result = Simulation.run(
            factory(), config().withFsyncPolicy(FsyncPolicy.NONE), FaultPlan.powerLossCrashes(), seed);
        assertTrue(result.stats().maxCommitted() > 0, result.summary());
    }
}
