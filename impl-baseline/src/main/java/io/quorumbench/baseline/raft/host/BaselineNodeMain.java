package io.quorumbench.baseline.raft.host;

import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.kv.CountingStateMachine;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.api.kv.NoOpStateMachine;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one baseline Raft node as a process:
 * {@code BaselineNodeMain --config cluster.properties --node 2 [--state-machine kv|counting|noop]}.
 * Stops cleanly on SIGTERM / SIGINT (a shutdown hook closes the server, forcing the log per the
 * fsync policy). Leader changes are logged one line each ({@code LEADER node=2 term=3}).
 *
 * <p>Exit codes: 0 after a clean shutdown, 2 for bad arguments or configuration, 1 if the node could
 * not start (e.g. a port in use).
 */
@CommandLine.Command(
    name = "baseline-node",
    mixinStandardHelpOptions = true,
    description = "Run one node of the baseline (threads + TCP) Raft cluster.")
public final class BaselineNodeMain implements Callable<Integer>
{
    @CommandLine.Option(names = "--config", required = true, paramLabel = "FILE", description = "cluster properties file")
    private Path config;

    @CommandLine.Option(names = "--node", required = true, paramLabel = "ID", description = "this node's id (one of cluster.members)")
    private int nodeId;

    @CommandLine.Option(names = "--state-machine", defaultValue = "kv", paramLabel = "NAME",
        description = "kv (PUT/GET/CAS, default), counting, or noop")
    private String stateMachine;

    private final CountDownLatch stopped = new CountDownLatch(1);

    /**
     * Entry point.
     *
     * @param args command-line arguments.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args));
    }

    /**
     * Parse the arguments and run; returns instead of exiting, for tests.
     *
     * @param args command-line arguments.
     * @return the exit code.
     */
    static int run(final String... args)
    {
        return new CommandLine(new BaselineNodeMain()).execute(args);
    }

    static StateMachine stateMachine(final String name)
    {
        return switch (name)
        {
            case "kv" -> new KvStateMachine();
            case "counting" -> new CountingStateMachine();
            case "noop" -> NoOpStateMachine.INSTANCE;
            default -> throw new CommandLine.ParameterException(new CommandLine(new BaselineNodeMain()),
                "--state-machine must be one of kv, counting, noop; got '" + name + "'");
        };
    }

    /**
     * Runs the node until the process is told to stop.
     *
     * @return the exit code.
     * @throws InterruptedException if interrupted while waiting.
     */
    @Override
    public Integer call() throws InterruptedException
    {
        final ClusterConfig cluster;
        try
        {
            cluster = ClusterConfig.load(config);
            cluster.member(nodeId);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("baseline-node: " + ex.getMessage());
            return 2;
        }
        catch (final IOException ex)
        {
            System.err.println("baseline-node: cannot read " + config + ": " + ex);
            return 2;
        }
        final StateMachine machine;
        try
        {
            machine = stateMachine(stateMachine);
        }
        catch (final CommandLine.ParameterException ex)
        {
            System.err.println("baseline-node: " + ex.getMessage());
            return 2;
        }
        final RaftServer server;
        try
        {
            server = RaftServer.bind(cluster, nodeId, machine);
        }
        catch (final IOException ex)
        {
            System.err.println("baseline-node: node " + nodeId + " cannot start: " + ex.getMessage());
            return 1;
        }
        final Thread hook = new Thread(() ->
        {
            server.close();
            stopped.countDown();
        }, "raft-" + nodeId + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        server.leaderListener((leaderId, term) -> System.out.println("LEADER node=" + leaderId + " term=" + term));
        server.start();
        System.out.println("STARTED node=" + nodeId + " cluster=" + cluster.clusterId() + " members=" +
            Arrays.toString(cluster.memberIds()) + " peer=" + cluster.member(nodeId).peer() + " client=" +
            cluster.member(nodeId).client() + " fsync=" + cluster.fsyncPolicy().name().toLowerCase(Locale.ROOT) +
            " data=" + cluster.member(nodeId).dataDir() + " state-machine=" + stateMachine);
        stopped.await();
        return 0;
    }
}
