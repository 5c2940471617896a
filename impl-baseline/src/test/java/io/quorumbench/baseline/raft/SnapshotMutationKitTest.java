package io.quorumbench.baseline.raft;

import io.quorumbench.conformance.sim.FaultPlan;
import io.quorumbench.conformance.sim.Simulation;
import io.quorumbench.conformance.sim.SimulationConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit with compaction on catches the two planted snapshot bugs ({@link RaftNode.Mutation}):
 * one seed of one plan each (the first that caught it in a survey of seeds 1..4 of five plans,
 * recorded in conformance/README.md) fails with the bug and passes without it.
 */
class SnapshotMutationKitTest
{
    private static void assertKitCatches(final RaftNode.Mutation mutation, final FaultPlan plan, final long seed, final String failure)
    {
        final SimulationConfig config = SimulationConfig.defaults();
        final long every = BaselineRaftCompactionConformanceTest.SNAPSHOT_EVERY_ENTRIES;
        assertDoesNotThrow(() -> Simulation.run(c -> new RaftNode(c, every), config, plan, seed), "unmutated run must pass");
        final AssertionError caught = assertThrows(AssertionError.class,
            () -> Simulation.run(c -> new RaftNode(c, every, mutation), config, plan, seed));
        assertTrue(caught.getMessage().contains(failure), caught.getMessage());
    }

    @Test
    void shouldCatchACompactionAboveTheSnapshotIndex()
    {
        // The entry compacted away but never in an image is missing when a follower or the node
        // itself needs it: the node's own log bound check throws, which the simulator reports.
        assertKitCatches(RaftNode.Mutation.TRUNCATE_ABOVE_SNAPSHOT, FaultPlan.chaos(), 1, "is compacted");
    }

    @Test
    void shouldCatchAStaleSnapshotInstalledOverNewerState()
    {
        assertKitCatches(RaftNode.Mutation.INSTALL_STALE_SNAPSHOT, FaultPlan.reorder(), 1, "the state went back");
    }
}
