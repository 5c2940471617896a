package io.quorumbench.peers;

import io.quorumbench.api.fault.FaultAction;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.Implementation;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What the peers' embedded clusters share: their members (1..N), their data directory and its
 * deletion on close, waiting for a leader, and the faults they offer — crash ({@code kill},
 * {@code kill-leader}) and {@code restart}, realised by each engine's own stop and relaunch — while
 * {@code pause}, {@code resume}, {@code partition} and {@code heal} are refused: neither engine has a
 * public API to cut one member's links in-process.
 *
 * <p><b>Threading</b>: control and faults from the controlling or monitor thread.
 */
public abstract class EmbeddedPeerCluster implements EmbeddedCluster
{
    private static final String NOT_SUPPORTED = "not supported: the engine has no public API to pause or cut one " +
        "member in-process";

    /** The pair. */
    protected final Implementation implementation;
    /** The settings, concluded. */
    protected final ClusterContext settings;
    /** Where the members' data directories ({@code node-N}) are. */
    protected final Path baseDir;
    private final boolean ownsBaseDir;
    private final int[] members;
    private boolean closed;

    /**
     * Conclude and check the settings and create the data directory.
     *
     * @param implementation the pair.
     * @param settings       the settings; concluded and checked against the pair's options here.
     */
    protected EmbeddedPeerCluster(final Implementation implementation, final ClusterContext settings)
    {
        settings.conclude();
        settings.checkOptions(implementation);
        this.implementation = implementation;
        this.settings = settings;
        this.members = new int[settings.nodes()];
        for (int i = 0; i < members.length; i++)
        {
            members[i] = i + 1;
        }
        this.ownsBaseDir = null == settings.dataDir();
        this.baseDir = PeerSupport.baseDir(implementation, settings);
    }

    /**
     * Stop every member and release what the cluster holds (sessions, clients, drivers); called once
     * by {@link #close()} before the data is deleted.
     */
    protected abstract void stopAll();

    /** {@inheritDoc} */
    @Override
    public final int[] members()
    {
        return members.clone();
    }

    /**
     * @return the member count.
     */
    protected final int memberCount()
    {
        return members.length;
    }

    /**
     * Refuse a node id that is not a member.
     *
     * @param nodeId the id.
     * @throws IllegalArgumentException naming the cluster's size.
     */
    protected final void checkMember(final int nodeId)
    {
        if (nodeId < 1 || nodeId > members.length)
        {
            throw new IllegalArgumentException("no node " + nodeId + " in " + implementation.id() + " cluster of " +
                members.length);
        }
    }

    /**
     * Refuse a new session on a closed cluster.
     *
     * @throws IllegalStateException if closed.
     */
    protected final void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("cluster closed");
        }
    }

    /** {@inheritDoc} */
    @Override
    public final int awaitLeader(final long timeoutNs)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (true)
        {
            final int leader = leaderId();
            if (leader >= 0)
            {
                return leader;
            }
            if (System.nanoTime() - deadlineNs >= 0)
            {
                throw new IllegalStateException(implementation.id() + ": no leader within " +
                    TimeUnit.NANOSECONDS.toMillis(timeoutNs) + " ms");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** {@inheritDoc} */
    @Override
    public final Set<FaultAction> supportedFaults()
    {
        return EnumSet.of(FaultAction.KILL_LEADER, FaultAction.KILL, FaultAction.RESTART);
    }

    /**
     * How the engine stops and relaunches a member.
     *
     * @param restart false for kill, true for restart.
     * @return the description.
     */
    protected abstract String stopModel(boolean restart);

    /** {@inheritDoc} */
    @Override
    public final String faultModel(final FaultAction action)
    {
        return switch (action)
        {
            case KILL, KILL_LEADER -> stopModel(false);
            case RESTART -> stopModel(true);
            default -> NOT_SUPPORTED;
        };
    }

    /** {@inheritDoc} */
    @Override
    public final void pause(final int nodeId)
    {
        throw new UnsupportedOperationException(NOT_SUPPORTED);
    }

    /** {@inheritDoc} */
    @Override
    public final void resume(final int nodeId)
    {
        throw new UnsupportedOperationException(NOT_SUPPORTED);
    }

    /** {@inheritDoc} */
    @Override
    public final void partition(final int[] nodeIds)
    {
        throw new UnsupportedOperationException(NOT_SUPPORTED);
    }

    /** {@inheritDoc} */
    @Override
    public final void heal()
    {
        throw new UnsupportedOperationException(NOT_SUPPORTED);
    }

    /** Stop everything and, unless the context says otherwise, delete the members' data. Idempotent. */
    @Override
    public final void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        stopAll();
        if (settings.deleteDataOnClose())
        {
            if (ownsBaseDir)
            {
                PeerSupport.deleteTree(baseDir);
            }
            else
            {
                for (final int id : members)
                {
                    PeerSupport.deleteTree(baseDir.resolve("node-" + id));
                }
            }
        }
    }
}
