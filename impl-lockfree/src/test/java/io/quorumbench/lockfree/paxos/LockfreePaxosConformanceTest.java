package io.quorumbench.lockfree.paxos;

import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.conformance.consensus.ConsensusConformanceSuite;
import io.quorumbench.conformance.paxos.PaxosInvariants;
import io.quorumbench.conformance.sim.SimulationConfig;

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
}
