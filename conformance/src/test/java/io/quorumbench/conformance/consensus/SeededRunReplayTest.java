package io.quorumbench.conformance.consensus;

import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.conformance.soak.SoakScale;
import io.quorumbench.conformance.testnodes.FixedLeaderLogNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seeded runs of {@link ConsensusConformanceSuite} number their seeds from the run's base seed,
 * and a failing one tells how to replay exactly it: checked with a planted bug (a follower that
 * appends over gaps in its log), caught by the invariants under the drop plan.
 */
class SeededRunReplayTest
{
    private static final long BASE = 5_000;

    // surefire may pass -Dqb.seed.base, -Dqb.seed or -Dqb.plan to the whole JVM: keep them as found
    private final String savedBase = System.getProperty(SoakScale.SEED_BASE_PROP_NAME);
    private final String savedSeed = System.getProperty(SoakScale.SEED_PROP_NAME);
    private final String savedPlan = System.getProperty(ConsensusConformanceSuite.PLAN_PROP_NAME);
    private final String savedSeeds = System.getProperty(ConsensusConformanceSuite.SEEDS_PROP_NAME);

    /** The suite against a follower that appends over gaps, on the drop plan only. */
    static final class GapBugSuite extends ConsensusConformanceSuite
    {
        @Override
        protected ProtocolNodeFactory factory()
        {
            return FixedLeaderLogNode.factory(true);
        }
    }

    @AfterEach
    void restoreProperties()
    {
        restore(SoakScale.SEED_BASE_PROP_NAME, savedBase);
        restore(SoakScale.SEED_PROP_NAME, savedSeed);
        restore(ConsensusConformanceSuite.PLAN_PROP_NAME, savedPlan);
        restore(ConsensusConformanceSuite.SEEDS_PROP_NAME, savedSeeds);
    }

    private static void restore(final String name, final String value)
    {
        if (null == value)
        {
            System.clearProperty(name);
        }
        else
        {
            System.setProperty(name, value);
        }
    }

    @Test
    void shouldNumberSeedsFromTheBaseAndPrintTheReplayCommandOfAFailingSeed()
    {
        System.setProperty(SoakScale.SEED_BASE_PROP_NAME, Long.toString(BASE));
        System.setProperty(ConsensusConformanceSuite.PLAN_PROP_NAME, "drop");
        System.setProperty(ConsensusConformanceSuite.SEEDS_PROP_NAME, "10");
        System.clearProperty(SoakScale.SEED_PROP_NAME);

        final List<DynamicTest> tests = new GapBugSuite().shouldStaySafeAndLiveUnderEachFaultPlan();
        assertEquals(10, tests.size());
        assertEquals("drop seed " + BASE + " fsync NONE", tests.get(0).getDisplayName());
        assertEquals("drop seed " + (BASE + 9) + " fsync NONE", tests.get(9).getDisplayName());

        AssertionError caught = null;
        long failedSeed = -1;
        for (int i = 0; i < tests.size() && null == caught; i++)
        {
            try
            {
                tests.get(i).getExecutable().execute();
            }
            catch (final AssertionError ex)
            {
                caught = ex;
                failedSeed = BASE + i;
            }
            catch (final Throwable ex)
            {
                throw new AssertionError("unexpected " + ex, ex);
            }
        }
        assertNotNull(caught, "the gap bug went unnoticed in 10 seeds of the drop plan");
        final String message = caught.getMessage();
        assertTrue(message.contains("violated"), message);
        assertTrue(message.contains("replay this seed: mvn -B -ntp -pl conformance -am test -Dtest=GapBugSuite -Dqb.seed=" +
            failedSeed + " -Dqb.plan=drop -Dsurefire.failIfNoSpecifiedTests=false"), message);
        assertTrue(message.contains("replay every seed of this run: -Dqb.seed.base=" + BASE), message);
    }

    @Test
    void shouldRunOnlyTheSeedToReplay()
    {
        System.setProperty(SoakScale.SEED_BASE_PROP_NAME, Long.toString(BASE));
        System.setProperty(SoakScale.SEED_PROP_NAME, "42");
        System.setProperty(ConsensusConformanceSuite.PLAN_PROP_NAME, "drop");
        final List<DynamicTest> tests = new GapBugSuite().shouldStaySafeAndLiveUnderEachFaultPlan();
        assertEquals(1, tests.size());
        assertEquals("drop seed 42 fsync NONE", tests.get(0).getDisplayName());
    }
}
