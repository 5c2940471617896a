package io.quorumbench.cluster;

import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.FsyncPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code scripts/cluster start|status|stop|leader|partition|heal}: a cluster of node processes on this machine,
 * driven by {@link ClusterRunner}. State lives in {@code target/cluster/<impl>/} for Raft, {@code target/cluster/<protocol>-<impl>/} otherwise (or {@code --dir}),
 * so each invocation sees what the previous ones started.
 *
 * With {@code start --netns} every node runs in its own network namespace ({@link NetNamespaces}),
 * which {@code partition NODES} and {@code heal} cut and restore links between.
 *
 * <p>Exit codes: 0 done; 1 the action failed (no leader in time, a node would not stop, no
 * cluster to act on, namespaces not possible here); 2 bad arguments.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Start, inspect, partition and stop a cluster of separate node processes (any registered protocol × implementation) on this machine.",
    footer = {
        "",
        "Actions:",
        "  start   write a default config (free ports: baseline TCP 21100-21299, lockfree UDP 20100-20299)",
        "          unless --config is given, start one JVM per node, wait for a leader and print it;",
        "          with --netns: one network namespace per node (needs root and iproute2), node N at 10.77.k.N,",
        "          this host at 10.77.k.254 on a bridge (k chosen free); stale namespaces of dead runs are swept first",
        "  status  each node's state and pid, and the leader (and cut links, with --netns)",
        "  leader  the leader as 'node=N term=T' (exit 1 if there is none)",
        "  partition NODES  cut a minority (e.g. 2, 1+2 or leader) away from the other nodes, both directions",
        "          (blackhole routes in the namespaces); clients on this host still reach every node. --netns only",
        "  heal    restore every cut link",
        "  stop    SIGTERM every node, SIGKILL after --stop-timeout-ms, remove Aeron directories left behind",
        "          and the cluster's network namespaces",
        "",
        "Examples:",
        "  scripts/cluster start --impl lockfree",
        "  scripts/cluster leader --impl lockfree",
        "  scripts/cluster stop --impl lockfree",
        "  scripts/cluster start --impl baseline --netns",
        "  scripts/cluster partition leader --impl baseline",
        "  scripts/cluster heal --impl baseline",
        "",
        "Exit codes: 0 done, 1 action failed, 2 bad arguments." })
public final class ClusterCommand implements Callable<Integer>
{
    /** Exit code when the action failed. */
    public static final int EXIT_FAILED = 1;

    private static final int LEADER = -1;

