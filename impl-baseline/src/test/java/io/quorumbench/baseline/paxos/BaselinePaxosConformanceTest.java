package io.quorumbench.baseline.paxos;

import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.conformance.consensus.ConsensusConformanceSuite;
import io.quorumbench.conformance.paxos.PaxosInvariants;
import io.quorumbench.conformance.sim.SimulationConfig;


/**
 * The baseline Multi-Paxos core under the conformance kit: every fault plan Raft runs, with the
 * consensus-neutral log invariants plus the Paxos ones (agreement over all acceptors, promises and
 * accepted ballots never going backwards), linearizability and bad frames.
 */
class BaselinePaxosConformanceTest extends ConsensusConformanceSuite
{
    @Override
    protected ProtocolNodeFactory factory()
    {
        return new BaselinePaxosFactory();
    }

    @Override
    protected SimulationConfig config()
    {
        return paxosConfig();
    }

    /**
     * The suite's default configuration with the invariants a Multi-Paxos is checked by.
     *
     * @return the configuration.
     */
    static SimulationConfig paxosConfig()
    {
        return defaultConfig().withInvariants(PaxosInvariants.forMultiPaxos());
    }
}
