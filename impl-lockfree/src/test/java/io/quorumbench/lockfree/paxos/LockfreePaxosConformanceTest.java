package io.quorumbench.lockfree.paxos;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.conformance.consensus.ConsensusConformanceSuite;
import io.quorumbench.conformance.paxos.PaxosInvariants;
import io.quorumbench.conformance.sim.FaultPlan;
import io.quorumbench.conformance.sim.Simulation;
import io.quorumbench.conformance.sim.SimulationConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

/**
 * The shared conformance suite (simulated faults, invariants, linearizability, bad frames)
 * against the tuned Multi-Paxos core, with the consensus-neutral invariants (Raft's log structure
 * does not apply) and the Paxos oracles: agreement over every acceptor's accepted ballots and
 * acceptor state that never goes backwards. Segments are small because the simulator builds many nodes.
 */
class LockfreePaxosConformanceTest extends ConsensusConformanceSuite
{
    private static final LockfreePaxosFactory FACTORY = new LockfreePaxosFactory(
        new PaxosTuning().segmentLength(1 << 20).conclude());

    @Override
    protected ProtocolNodeFactory factory()
    {
        return FACTORY;
    }

    @Override
    protected SimulationConfig config()
    {
        return super.config().withInvariants(PaxosInvariants.forMultiPaxos());
    }

    /**
     * The seed that showed the agreement oracle counting an accept a power loss may take: leader 2
     * appended slot 76 and sent it, node 1 accepted and forced it, the power went at node 2 before
     * its group commit forced (and so counted) its own accept; node 3 then led with the promises of
     * 2 and 3, neither holding slot 76, and proposed another value there, which is correct Paxos.
     */
    @Test
    void shouldNotCountAnUnforcedLeaderAcceptLostInAPowerLossAsChosen()
    {
        assertDoesNotThrow(() -> Simulation.run(FACTORY, config().withFsyncPolicy(FsyncPolicy.BATCH),
            FaultPlan.powerLossCrashes(), 134523750311L));
    }
}
