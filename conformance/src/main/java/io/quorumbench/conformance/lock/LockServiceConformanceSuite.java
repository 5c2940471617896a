package io.quorumbench.conformance.lock;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.lock.LockEvents;
import io.quorumbench.api.lock.LockResult;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.api.lock.LockServiceNode;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.conformance.check.Invariant;
import io.quorumbench.conformance.check.ReplicatedLogInvariant;
import io.quorumbench.conformance.consensus.ConsensusConformanceSuite;
import io.quorumbench.conformance.sim.FaultPlan;
import io.quorumbench.conformance.sim.Simulation;
import io.quorumbench.conformance.sim.SimulationConfig;
import io.quorumbench.conformance.sim.SimulationResult;
import io.quorumbench.conformance.sim.Workload;
import io.quorumbench.conformance.soak.SoakScale;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock service on a replicated log in the simulator: an implementation's test extends this with
 * its log's node factory and its lock state machine. Every run wraps the log's nodes in
 * {@link LockServiceNode} (leader stamps, expiry proposals, ticks), checks the log's own invariants
 * plus {@link LockEventChecker} on every replica after every step, requires liveness after healing
 * and the clients' history to fit {@link LockHistoryModel}, and requires locks to have been granted
 * (a run with no grant is inconclusive, not a pass).
 *
 * <p>Seeds are {@code base + i} with the kit's base ({@link SoakScale#seedBase()}); a failure prints
 * seed and plan, and {@code -Dqb.seed.base=N} replays a whole run.
 *
 * @param <S> the lock state machine type.
 */
public abstract class LockServiceConformanceSuite<S extends StateMachine>
{
    /** System property: seeds per plan (default {@value #DEFAULT_SEEDS_PER_PLAN}). */
    public static final String SEEDS_PROP_NAME = "qb.lock.seeds";
    /** Seeds per plan by default. */
    public static final int DEFAULT_SEEDS_PER_PLAN = 4;
    /** Lease of the simulated sessions: 400 ms, above the election timeout (150..300 ms). */
    public static final long LEASE_NS = 400_000_000L;
    /** Interval of the leader's ticks and expiry proposals: 20 ms. */
    public static final long TICK_INTERVAL_NS = 20_000_000L;
    /** The service's settings in every run: lock-delay 100 ms, leader grace 400 ms. */
    public static final LockServiceConfig CONFIG = new LockServiceConfig(100_000_000L, 400_000_000L, 64, 256);

    private static final long SEED_OFFSET = 5_000_000L;

    /**
     * The replicated log's node factory.
     *
     * @return the factory (wrapped in {@link LockServiceNode} by the suite).
     */
    protected abstract ProtocolNodeFactory logFactory();

    /**
     * Builds the implementation's lock state machine.
     *
     * @return a function of the settings and the listener it must report to.
     */
    protected abstract BiFunction<LockServiceConfig, LockEvents, S> stateMachines();

    /**
     * The implementation's state digest.
     *
     * @return the digest function.
     */
    protected abstract ToLongFunction<S> digest();

    /**
     * Log invariants to check besides the lock checker; Raft's by default.
     *
     * @return the invariants.
     */
    protected List<Invariant> logInvariants()
    {
        return ReplicatedLogInvariant.raft();
    }

    private static SimulationConfig config()
    {
        return SimulationConfig.defaults().withPhases(1_500_000_000L, 500_000_000L).withClients(4);
    }

    private SimulationResult run(
        final LockWorkload<S> lock, final Workload<S> workload, final SimulationConfig config, final FaultPlan plan,
        final long seed)
    {
        final List<Invariant> invariants = new ArrayList<>(logInvariants());
        invariants.add(lock.invariant());
        return Simulation.run(LockServiceNode.factory(logFactory(), TICK_INTERVAL_NS), workload,
            config.withInvariants(invariants), plan, seed);
    }

    private LockWorkload<S> runRandom(final FaultPlan plan, final SimulationConfig config, final long seed)
    {
        final LockWorkload<S> lock = new LockWorkload<>(stateMachines(), digest(), CONFIG,
            new LockClientModel(LEASE_NS, CONFIG.lockDelayNs(), 3));
        final SimulationResult result = run(lock, lock.workload(), config, plan, seed);
        CheckVerdict verdict = CheckVerdict.INCONCLUSIVE;
        for (final LockEventChecker checker : lock.checkers())
        {
            assertTrue(checker.violations().isEmpty(), checker.violations().toString());
            if (CheckVerdict.PASS == checker.verdict())
            {
                verdict = CheckVerdict.PASS;
            }
        }
        assertEquals(CheckVerdict.PASS, verdict, "no replica granted any lock: nothing was checked (seed " + seed +
            " plan " + plan.name() + ")");
        assertTrue(result.linearizability().isLinearizable(), result.linearizability().describe());
        return lock;
    }

