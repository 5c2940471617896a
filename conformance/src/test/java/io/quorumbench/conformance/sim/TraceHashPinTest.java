package io.quorumbench.conformance.sim;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.conformance.testnodes.EchoNode;
import io.quorumbench.conformance.testnodes.FixedLeaderLogNode;
import io.quorumbench.conformance.testnodes.TermClimbingNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the trace hashes of a few seeded runs, recorded from the simulator as it was before it was
 * split into network model, fault driver and scripted run (at 50a6760). A refactoring of the
 * simulator must not change a single random draw, event or delivery, or every seed anyone ever
 * noted down would replay something else. If a hash changes for a real reason (a new fault, a
 * changed client), say so in the commit and record the new hashes.
 */
class TraceHashPinTest
{
    private static final SimulationConfig CONFIG = SimulationConfig.defaults().withPhases(1_000_000_000L, 300_000_000L);

    private static String run(final SimulationConfig config, final FaultPlan plan, final long seed)
    {
        final SimulationResult result = Simulation.run(FixedLeaderLogNode.factory(false), config, plan, seed);
        return Long.toHexString(result.traceHash()) + " " + result.events() + " " + result.history().size();
    }

    @Test
    void shouldReplayTheRecordedTraceOfAFaultFreeRun()
    {
        assertEquals("e6ea577d6745de87 2963 390", run(CONFIG, FaultPlan.none(), 1));
    }

    @Test
    void shouldReplayTheRecordedTraceOfChaos()
    {
        assertEquals("ec5a2e7bf0298ccd 4979 316", run(CONFIG, FaultPlan.chaos(), 42));
        assertEquals("1b57a662da37d51f 5625 290", run(CONFIG.withNodes(5), FaultPlan.chaos(), 3));
    }

    @Test
    void shouldReplayTheRecordedTraceOfSwizzleClogAndPartitions()
    {
        assertEquals("b189a572ec4baaf5 3832 334", run(CONFIG, FaultPlan.swizzleClog(), 7));
        assertEquals("b6b4858c07b062fe 2546 310", run(CONFIG, FaultPlan.isolateLeader(), 8));
        assertEquals("6e18e5a7b2c8303c 3106 386", run(CONFIG, FaultPlan.oneWay(), 9));
    }

    @Test
    void shouldReplayTheRecordedTraceOfCrashesAndPowerLoss()
    {
        assertEquals("e21bf4527041a4a2 4517 332", run(CONFIG, FaultPlan.crashRestart(), 4));
        assertEquals("ebb1edc4456efe4b 2779 306", run(CONFIG.withFsyncPolicy(FsyncPolicy.BATCH), FaultPlan.powerLossCrashes(), 5));
        assertEquals("941f749484815221 5093 374", run(CONFIG.withFsyncPolicy(FsyncPolicy.NONE), FaultPlan.powerLossCrashes(), 6));
    }

    @Test
    void shouldReplayTheRecordedTraceOfCrashesOnANewTerm()
    {
        try (Simulation sim = new Simulation(TermClimbingNode.factory(Role.FOLLOWER), CONFIG, FaultPlan.voteCrash(), 11))
        {
            sim.startFaults();
            sim.runUntil(() -> false, 300_000_000L);
            assertEquals("e96d4a5939454ee7 181", Long.toHexString(sim.traceHash()) + " " + sim.stats().crashes());
        }
    }

    @Test
    void shouldReplayTheRecordedTraceOfTheNetworkAlone()
    {
        final EchoNode.Received received = new EchoNode.Received();
        try (Simulation sim = new Simulation(EchoNode.factory(received, 100), CONFIG.withClients(0), FaultPlan.chaos(), 8))
        {
            sim.startFaults();
            sim.runUntil(() -> false, 1_000_000_000L);
            sim.heal();
            sim.runUntil(() -> false, 2_000_000_000L);
            assertEquals("28dbcaafb5e987be 651", Long.toHexString(sim.traceHash()) + " " + received.arrivals.size());
        }
    }
}
