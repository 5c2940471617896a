package io.quorumbench.loadgen;

import io.quorumbench.analysis.report.LoadTargets;
import io.quorumbench.analysis.report.RecordedRun;
import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.fault.FaultAction;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.api.results.RunContext;
import io.quorumbench.api.runtime.HostNoise;
import io.quorumbench.cluster.ClusterRunner;
import io.quorumbench.cluster.NetNamespaces;
import io.quorumbench.loadgen.engine.Arrivals;
import io.quorumbench.loadgen.engine.LoadRun;
import io.quorumbench.loadgen.engine.RateSweep;
import io.quorumbench.loadgen.engine.RunConfig;
import io.quorumbench.loadgen.engine.RunResult;
import io.quorumbench.loadgen.engine.SummaryWriter;
import io.quorumbench.loadgen.fault.FaultSchedule;
import io.quorumbench.loadgen.target.DelayTarget;
import io.quorumbench.loadgen.target.EmbeddedClusterTarget;
import io.quorumbench.loadgen.target.LoadTarget;
import io.quorumbench.loadgen.target.NoopTarget;
import io.quorumbench.loadgen.target.RunningClusterTarget;
import io.quorumbench.loadgen.target.SpawnedClusterTarget;
import io.quorumbench.loadgen.target.TargetFactory;
import io.quorumbench.loadgen.workload.CheckBudgets;
import io.quorumbench.loadgen.workload.KeyDistribution;
import io.quorumbench.loadgen.workload.Workload;
import io.quorumbench.loadgen.workload.kv.ConformanceHistoryChecker;
import io.quorumbench.loadgen.workload.kv.KvWorkload;
import io.quorumbench.loadgen.workload.kv.SkippedHistoryChecker;
import io.quorumbench.loadgen.workload.lock.LockEventLog;
import io.quorumbench.loadgen.workload.lock.LockLoadConfig;
import io.quorumbench.loadgen.workload.lock.LockLoadRun;
import io.quorumbench.loadgen.workload.lock.LockOptions;
import io.quorumbench.loadgen.workload.lock.LockRunResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code scripts/loadgen}: the open-loop load generator's command line. Exit codes: 0 the run (or
 * every run of a sweep) passed, 1 a run failed (behind schedule, not linearizable, lost
 * acknowledged writes, or an error), 2 bad usage, 3 inconclusive: a check that was asked for did
 * not decide (the checker gave up, an empty history, a read-back cut short) and nothing failed.
 * A sweep exits 1 if any rate failed a check, else 3 if any rate's checks did not decide, else 0;
 * a rate that falls behind its schedule ends the sweep without failing it.
 *
 * <p><b>Threading</b>: {@link #call()} runs on the main thread; a shutdown hook aborts the run on
 * Ctrl-C and waits for the main thread to stop every sender and close the target.
 */
@Command(
    name = "loadgen",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
        "Open-loop load generator: sends requests at their scheduled times (constant or Poisson), " +
        "records latency from the intended send time (corrected) and from the actual send time (raw) " +
        "in HdrHistogram interval logs, and checks the run: on schedule, history linearizable, " +
        "acknowledged writes read back.",
        "",
        "Writes <out>/latency.hlog, corrected.hgrm, raw.hgrm, summary.json, context.json, targets.json " +
        "(sweeps: <out>/sweep.json, targets.json and one sub-directory per rate).",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the run passed: on schedule, and every check that applies decided and held (a sweep: no rate failed " +
            "or left a check undecided; falling behind at the top ends a sweep, it does not fail it)",
        "1:a run failed (behind schedule, not linearizable, lost acknowledged writes, stopped) or errored",
        "2:invalid arguments",
        "3:inconclusive: a check that was asked for did not decide (the checker gave up, an empty history, a " +
            "read-back cut short) and nothing failed; --no-history-check is the only way to run without the check"},
    footer = {
        "",
        "Examples:",
        "  scripts/loadgen --target noop --rate 1000000 --duration 10s --warmup 2s",
        "  scripts/loadgen --protocol raft --impl lockfree --rate 20000 --senders 2 --duration 20s --key-dist zipfian",
        "  scripts/loadgen --impl baseline --rate 5000 --client-threads 32 --fsync batch",
        "  scripts/loadgen --impl lockfree --rate 10000 --duration 15s --kill-leader-at 8s",
        "  scripts/loadgen --impl baseline --rate 5000 --duration 20s --faults 4s:kill-leader,7s:restart:killed,12s:partition:leader,15s:heal",
        "  scripts/loadgen --impl lockfree --cluster target/cluster/lockfree/cluster.properties --rate 10000",
        "  scripts/loadgen --impl lockfree --spawn-cluster --netns --rate 2000 --duration 10s --faults 3s:partition:leader,6s:heal",
        "  scripts/loadgen --target noop --sweep 250000:2000000:x2 --duration 5s --warmup 1s",
        "  scripts/loadgen --list-impls"})
public final class LoadGenCommand implements Callable<Integer>
{
    /** How long the host-noise probe before each run keeps the cores busy, ns. */
    static final long HOST_NOISE_PROBE_NS = 500_000_000L;

    /** Exit code: passed. */
    public static final int EXIT_OK = 0;
    /** Exit code: a run failed its checks. */
    public static final int EXIT_FAILED = 1;
    /** Exit code: bad usage. */
    public static final int EXIT_USAGE = 2;
    /** Exit code: a check that was asked for did not decide, and nothing failed. */
    public static final int EXIT_INCONCLUSIVE = 3;

    /** The verdict's reason when the history check is opted out. */
    static final String HISTORY_SKIPPED = "history check skipped by --no-history-check";
    /** The implementation option {@code --agent-idle} sets. */
    static final String AGENT_IDLE_OPTION = "agentIdle";
    /** The implementation option {@code --cluster-on-sender} sets. */
    static final String CLUSTER_ON_SENDER_OPTION = "clusterOnSender";
    /**
     * The implementation option the KV workload sets to {@code --value-size} where an implementation
     * declares it: its state machine then holds such values, and its answer buffers are sized for them.
     */
    static final String MAX_VALUE_LENGTH_OPTION = "maxValueLength";

    @Spec
    private CommandSpec spec;

    /** Largest lock command the lock workload sends (header, lock name and key, one-byte value), bytes. */
    private static final int LOCK_COMMAND_LENGTH = 256;

    @Option(names = "--protocol", paramLabel = "PROTOCOL", defaultValue = "raft",
        description = "Protocol of the system under test, from the registry (--list-impls). Default: ${DEFAULT-VALUE}.")
    private String protocol;

    @Option(names = "--impl", paramLabel = "IMPL",
        description = "Implementation of --protocol to drive, from the registry (--list-impls), e.g. baseline or " +
            "lockfree: embedded in this process (Implementation.launch), its member processes (--spawn-cluster), or a " +
            "running cluster (--cluster FILE), always through the implementation's own client. Required unless " +
            "--target noop or delay.")
    private String impl;

    @Option(names = "--target", paramLabel = "NAME",
        description = "A target that measures the generator instead of a system: noop (completes at once) or delay " +
            "(completes after --delay, applying commands to a KV store so the checks run). --target IMPL (baseline, " +
            "lockfree) is a deprecated alias of --protocol raft --impl IMPL.")
    private String target;

    @Option(names = "--delay", paramLabel = "TIME", defaultValue = "100us", converter = DurationConverter.class,
        description = "--target delay: time from send to completion. Default: ${DEFAULT-VALUE}.")
    private long delayNs;

    @Option(names = "--list-impls",
        description = "List the registry's protocol x implementation pairs and the options each accepts, then exit.")
    private boolean listImpls;

    @Option(names = "--option", paramLabel = "KEY=VALUE",
        description = "An option of the chosen implementation (ClusterContext.option; --list-impls shows each " +
            "implementation's); repeatable. An option it does not declare is a usage error.")
    private List<String> implOptionSpecs;

    @Option(names = "--cluster", paramLabel = "FILE",
        description = "Drive the running cluster this cluster file describes instead of an embedded one: members " +
            "started by scripts/cluster start, or by scripts/cluster start-node on any hosts the file names " +
            "(cluster/README.md), through --impl's client (Implementation.connect). No member reachable in time: a " +
            "message naming the endpoints, exit 1.")
    private Path cluster;

    @Option(names = "--spawn-cluster",
        description = "Start the cluster as member processes of --impl (ClusterRunner: free loopback ports, temporary " +
            "work directory), drive it through the implementation's client over the network, stop every process at " +
            "the end, also on Ctrl-C. The members' configuration takes --fsync. Faults become process faults: kill -9, " +
            "SIGSTOP/SIGCONT, restart; partition/heal need --netns.")
    private boolean spawnCluster;

    @Option(names = "--netns",
        description = "With --spawn-cluster: run each node in its own network namespace (node N at 10.77.k.N, this " +
            "process at 10.77.k.254 on a bridge), so partition/heal cut and restore real links: blackhole routes on both " +
            "ends of every link between the cut nodes and the rest; this client still reaches every node. Needs root and " +
            "iproute2; namespaces are removed at the end, also on Ctrl-C, and stale ones of dead runs at the start.")
    private boolean netns;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3",
        description = "Members of an embedded or spawned cluster (1..7, odd). Default: ${DEFAULT-VALUE}.")
    private int nodes;

    @Option(names = "--fsync", paramLabel = "POLICY", defaultValue = "none",
        description = "Log fsync policy: none, batch or always. Default: ${DEFAULT-VALUE}.")
    private String fsync;

    @Option(names = "--agent-idle", paramLabel = "IDLE",
        description = "Implementations with option " + AGENT_IDLE_OPTION + " (lockfree): idle strategy of the embedded " +
            "cluster's agent thread, or of each member process of --spawn-cluster: yield (lowest latency; takes a core " +
            "while idle, cedes it to runnable threads) or backoff (spins, yields, then parks: saves CPU, adds wake-up " +
            "latency). Default: yield.")
    private String agentIdle;

    @Option(names = "--cluster-on-sender",
        description = "Implementations with option " + CLUSTER_ON_SENDER_OPTION + " (lockfree), embedded cluster, one " +
            "sender: run the cluster's duty cycle on the sender thread (in each poll for answers) while its agent " +
            "thread stands by. One busy thread instead of two, so on a 2-core machine the JIT, GC and kernel use the " +
            "other core instead of slices of a busy one: lower tail latency at moderate rates, lower peak throughput.")
    private boolean clusterOnSender;

    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "Embedded clusters: directory under which the nodes' data goes (a fresh subdirectory, deleted " +
            "at the end). Default: java.io.tmpdir. The summary names its file system: on ext4 first writes to fresh " +
            "pages of a memory-mapped log can stall for milliseconds; /dev/shm (tmpfs) avoids that with --fsync none.")
    private Path dataDir;

    @Option(names = "--client-threads", paramLabel = "N", defaultValue = "16",
        description = "Clients that block per request (baseline): worker threads per sender (its concurrency). " +
            "Default: ${DEFAULT-VALUE}.")
    private int clientThreads;

    @Option(names = "--rate", paramLabel = "OPS", defaultValue = "10000",
        description = "Offered rate over all senders, requests/s. Default: ${DEFAULT-VALUE}.")
    private double rate;

    @Option(names = "--arrivals", paramLabel = "KIND", defaultValue = "constant",
        description = "constant or poisson. Default: ${DEFAULT-VALUE}.")
    private String arrivals;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
        description = "Run length including warm-up, e.g. 30s, 500ms, 2m. Default: ${DEFAULT-VALUE}.")
    private long durationNs;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "2s", converter = DurationConverter.class,
        description = "Leading time whose requests are sent but not measured; its rate ramps linearly from " +
            "zero over its first half, so a cold JVM's backlog stays out of the measured window. " +
            "Default: ${DEFAULT-VALUE}.")
    private long warmupNs;

    @Option(names = "--senders", paramLabel = "N", defaultValue = "1",
        description = "Sender threads (client sessions) sharing the rate, 1..64. Default: ${DEFAULT-VALUE}.")
    private int senders;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "65536",
        description = "Outstanding requests per sender before it must wait (and fall behind). Default: ${DEFAULT-VALUE}.")
    private int maxInFlight;

    @Option(names = "--timeout", paramLabel = "TIME", defaultValue = "5s", converter = DurationConverter.class,
        description = "A request unanswered this long after its send is a timeout. Default: ${DEFAULT-VALUE}.")
    private long timeoutNs;

    @Option(names = "--workload", paramLabel = "NAME", defaultValue = "kv",
        description = "Workload: kv, or lock (the lock service: sessions, acquire, fenced write, release; see " +
            "--lock-*). Default: ${DEFAULT-VALUE}.")
    private String workload;

    @CommandLine.Mixin
    private LockOptions lockOptions = new LockOptions();

    /** The application the cluster runs: KV, or the lock service for --workload lock. */
    private StateMachineKind stateMachineKind = StateMachineKind.KV;
    /** The lock workload's judge, handed to an embedded cluster's state machines; null for KV. */
    private LockEventLog lockEvents;

    @Option(names = "--read-ratio", paramLabel = "F", defaultValue = "0.5",
        description = "Fraction of GETs. Default: ${DEFAULT-VALUE}.")
    private double readRatio;

    @Option(names = "--cas-ratio", paramLabel = "F", defaultValue = "0.1",
        description = "Fraction of CAS; the rest are PUTs. Default: ${DEFAULT-VALUE}.")
    private double casRatio;

    @Option(names = "--keys", paramLabel = "N", defaultValue = "10000",
        description = "Number of keys, 1.." + KvWorkload.MAX_KEYS + ". Default: ${DEFAULT-VALUE}.")
    private int keys;

    @Option(names = "--key-dist", paramLabel = "KIND", defaultValue = "uniform",
        description = "uniform or zipfian. Default: ${DEFAULT-VALUE}.")
    private String keyDist;

    @Option(names = "--zipf-theta", paramLabel = "F", defaultValue = "0.99",
        description = "Zipfian skew in (0, 1). Default: ${DEFAULT-VALUE}.")
    private double zipfTheta;

    @Option(names = "--value-size", paramLabel = "BYTES", defaultValue = "64",
        description = "Value size, >= " + KvWorkload.MIN_VALUE_SIZE + ". Default: ${DEFAULT-VALUE}.")
    private int valueSize;

    @Option(names = "--history-keys", paramLabel = "N", defaultValue = "256",
        description = "Keys whose operations are recorded for the linearizability check, spread evenly over the " +
            "key space. 0 records nothing: the check then has nothing to decide and the run is INCONCLUSIVE " +
            "(--no-history-check runs without it). Default: ${DEFAULT-VALUE}.")
    private int historyKeys;

    @Option(names = "--history-ops", paramLabel = "N", defaultValue = "200000",
        description = "Most history entries per sender, from the start of the run (0: an empty history, " +
            "INCONCLUSIVE). Default: ${DEFAULT-VALUE}.")
    private int historyOps;

    @Option(names = "--no-history-check",
        description = "Run without the linearizability check: no history is recorded, the verdict says \"history " +
            "check skipped by --no-history-check\" and the context records it. The only way to run without the " +
            "check: an empty history (--history-keys 0, --history-ops 0) is INCONCLUSIVE, never linearizable.")
    private boolean noHistoryCheck;

    @Option(names = "--read-back-budget", paramLabel = "TIME", converter = DurationConverter.class,
        defaultValue = "60s",
        description = "How long the read-back of acknowledged writes may take after the run (and the read of " +
            "the history keys before it); cut short, it is INCONCLUSIVE. Default: ${DEFAULT-VALUE}.")
    private long readBackBudgetNs;

    @Option(names = "--check-budget", paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "120s",
        description = "How long the linearizability checker may search, on its own clock (it starts when the " +
            "read-back ends); a checker that gives up is INCONCLUSIVE, never a pass. It bounds the search; keys the " +
            "unique-value fast path decides (polynomial, usually all of them) are decided whatever the budget, so " +
            "the time spent may exceed it. Default: ${DEFAULT-VALUE}.")
    private long checkBudgetNs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
        description = "Seed of arrivals, keys and op choices. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--kill-leader-at", paramLabel = "TIME", converter = DurationConverter.class,
        description = "Crash the cluster's leader this long after the start: short for --faults TIME:kill-leader.")
    private Long killLeaderAtNs;

    @Option(names = "--faults", paramLabel = "SCHEDULE",
        description = "Faults during the run, comma-separated TIME:ACTION[:NODES], e.g. " +
            "\"4s:kill-leader,7s:restart:2,9s:pause:1,10s:resume:1,12s:partition:3,15s:heal\". Actions: kill-leader, " +
            "kill, restart, pause, resume, partition (a minority: 1+2), heal; NODES a node id or 'leader'. " +
            "Embedded: kill = crash, pause = all peer links cut (no freeze: nodes share threads). --spawn-cluster: " +
            "kill -9, SIGSTOP/SIGCONT, restart, and with --netns partition/heal. " +
            "summary.json gets the per-second timeline and each fault's unavailability window.")
    private String faultSpec;

    @Option(names = "--faults-file", paramLabel = "FILE",
        description = "The fault schedule from a file: one TIME:ACTION[:NODES] per line, # comments.")
    private Path faultsFile;

    @Option(names = "--sweep", paramLabel = "SPEC",
        description = "Rate sweep instead of one run: START:END:STEP (linear) or START:END:xFACTOR " +
            "(geometric). Stops after the first rate that cannot hold its schedule.")
    private String sweep;

    @Option(names = "--slo-p99", paramLabel = "TIME", defaultValue = "1ms", converter = DurationConverter.class,
        description = "Sweep SLO: corrected p99 at most this, on schedule. Default: ${DEFAULT-VALUE}.")
    private long sloP99Ns;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Output directory. Default: results/<run-id>.")
    private Path out;

    @Option(names = "--quiet", description = "No per-second progress lines.")
    private boolean quiet;

    private final PrintStream stdout;
    private volatile LoadRun current;
    private FaultSchedule parsedFaults;
    /** The pair to drive, or null for the generator's own targets (noop, delay). */
    private Implementation implementation;
    /** The implementation options, resolved from --option, --agent-idle, --cluster-on-sender and --value-size. */
    private final Map<String, String> implOptions = new LinkedHashMap<>();

    /** A command writing to {@link System#out}. */
    public LoadGenCommand()
    {
        this(System.out);
    }

    /**
     * A command writing its report to {@code stdout}.
     *
     * @param stdout where progress and the summary go.
     */
    public LoadGenCommand(final PrintStream stdout)
    {
        this.stdout = stdout;
    }

    /**
     * Entry point.
     *
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.exit(execute(args, System.out, System.err));
    }

    /**
     * Run the command line and return its exit code (no {@code System.exit}), for tests and embedding.
     *
     * @param args command line.
     * @param out  standard output.
     * @param err  standard error.
     * @return the exit code.
     */
    public static int execute(final String[] args, final PrintStream out, final PrintStream err)
    {
        final CommandLine cli = new CommandLine(new LoadGenCommand(out));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setParameterExceptionHandler((ex, args2) ->
        {
            // always the message and the usage (picocli prints only suggestions for near-miss options)
            final java.io.PrintWriter writer = ex.getCommandLine().getErr();
            writer.println("loadgen: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, writer);
            ex.getCommandLine().usage(writer);
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            commandLine.getErr().println("loadgen: error: " + ex);
            return EXIT_FAILED;
        });
        return cli.execute(args);
    }

    /** {@inheritDoc} */
    @Override
    public Integer call()
    {
        final Registry registry = Registry.discover();
        if (listImpls)
        {
            listImplementations(registry);
            return EXIT_OK;
        }
        resolveTarget(registry);
        final Arrivals arrivalKind = parseEnum(Arrivals.class, arrivals, "--arrivals");
        final KeyDistribution distribution = parseEnum(KeyDistribution.class, keyDist, "--key-dist");
        final FsyncPolicy fsyncPolicy = parseEnum(FsyncPolicy.class, fsync, "--fsync");
        if (nodes < 1 || nodes > 7 || nodes % 2 == 0)
        {
            throw usage("--nodes must be odd, 1..7, got " + nodes);
        }
        if (clientThreads < 1 || clientThreads > 256)
        {
            throw usage("--client-threads must be in 1..256, got " + clientThreads);
        }
        if ("lock".equals(workload))
        {
            return runLock(arrivalKind, fsyncPolicy);
        }
        if (!"kv".equals(workload))
        {
            throw usage("--workload: unknown workload '" + workload + "' (available: kv, lock)");
        }
        final RunConfig config;
        final Function<Path, Workload> workloads;
        final List<Double> rates;
        final CheckBudgets budgets;
        try
        {
            config = new RunConfig(rate, arrivalKind, durationNs, warmupNs, senders, maxInFlight, timeoutNs, seed, !quiet);
            budgets = new CheckBudgets(readBackBudgetNs, checkBudgetNs);
            workloads = dir -> new KvWorkload(keys, distribution, zipfTheta, readRatio, casRatio, valueSize,
                Math.min(historyKeys, keys), historyOps, noHistoryCheck ? new SkippedHistoryChecker(HISTORY_SKIPPED) :
                new ConformanceHistoryChecker(null == dir ? null : dir.resolve("history.jsonl")));
            workloads.apply(null);
            rates = null == sweep ? List.of(rate) : RateSweep.parseRates(sweep);
            if (sloP99Ns <= 0)
            {
                throw new IllegalArgumentException("--slo-p99 must be > 0");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw usage(ex.getMessage());
        }

        final FaultSchedule faults = faultSchedule();
        final String mode = targetName();
        final Workload probe = workloads.apply(null);
        final TargetFactory targetFactory = targetFactory(fsyncPolicy, probe.maxCommandLength(), valueSize);
        final Map<String, String> settings = settings(probe);
        RunContext context = RunContext.capture(RunContext.KIND_LOADGEN, workload, mode, settings);
        if (Runtime.getRuntime().availableProcessors() < 2)
        {
            context = context.withWarning("fewer than 2 cores: sender and target share one");
        }
        final Path outDir = null == out ? Path.of("results", context.runId()) : out;

        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            final LoadRun run = current;
            if (null != run)
            {
                run.abort();
            }
            try
            {
                finished.await(15, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "qb-loadgen-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            if (null == sweep)
            {
                final RunResult result = runOnce(config, targetFactory, workloads.apply(outDir), context, outDir, budgets);
                return exitCode(result.verdict());
            }
            final Map<String, Object> compareFields = new LinkedHashMap<>();
            compareFields.put("scenario", scenario(probe, null));
            compareFields.put("impl", targetName());
            final RateSweep.Outcome outcome = new RateSweep(rates, sloP99Ns, (rateConfig, dir, ctx) ->
                runOnce(rateConfig, targetFactory, workloads.apply(dir), ctx, dir, budgets))
                .compareFields(compareFields)
                .run(config, context, outDir, stdout);
            writeTargets(outDir, "sweep.json");
            return exitCode(outcome.verdict());
        }
        finally
        {
            finished.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ex)
            {
                // already shutting down: the hook is running and waits for the latch above
            }
        }
    }

    /**
     * {@code --workload lock}: the lock service on the chosen pair, judged by its checkers, with its
     * own summary and targets (the KV engine's history, read-back and sweep do not apply).
     */
    private int runLock(final Arrivals arrivalKind, final FsyncPolicy fsyncPolicy)
    {
        if (null == implementation)
        {
            throw usage("--workload lock needs a lock service: --impl (embedded, --spawn-cluster or --cluster)");
        }
        if (null != sweep)
        {
            throw usage("--workload lock runs one rate: no --sweep");
        }
        final LockLoadConfig config;
        try
        {
            config = lockOptions.config(rate, arrivalKind, durationNs, warmupNs, senders, seed);
        }
        catch (final IllegalArgumentException ex)
        {
            throw usage(ex.getMessage());
        }
        stateMachineKind = StateMachineKind.LOCK;
        lockEvents = new LockEventLog(LockServiceConfig.LOCK_DELAY_NS_DEFAULT);
        final FaultSchedule faults = faultSchedule();
        final TargetFactory targetFactory = targetFactory(fsyncPolicy, LOCK_COMMAND_LENGTH, valueSize);
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("workload", "lock");
        settings.put("protocol", implementation.protocol().id());
        settings.put("impl", implementation.impl());
        settings.put("faults", faults.toString());
        config.toMap().forEach((k, v) -> settings.put(k, String.valueOf(v)));
        final RunContext context = RunContext.capture(RunContext.KIND_LOADGEN, "lock", targetName(), settings);
        final Path outDir = null == out ? Path.of("results", context.runId()) : out;
        final LockRunResult result;
        final LoadTarget started = targetFactory.start();
        try
        {
            result = new LockLoadRun(config, started, lockEvents, faults, stdout).execute();
        }
        catch (final IllegalArgumentException ex)
        {
            started.close();
            throw usage(ex.getMessage());
        }
        try
        {
            Files.createDirectories(outDir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create " + outDir, ex);
        }
        result.write(outDir, context.toMap());
        SummaryWriter.write(context.toMap(), outDir.resolve(RunContext.FILE_NAME));
        result.print(stdout);
        stdout.println("loadgen: results in " + outDir);
        return exitCode(result.verdict());
    }

    /**
     * The exit code of a verdict.
     *
     * @param verdict a run's or a sweep's verdict.
     * @return {@link #EXIT_OK}, {@link #EXIT_FAILED} or {@link #EXIT_INCONCLUSIVE}.
     */
    static int exitCode(final CheckVerdict verdict)
    {
        switch (verdict)
        {
            case PASS:
                return EXIT_OK;
            case INCONCLUSIVE:
                return EXIT_INCONCLUSIVE;
            default:
                return EXIT_FAILED;
        }
    }

    /**
     * Judge the load targets that apply to this scenario from the file just written, as
     * {@code scripts/targets} does for recorded runs, and list them.
     */
    private void writeTargets(final Path outDir, final String summaryFile)
    {
        final List<LoadTargets.Result> results = LoadTargets.evaluate(RecordedRun.read(outDir.resolve(summaryFile)), null);
        LoadTargets.write(results, outDir.resolve("targets.json"));
        for (final LoadTargets.Result r : results)
        {
            stdout.println("target    " + r.describe());
        }
    }

    private RunResult runOnce(
        final RunConfig config,
        final TargetFactory targetFactory,
        final Workload work,
        final RunContext baseContext,
        final Path outDir,
        final CheckBudgets budgets)
    {
        // Before the target starts, so the probe sees the machine, not our own cluster.
        final HostNoise.Probe noise = HostNoise.probe(Math.min(2, Runtime.getRuntime().availableProcessors()),
            HOST_NOISE_PROBE_NS);
        final LoadTarget started = targetFactory.start();
        final RunResult result;
        final long dataDirPeakBytes;
        final RunContext context;
        try
        {
            final Map<String, String> targetSettings = new LinkedHashMap<>();
            started.context().forEach((k, v) -> targetSettings.put(k, String.valueOf(v)));
            targetSettings.put("rate", String.valueOf(config.rate()));
            targetSettings.put("hostNoise", noise.describe());
            targetSettings.put("hostNoiseMaxStallNs", String.valueOf(noise.maxGapNs()));
            context = noise.noisy() ? baseContext.withSettings(targetSettings).withWarning(String.format(Locale.ROOT,
                "the machine stalled a busy thread for %.1f ms in a %d ms probe before the run (%s): tails of that " +
                    "size are the machine's, not the target's", noise.maxGapNs() / 1e6, HOST_NOISE_PROBE_NS / 1_000_000,
                noise.describe())) : baseContext.withSettings(targetSettings);
            final LoadRun run = new LoadRun(config, started, work, outDir, stdout).checkBudgets(budgets);
            try
            {
                run.faults(faultSchedule());
            }
            catch (final IllegalArgumentException ex)
            {
                // members and capabilities are known only once the target runs
                throw usage(ex.getMessage());
            }
            current = run;
            stdout.println("loadgen: target=" + started.name() + " workload=" + work.name() +
                String.format(Locale.ROOT, " rate=%,.0f/s", config.rate()) + " arrivals=" +
                config.arrivals().name().toLowerCase(Locale.ROOT) + " senders=" + config.senders() + " -> " + outDir);
            stdout.println("host      " + noise.describe() + (noise.noisy() ? "  (noisy: see context.json warnings)" : ""));
            result = run.execute();
            dataDirPeakBytes = started.dataDirPeakBytes();
        }
        finally
        {
            current = null;
            started.close();
        }
        final Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("summaryVersion", SummaryWriter.SUMMARY_VERSION);
        summary.put("scenario", scenario(work, config.rate()));
        summary.put("impl", started.name());
        summary.put("context", context.toMap());
        summary.putAll(result.toMap());
        if (dataDirPeakBytes >= 0)
        {
            // memory and disk must stay bounded over long runs (a log without compaction does not)
            summary.put("dataDirPeakBytes", dataDirPeakBytes);
        }
        SummaryWriter.write(summary, outDir.resolve("summary.json"));
        SummaryWriter.write(context.toMap(), outDir.resolve(RunContext.FILE_NAME));
        ResultPrinter.print(result, stdout);
        writeTargets(outDir, "summary.json");
        return result;
    }

    /**
     * The name {@code scripts/compare} matches runs by: the workload's shape, the cluster shape and
     * the offered rate (when given), never the implementation.
     */
    /**
     * The fsync policy the nodes really run with: a running cluster's own (from its file, whatever
     * --fsync says), else --fsync (embedded and spawned clusters are configured with it).
     */
    private String scenarioFsync()
    {
        if (null != cluster)
        {
            try
            {
                return ClusterConfig.load(cluster).fsyncPolicy().name().toLowerCase(Locale.ROOT);
            }
            catch (final IOException | RuntimeException ex)
            {
                return "of-" + cluster.getFileName();
            }
        }
        return fsync.toLowerCase(Locale.ROOT);
    }

    private String scenario(final Workload work, final Double offeredRate)
    {
        final StringBuilder sb = new StringBuilder(work.name());
        sb.append('-').append(keyDist.toLowerCase(Locale.ROOT)).append("-k").append(keys)
            .append("-r").append(readRatio).append("-c").append(casRatio).append("-v").append(valueSize).append('B')
            .append('-').append(arrivals.toLowerCase(Locale.ROOT)).append("-s").append(senders);
        if (null != implementation)
        {
            sb.append("-n").append(nodes).append("-fsync-").append(scenarioFsync());
        }
        if (netns)
        {
            // nodes behind veth pairs and a bridge, not loopback: not comparable with loopback runs
            sb.append("-netns");
        }
        if (null != offeredRate)
        {
            sb.append(String.format(Locale.ROOT, "-%.0fops", offeredRate));
        }
        final FaultSchedule faults = faultSchedule();
        if (!faults.isEmpty())
        {
            sb.append("-faults-").append(faults.toString().replaceAll("[^A-Za-z0-9.+]+", "_"));
        }
        return sb.toString();
    }

    private Map<String, String> settings(final Workload work)
    {
        final Map<String, String> settings = new LinkedHashMap<>();
        // target stays the implementation's name (or noop, delay): scripts/compare and the report read it
        settings.put("target", targetName());
        if (null != implementation)
        {
            settings.put("protocol", implementation.protocol().id());
            settings.put("impl", implementation.impl());
            settings.put("requestedNodes", String.valueOf(nodes));
            settings.put("requestedFsync", fsync.toLowerCase(Locale.ROOT));
            settings.put("implOptions", implOptions.entrySet().stream().map((e) -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(",")));
        }
        if (spawnCluster)
        {
            settings.put("spawnCluster", "true");
            settings.put("netns", String.valueOf(netns));
        }
        // where the nodes run: which load targets apply depends on it (report.LoadTargets)
        settings.put("topology", null == implementation ? "none" : spawnCluster ? (netns ? "processes-netns" : "processes") :
            null != cluster ? "running-cluster" : "in-process");
        settings.put("workload", work.name());
        settings.put("rate", String.valueOf(rate));
        settings.put("arrivals", arrivals.toLowerCase(Locale.ROOT));
        settings.put("durationNs", String.valueOf(durationNs));
        settings.put("warmupNs", String.valueOf(warmupNs));
        settings.put("warmupRampNs", String.valueOf(RunConfig.warmupRampNs(warmupNs)));
        settings.put("senders", String.valueOf(senders));
        settings.put("maxInFlight", String.valueOf(maxInFlight));
        settings.put("timeoutNs", String.valueOf(timeoutNs));
        settings.put("seed", String.valueOf(seed));
        work.settings().forEach((k, v) -> settings.put(k, String.valueOf(v)));
        settings.put("messageSize", String.valueOf(work.maxCommandLength()));
        // the checks asked for and their budgets: a run without the history check says so by option
        settings.put("historyCheck", noHistoryCheck ? HISTORY_SKIPPED : "on");
        settings.put("readBackBudgetNs", String.valueOf(readBackBudgetNs));
        settings.put("checkBudgetNs", String.valueOf(checkBudgetNs));
        final FaultSchedule faults = faultSchedule();
        if (!faults.isEmpty())
        {
            settings.put("faults", faults.toString());
        }
        if (null != sweep)
        {
            settings.put("sweep", sweep);
            settings.put("sloP99Ns", String.valueOf(sloP99Ns));
        }
        // Heap, GC and safepoint flags change tail latencies; a figure is only comparable with its flags.
        settings.put("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        return settings;
    }

    /** The name results record for the target: the implementation's ({@code lockfree}), or noop, delay. */
    private String targetName()
    {
        return null == implementation ? target : implementation.impl();
    }

    /**
     * Which system this run drives: the generator's own targets (--target noop|delay), or a pair of
     * the registry (--protocol, --impl; --target IMPL as a deprecated alias, said once on stderr).
     */
    private void resolveTarget(final Registry registry)
    {
        if (null != target && ("noop".equals(target) || "delay".equals(target)))
        {
            if (null != impl)
            {
                throw usage("--target " + target + " measures the generator: it takes no --impl");
            }
            return;
        }
        final Protocol chosen;
        try
        {
            chosen = Protocol.of(protocol);
        }
        catch (final IllegalArgumentException ex)
        {
            throw usage("--protocol: " + ex.getMessage());
        }
        if (null != target)
        {
            if (registry.of(chosen).stream().noneMatch((i) -> i.impl().equals(target)))
            {
                throw usage("--target: unknown target '" + target + "' (available: noop, delay; systems by --protocol " +
                    "and --impl, " + chosen.id() + ": " + registry.names(chosen) + ")");
            }
            if (null != impl && !impl.equals(target))
            {
                throw usage("--target " + target + " and --impl " + impl + " disagree (--target IMPL is the old spelling " +
                    "of --impl IMPL)");
            }
            spec.commandLine().getErr().println("loadgen: --target " + target + " is --protocol " + chosen.id() +
                " --impl " + target + " (--target " + target + " is deprecated)");
            impl = target;
        }
        if (null == impl)
        {
            throw usage("--impl is required unless --target noop or delay (" + chosen.id() + ": " +
                registry.names(chosen) + "; --list-impls)");
        }
        try
        {
            implementation = registry.get(chosen, impl);
        }
        catch (final IllegalArgumentException ex)
        {
            throw usage("--impl: " + ex.getMessage());
        }
    }

    private void listImplementations(final Registry registry)
    {
        for (final Implementation pair : registry.all())
        {
            stdout.println(pair.id() + " (" + pair.kind().name().toLowerCase(Locale.ROOT) + "): " + pair.description());
            pair.options().forEach((key, what) -> stdout.println("    --option " + key + "=...  " + what));
        }
    }

    /**
     * The implementation options of this run, checked against what the implementation declares
     * (usage errors naming the flag), before anything starts.
     */
    private void resolveImplOptions(final int maxCommandLength, final int maxValueLength)
    {
        final Map<String, String> declared = implementation.options();
        if (null != implOptionSpecs)
        {
            for (final String entry : implOptionSpecs)
            {
                final int eq = entry.indexOf('=');
                if (eq <= 0)
                {
                    throw usage("--option: expected KEY=VALUE, got '" + entry + "'");
                }
                implOptions.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
            }
        }
        if (null != agentIdle)
        {
            if (!"yield".equals(agentIdle) && !"backoff".equals(agentIdle))
            {
                throw usage("--agent-idle: expected yield or backoff, got '" + agentIdle + "'");
            }
            requireDeclared("--agent-idle", AGENT_IDLE_OPTION, declared);
            if (null != cluster)
            {
                throw usage("--agent-idle is for clusters this tool starts (embedded or --spawn-cluster), not a running --cluster");
            }
            if (!spawnCluster)
            {
                // member processes get it as their --idle (ClusterRunner), not as a client option
                implOptions.put(AGENT_IDLE_OPTION, agentIdle);
            }
        }
        if (clusterOnSender)
        {
            requireDeclared("--cluster-on-sender", CLUSTER_ON_SENDER_OPTION, declared);
            if (null != cluster || spawnCluster)
            {
                throw usage("--cluster-on-sender needs the embedded cluster (no --cluster or --spawn-cluster)");
            }
            implOptions.put(CLUSTER_ON_SENDER_OPTION, "true");
        }
        if (declared.containsKey(MAX_VALUE_LENGTH_OPTION))
        {
            implOptions.putIfAbsent(MAX_VALUE_LENGTH_OPTION, String.valueOf(maxValueLength));
        }
        else if (maxValueLength > KvStateMachine.DEFAULT_MAX_VALUE_LENGTH)
        {
            throw usage("--value-size " + maxValueLength + ": " + implementation.id() + " has no option " +
                MAX_VALUE_LENGTH_OPTION + ", so its KV store holds values up to " + KvStateMachine.DEFAULT_MAX_VALUE_LENGTH +
                " bytes");
        }
        try
        {
            // the checks launch and connect make, now: a bad option is a usage error before anything starts
            clusterContext(maxCommandLength).conclude().checkOptions(implementation);
        }
        catch (final IllegalArgumentException ex)
        {
            final String message = ex.getMessage();
            throw usage(message.contains(implementation.id()) ? message : implementation.id() + ": " + message);
        }
    }

    private void requireDeclared(final String flag, final String key, final Map<String, String> declared)
    {
        if (!declared.containsKey(key))
        {
            throw usage(flag + ": " + implementation.id() + " has no option " + key + " (its options: " +
                declared.keySet() + ")");
        }
    }

    /** A fresh context per start: a sweep launches a new cluster (or client) for each rate. */
    private ClusterContext clusterContext(final int maxCommandLength)
    {
        final ClusterContext context = new ClusterContext()
            .nodes(nodes)
            .fsyncPolicy(parseEnum(FsyncPolicy.class, fsync, "--fsync"))
            .maxCommandLength(maxCommandLength)
            .sessions(senders)
            .maxInFlight(maxInFlight)
            .clientThreads(clientThreads)
            .operationTimeoutNs(timeoutNs)
            .stateMachine(stateMachineKind);
        if (null != lockEvents)
        {
            context.lockEvents(lockEvents::listener);
        }
        implOptions.forEach(context::option);
        return context;
    }

    /**
     * Start a target through the registry, a bad setting the implementation found (its contract:
     * IllegalArgumentException) being a usage error.
     */
    private LoadTarget start(final java.util.function.Supplier<LoadTarget> starter)
    {
        try
        {
            return starter.get();
        }
        catch (final IllegalArgumentException ex)
        {
            throw usage(implementation.id() + ": " + ex.getMessage());
        }
    }

    private TargetFactory targetFactory(final FsyncPolicy fsyncPolicy, final int maxCommandLength, final int maxValueLength)
    {
        if (null == implementation)
        {
            if (spawnCluster || null != cluster || null != dataDir || netns || clusterOnSender || null != agentIdle ||
                null != implOptionSpecs)
            {
                throw usage("--target " + target + " measures the generator: --spawn-cluster, --cluster, --netns, " +
                    "--data-dir, --agent-idle, --cluster-on-sender and --option need --impl");
            }
            if (!faultSchedule().isEmpty())
            {
                throw usage("faults need a cluster this tool controls: --impl, embedded or --spawn-cluster");
            }
            if ("delay".equals(target))
            {
                final long delay = delayNs;
                return () -> new DelayTarget(delay, 0, 0,
                    () -> new KvStateMachine(KvStateMachine.DEFAULT_MAX_KEY_LENGTH, maxValueLength));
            }
            return () -> new NoopTarget(maxInFlight);
        }
        if (spawnCluster && null != cluster)
        {
            throw usage("--spawn-cluster starts its own cluster: no --cluster");
        }
        if (null != dataDir && (null != cluster || spawnCluster))
        {
            throw usage("--data-dir is for embedded clusters (no --cluster or --spawn-cluster)");
        }
        if (netns && !spawnCluster)
        {
            throw usage("--netns needs --spawn-cluster (namespaces are made for node processes this tool starts)");
        }
        resolveImplOptions(maxCommandLength, maxValueLength);
        if (spawnCluster)
        {
            if (!netns && faultSchedule().entries().stream().anyMatch(
                e -> FaultAction.PARTITION == e.action() || FaultAction.HEAL == e.action()))
            {
                throw usage("partition/heal of node processes need --netns (each node in its own network namespace, " +
                    "links cut with blackhole routes; needs root and iproute2)");
            }
            if (netns)
            {
                // before any process or namespace exists: no root or no ip is a clear error now, not halfway through
                NetNamespaces.checkAvailable();
            }
            final String classpath = System.getProperty("java.class.path");
            final boolean namespaces = netns;
            // the generated configuration carries --fsync (the summary names it); members with an idle
            // strategy yield unless --agent-idle backoff; every member gets the --option values (batch=8, ...)
            final ClusterRunner.NodeSettings settings =
                new ClusterRunner.NodeSettings(fsyncPolicy, !"backoff".equals(agentIdle), stateMachineKind, implOptions);
            return () -> start(() -> new SpawnedClusterTarget(
                implementation, clusterContext(maxCommandLength), nodes, classpath, namespaces, settings));
        }
        if (null != cluster)
        {
            if (!faultSchedule().isEmpty())
            {
                throw usage("faults need a cluster this tool controls: embedded or --spawn-cluster (a running " +
                    "--cluster is not ours to hurt)");
            }
            if (!java.nio.file.Files.isReadable(cluster))
            {
                throw usage("--cluster: cannot read " + cluster);
            }
            return () -> start(() -> new RunningClusterTarget(implementation, cluster, clusterContext(maxCommandLength)));
        }
        final Path dataParent = dataDir;
        return () -> start(() -> new EmbeddedClusterTarget(implementation, clusterContext(maxCommandLength), dataParent));
    }

    /**
     * The fault schedule of --faults, --faults-file and --kill-leader-at (merged, in time order);
     * parsed once. Syntax errors and times outside --duration are usage errors naming the entry.
     */
    private FaultSchedule faultSchedule()
    {
        if (null != parsedFaults)
        {
            return parsedFaults;
        }
        final StringBuilder spec = new StringBuilder();
        try
        {
            if (null != faultSpec)
            {
                spec.append(FaultSchedule.parse(faultSpec));
            }
            if (null != faultsFile)
            {
                if (!java.nio.file.Files.isReadable(faultsFile))
                {
                    throw new IllegalArgumentException("--faults-file: cannot read " + faultsFile);
                }
                final FaultSchedule fromFile = FaultSchedule.parseFile(faultsFile);
                if (!fromFile.isEmpty())
                {
                    spec.append(spec.length() == 0 ? "" : ",").append(fromFile);
                }
            }
            if (null != killLeaderAtNs)
            {
                spec.append(spec.length() == 0 ? "" : ",").append(killLeaderAtNs).append("ns:kill-leader");
            }
            final FaultSchedule schedule = spec.length() == 0 ? FaultSchedule.none() : FaultSchedule.parse(spec.toString());
            for (final FaultSchedule.Entry entry : schedule.entries())
            {
                if (entry.atNs() >= durationNs)
                {
                    throw new IllegalArgumentException("bad fault entry '" + entry.text() + "': not within --duration");
                }
            }
            parsedFaults = schedule;
            return schedule;
        }
        catch (final IllegalArgumentException | java.io.UncheckedIOException ex)
        {
            throw usage(ex.getMessage());
        }
    }

    private <E extends Enum<E>> E parseEnum(final Class<E> type, final String value, final String option)
    {
        try
        {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            final StringBuilder names = new StringBuilder();
            for (final E constant : type.getEnumConstants())
            {
                names.append(names.length() == 0 ? "" : ", ").append(constant.name().toLowerCase(Locale.ROOT));
            }
            throw usage(option + ": unknown value '" + value + "' (one of: " + names + ")");
        }
    }

    private ParameterException usage(final String message)
    {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Parses {@code 10s}, {@code 500ms}, {@code 250us}, {@code 100ns}, {@code 2m}; a bare number is seconds. */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Long>
    {
        /** {@inheritDoc} */
        @Override
        public Long convert(final String value)
        {
            final java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|m)?").matcher(value.trim());
            if (!m.matches())
            {
                throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration (e.g. 10s, 500ms, 250us, 2m)");
            }
            final double number = Double.parseDouble(m.group(1));
            final String unit = null == m.group(2) ? "s" : m.group(2);
            final double nsPerUnit = io.quorumbench.loadgen.engine.Durations.nanosPerUnit(unit);
            final double ns = number * nsPerUnit;
            if (ns > Long.MAX_VALUE / 4)
            {
                throw new CommandLine.TypeConversionException("'" + value + "' is too long");
            }
            return Math.round(ns);
        }
    }
}
