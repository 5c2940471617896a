package io.quorumbench.baseline.raft;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.conformance.consensus.ConsensusConformanceSuite;
import io.quorumbench.conformance.sim.FaultPlan;
import io.quorumbench.conformance.sim.Simulation;
import io.quorumbench.conformance.sim.SimulationResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole conformance kit again with log compaction on: a snapshot every
 * {@value #SNAPSHOT_EVERY_ENTRIES} applied entries, so every plan compacts many times, restarts
 * from snapshots and sends them to followers that fall behind (section 7). Plus the plans made for
 * snapshots, with proof that they took and installed snapshots (a kit that never got there would
 * pass without checking anything).
 */
class BaselineRaftCompactionConformanceTest extends ConsensusConformanceSuite
{
    static final long SNAPSHOT_EVERY_ENTRIES = 16;

    private final List<RaftNode> nodes = new ArrayList<>();

    @Override
    protected ProtocolNodeFactory factory()
    {
        return config ->
        {
            final RaftNode node = new RaftNode(config, SNAPSHOT_EVERY_ENTRIES);
            nodes.add(node);
            return node;
        };
    }

    /**
     * An eighth of the plain kit's seeds per plan: the plain kit already runs every plan in full,
     * this run adds compaction to it within the CI budget; {@code scripts/soak} (the slow soak)
     * runs this class's soak with as many seeds as the plain one.
     */
    @Override
    protected int seedsPerPlan()
    {
        return Math.max(2, super.seedsPerPlan() / 8);
    }

    @Test
    void shouldCatchUpNodesThatWereDownLongByInstallingSnapshots()
    {
        for (long seed = 1; seed <= 3; seed++)
        {
            final SimulationResult result = Simulation.run(factory(), config(), FaultPlan.longDowntime(), seed);
            assertTrue(result.stats().maxCommitted() > 0, result.summary());
        }
        assertTrue(nodes.stream().mapToLong(RaftNode::snapshotsTaken).sum() > 0, "no snapshot taken");
        assertTrue(nodes.stream().mapToLong(RaftNode::snapshotsInstalled).sum() > 0, "no snapshot installed");
    }

    @Test
    void shouldStaySafeWithSnapshotsUnderPowerLossWithFsyncBatch()
    {
        for (long seed = 1; seed <= 3; seed++)
        {
            final SimulationResult result = Simulation.run(
                factory(), config().withFsyncPolicy(FsyncPolicy.BATCH), FaultPlan.powerLossCrashes(), seed);
            assertTrue(result.stats().maxCommitted() > 0, result.summary());
        }
        assertTrue(nodes.stream().mapToLong(RaftNode::snapshotsTaken).sum() > 0, "no snapshot taken");
    }
}
