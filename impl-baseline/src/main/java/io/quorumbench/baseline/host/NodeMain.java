package io.quorumbench.baseline.host;

import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.api.registry.StateMachineKind;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one baseline node of any protocol as a process:
 * {@code NodeMain --protocol NAME --config cluster.properties --node 2 [--state-machine kv|counting|noop|lock]}
 * (the state machine defaults to the file's {@code state.machine}).
 * The protocol's core comes from its baseline {@link Implementation} in the {@link Registry}; a
 * protocol's own main class (the one its {@link Implementation#nodeProcess()} names) passes its
 * implementation to {@link #run(Implementation, String...)} instead, and {@code --protocol} may
 * then be left out. Stops cleanly on SIGTERM / SIGINT (a shutdown hook closes the server, forcing
 * the log per the fsync policy). Leader changes are logged one line each ({@code LEADER node=2 term=3}).
 *
 * <p>Exit codes: 0 after a clean shutdown, 2 for bad arguments or configuration, 1 if the node could
 * not start (e.g. a port in use).
 */
@CommandLine.Command(
    name = "baseline-node",
    mixinStandardHelpOptions = true,
    description = "Run one node of a baseline (threads + TCP) cluster of the given protocol.")
public final class NodeMain implements Callable<Integer>
{
    @CommandLine.Option(names = "--protocol", paramLabel = "NAME",
        description = "the protocol whose baseline core the node runs (a protocol's own main class sets it)")
    private String protocol;

    @CommandLine.Option(names = "--config", required = true, paramLabel = "FILE", description = "cluster properties file")
    private Path config;

    @CommandLine.Option(names = "--node", required = true, paramLabel = "ID", description = "this node's id (one of cluster.members)")
    private int nodeId;

    @CommandLine.Option(names = "--state-machine", paramLabel = "NAME",
        description = "kv (PUT/GET/CAS), counting, noop or lock (the lock service); default: the configuration's " +
            "state.machine (kv when absent)")
    private String stateMachine;

    private final Implementation preset;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private NodeMain(final Implementation preset)
    {
        this.preset = preset;
    }

    /**
     * Entry point; the protocol is chosen with {@code --protocol}.
     *
     * @param args command-line arguments.
     */
    public static void main(final String[] args)
    {
        System.exit(run(null, args));
    }

    /**
     * Parse the arguments and run; returns instead of exiting (tests, and a protocol's own main).
     *
     * @param implementation the protocol's baseline, or null to choose it with {@code --protocol}.
     * @param args           command-line arguments.
     * @return the exit code.
     */
    public static int run(final Implementation implementation, final String... args)
    {
        return new CommandLine(new NodeMain(implementation)).execute(args);
    }

    private Implementation implementation()
    {
        if (null != preset)
        {
            if (null != protocol && !preset.protocol().id().equals(protocol))
            {
                throw new IllegalArgumentException("--protocol " + protocol + " does not match this node's " +
                    preset.protocol().id());
            }
            return preset;
        }
        if (null == protocol)
        {
            throw new IllegalArgumentException("--protocol is required, one of: " + hostedProtocols(Registry.discover()));
        }
        final Registry registry = Registry.discover();
        final Implementation chosen;
        try
        {
            chosen = registry.baseline(Protocol.of(protocol));
        }
        catch (final IllegalStateException ex)
        {
            throw new IllegalArgumentException("--protocol " + protocol + " has no baseline here; hosted: " +
                hostedProtocols(registry), ex);
        }
        if (chosen.nodeFactory().isEmpty())
        {
            throw new IllegalArgumentException("--protocol " + protocol + ": " + chosen.id() + " has no core to host");
        }
        return chosen;
    }

    private static String hostedProtocols(final Registry registry)
    {
        final StringBuilder names = new StringBuilder();
        for (final Implementation implementation : registry.all())
        {
            if (implementation.kind() == ImplementationKind.BASELINE && implementation.nodeFactory().isPresent())
            {
                names.append(names.length() == 0 ? "" : ", ").append(implementation.protocol().id());
            }
        }
        return names.length() == 0 ? "(none on the class path)" : names.toString();
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
        final Implementation implementation;
        final ClusterConfig cluster;
        final StateMachineKind kind;
        final StateMachine machine;
        try
        {
            implementation = implementation();
            cluster = ClusterConfig.load(config);
            cluster.member(nodeId);
            kind = null == stateMachine ? cluster.stateMachine() : stateMachine(stateMachine);
            machine = implementation.stateMachine(kind);
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
        final ProtocolNodeFactory factory = HostOptions.nodeFactory(kind, implementation.nodeFactory().orElseThrow());
        final String name = implementation.protocol().id();
        final NodeServer server;
        try
        {
            server = NodeServer.bind(cluster, nodeId, machine, factory, name);
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
        }, name + "-" + nodeId + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        server.leaderListener((leaderId, term) -> System.out.println("LEADER node=" + leaderId + " term=" + term));
        server.start();
        System.out.println("STARTED node=" + nodeId + " cluster=" + cluster.clusterId() + " members=" +
            Arrays.toString(cluster.memberIds()) + " peer=" + cluster.member(nodeId).peer() + " client=" +
            cluster.member(nodeId).client() + " fsync=" + cluster.fsyncPolicy().name().toLowerCase(Locale.ROOT) +
            " data=" + cluster.member(nodeId).dataDir() + " state-machine=" + kind.id());
        stopped.await();
        return 0;
    }

    private static StateMachineKind stateMachine(final String name)
    {
        try
        {
            return StateMachineKind.of(name);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("--state-machine: " + ex.getMessage(), ex);
        }
    }
}
