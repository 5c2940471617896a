package io.quorumbench.loadgen.target;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.ClusterClient;
import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.Implementation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --cluster FILE}: member processes of one registered implementation, started anywhere (by
 * {@code scripts/cluster start}, by {@code scripts/cluster start-node} on other hosts, or by
 * {@link SpawnedClusterTarget}), driven through that implementation's own client
 * ({@link Implementation#connect}). A running cluster is not ours to hurt: this target takes no
 * faults.
 *
 * <p><b>Threading</b>: as {@link LoadTarget}.
 */
public final class RunningClusterTarget implements LoadTarget
{
    private final Implementation implementation;
    private final ClusterClient client;

    /**
     * Connect to the members a cluster file names.
     *
     * @param implementation the pair the members run.
     * @param clusterFile    the cluster file (members and their endpoints).
     * @param context        the client's settings (sessions, command size, timeouts, options).
     * @throws IllegalArgumentException for bad settings or an unreadable file.
     * @throws IllegalStateException    if no member is reachable (the implementation names the endpoints).
     */
    public RunningClusterTarget(final Implementation implementation, final Path clusterFile, final ClusterContext context)
    {
        this.implementation = implementation;
        final ClusterConfig cluster;
        try
        {
            cluster = ClusterConfig.load(clusterFile);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read cluster file " + clusterFile, ex);
        }
        this.client = implementation.connect(cluster, context);
    }

    /**
     * The facts every registry target records: the client's, with the pair named the same way
     * whatever the implementation says ({@code protocol}, {@code impl}, {@code implementation} =
     * the pair's id).
     *
     * @param implementation the pair.
     * @param facts          the client's or cluster's {@code context()}.
     * @return an ordered copy with the names set.
     */
    static Map<String, Object> describe(final Implementation implementation, final Map<String, Object> facts)
    {
        final Map<String, Object> context = new LinkedHashMap<>(facts);
        context.put("implementation", implementation.id());
        context.put("protocol", implementation.protocol().id());
        context.put("impl", implementation.impl());
        return context;
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
        return describe(implementation, client.context());
    }

    /** {@inheritDoc} */
    @Override
    public ClientSession openSession(final int sessionIndex)
    {
        return client.openSession(sessionIndex);
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        client.close();
    }
}
