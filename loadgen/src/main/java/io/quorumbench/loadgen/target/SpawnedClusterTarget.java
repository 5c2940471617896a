package io.quorumbench.loadgen.target;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.fault.FaultAction;
import io.quorumbench.api.fault.FaultInjector;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.cluster.ClusterImpl;
import io.quorumbench.cluster.ClusterRunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --spawn-cluster}: member processes of one registered implementation started by a
 * {@link ClusterRunner} (a default configuration on free loopback ports, or with {@code --netns}
 * one network namespace per node, in a temporary work directory), driven through that
 * implementation's own client as a {@link RunningClusterTarget}, and
 * stopped with every process, Aeron directory and namespace removed on {@link #close()} (the CLI
 * closes it on Ctrl-C too).
 *
 * <p>Faults are real process faults: kill = SIGKILL, pause/resume = SIGSTOP/SIGCONT, restart =
 * a new process on the same data directory; the leader is read from the nodes' logs. Partitions
 * need the namespaces ({@link io.quorumbench.cluster.NetNamespaces}): a partition puts
 * blackhole routes on both ends of every link between the cut nodes and the rest, so no packet
 * crosses in either direction, while this process (the client, in the root namespace) still
 * reaches every node; heal removes them. Without namespaces partitions are not offered.
 *
 * <p><b>Threading</b>: controlling thread, as {@link LoadTarget}; faults from the monitor thread.
 */
public final class SpawnedClusterTarget implements LoadTarget, FaultInjector
{
    /** How long to wait for the first leader, milliseconds. */
    public static final long LEADER_TIMEOUT_MS = 30_000;

    private final ClusterRunner runner;
    private final Path workDir;
    private final LoadTarget client;
    private final boolean netns;
    private final Thread orphanGuard;
    private boolean stopped;

    /**
     * Start the processes with given node settings, wait for a leader, connect.
     *
     * @param implementation the pair the members run.
     * @param context        the client's settings ({@link Implementation#connect}).
     * @param nodes          members.
     * @param classpath      node JVMs' classpath.
     * @param netns          each node in its own network namespace (partitions possible).
     * @param settings       fsync policy written into the generated configuration, idle strategy of nodes that have one.
     */
    public SpawnedClusterTarget(
        final Implementation implementation, final ClusterContext context, final int nodes, final String classpath,
        final boolean netns, final ClusterRunner.NodeSettings settings)
    {
        this.netns = netns;
        try
        {
            workDir = Files.createTempDirectory("qb-loadgen-cluster-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a cluster work directory", ex);
        }
        try
        {
            runner = ClusterRunner.create(ClusterImpl.of(implementation), workDir, null, nodes, classpath,
                netns ? ClusterRunner.Network.NETNS : ClusterRunner.Network.LOOPBACK, settings);
        }
        catch (final RuntimeException ex)
        {
            EmbeddedClusterTarget.deleteQuietly(workDir);
            throw ex;
        }
        // child processes outlive a JVM that exits: a Ctrl-C while starting (before the CLI holds
        // this target) or any exit that skips close() must still stop them
        orphanGuard = new Thread(this::stopProcesses, "qb-loadgen-cluster-stop");
        Runtime.getRuntime().addShutdownHook(orphanGuard);
        LoadTarget connected = null;
        try
        {
            runner.start();
            runner.awaitLeader(LEADER_TIMEOUT_MS, -1, 0);
            connected = new RunningClusterTarget(implementation, runner.configFile(), context);
        }
        catch (final RuntimeException ex)
        {
            stopProcesses();
            try
            {
                Runtime.getRuntime().removeShutdownHook(orphanGuard);
            }
            catch (final IllegalStateException shuttingDown)
            {
                // already stopped above
            }
            throw ex;
        }
        client = connected;
    }

    private synchronized void stopProcesses()
    {
        if (stopped)
        {
            return;
        }
        stopped = true;
        final ClusterRunner.StopReport report = runner.stop(ClusterRunner.STOP_TIMEOUT_MS);
        for (final String problem : report.leftover())
        {
            // nothing else can clean up after this process: say what is left so the user can
            System.err.println("loadgen: clean-up of the spawned cluster incomplete: " + problem);
        }
        EmbeddedClusterTarget.deleteQuietly(workDir);
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return client.name();
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> context()
    {
        final Map<String, Object> context = new LinkedHashMap<>(client.context());
        context.put("cluster", "spawned: " + runner.describe());
        runner.netNamespaces().ifPresent(net -> context.put("network", "one network namespace per node, veth pairs on bridge " +
            net.layout().bridge() + " " + net.layout().rootAddress() + "/24 (client in the root namespace)"));
        context.put("processes", true);
        return context;
    }

    /** {@inheritDoc} */
    @Override
    public ClientSession openSession(final int sessionIndex)
    {
        return client.openSession(sessionIndex);
    }

    /** {@inheritDoc} */
    @Override
    public Set<FaultAction> supportedFaults()
    {
        final Set<FaultAction> faults = EnumSet.of(FaultAction.KILL_LEADER, FaultAction.KILL, FaultAction.RESTART,
            FaultAction.PAUSE, FaultAction.RESUME);
        if (netns)
        {
            faults.add(FaultAction.PARTITION);
            faults.add(FaultAction.HEAL);
        }
        return faults;
    }

    /** {@inheritDoc} */
    @Override
    public String faultModel(final FaultAction action)
    {
        switch (action)
        {
            case KILL:
            case KILL_LEADER:
                return "SIGKILL of the node process";
            case RESTART:
                return "new node process on the same data directory";
            case PAUSE:
                return "SIGSTOP of the node process";
            case RESUME:
                return "SIGCONT of the node process";
            case PARTITION:
                return netns ? "blackhole routes on both ends of every link to the other nodes (network namespaces); " +
                    "clients still reach every node" : "needs --netns";
            case HEAL:
                return netns ? "every blackhole route removed" : "needs --netns";
            default:
                return "not supported for processes";
        }
    }

    /** {@inheritDoc} */
    @Override
    public int[] members()
    {
        return runner.config().memberIds();
    }

    /** {@inheritDoc} */
    @Override
    public int leaderId()
    {
        return runner.leader().map(ClusterRunner.Leader::nodeId).orElse(-1);
    }

    /** {@inheritDoc} */
    @Override
    public void kill(final int nodeId)
    {
        runner.kill(nodeId);
    }

    /** {@inheritDoc} */
    @Override
    public void restart(final int nodeId)
    {
        runner.restart(nodeId);
    }

    /** {@inheritDoc} */
    @Override
    public void pause(final int nodeId)
    {
        runner.pause(nodeId);
    }

    /** {@inheritDoc} */
    @Override
    public void resume(final int nodeId)
    {
        runner.resume(nodeId);
    }

    /** {@inheritDoc} */
    @Override
    public void partition(final int[] nodeIds)
    {
        runner.partition(nodeIds);
    }

    /** {@inheritDoc} */
    @Override
    public void heal()
    {
        runner.heal();
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        try
        {
            client.close();
        }
        finally
        {
            stopProcesses();
            try
            {
                Runtime.getRuntime().removeShutdownHook(orphanGuard);
            }
            catch (final IllegalStateException ex)
            {
                // the JVM is already shutting down: the hook runs and finds the processes stopped
            }
        }
    }
}
