package io.quorumbench.loadgen.target;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.fault.FaultAction;
import io.quorumbench.api.fault.FaultInjector;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.Implementation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A cluster of one registered implementation inside this process ({@link Implementation#launch}),
 * driven through its own client and hurt through its own {@link FaultInjector}: how each
 * implementation runs its nodes, talks to them and realises a fault is its business, named in the
 * run's context and in each fault's note.
 *
 * <p>The nodes' data goes into a fresh directory under {@code --data-dir} (default
 * {@code java.io.tmpdir}), recorded with its file system ({@link DataDirs}), its peak size sampled
 * ({@link DirectorySizeSampler}, {@link #dataDirPeakBytes()}) and deleted on {@link #close()}.
 *
 * <p><b>Threading</b>: as {@link LoadTarget}; faults from the monitor thread.
 */
public final class EmbeddedClusterTarget implements LoadTarget, FaultInjector
{
    private final Implementation implementation;
    private final Path dataDir;
    private final EmbeddedCluster cluster;
    private final DirectorySizeSampler dataDirSize;

    /**
     * Launch the cluster and wait for its first leader.
     *
     * @param implementation the pair.
     * @param context        the cluster's settings; its data directory is set here.
     * @param dataParent     directory under which the nodes' data goes, or null for {@code java.io.tmpdir}.
     * @throws IllegalArgumentException for bad settings.
     * @throws IllegalStateException    if no leader is elected in time.
     */
    public EmbeddedClusterTarget(final Implementation implementation, final ClusterContext context, final Path dataParent)
    {
        this.implementation = implementation;
        this.dataDir = DataDirs.create(dataParent, "qb-loadgen-" + implementation.impl() + "-");
        try
        {
            this.cluster = implementation.launch(context.dataDir(dataDir));
            this.dataDirSize = new DirectorySizeSampler(dataDir).start();
        }
        catch (final RuntimeException ex)
        {
            deleteQuietly(dataDir);
            throw ex;
        }
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return implementation.impl();
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> context()
    {
        final Map<String, Object> context = RunningClusterTarget.describe(implementation, cluster.context());
        // the file system shows in tail latency (ext4 page allocation against tmpfs): name it
        context.put("dataDir", DataDirs.describe(dataDir));
        return context;
    }

    /** {@inheritDoc} */
    @Override
    public long dataDirPeakBytes()
    {
        dataDirSize.sample();
        return dataDirSize.peakBytes();
    }

    /** {@inheritDoc} */
    @Override
    public ClientSession openSession(final int sessionIndex)
    {
        return cluster.openSession(sessionIndex);
    }

    /** {@inheritDoc} */
    @Override
    public Set<FaultAction> supportedFaults()
    {
        return cluster.supportedFaults();
    }

    /** {@inheritDoc} */
    @Override
    public String faultModel(final FaultAction action)
    {
        return cluster.faultModel(action);
    }

    /** {@inheritDoc} */
    @Override
    public int[] members()
    {
        return cluster.members();
    }

    /** {@inheritDoc} */
    @Override
    public int leaderId()
    {
        return cluster.leaderId();
    }

    /** {@inheritDoc} */
    @Override
    public int killLeader()
    {
        return cluster.killLeader();
    }

    /** {@inheritDoc} */
    @Override
    public void kill(final int nodeId)
    {
        cluster.kill(nodeId);
    }

    /** {@inheritDoc} */
    @Override
    public void restart(final int nodeId)
    {
        cluster.restart(nodeId);
    }

    /** {@inheritDoc} */
    @Override
    public void pause(final int nodeId)
    {
        cluster.pause(nodeId);
    }

    /** {@inheritDoc} */
    @Override
    public void resume(final int nodeId)
    {
        cluster.resume(nodeId);
    }

    /** {@inheritDoc} */
    @Override
    public void partition(final int[] nodeIds)
    {
        cluster.partition(nodeIds);
    }

    /** {@inheritDoc} */
    @Override
    public void heal()
    {
        cluster.heal();
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        try
        {
            dataDirSize.close();
            cluster.close();
        }
        finally
        {
            deleteQuietly(dataDir);
        }
    }

    /**
     * Delete a directory tree, leaving what cannot be deleted.
     *
     * @param dir the directory, or null.
     */
    static void deleteQuietly(final Path dir)
    {
        if (null == dir || !Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            // a leftover temporary directory is harmless; the run's results are elsewhere
        }
    }
}
