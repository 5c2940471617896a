package io.quorumbench.baseline.raft.host;

import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.kv.KvStateMachine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * One baseline Raft node per process: {@code BaselineNodeMain --config cluster.properties --node 1}.
 *
 * <p>Reads the shared {@link ClusterConfig}, binds the node's TCP peer and client endpoints, connects
 * to the other members' peer endpoints and applies commands to a {@link KvStateMachine}. Prints one
 * line per event on standard output, so a launcher can follow the cluster from the logs:
 * <pre>
 * 2026-01-01T00:00:00Z STARTED node=1 members=[1, 2, 3] peer=127.0.0.1:21100 client=127.0.0.1:21101 fsync=BATCH
 * LEADER node=2 term=3 seen-by=1 at=2026-01-01T00:00:01Z
 * 2026-01-01T00:00:09Z STOPPED node=1
 * </pre>
 * ({@code LEADER} is printed by every node when it learns of a new leader, naming the leader.)
 * SIGTERM or SIGINT closes the node cleanly (its log forced per the fsync policy).
 *
 * <p>Exit codes: 0 clean shutdown, 1 the node could not start (e.g. a port in use), 2 bad arguments or config.
 */
@Command(name = "BaselineNodeMain", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Runs one baseline Raft node (TCP) from a cluster configuration file until SIGTERM.")
public final class BaselineNodeMain implements Callable<Integer>
{
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Cluster configuration (properties).")
    Path config;

    @Option(names = "--node", required = true, paramLabel = "ID", description = "This node's id, one of cluster.members.")
    int nodeId;

    private final PrintStream out;
    private final CountDownLatch stopped = new CountDownLatch(1);

    BaselineNodeMain(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * Entry point.
     *
     * @param args {@code --config FILE --node ID}.
     */
    public static void main(final String[] args)
    {
        final int exitCode = commandLine(System.out).execute(args);
        System.exit(exitCode);
    }

    static CommandLine commandLine(final PrintStream out)
    {
        return new CommandLine(new BaselineNodeMain(out));
    }

    /**
     * Run the node until the JVM is asked to stop.
     *
     * @return exit code.
     */
    @Override
    public Integer call()
    {
        final ClusterConfig cluster;
        try
        {
            cluster = ClusterConfig.load(config);
            cluster.member(nodeId);
        }
        catch (final IOException ex)
        {
            System.err.println("error: cannot read cluster configuration " + config + ": " + ex);
            return CommandLine.ExitCode.USAGE;
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("error: " + ex.getMessage());
            return CommandLine.ExitCode.USAGE;
        }

        final ClusterConfig.Member self = cluster.member(nodeId);
        final RaftServer server;
        try
        {
            server = RaftServer.bind(cluster, nodeId, new KvStateMachine());
        }
        catch (final IOException | RuntimeException ex)
        {
            System.err.println("error: node " + nodeId + " cannot start: " + ex.getMessage());
            return CommandLine.ExitCode.SOFTWARE;
        }
        server.leaderListener((leaderId, term) ->
            out.println("LEADER node=" + leaderId + " term=" + term + " seen-by=" + nodeId + " at=" + Instant.now()));
        // Runs on SIGTERM/SIGINT (and on a normal exit): close the node before the JVM goes.
        final Thread hook = new Thread(() ->
        {
            out.println(Instant.now() + " STOPPING node=" + nodeId);
            server.close();
            out.println(Instant.now() + " STOPPED node=" + nodeId);
            out.flush();
            stopped.countDown();
        }, "node-" + nodeId + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        server.start();
        out.println(Instant.now() + " STARTED node=" + nodeId + " members=" + Arrays.toString(cluster.memberIds()) +
            " peer=" + self.peer() + " client=" + self.client() + " fsync=" + cluster.fsyncPolicy() +
            " data=" + self.dataDir());
        out.flush();
        try
        {
            stopped.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return CommandLine.ExitCode.OK;
    }
}
