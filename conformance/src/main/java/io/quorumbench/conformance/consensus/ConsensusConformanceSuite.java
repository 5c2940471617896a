package io.quorumbench.conformance.consensus;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.conformance.sim.FaultPlan;
import io.quorumbench.conformance.sim.Simulation;
import io.quorumbench.conformance.sim.SimulationConfig;
import io.quorumbench.conformance.sim.SimulationFailure;
import io.quorumbench.conformance.sim.SimulationResult;
import io.quorumbench.conformance.soak.SoakScale;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conformance suite every replicated-log implementation's tests extend (JCTools'
 * {@code QueueSanityTest} pattern): subclass it, return the implementation's
 * {@link ProtocolNodeFactory} from {@link #factory()}, and every check here runs against it.
 *
 * <p>What it runs, all through the {@link ProtocolNode} SPI and the deterministic
 * {@link Simulation}:
 * <ul>
 *   <li>a fault-free run (one leader elected, commands committed and applied);</li>
 *   <li>{@link #seedsPerPlan()} seeds of every {@link FaultPlan#standardPlans() standard plan}
 *       (drop, duplicate, reorder, delay, corrupt/truncate, partitions, isolated leader, one-way
 *       links, swizzle-clog, crash/restart, chaos), split elections with voters crashed right after
 *       they adopt a new term ({@link FaultPlan#voteCrash()}), power loss with fsync {@code BATCH}
 *       (nothing acknowledged may be lost) and {@code NONE} (only liveness is required), and
 *       five-node clusters; each seed is a dynamic test named {@code "<plan> seed <n>"} and checks every
 *       invariant after every event, liveness after healing, convergence and linearizability;</li>
 *   <li>determinism: one seed run twice gives the identical event trace;</li>
 *   <li>bad input crafted from real frames captured off the outbox, without knowing the codec:
 *       truncated, byte-flipped, garbage, empty and oversize frames, frames of another cluster and
 *       frames from an unknown node are each counted in {@link ProtocolNode#rejectedFrames()}, change
 *       nothing, and the cluster keeps committing;</li>
 *   <li>a {@code slow}-tagged soak with {@link #soakSeedsPerPlan()} seeds per plan (run in full by
 *       {@code scripts/soak}, as a two-seed slice by the default build).</li>
 * </ul>
 *
 * <p><b>Frames must carry an integrity check</b> (a CRC): the corrupt plan changes arbitrary bytes,
 * and the bad-input tests require every single-byte change and every truncation to be rejected.
 *
 * <p><b>Fresh seeds on every run</b>: the seeded runs are {@code base + i}, with a base seed
 * drawn afresh for every test JVM ({@link SoakScale#seedBase()}, printed as {@code seeded suites:
 * base seed N}), so every build runs seeds no build ran before; {@code -Dqb.seed.base=N} reruns
 * exactly the seeds of the run that printed {@code N}. The default build runs
 * {@link #seedsPerPlan()} = {@value #DEFAULT_SEEDS_PER_PLAN} seeds per standard plan, over 1,000
 * seeded runs in all.
 *
 * <p><b>Replaying a failure</b>: a failure message names the seed and plan and prints the command
 * that reruns only that seed (of that plan): {@code mvn -B -ntp -pl <module> -am test
 * -Dtest=<YourSubclass> -Dqb.seed=<seed> -Dqb.plan=<plan> -Dsurefire.failIfNoSpecifiedTests=false}.
 * {@code -Dqb.seeds=N} changes the number of seeds per plan of the default run.
 *
 * <p><b>Keeping a failing seed as a regression test</b> (etcd's scenario transcripts, in code):
 * <pre>{@code
 * @Test
 * void shouldNotLoseCommittedEntryWhenLeaderCrashesMidAppend()   // chaos seed 4711, fixed in abc123
 * {
 *     Simulation.run(new MyRaftFactory(), ConsensusConformanceSuite.defaultConfig(), FaultPlan.chaos(), 4711);
 * }
 * }</pre>
 * The run is deterministic, so the test replays exactly the failing schedule (use the same
 * configuration the failing run had: {@link #defaultConfig()}, with {@code withNodes(5)} or
 * {@code withFsyncPolicy(...)} where the test name says so).
 */
public abstract class ConsensusConformanceSuite
{
    /** System property: run only this seed. */
    public static final String SEED_PROP_NAME = "qb.seed";
    /** System property: run only the plan of this name (with {@link #SEED_PROP_NAME} or all seeds). */
    public static final String PLAN_PROP_NAME = "qb.plan";
    /** System property: seeds per plan in the default build. */
    public static final String SEEDS_PROP_NAME = "qb.seeds";
    /**
     * Seeds per standard plan in the default build: 12 plans x 70, vote-crash 70, power loss 2 x 35,
     * five nodes 2 x 17, so 1,014 seeded runs; fewer and a build finds too little new.
     */
    public static final int DEFAULT_SEEDS_PER_PLAN = 70;
    /** Seed offset of the soak from the base, so the soak's seeds are not the default build's. */
    public static final long SOAK_SEED_OFFSET = 1_000_000L;
    /** System property: seeds per plan in the slow soak (the one {@link SoakScale} reads for every slow test). */
    public static final String SOAK_SEEDS_PROP_NAME = SoakScale.SEEDS_PROP_NAME;

    /** Wall-clock bound of one seeded run (a run is bounded in virtual time; this catches a node that spins). */
    public static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);

    private static final long FAULT_PHASE_NS = 1_500_000_000L;
    private static final long TAIL_NS = 500_000_000L;

    /**
     * The implementation under test.
     *
     * @return a factory of its nodes.
     */
    protected abstract ProtocolNodeFactory factory();

    /**
     * The run shape; override to adapt timing to the implementation (keep the defaults if you can,
     * so implementations are checked alike).
     *
     * @return the simulation configuration for three-node runs.
     */
    protected SimulationConfig config()
    {
        return defaultConfig();
    }

    /**
     * The three-node configuration the suite uses unless {@link #config()} is overridden: the
     * simulator's defaults with a 1.5 s fault phase and a 0.5 s tail.
     *
     * @return the configuration.
     */
    public static SimulationConfig defaultConfig()
    {
        return SimulationConfig.defaults().withPhases(FAULT_PHASE_NS, TAIL_NS);
    }

    /**
     * Seeds per plan in the default build.
     *
     * @return {@code -Dqb.seeds}, default {@value #DEFAULT_SEEDS_PER_PLAN}.
     * @throws IllegalArgumentException if {@code -Dqb.seeds} is not a positive integer (zero seeds would check nothing).
     */
    protected int seedsPerPlan()
    {
        return (int)SoakScale.positive(SEEDS_PROP_NAME, DEFAULT_SEEDS_PER_PLAN);
    }

    /**
     * Seeds per plan in the slow soak: 400 in the full soak ({@code scripts/soak}), 2 in the slice
     * the default build runs ({@code -Dqb.soak.slice=true}), {@code -Dqb.soak.seeds} when set.
     *
     * @return seeds per plan, at least 1.
     * @see SoakScale#seeds(int, int)
     */
    protected int soakSeedsPerPlan()
    {
        return SoakScale.seeds(400, 2);
    }

    // ---------------------------------------------------------------------------------------------
    // simulated runs

    /**
     * Without faults a leader is elected (Raft §5.2), client commands are committed and applied
     * (§5.3), and the history is linearizable.
     */
    @Test
    public void shouldElectOneLeaderAndCommitWithoutFaults()
    {
        final SimulationResult result = Simulation.run(factory(), config(), FaultPlan.none(), 1);
        // election safety is checked after every event; here: an election happened and was not repeated needlessly
        assertTrue(result.stats().termsWithLeader() >= 1, result.summary());
        assertTrue(result.stats().termsWithLeader() <= 2, "leadership changed without faults: " + result.summary());
        assertTrue(result.stats().maxCommitted() > 0, result.summary());
        assertTrue(result.stats().opsOk() > 20, result.summary());
        assertNotNull(result.linearizability());
        assertTrue(result.linearizability().isLinearizable(), result.summary());
        assertEquals(0, result.stats().opsInfo(), "no operation may time out without faults: " + result.summary());
    }

    /**
     * Every standard fault plan, {@link #seedsPerPlan()} seeds each: election safety (§5.2), log
     * matching (§5.3), leader completeness (§5.4), state machine safety (§5.4.3) after every event;
     * liveness after healing; convergence; linearizability of the clients' history.
     *
     * @return one test per plan and seed.
     */
    @TestFactory
    public List<DynamicTest> shouldStaySafeAndLiveUnderEachFaultPlan()
    {
        return runs(FaultPlan.standardPlans(), config(), seedsPerPlan(), 0);
    }

    /**
     * Power loss with fsync {@code BATCH}: crashes lose what was not forced to disk, which must
     * never include anything acknowledged, so every check of the standard plans applies.
     *
     * @return one test per seed.
     */
    @TestFactory
    public List<DynamicTest> shouldLoseNothingAcknowledgedOnPowerLossWithFsyncBatch()
    {
        return runs(List.of(FaultPlan.powerLossCrashes()), config().withFsyncPolicy(FsyncPolicy.BATCH),
            Math.max(1, seedsPerPlan() / 2), 0);
    }

    /**
     * Power loss with fsync {@code NONE}: acknowledged entries, terms and votes may be lost, so
     * safety is not required (violations are counted and reported); the nodes must still restart
     * from whatever survived without throwing, and the cluster must commit again after healing.
     *
     * @return one test per seed.
     */
    @TestFactory
    public List<DynamicTest> shouldRecoverLivenessAfterPowerLossWithFsyncNone()
    {
        return runs(List.of(FaultPlan.powerLossCrashes()), config().withFsyncPolicy(FsyncPolicy.NONE),
            Math.max(1, seedsPerPlan() / 2), 0);
    }

    /**
     * Split elections with voters crashed right after they adopt a new term (and so maybe voted),
     * restarted within milliseconds while vote requests are duplicated and delayed: one vote per
     * term must survive the restart (section 5.2, figure 2), else two leaders of one term appear.
     * A narrow election timeout range makes several candidates of one term common.
     *
     * @return one test per seed.
     */
    @TestFactory
    public List<DynamicTest> shouldVoteOncePerTermAcrossCrashesInSplitElections()
    {
        return runs(List.of(FaultPlan.voteCrash()), voteCrashConfig(config()), seedsPerPlan(), 0);
    }

    /**
     * The configuration of the vote-crash runs: election timeouts within {@code 150..160 ms}.
     *
     * @param base the suite's configuration.
     * @return the vote-crash configuration.
     */
    public static SimulationConfig voteCrashConfig(final SimulationConfig base)
    {
        return base.withElectionTimeout(150_000_000L, 160_000_000L);
    }

    /**
     * Five-node clusters under chaos and partitions: larger quorums and minorities of two.
     *
     * @return one test per seed.
     */
    @TestFactory
    public List<DynamicTest> shouldStaySafeAndLiveWithFiveNodes()
    {
        return runs(List.of(FaultPlan.chaos(), FaultPlan.partition()), config().withNodes(5),
            Math.max(1, seedsPerPlan() / 4), 0);
    }

    /**
     * The soak: many more seeds of every plan. Tagged {@code slow}; {@code scripts/soak} runs it in
     * full, the default build's {@code slow-slice} execution with {@link #soakSeedsPerPlan()} = 2.
     * The {@code @Timeout} bounds building the list; each run is bounded by {@link #RUN_TIMEOUT}.
     *
     * @return one test per plan and seed.
     */
    @TestFactory
    @Tag("slow")
    @Timeout(value = 60, unit = TimeUnit.MINUTES)
    public List<DynamicTest> soakEveryPlanWithManySeeds()
    {
        final List<FaultPlan> plans = new ArrayList<>(FaultPlan.standardPlans());
        final List<DynamicTest> tests = new ArrayList<>(runs(plans, config(), soakSeedsPerPlan(), SOAK_SEED_OFFSET));
        tests.addAll(runs(List.of(FaultPlan.powerLossCrashes()), config().withFsyncPolicy(FsyncPolicy.BATCH),
            soakSeedsPerPlan(), SOAK_SEED_OFFSET));
        tests.addAll(runs(List.of(FaultPlan.chaos()), config().withNodes(5), soakSeedsPerPlan(), SOAK_SEED_OFFSET));
        tests.addAll(runs(List.of(FaultPlan.voteCrash()), voteCrashConfig(config()), soakSeedsPerPlan(), SOAK_SEED_OFFSET));
        return tests;
    }

    /**
     * Same seed, same run: the trace of every event (times, deliveries, frame bytes, client
     * outcomes) is identical, so a failing seed replays exactly.
     */
    @Test
    public void shouldReplayASeedIdentically()
    {
        final SimulationResult first = Simulation.run(factory(), config(), FaultPlan.chaos(), 7);
        final SimulationResult second = Simulation.run(factory(), config(), FaultPlan.chaos(), 7);
        assertEquals(first.traceHash(), second.traceHash(), "the implementation is not deterministic under the simulator");
        assertEquals(first.events(), second.events());
        assertEquals(first.history().ops(), second.history().ops());
    }

    /**
     * One dynamic test per plan and seed: seeds {@code base + firstOffset ..} of {@link SoakScale#seedBase()},
     * or only {@code -Dqb.seed}; only the plan {@code -Dqb.plan} if set.
     */
    private List<DynamicTest> runs(
        final List<FaultPlan> plans, final SimulationConfig runConfig, final int seeds, final long firstOffset)
    {
        final OptionalLong onlySeed = SoakScale.onlySeed();
        final long firstSeed = onlySeed.isPresent() ? onlySeed.getAsLong() : SoakScale.seedBase() + firstOffset;
        final long lastSeed = onlySeed.isPresent() ? firstSeed : firstSeed + seeds - 1;
        final String onlyPlan = System.getProperty(PLAN_PROP_NAME);
        final List<DynamicTest> tests = new ArrayList<>();
        for (final FaultPlan plan : plans)
        {
            if (null != onlyPlan && !onlyPlan.equals(plan.name()))
            {
                continue;
            }
            for (long seed = firstSeed; seed <= lastSeed; seed++)
            {
                final long s = seed;
                final String name = plan.name() + " seed " + s + (runConfig.nodes() != 3 ? " (" + runConfig.nodes() +
                    " nodes)" : "") + " fsync " + runConfig.fsyncPolicy();
                // dynamic tests ignore @Timeout, so each run carries its own wall-clock bound
                tests.add(DynamicTest.dynamicTest(name, () -> replayable(s, plan, () -> assertTimeoutPreemptively(
                    RUN_TIMEOUT, () -> runOne(plan, runConfig, s), () -> name + " exceeded " + RUN_TIMEOUT +
                    " of wall-clock time"))));
            }
        }
        return tests;
    }

    /** Runs a seeded check; a failure carries the command that replays its seed and the run's base seed. */
    private void replayable(final long seed, final FaultPlan plan, final Executable check) throws Throwable
    {
        try
        {
            check.execute();
        }
        catch (final AssertionError | RuntimeException ex)
        {
            throw new AssertionError(ex.getMessage() + "\n  replay this seed: " + replayCommand(seed, plan) +
                "\n  replay every seed of this run: -D" + SoakScale.SEED_BASE_PROP_NAME + "=" + SoakScale.seedBase(), ex);
        }
    }

    /**
     * The command line that reruns one seed of one plan of this suite.
     *
     * @param seed the seed.
     * @param plan the plan.
     * @return the command, to paste in the project's root directory.
     */
    public String replayCommand(final long seed, final FaultPlan plan)
    {
        // surefire runs tests in the module's directory, whose name is the module's
        final Path module = Path.of(System.getProperty("user.dir")).getFileName();
        return "mvn -B -ntp -pl " + (null == module ? "<module>" : module) + " -am test -Dtest=" +
            getClass().getSimpleName() + " -D" + SEED_PROP_NAME + "=" + seed + " -D" + PLAN_PROP_NAME + "=" + plan.name() +
            " -Dsurefire.failIfNoSpecifiedTests=false";
    }

    private void runOne(final FaultPlan plan, final SimulationConfig runConfig, final long seed)
    {
        final SimulationResult result = Simulation.run(factory(), runConfig, plan, seed);
        assertTrue(result.stats().maxCommitted() > 0, "nothing committed: " + result.summary());
        final boolean safetyRequired = !(plan.powerLoss() && runConfig.fsyncPolicy() == FsyncPolicy.NONE);
        if (safetyRequired)
        {
            // Simulation.run already failed on a violation; this guards against the check being skipped
            assertNotNull(result.linearizability(), result.summary());
            assertTrue(result.linearizability().isLinearizable(), result.summary());
            assertEquals(0, result.relaxedViolations(), result.summary());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // bad input, crafted from real frames

    /** A frame seen on the wire. */
    private record Captured(int from, int to, byte[] frame, String note)
    {
        Captured(final int from, final int to, final byte[] frame)
        {
            this(from, to, frame, "");
        }

        Captured mutated(final byte[] mutated, final String how)
        {
            return new Captured(from, to, mutated, how + " of a " + frame.length + "-byte frame");
        }
    }

    /** A healthy cluster under load, with frames captured. */
    private final class Harness implements AutoCloseable
    {
        final Simulation sim;
        final List<Captured> frames = new ArrayList<>();

        Harness(final SimulationConfig runConfig, final long seed)
        {
            sim = new Simulation(factory(), runConfig, FaultPlan.none(), seed);
            sim.frameTap((from, to, frame) ->
            {
                if (frames.size() < 2_000)
                {
                    frames.add(new Captured(from, to, frame));
                }
            });
            sim.startClients(3);
            if (!sim.runUntil(() -> sim.opsOk() >= 30 && frames.size() >= 200, 20_000_000_000L))
            {
                throw sim.failure(new AssertionError("no progress without faults: ok=" + sim.opsOk()));
            }
            sim.frameTap(null);
        }

        /** Distinct captured frames, longest first among a sample, so several message types appear. */
        List<Captured> sample(final int count, final SplittableRandom random)
        {
            final List<Captured> sample = new ArrayList<>();
            for (int i = 0; i < count; i++)
            {
                sample.add(frames.get(random.nextInt(frames.size())));
            }
            // always include the longest frame seen (an append with entries) and the first (an election)
            sample.add(frames.get(0));
            sample.add(frames.stream().max((a, b) -> Integer.compare(a.frame.length, b.frame.length)).orElseThrow());
            return sample;
        }

        /**
         * Inject each frame into the node it was addressed to, as coming from {@code fromOverride}
         * applied to its real sender, and require that each one is rejected and changes nothing.
         */
        void injectRejected(final String what, final List<Captured> bad, final Function<Captured, Integer> from)
        {
            for (final Captured c : bad)
            {
                final ProtocolNode node = sim.node(c.to);
                final long rejectedBefore = node.rejectedFrames();
                final long term = node.term();
                final Role role = node.role();
                final long commit = node.commitIndex();
                final long last = node.lastLogIndex();
                sim.inject(c.to, from.apply(c), c.frame);
                if (node.rejectedFrames() != rejectedBefore + 1)
                {
                    throw sim.failure(new AssertionError(what + " frame of " + c.frame.length + " bytes (from " + c.from +
                        " to " + c.to + ", " + c.note + ", first bytes " + head(c.frame) + ") was not counted in rejectedFrames(): " +
                        rejectedBefore + " -> " + node.rejectedFrames()));
                }
                if (node.term() != term || node.role() != role || node.commitIndex() != commit || node.lastLogIndex() != last)
                {
                    throw sim.failure(new AssertionError(what + " frame changed node " + c.to + "'s state: term " + term +
                        "->" + node.term() + ", role " + role + "->" + node.role() + ", commit " + commit + "->" +
                        node.commitIndex() + ", last " + last + "->" + node.lastLogIndex()));
                }
            }
        }

        /** The cluster still commits client commands and every invariant holds. */
        void assertStillWorking()
        {
            final long before = sim.opsOk();
            if (!sim.runUntil(() -> sim.opsOk() >= before + 30, sim.nowNs() + 10_000_000_000L))
            {
                throw sim.failure(new AssertionError("cluster stopped committing after bad input: ok " + before + " -> " +
                    sim.opsOk()));
            }
            sim.checker().checkAll();
        }

        @Override
        public void close()
        {
            sim.close();
        }
    }

    private static String head(final byte[] frame)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(12, frame.length); i++)
        {
            sb.append(String.format("%02x", frame[i] & 0xFF));
        }
        return sb.toString();
    }

    /** Every proper prefix of real frames (empty included) is rejected and counted. */
    @Test
    public void shouldRejectTruncatedFramesAndKeepWorking()
    {
        try (Harness h = new Harness(config(), 11))
        {
            final SplittableRandom random = new SplittableRandom(11);
            final List<Captured> bad = new ArrayList<>();
            for (final Captured c : h.sample(20, random))
            {
                final int step = Math.max(1, c.frame.length / 48);
                for (int length = 0; length < c.frame.length; length += step)
                {
                    bad.add(c.mutated(Arrays.copyOf(c.frame, length), "truncated to " + length + " bytes"));
                }
                bad.add(c.mutated(Arrays.copyOf(c.frame, c.frame.length - 1), "last byte cut"));
            }
            h.injectRejected("truncated", bad, Captured::from);
            h.assertStillWorking();
        }
    }

    /** A real frame with any one byte changed is rejected and counted: frames need an integrity check. */
    @Test
    public void shouldRejectFramesWithAFlippedByteAndKeepWorking()
    {
        try (Harness h = new Harness(config(), 12))
        {
            final SplittableRandom random = new SplittableRandom(12);
            final List<Captured> bad = new ArrayList<>();
            for (final Captured c : h.sample(40, random))
            {
                for (int i = 0; i < 8; i++)
                {
                    final byte[] flipped = c.frame.clone();
                    final int position = random.nextInt(flipped.length);
                    final int mask = 1 + random.nextInt(255);
                    flipped[position] ^= (byte)mask;
                    bad.add(c.mutated(flipped, "byte " + position + " xor 0x" + Integer.toHexString(mask)));
                }
                // every position of the first 32 bytes, where headers keep lengths, ids and types
                for (int position = 0; position < Math.min(32, c.frame.length); position++)
                {
                    final byte[] flipped = c.frame.clone();
                    flipped[position] ^= (byte)0x80;
                    bad.add(c.mutated(flipped, "byte " + position + " xor 0x80"));
                }
            }
            h.injectRejected("byte-flipped", bad, Captured::from);
            h.assertStillWorking();
        }
    }

    /** Frames with absurd lengths (empty, one byte, 4 MiB with a real header, a real frame with junk appended). */
    @Test
    public void shouldRejectAbsurdLengthFramesAndKeepWorking()
    {
        try (Harness h = new Harness(config(), 13))
        {
            final SplittableRandom random = new SplittableRandom(13);
            final List<Captured> bad = new ArrayList<>();
            final Captured real = h.frames.get(h.frames.size() - 1);
            bad.add(new Captured(real.from, real.to, new byte[0]));
            bad.add(new Captured(real.from, real.to, new byte[]{ real.frame[0] }));
            final byte[] huge = new byte[4 << 20];
            for (int i = real.frame.length; i < huge.length; i += 4096)
            {
                huge[i] = (byte)random.nextInt(256);
            }
            System.arraycopy(real.frame, 0, huge, 0, real.frame.length);
            bad.add(real.mutated(huge, "4 MiB frame with a real header"));
            for (final Captured c : h.sample(10, random))
            {
                final byte[] longer = Arrays.copyOf(c.frame, c.frame.length + 1 + random.nextInt(4096));
                for (int i = c.frame.length; i < longer.length; i++)
                {
                    longer[i] = (byte)random.nextInt(256);
                }
                bad.add(c.mutated(longer, (longer.length - c.frame.length) + " junk bytes appended"));
            }
            h.injectRejected("absurd-length", bad, Captured::from);
            h.assertStillWorking();
        }
    }

    /** Real frames delivered as if from a node id that is not a member. */
    @Test
    public void shouldRejectFramesFromUnknownNodesAndKeepWorking()
    {
        try (Harness h = new Harness(config(), 14))
        {
            final List<Captured> bad = h.sample(30, new SplittableRandom(14));
            h.injectRejected("unknown-sender", bad, c -> 99);
            h.injectRejected("negative-sender", bad, c -> NodeConfig.NO_NODE);
            h.assertStillWorking();
        }
    }

    /** Real frames of a second cluster with another cluster id, same member ids. */
    @Test
    public void shouldRejectFramesOfAnotherClusterAndKeepWorking()
    {
        try (Harness h = new Harness(config(), 15);
            Harness foreign = new Harness(config().withClusterId(config().clusterId() + 1000), 16))
        {
            final List<Captured> bad = foreign.sample(60, new SplittableRandom(15));
            h.injectRejected("foreign-cluster", bad, Captured::from);
            h.assertStillWorking();
        }
    }

    /** Random garbage and frames with many random bytes changed: never a crash, (almost) all counted. */
    @Test
    public void shouldSurviveGarbageFrames()
    {
        try (Harness h = new Harness(config(), 17))
        {
            final SplittableRandom random = new SplittableRandom(17);
            final int[] ids = h.sim.nodeIds();
            int injected = 0;
            long rejectedBefore = 0;
            for (final int id : ids)
            {
                rejectedBefore += h.sim.node(id).rejectedFrames();
            }
            for (final Captured c : h.sample(100, random))
            {
                final byte[] mangled = c.frame.clone();
                final int changes = 1 + random.nextInt(Math.max(1, mangled.length / 4));
                for (int i = 0; i < changes; i++)
                {
                    mangled[random.nextInt(mangled.length)] = (byte)random.nextInt(256);
                }
                h.sim.inject(c.to, c.from, mangled);
                final byte[] garbage = new byte[random.nextInt(256)];
                for (int i = 0; i < garbage.length; i++)
                {
                    garbage[i] = (byte)random.nextInt(256);
                }
                h.sim.inject(ids[random.nextInt(ids.length)], ids[random.nextInt(ids.length)], garbage);
                injected += 2;
            }
            long rejectedAfter = 0;
            for (final int id : ids)
            {
                rejectedAfter += h.sim.node(id).rejectedFrames();
            }
            // an unchanged frame (a change to the same value) is legitimately accepted
            assertTrue(rejectedAfter - rejectedBefore >= injected * 9 / 10,
                "only " + (rejectedAfter - rejectedBefore) + " of " + injected + " garbage frames were counted");
            h.assertStillWorking();
        }
    }

    /** A failing seed's message must say how to replay it; checked on a run that cannot fail. */
    @Test
    public void shouldNameSeedAndPlanInFailures()
    {
        try (Simulation sim = new Simulation(factory(), config(), FaultPlan.drop(), 123))
        {
            final SimulationFailure failure = sim.failure(new AssertionError("example"));
            assertEquals(123, failure.seed());
            assertTrue(failure.getMessage().contains("-Dqb.seed=123 -Dqb.plan=drop"), failure.getMessage());
            assertTrue(failure.getMessage().contains(FaultPlan.drop().describe()), failure.getMessage());
        }
        final String command = replayCommand(123, FaultPlan.drop());
        assertTrue(command.contains(" -Dtest=" + getClass().getSimpleName() + " -Dqb.seed=123 -Dqb.plan=drop "), command);
    }
}
