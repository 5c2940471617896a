package io.quorumbench.peers.aeron;

import io.aeron.Aeron;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.service.Cluster;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.fault.FaultAction;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.peers.PeerSupport;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;

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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An Aeron Cluster of {@code nodes} {@link AeronClusterMember}s in this process, talking over
 * loopback UDP (each member has its own media driver, as separate hosts would), with a client
 * media driver of its own and one {@link AeronClusterSession} per sender.
 *
 * <p>Faults: {@code kill} closes the member's service container, consensus module, archive and
 * driver (Aeron's close: the member stops at once, its peers see it fall silent; not a process
 * crash), {@code restart} launches it again on its cluster and archive directories, so it recovers
 * and catches up from its log. Pause and partition are not offered: Aeron Cluster has no public
 * API to cut a member's links without changing its code.
 *
 * <p><b>Threading</b>: control and faults from the controlling or monitor thread; sessions as
 * {@link AeronClusterSession}.
 */
final class EmbeddedAeronCluster implements EmbeddedCluster
{
    private static final System.Logger LOG = System.getLogger(EmbeddedAeronCluster.class.getName());
    private static final int PORTS_PER_MEMBER = 5;
    private static final AtomicLong INSTANCES = new AtomicLong();

    private final Implementation implementation;
    private final ClusterContext settings;
    private final AeronClusterSettings tuning;
    private final Path baseDir;
    private final boolean ownsBaseDir;
    private final String aeronDirPrefix;
    private final int[] members;
    private final int[] ports;
    private final String clusterMembers;
    private final String ingressEndpoints;
    private final Map<Integer, AeronClusterMember> running = new ConcurrentHashMap<>();
    private final List<AeronClusterSession> sessions = new ArrayList<>();
    private final ErrorHandler errorHandler;
    private MediaDriver clientDriver;
    private Aeron clientAeron;
    private boolean closed;

    private EmbeddedAeronCluster(
        final Implementation implementation, final ClusterContext settings, final Path baseDir, final boolean ownsBaseDir)
    {
        this.implementation = implementation;
        this.settings = settings;
        this.tuning = AeronClusterSettings.of(settings);
        this.baseDir = baseDir;
        this.ownsBaseDir = ownsBaseDir;
        this.members = new int[settings.nodes()];
        for (int i = 0; i < members.length; i++)
        {
            members[i] = i + 1;
        }
        // shared memory under /dev/shm when there is one, as Aeron's own default does
        final String shm = Path.of("/dev/shm").toFile().isDirectory() ? "/dev/shm" : System.getProperty("java.io.tmpdir");
        this.aeronDirPrefix = shm + "/qb-aeron-cluster-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
        this.ports = PeerSupport.freePorts(PORTS_PER_MEMBER * members.length);
        final StringBuilder membersText = new StringBuilder();
        final StringBuilder ingress = new StringBuilder();
        for (int i = 0; i < members.length; i++)
        {
            final String host = PeerSupport.LOOPBACK + ":";
            membersText.append(membersText.length() == 0 ? "" : "|").append(i)
                .append(',').append(host).append(port(i, 0))
                .append(',').append(host).append(port(i, 1))
                .append(',').append(host).append(port(i, 2))
                .append(',').append(host).append(port(i, 3))
                .append(',').append(host).append(port(i, 4));
            ingress.append(ingress.length() == 0 ? "" : ",").append(i).append('=').append(host).append(port(i, 0));
        }
        this.clusterMembers = membersText.toString();
        this.ingressEndpoints = ingress.toString();
        this.errorHandler = (throwable) -> LOG.log(System.Logger.Level.DEBUG, "aeron-cluster: " + throwable, throwable);
    }

    private int port(final int memberIndex, final int which)
    {
        return ports[memberIndex * PORTS_PER_MEMBER + which];
    }

    /**
     * Start the members and the client driver, wait for the first leader.
     *
     * @param implementation the pair.
     * @param settings       the settings; concluded and checked here.
     * @return the running cluster.
     */
    static EmbeddedAeronCluster launch(final Implementation implementation, final ClusterContext settings)
    {
        settings.conclude();
        settings.checkOptions(implementation);
        AeronClusterSettings.of(settings);
        final Path baseDir = PeerSupport.baseDir(implementation, settings);
        final EmbeddedAeronCluster cluster = new EmbeddedAeronCluster(implementation, settings, baseDir,
            null == settings.dataDir());
        try
        {
            cluster.start();
            return cluster;
        }
        catch (final RuntimeException ex)
        {
            cluster.close();
            throw ex;
        }
    }

