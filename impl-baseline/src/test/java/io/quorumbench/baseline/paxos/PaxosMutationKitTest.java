package io.quorumbench.baseline.paxos;

import io.quorumbench.conformance.consensus.ConsensusConformanceSuite;
import io.quorumbench.conformance.sim.FaultPlan;
import io.quorumbench.conformance.sim.Simulation;
import io.quorumbench.conformance.sim.SimulationConfig;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seeded kit catches six of the planted {@link PaxosMutation}s: for each, one seed of one plan
 * (the first that caught it in the survey recorded in conformance/README.md) fails with the
 * mutation and passes without it, naming the invariant that caught it. The two the kit does not
 * catch ({@link PaxosMutation#LEADER_TAKES_FIRST_REPLY} since leader stickiness, and
 * {@link PaxosMutation#STALE_BALLOT_ACKS}) are caught by {@link PaxosSafetyRulesTest}.
 */
class PaxosMutationKitTest
{
    private static void assertKitCatches(
        final PaxosMutation mutation, final FaultPlan plan, final SimulationConfig config, final long seed, final String invariant)
    {
        assertDoesNotThrow(() -> Simulation.run(new BaselinePaxosFactory(), config, plan, seed), "unmutated run must pass");
        final AssertionError failure = assertThrows(AssertionError.class,
            () -> Simulation.run(BaselinePaxosFactory.withMutations(EnumSet.of(mutation)), config, plan, seed));
        assertTrue(failure.getMessage().contains(invariant), failure.getMessage());
    }

    private static SimulationConfig config()
    {
        return BaselinePaxosConformanceTest.paxosConfig();
    }

    @Test
    void shouldCatchAnAcceptorIgnoringItsPromise()
    {
        assertKitCatches(PaxosMutation.ACCEPT_IGNORES_PROMISE, FaultPlan.partition(), config(), 16, "paxos agreement");
    }

    @Test
    void shouldCatchAPromiseNotPersisted()
    {
        assertKitCatches(PaxosMutation.PROMISE_NOT_PERSISTED, FaultPlan.voteCrash(),
            ConsensusConformanceSuite.voteCrashConfig(config()), 1, "acceptor durability");
    }

    @Test
    void shouldCatchChosenSlotsLeftOutOfPhaseOne()
    {
        assertKitCatches(PaxosMutation.PHASE1_OMITS_CHOSEN, FaultPlan.swizzleClog(), config(), 3, "paxos agreement");
    }

    @Test
    void shouldCatchExecutionPastAHole()
    {
        assertKitCatches(PaxosMutation.EXECUTE_PAST_HOLE, FaultPlan.reorder(), config(), 1, "state machine safety");
    }

    @Test
    void shouldCatchHolesNeverFilledAsLostLiveness()
    {
        assertKitCatches(PaxosMutation.HOLES_NOT_FILLED, FaultPlan.chaos(), config(), 7, "liveness");
    }

    @Test
    void shouldCatchARetryAppliedTwice()
    {
        assertKitCatches(PaxosMutation.NO_SESSION_DEDUP, FaultPlan.crashRestart(), config(), 1, "linearizab");
    }
}
