package io.quorumbench.conformance.sim;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.conformance.check.InvariantViolation;
import io.quorumbench.conformance.history.HistoryWriter;
import io.quorumbench.conformance.testnodes.FixedLeaderLogNode;
import io.quorumbench.conformance.testnodes.SilentNode;
import io.quorumbench.conformance.testnodes.TermClimbingNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The simulator, checkers and clients run end to end against a trivially safe replicated log
 * (fixed leader): it must pass every plan; the same log with a follower bug must be caught.
 */
class SimulationTest
{
    private static final SimulationConfig CONFIG = SimulationConfig.defaults().withPhases(1_000_000_000L, 300_000_000L);

    @TestFactory
    List<DynamicTest> shouldPassEveryPlanWithASafeLog()
    {
        final List<DynamicTest> tests = new ArrayList<>();
        for (final FaultPlan plan : FaultPlan.standardPlans())
        {
            for (long seed = 1; seed <= 3; seed++)
            {
                final long s = seed;
                tests.add(DynamicTest.dynamicTest(plan.name() + " seed " + s, () ->
                {
                    final SimulationResult result = Simulation.run(FixedLeaderLogNode.factory(false), CONFIG, plan, s);
                    assertTrue(result.stats().opsOk() > 10, result.summary());
                    assertNotNull(result.linearizability());
                    assertTrue(result.linearizability().isLinearizable(), result.summary());
                    assertEquals(0, result.relaxedViolations());
                }));
            }
        }
        return tests;
    }

    @Test
    void shouldExerciseEveryFaultTheChaosPlanNames()
    {
        final SimulationResult result = Simulation.run(
            FixedLeaderLogNode.factory(false), SimulationConfig.defaults(), FaultPlan.chaos(), 42);
        final SimulationStats stats = result.stats();
        assertTrue(stats.framesDropped() > 0, stats.toString());
        assertTrue(stats.framesMangled() > 0, stats.toString());
        assertTrue(stats.crashes() > 0, stats.toString());
        assertTrue(stats.rejectedFrames() > 0, "corrupted frames reach nodes and are rejected: " + stats);
        assertTrue(stats.partitionChanges > 0, stats.toString());
        assertTrue(stats.framesDuplicated > 0, stats.toString());
    }

    @Test
    void shouldHoldFramesDuringSwizzleClogAndDeliverThemAfterwards()
    {
        final SimulationResult result = Simulation.run(
            FixedLeaderLogNode.factory(false), CONFIG, FaultPlan.swizzleClog(), 7);
        assertTrue(result.stats().framesHeld > 0, result.summary());
        assertTrue(result.stats().opsOk() > 0, result.summary());
    }

    @Test
    void shouldReplayIdenticallyFromTheSameSeed() throws IOException
    {
        final SimulationResult a = Simulation.run(FixedLeaderLogNode.factory(false), CONFIG, FaultPlan.chaos(), 99);
        final SimulationResult b = Simulation.run(FixedLeaderLogNode.factory(false), CONFIG, FaultPlan.chaos(), 99);
        final SimulationResult c = Simulation.run(FixedLeaderLogNode.factory(false), CONFIG, FaultPlan.chaos(), 100);
        assertEquals(a.traceHash(), b.traceHash());
        assertEquals(a.events(), b.events());
        assertEquals(json(a), json(b));
        assertNotEquals(a.traceHash(), c.traceHash());
    }

    private static String json(final SimulationResult result) throws IOException
    {
        final StringWriter out = new StringWriter();
        HistoryWriter.write(result.history(), out);
        return out.toString();
    }

    @Test
    void shouldToleratePowerLossOnlyWhereFsyncNoneAllowsIt()
    {
        final SimulationResult synced = Simulation.run(FixedLeaderLogNode.factory(false),
            CONFIG.withFsyncPolicy(FsyncPolicy.BATCH), FaultPlan.powerLossCrashes(), 5);
        assertEquals(0, synced.relaxedViolations());
        assertTrue(synced.linearizability().isLinearizable());

        final SimulationResult unsynced = Simulation.run(FixedLeaderLogNode.factory(false),
            CONFIG.withFsyncPolicy(FsyncPolicy.NONE), FaultPlan.powerLossCrashes(), 5);
        assertTrue(unsynced.stats().crashes() > 0);
    }

    @Test
    void shouldReportANodeThatNeverCommitsAsALivenessFailure()
    {
        final SimulationFailure failure = assertThrows(SimulationFailure.class,
            () -> Simulation.run(SilentNode.factory(), CONFIG, FaultPlan.none(), 3));
        assertTrue(failure.getMessage().contains("liveness"), failure.getMessage());
        assertTrue(failure.getMessage().contains("seed=3"), failure.getMessage());
    }

    @Test
    void shouldCatchAFollowerThatAppendsOverGapsAndNameTheSeed()
    {
        int caught = 0;
        for (long seed = 1; seed <= 10; seed++)
        {
            try
            {
                Simulation.run(FixedLeaderLogNode.factory(true), CONFIG, FaultPlan.drop(), seed);
            }
            catch (final SimulationFailure failure)
            {
                caught++;
                assertEquals(seed, failure.seed());
                assertTrue(failure.getMessage().contains("seed=" + seed), failure.getMessage());
                assertTrue(failure.getMessage().contains("-Dqb.seed=" + seed), failure.getMessage());
                assertTrue(failure.getCause() instanceof InvariantViolation, failure.getMessage());
            }
        }
        if (caught == 0)
        {
            fail("the gap bug went unnoticed in 10 seeds of the drop plan");
        }
    }

    @Test
    void shouldCrashAFollowerRightAfterItsTermRisesOnlyWhenThePlanSaysSo()
    {
        final FaultPlan plan = FaultPlan.builder("new-term").crashOnNewTerm(1.0, 2_000_000L).build();
        assertTrue(crashesUnder(TermClimbingNode.factory(Role.FOLLOWER), plan) > 0, "a follower whose term rose");
        assertEquals(0, crashesUnder(TermClimbingNode.factory(Role.CANDIDATE), plan), "candidates are spared");
        assertEquals(0, crashesUnder(SilentNode.factory(), plan), "a term that never rises");
        assertEquals(0, crashesUnder(TermClimbingNode.factory(Role.FOLLOWER), FaultPlan.none()), "plan without it");
        assertTrue(plan.describe().contains("crashOnNewTerm=1.0"), plan.describe());
        assertThrows(IllegalArgumentException.class,
            () -> FaultPlan.builder("bad").crashOnNewTerm(1.5, 2_000_000L).build());
        assertThrows(IllegalArgumentException.class,
            () -> FaultPlan.builder("bad").crashOnNewTerm(0.5, 0).build());
    }

    private static long crashesUnder(final ProtocolNodeFactory factory, final FaultPlan plan)
    {
        try (Simulation sim = new Simulation(factory, CONFIG, plan, 11))
        {
            sim.startFaults();
            sim.runUntil(() -> false, 100_000_000L);
            return sim.stats().crashes();
        }
    }
}
