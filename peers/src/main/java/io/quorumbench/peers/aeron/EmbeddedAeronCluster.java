package io.quorumbench.peers.aeron;

import io.aeron.Aeron;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.service.Cluster;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.peers.EmbeddedPeerCluster;
import io.quorumbench.peers.PeerSupport;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
final class EmbeddedAeronCluster extends EmbeddedPeerCluster<AeronClusterMember>
{
    private static final System.Logger LOG = System.getLogger(EmbeddedAeronCluster.class.getName());
    private static final int PORTS_PER_MEMBER = 5;
    private static final AtomicLong INSTANCES = new AtomicLong();

    private final AeronClusterSettings tuning;
    private final String aeronDirPrefix;
    private final int[] ports;
    private final String clusterMembers;
    private final String ingressEndpoints;
    private final ErrorHandler errorHandler;
    private MediaDriver clientDriver;
    private Aeron clientAeron;

    private EmbeddedAeronCluster(final Implementation implementation, final ClusterContext settings)
    {
        super(implementation, settings);
        this.tuning = AeronClusterSettings.of(settings);
        // shared memory under /dev/shm when there is one, as Aeron's own default does
        final String shm = Path.of("/dev/shm").toFile().isDirectory() ? "/dev/shm" : System.getProperty("java.io.tmpdir");
        this.aeronDirPrefix = shm + "/qb-aeron-cluster-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
        this.ports = PeerSupport.freePorts(PORTS_PER_MEMBER * memberCount());
        final StringBuilder membersText = new StringBuilder();
        final StringBuilder ingress = new StringBuilder();
        for (int i = 0; i < memberCount(); i++)
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
        // refuse bad options before anything is created
        settings.conclude();
        settings.checkOptions(implementation);
        AeronClusterSettings.of(settings);
        final EmbeddedAeronCluster cluster = new EmbeddedAeronCluster(implementation, settings);
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
        startAll();
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

    /** {@inheritDoc} */
    @Override
    protected AeronClusterMember startMember(final int nodeId, final boolean recover)
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
    protected ClientSession newSession(final int sessionIndex)
    {
        return new AeronClusterSession(clientAeron, ingressEndpoints, tuning.ingressTermLength(),
            settings.maxCommandLength(), settings.maxInFlight(), settings.operationTimeoutNs());
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> context()
    {
        final Map<String, Object> context = baseContext("aeron-udp-loopback (a media driver per member, one for the client)",
            " (not applied: the archive's file sync level stays at Aeron's default, 0 = no fsync)");
        context.put("aeron.version", ClusteredMediaDriver.class.getPackage().getImplementationVersion());
        context.putAll(tuning.describe());
        context.put("client", "one AeronCluster per session; requests unanswered after " +
            TimeUnit.NANOSECONDS.toMillis(settings.operationTimeoutNs()) + " ms are unknown, never resent");
        return context;
    }

    /** {@inheritDoc} */
    @Override
    protected String stopModel(final boolean restart)
    {
        return restart ? "in-process relaunch of the member on its cluster and archive directories" :
            "in-process stop of the member (service, consensus module, archive, driver closed at once)";
    }

    /** {@inheritDoc} */
    @Override
    protected long leadingTerm(final AeronClusterMember member)
    {
        return member.role() == Cluster.Role.LEADER ? member.leadershipTermId() : -1;
    }

    /** {@inheritDoc} */
    @Override
    protected void stopMember(final AeronClusterMember member)
    {
        CloseHelper.quietClose(member);
    }

    /** {@inheritDoc} */
    @Override
    protected void releaseClient()
    {
        CloseHelper.quietCloseAll(clientAeron, clientDriver);
    }
}