    private List<DynamicTest> runs(final List<FaultPlan> plans, final SimulationConfig config, final long offset)
    {
        final int seeds = (int)SoakScale.positive(SEEDS_PROP_NAME, DEFAULT_SEEDS_PER_PLAN);
        final long base = SoakScale.seedBase() + SEED_OFFSET + offset;
        final List<DynamicTest> tests = new ArrayList<>();
        for (final FaultPlan plan : plans)
        {
            for (int i = 0; i < seeds; i++)
            {
                final long seed = base + i;
                tests.add(DynamicTest.dynamicTest(plan.name() + " seed " + seed, () -> runRandom(plan, config, seed)));
            }
        }
        return tests;
    }

    /**
     * Every standard fault plan (drops, duplicates, reordering, delay, corruption, partitions, an
     * isolated leader, one-way links, swizzle-clog, crash/restart, chaos): leaders change and crash
     * while locks are held and waiters queued, clients pause past their leases; no lock is granted
     * twice, no waiter is overtaken, no stale write gets through.
     *
     * @return one test per plan and seed.
     */
    @TestFactory
    public List<DynamicTest> shouldKeepLocksSafeUnderEachFaultPlan()
    {
        return runs(FaultPlan.standardPlans(), config(), 0);
    }

    /**
     * Power loss with fsync {@code BATCH} and the vote-crash plan (split elections).
     *
     * @return one test per plan and seed.
     */
    @TestFactory
    public List<DynamicTest> shouldKeepLocksSafeThroughPowerLossAndSplitElections()
    {
        final List<DynamicTest> tests = new ArrayList<>(runs(List.of(FaultPlan.powerLossCrashes()),
            config().withFsyncPolicy(FsyncPolicy.BATCH), 1000));
        tests.addAll(runs(List.of(FaultPlan.voteCrash()), ConsensusConformanceSuite.voteCrashConfig(config()), 2000));
        return tests;
    }

    /**
     * Leader kills and isolations while locks are held and waiters queued: the runs of those plans
     * must actually change leaders at such moments (else the claim "no lock granted twice, no waiter
     * lost across a fail-over" would rest on runs that never tried), and every such run passes the
     * checks above.
     */
    @Test
    public void shouldChangeLeadersWhileLocksAreHeldAndWaitersQueued()
    {
        final long base = SoakScale.seedBase() + SEED_OFFSET + 4000;
        long changes = 0;
        for (int i = 0; i < 3; i++)
        {
            for (final FaultPlan plan : List.of(FaultPlan.crashRestart(), FaultPlan.isolateLeader()))
            {
                changes += runRandom(plan, config(), base + i).leaderChangesUnderContention();
            }
        }
        System.out.printf("lock service: %d leader changes with a lock held and waiters queued in 6 runs%n", changes);
        assertTrue(changes > 0, "no leader change happened while a lock was held with waiters queued (seeds from " +
            base + ")");
    }

    private PausedHolderClientModel pausedHolder(final FaultPlan plan, final long seed)
    {
        final PausedHolderClientModel clients = new PausedHolderClientModel(LEASE_NS, CONFIG.lockDelayNs());
        final LockWorkload<S> lock = new LockWorkload<>(stateMachines(), digest(), CONFIG,
            new LockClientModel(LEASE_NS, CONFIG.lockDelayNs(), 1));
        final Workload<S> workload = new Workload<>(lock.workload().stateMachines(), digest(), clients);
        run(lock, workload, config().withClients(2).withPhases(2_500_000_000L, 500_000_000L), plan, seed);
        return clients;
    }

    /**
     * The paused holder (Kleppmann's fencing example): a client acquires and writes, stops past its
     * lease and the lock-delay, another client acquires and writes with a newer token, and the first
     * wakes and writes with its old token: the fenced resource must reject that write.
     */
    @Test
    public void shouldRejectThePausedHoldersWriteWithItsOldToken()
    {
        for (final FaultPlan plan : List.of(FaultPlan.none(), FaultPlan.delay(), FaultPlan.crashRestart()))
        {
            checkPausedHolder(plan, SoakScale.seedBase() + SEED_OFFSET + 3000);
        }
    }

    /**
     * One seed of the paused holder: a named regression test replays a seed that once failed.
     *
     * @param plan the faults.
     * @param seed the seed.
     */
    protected void checkPausedHolder(final FaultPlan plan, final long seed)
    {
        final PausedHolderClientModel clients = pausedHolder(plan, seed);
        final long[] tokens = clients.tokens();
        final String where = " (plan " + plan.name() + ", seed " + seed + ")";
        assertTrue(tokens[0] > 0 && tokens[1] > tokens[0], "tokens " + tokens[0] + " then " + tokens[1] + where);
        assertEquals(LockResult.OK, clients.secondWriteStatus(), "the second holder's write" + where);
        assertEquals(LockResult.name(LockResult.STALE_TOKEN), LockResult.name(clients.staleWriteStatus()),
            "the woken holder's write with its old token" + where);
    }
}
