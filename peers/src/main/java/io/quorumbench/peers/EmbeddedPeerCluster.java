package io.quorumbench.peers;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.fault.FaultAction;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.Implementation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * @param <M> a running member as the engine has it.
 */
public abstract class EmbeddedPeerCluster<M> implements EmbeddedCluster
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
    private final Map<Integer, M> running = new ConcurrentHashMap<>();
    private final List<ClientSession> sessions = new ArrayList<>();
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
     * Start one member on its data directory.
     *
     * @param nodeId  the member.
     * @param recover false the first time, true for a restart.
     * @return the running member.
     */
    protected abstract M startMember(int nodeId, boolean recover);

    /**
     * Stop one member at once.
     *
     * @param member the member.
     */
    protected abstract void stopMember(M member);

    /**
     * The term in which a running member says it leads.
     *
     * @param member the member.
     * @return its term if it says it leads, else a negative number.
     */
    protected abstract long leadingTerm(M member);

    /**
     * A new session of the engine's client.
     *
     * @param sessionIndex the owner's index.
     * @return the session.
     */
    protected abstract ClientSession newSession(int sessionIndex);

    /**
     * Release what the client side holds besides its sessions (a client driver); called once by
     * {@link #close()} after the sessions are closed, before the members are stopped.
     */
    protected abstract void releaseClient();

    /** {@inheritDoc} */
    @Override
    public final ClientSession openSession(final int sessionIndex)
    {
        if (closed)
        {
            throw new IllegalStateException("cluster closed");
        }
        final ClientSession session = newSession(sessionIndex);
        synchronized (sessions)
        {
            sessions.add(session);
        }
        return session;
    }

    /**
     * The context entries every peer records.
     *
     * @param transport how the members talk.
     * @param fsync     what the fsync policy became in the engine.
     * @return an ordered map to add the engine's own entries to.
     */
    protected final Map<String, Object> baseContext(final String transport, final String fsync)
    {
        final Map<String, Object> context = new LinkedHashMap<>();
        context.put("implementation", implementation.impl());
        context.put("protocol", implementation.protocol().id());
        context.put("transport", transport);
        context.put("nodes", members.length);
        context.put("fsyncPolicy", settings.fsyncPolicy().name().toLowerCase(Locale.ROOT) + fsync);
        context.put("dataDir", PeerSupport.describe(baseDir));
        return context;
    }

    /**
     * Start every member.
     */
    protected final void startAll()
    {
        for (final int id : members)
        {
            running.put(id, startMember(id, false));
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The running member that says it leads in the highest term (a cut-off old leader may still think it does).
     */
    @Override
    public final int leaderId()
    {
        int leader = -1;
        long term = -1;
        for (final int id : members)
        {
            final M member = running.get(id);
            final long leading = null == member ? -1 : leadingTerm(member);
            if (leading > term)
            {
                leader = id;
                term = leading;
            }
        }
        return leader;
    }

    /** {@inheritDoc} */
    @Override
    public final void kill(final int nodeId)
    {
        checkMember(nodeId);
        final M member = running.remove(nodeId);
        if (null != member)
        {
            stopMember(member);
        }
    }

    /** {@inheritDoc} */
    @Override
    public final void restart(final int nodeId)
    {
        checkMember(nodeId);
        if (!running.containsKey(nodeId))
        {
            running.put(nodeId, startMember(nodeId, true));
        }
    }

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

    private void checkMember(final int nodeId)
    {
        if (nodeId < 1 || nodeId > members.length)
        {
            throw new IllegalArgumentException("no node " + nodeId + " in " + implementation.id() + " cluster of " +
                members.length);
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
        synchronized (sessions)
        {
            sessions.forEach(ClientSession::close);
            sessions.clear();
        }
        releaseClient();
        for (final M member : running.values())
        {
            stopMember(member);
        }
        running.clear();
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