    private void start()
    {
        for (final int id : members)
        {
            running.put(id, launchMember(id));
        }
        clientDriver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDirPrefix + "-client")
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(AeronClusterMember.newIdleStrategy())
            .termBufferSparseFile(true)
            .errorHandler(errorHandler));
        clientAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(clientDriver.aeronDirectoryName())
            .errorHandler(errorHandler));
        awaitLeader(TimeUnit.MILLISECONDS.toNanos(AeronClusterSettings.leaderTimeoutMs(settings)));
    }

    private AeronClusterMember launchMember(final int nodeId)
    {
        final int memberIndex = nodeId - 1;
        return AeronClusterMember.launch(memberIndex, clusterMembers, port(memberIndex, 4),
            baseDir.resolve("node-" + nodeId), aeronDirPrefix + "-node-" + nodeId, tuning, stateMachine(),
            settings.maxCommandLength(), errorHandler);
    }

    private StateMachine stateMachine()
    {
        return settings.stateMachine() == StateMachineKind.KV ? new KvStateMachine() : settings.stateMachine().create();
    }

    /** {@inheritDoc} */
    @Override
    public int awaitLeader(final long timeoutNs)
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
    public ClientSession openSession(final int sessionIndex)
    {
        if (closed)
        {
            throw new IllegalStateException("cluster closed");
        }
        final AeronClusterSession session = new AeronClusterSession(clientAeron, ingressEndpoints,
            tuning.ingressTermLength(), settings.maxCommandLength(), settings.maxInFlight(), settings.operationTimeoutNs());
        synchronized (sessions)
        {
            sessions.add(session);
        }
        return session;
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> context()
    {
        final Map<String, Object> context = new LinkedHashMap<>();
        context.put("implementation", implementation.impl());
        context.put("protocol", implementation.protocol().id());
        context.put("transport", "aeron-udp-loopback (a media driver per member, one for the client)");
        context.put("nodes", members.length);
        context.put("fsyncPolicy", settings.fsyncPolicy().name().toLowerCase(Locale.ROOT) +
            " (not applied: the archive's file sync level stays at Aeron's default, 0 = no fsync)");
        context.put("dataDir", PeerSupport.describe(baseDir));
        context.put("aeron.version", ClusteredMediaDriver.class.getPackage().getImplementationVersion());
        context.putAll(tuning.describe());
        context.put("client", "one AeronCluster per session; requests unanswered after " +
            TimeUnit.NANOSECONDS.toMillis(settings.operationTimeoutNs()) + " ms are unknown, never resent");
        return context;
    }

    /** {@inheritDoc} */
    @Override
    public Set<FaultAction> supportedFaults()
    {
        return EnumSet.of(FaultAction.KILL_LEADER, FaultAction.KILL, FaultAction.RESTART);
    }

    /** {@inheritDoc} */
    @Override
    public String faultModel(final FaultAction action)
    {
        return switch (action)
        {
            case KILL, KILL_LEADER -> "in-process stop of the member (service, consensus module, archive, driver closed at once)";
            case RESTART -> "in-process relaunch of the member on its cluster and archive directories";
            default -> "not supported: Aeron Cluster has no public API to pause or cut one member in-process";
        };
    }

    /** {@inheritDoc} */
    @Override
    public int[] members()
    {
        return members.clone();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The running member whose service was last told it leads, in the highest leadership term.
     */
    @Override
    public int leaderId()
    {
        int leader = -1;
        long term = -2;
        for (final int id : members)
        {
            final AeronClusterMember member = running.get(id);
            if (null != member && member.role() == Cluster.Role.LEADER && member.leadershipTermId() > term)
            {
                leader = id;
                term = member.leadershipTermId();
            }
        }
        return leader;
    }

    /** {@inheritDoc} */
    @Override
    public void kill(final int nodeId)
    {
        checkMember(nodeId);
        final AeronClusterMember member = running.remove(nodeId);
        if (null != member)
        {
            member.close();
        }
    }

    /** {@inheritDoc} */
    @Override
    public void restart(final int nodeId)
    {
        checkMember(nodeId);
        if (!running.containsKey(nodeId))
        {
            running.put(nodeId, launchMember(nodeId));
        }
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
    public void pause(final int nodeId)
    {
        throw new UnsupportedOperationException(faultModel(FaultAction.PAUSE));
    }

    /** {@inheritDoc} */
    @Override
    public void resume(final int nodeId)
    {
        throw new UnsupportedOperationException(faultModel(FaultAction.RESUME));
    }

    /** {@inheritDoc} */
    @Override
    public void partition(final int[] nodeIds)
    {
        throw new UnsupportedOperationException(faultModel(FaultAction.PARTITION));
    }

    /** {@inheritDoc} */
    @Override
    public void heal()
    {
        throw new UnsupportedOperationException(faultModel(FaultAction.HEAL));
    }

    /** Close the sessions, the client, every member, and delete the data if asked. Idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        synchronized (sessions)
        {
            sessions.forEach(AeronClusterSession::close);
            sessions.clear();
        }
        CloseHelper.quietCloseAll(clientAeron, clientDriver);
        for (final AeronClusterMember member : running.values())
        {
            CloseHelper.quietClose(member);
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