    @Parameters(index = "0", paramLabel = "ACTION", description = "start, status, leader, partition, heal or stop.")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NODES",
        description = "partition only: the nodes to cut away, ids joined by + (a minority), or 'leader'.")
    String partitionNodes;

    @Option(names = "--netns", description = "start only: run each node in its own network namespace (root, iproute2).")
    boolean netns;

    @Option(names = "--protocol", paramLabel = "PROTOCOL", defaultValue = "raft",
        description = "Protocol of the registry (default: ${DEFAULT-VALUE}).")
    String protocolName;

    @Option(names = "--impl", paramLabel = "IMPL", defaultValue = "lockfree",
        description = "Implementation of that protocol, e.g. baseline or lockfree (default: ${DEFAULT-VALUE}).")
    String implName;

    @Option(names = "--config", paramLabel = "FILE", description = "Cluster configuration to start (default: generate one).")
    Path config;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Members of a generated configuration (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--dir", paramLabel = "DIR", description = "Work directory (default: target/cluster/<impl> for Raft, <protocol>-<impl> otherwise).")
    Path dir;

    @Option(names = "--fsync", paramLabel = "POLICY", defaultValue = "batch",
        description = "start only: fsync policy of a generated configuration: none, batch or always (default: ${DEFAULT-VALUE}).")
    String fsync;

    @Option(names = "--idle", paramLabel = "IDLE", defaultValue = "backoff",
        description = "start only, lockfree: each node's thread when idle: backoff or yield (default: ${DEFAULT-VALUE}).")
    String idle;

    @Option(names = "--leader-timeout-ms", paramLabel = "MS", defaultValue = "30000",
        description = "How long start waits for a leader (default: ${DEFAULT-VALUE}).")
    long leaderTimeoutMs;

    @Option(names = "--stop-timeout-ms", paramLabel = "MS", defaultValue = "10000",
        description = "How long stop waits after SIGTERM before SIGKILL (default: ${DEFAULT-VALUE}).")
    long stopTimeoutMs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private final String classpath;
    private int memberId;

    ClusterCommand(final PrintStream out, final String classpath)
    {
        this.out = out;
        this.classpath = classpath;
    }

    /**
     * Entry point; node JVMs get this JVM's classpath.
     *
     * @param args see {@code --help}.
     */
    public static void main(final String[] args)
    {
        System.exit(commandLine(System.out, System.getProperty("java.class.path")).execute(args));
    }

    static CommandLine commandLine(final PrintStream out, final String classpath)
    {
        return new CommandLine(new ClusterCommand(out, classpath));
    }

    @Override
    public Integer call()
    {
        final ClusterImpl impl;
        try
        {
            impl = ClusterImpl.of(protocolName, implName);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--protocol/--impl: " + ex.getMessage());
        }
        if (nodes < 1 || nodes > 9)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--nodes must be 1..9, got " + nodes);
        }
        if (leaderTimeoutMs <= 0 || stopTimeoutMs <= 0)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "timeouts must be positive");
        }
        final Path workDir = null != dir ? dir : Path.of("target", "cluster", impl.id());
        if (netns && !"start".equals(action))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--netns is an option of start (later actions find the namespaces)");
        }
        if (null != partitionNodes && !"partition".equals(action) && !"member-command".equals(action))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "unexpected argument '" + partitionNodes + "' after " + action);
        }
        if (null != partitionNodes && "member-command".equals(action))
        {
            memberId = parseMemberId(partitionNodes);
        }
        else if ("member-command".equals(action))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "member-command needs the member's id");
        }
        final int[] cut = "partition".equals(action) ? parseNodes(partitionNodes) : null;
        try
        {
            return switch (action)
            {
                case "start" -> start(impl, workDir);
                case "status" -> status(ClusterRunner.attach(impl, workDir, classpath));
                case "leader" -> leader(ClusterRunner.attach(impl, workDir, classpath));
                case "partition" -> partition(ClusterRunner.attach(impl, workDir, classpath), cut);
                case "heal" -> heal(ClusterRunner.attach(impl, workDir, classpath));
                case "stop" -> stop(ClusterRunner.attach(impl, workDir, classpath));
                case "member-command" -> memberCommand(impl);
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown action '" + action + "', expected start, status, leader, partition, heal, stop or member-command");
            };
        }
        catch (final IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException ex)
        {
            System.err.println("cluster " + action + ": " + ex.getMessage());
            return EXIT_FAILED;
        }
    }

    /**
     * {@code member-command N --config FILE}: print the command line of member N, one argument per
     * line, for {@code scripts/cluster start-node} to run in the foreground.
     */
    private int memberCommand(final ClusterImpl impl)
    {
        if (null == config)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "member-command needs --config FILE (the cluster file)");
        }
        final ClusterConfig cluster;
        try
        {
            cluster = ClusterConfig.load(config);
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException("cannot read " + config, ex);
        }
        if (Arrays.stream(cluster.memberIds()).noneMatch((id) -> id == memberId))
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "member " + memberId + " is not in " + config + " (members " + Arrays.toString(cluster.memberIds()) + ")");
        }
        final Path aeronDir = impl.usesAeron() && null != dir ? dir.toAbsolutePath().resolve("aeron-node-" + memberId) : null;
        ClusterRunner.memberCommand(impl, config.toAbsolutePath(), memberId, classpath, aeronDir, "yield".equals(idle))
            .forEach(out::println);
        return 0;
    }

    private int parseMemberId(final String text)
    {
        try
        {
            return Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "member id must be a number, got '" + text + "'");
        }
    }

    private int start(final ClusterImpl impl, final Path workDir)
    {
        if (java.nio.file.Files.exists(workDir.resolve(ClusterRunner.CONFIG_POINTER)))
        {
            final ClusterRunner previous = ClusterRunner.attach(impl, workDir, classpath);
            for (final int id : previous.config().memberIds())
            {
                if (previous.state(id) != ClusterRunner.NodeState.DOWN)
                {
                    System.err.println("cluster start: a " + impl.id() + " cluster is already running in " + workDir +
                        " (" + previous.describe() + "); run 'scripts/cluster stop --impl " + impl.id() + "' first");
                    return EXIT_FAILED;
                }
            }
        }
        if (netns && null != config)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "--netns writes its own configuration (node addresses 10.77.k.N); drop --config");
        }
        final FsyncPolicy fsyncPolicy;
        try
        {
            fsyncPolicy = ClusterConfig.parseFsyncPolicy("--fsync", fsync);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
        if (!"backoff".equals(idle) && !"yield".equals(idle))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--idle must be backoff or yield, got '" + idle + "'");
        }
        final ClusterRunner runner = ClusterRunner.create(impl, workDir, config, nodes, classpath,
            netns ? ClusterRunner.Network.NETNS_DETACHED : ClusterRunner.Network.LOOPBACK,
            new ClusterRunner.NodeSettings(fsyncPolicy, "yield".equals(idle)));
        out.println("config: " + runner.configFile());
        runner.netNamespaces().ifPresent(net -> out.println("netns:  bridge " + net.layout().bridge() + " " +
            net.layout().rootAddress() + "/24, node N in namespace " + net.layout().namespace(1).replaceAll("n1$", "nN") +
            " at " + net.layout().nodeAddress(1).replaceAll("\\.1$", ".N")));
        runner.start();
        out.println("started " + impl.id() + " nodes: " + runner.describe());
        out.println("logs:   " + runner.workDir() + "/node-N.log");
        final ClusterRunner.Leader leader;
        try
        {
            leader = runner.awaitLeader(leaderTimeoutMs, -1, 0);
        }
        catch (final IllegalStateException ex)
        {
            System.err.println("cluster start: " + ex.getMessage());
            System.err.println("the nodes keep running; 'scripts/cluster stop --impl " + impl.id() + "' stops them");
            return EXIT_FAILED;
        }
        out.println("leader: node=" + leader.nodeId() + " term=" + leader.term());
        return 0;
    }

    private int status(final ClusterRunner runner)
    {
        out.println(runner.impl().id() + " cluster, config " + runner.configFile());
        for (final int id : runner.config().memberIds())
        {
            out.println("  node " + id + ": " + runner.state(id) + runner.pid(id).map(p -> " pid " + p).orElse("") +
                "  peer " + runner.config().member(id).peer() + "  log " + runner.logFile(id) +
                runner.netNamespaces().map(n -> "  netns " + n.layout().namespace(id)).orElse(""));
        }
        if (runner.netNamespaces().isPresent())
        {
            final String cut = runner.cutLinks();
            out.println("cut links: " + (cut.isEmpty() ? "none" : cut));
        }
        final Optional<ClusterRunner.Leader> leader = runner.leader();
        out.println("leader: " + leader.map(l -> "node=" + l.nodeId() + " term=" + l.term()).orElse("none"));
        return 0;
    }

    private int leader(final ClusterRunner runner)
    {
        final Optional<ClusterRunner.Leader> leader = runner.leader();
        if (leader.isEmpty())
        {
            System.err.println("cluster leader: no leader (" + runner.describe() + ")");
            return EXIT_FAILED;
        }
        out.println("node=" + leader.get().nodeId() + " term=" + leader.get().term());
        return 0;
    }

    private int[] parseNodes(final String spec)
    {
        if (null == spec || spec.isBlank())
        {
            throw new CommandLine.ParameterException(this.spec.commandLine(), "partition needs NODES: ids joined by + (e.g. 2 or 1+2) or 'leader'");
        }
        if ("leader".equals(spec.trim()))
        {
            return new int[] {LEADER};
        }
        final String[] parts = spec.trim().split("\\+", -1);
        final int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++)
        {
            try
            {
                ids[i] = Integer.parseInt(parts[i].trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new CommandLine.ParameterException(this.spec.commandLine(),
                    "partition: '" + parts[i] + "' is not a node id (NODES: ids joined by +, or 'leader')");
            }
        }
        return ids;
    }

    private int partition(final ClusterRunner runner, final int[] requested)
    {
        int[] cut = requested;
        if (cut.length == 1 && LEADER == cut[0])
        {
            final Optional<ClusterRunner.Leader> leader = runner.leader();
            if (leader.isEmpty())
            {
                System.err.println("cluster partition: no leader to cut away (" + runner.describe() + ")");
                return EXIT_FAILED;
            }
            cut = new int[] {leader.get().nodeId()};
        }
        runner.partition(cut);
        out.println("cut away: " + java.util.Arrays.toString(cut) + "; cut links now: " + runner.cutLinks());
        return 0;
    }

    private int heal(final ClusterRunner runner)
    {
        final int removed = runner.heal();
        out.println("healed: " + removed + " blackhole routes removed; cut links now: " +
            (runner.cutLinks().isEmpty() ? "none" : runner.cutLinks()));
        return 0;
    }

    private int stop(final ClusterRunner runner)
    {
        final ClusterRunner.StopReport report = runner.stop(stopTimeoutMs);
        out.println("stopped with SIGTERM: " + report.terminated());
        if (!report.killed().isEmpty())
        {
            out.println("killed with SIGKILL after " + stopTimeoutMs + " ms: " + report.killed());
        }
        for (final Path removed : report.removedAeronDirs())
        {
            out.println("removed Aeron directory left by a killed node: " + removed);
        }
        for (final String removed : report.removedNetwork())
        {
            out.println("removed network namespaces: " + removed);
        }
        if (!report.leftover().isEmpty())
        {
            for (final String problem : report.leftover())
            {
                System.err.println("cluster stop: " + problem);
            }
            return EXIT_FAILED;
        }
        out.println("no node process, Aeron directory or network namespace left");
        return 0;
    }
}
