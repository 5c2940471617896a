package io.quorumbench.loadgen.cluster;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code scripts/cluster start|status|stop|leader}: a cluster of node processes on this machine,
 * driven by {@link ClusterRunner}. State lives in {@code target/cluster/<impl>/} (or {@code --dir}),
 * so each invocation sees what the previous ones started.
 *
 * <p>Exit codes: 0 done; 1 the action failed (no leader in time, a node would not stop, no
 * cluster to act on); 2 bad arguments.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Start, inspect and stop a Raft cluster of separate node processes on loopback.",
    footer = {
        "",
        "Actions:",
        "  start   write a default config (free ports: baseline TCP 21100-21299, lockfree UDP 20100-20299)",
        "          unless --config is given, start one JVM per node, wait for a leader and print it",
        "  status  each node's state and pid, and the leader",
        "  leader  the leader as 'node=N term=T' (exit 1 if there is none)",
        "  stop    SIGTERM every node, SIGKILL after --stop-timeout-ms, remove Aeron directories left behind",
        "",
        "Examples:",
        "  scripts/cluster start --impl lockfree",
        "  scripts/cluster leader --impl lockfree",
        "  scripts/cluster stop --impl lockfree",
        "",
        "Exit codes: 0 done, 1 action failed, 2 bad arguments." })
public final class ClusterCommand implements Callable<Integer>
{
    /** Exit code when the action failed. */
    public static final int EXIT_FAILED = 1;

    @Parameters(index = "0", paramLabel = "ACTION", description = "start, status, leader or stop.")
    String action;

    @Option(names = "--impl", paramLabel = "IMPL", defaultValue = "lockfree",
        description = "baseline or lockfree (default: ${DEFAULT-VALUE}).")
    String implName;

    @Option(names = "--config", paramLabel = "FILE", description = "Cluster configuration to start (default: generate one).")
    Path config;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Members of a generated configuration (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--dir", paramLabel = "DIR", description = "Work directory (default: target/cluster/<impl>).")
    Path dir;

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
            impl = ClusterImpl.of(implName);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--impl: " + ex.getMessage());
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
        try
        {
            return switch (action)
            {
                case "start" -> start(impl, workDir);
                case "status" -> status(ClusterRunner.attach(impl, workDir, classpath));
                case "leader" -> leader(ClusterRunner.attach(impl, workDir, classpath));
                case "stop" -> stop(ClusterRunner.attach(impl, workDir, classpath));
                default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown action '" + action + "', expected start, status, leader or stop");
            };
        }
        catch (final IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException ex)
        {
            System.err.println("cluster " + action + ": " + ex.getMessage());
            return EXIT_FAILED;
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
        final ClusterRunner runner = ClusterRunner.create(impl, workDir, config, nodes, classpath);
        out.println("config: " + runner.configFile());
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
                "  peer " + runner.config().member(id).peer() + "  log " + runner.logFile(id));
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
        if (!report.leftover().isEmpty())
        {
            for (final String problem : report.leftover())
            {
                System.err.println("cluster stop: " + problem);
            }
            return EXIT_FAILED;
        }
        out.println("no node process or Aeron directory left");
        return 0;
    }
}
