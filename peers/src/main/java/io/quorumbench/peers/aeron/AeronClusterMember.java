package io.quorumbench.peers.aeron;

import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.peers.PeerSupport;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.NoOpLock;

import java.io.File;
import java.nio.file.Path;

/**
 * One Aeron Cluster member in this process: its own media driver (SHARED threading, sparse term
 * buffers, its own Aeron directory deleted on start and on shutdown), archive (SHARED threading),
 * consensus module and one clustered service container running {@link KvClusteredService}, the
 * contexts set as Aeron's cluster sample ({@code io.aeron.samples.cluster.ClusterConfig}) does, with
 * the small-machine settings of {@link AeronClusterSettings}. Four agent threads: driver, archive,
 * consensus module, service.
 *
 * <p><b>Threading</b>: start and close from the controlling thread; {@link #role()} from any.
 */
final class AeronClusterMember implements AutoCloseable
{
    private static final String ARCHIVE_LOCAL_CONTROL = "aeron:ipc?term-length=64k";

    private final int memberId;
    private final KvClusteredService service;
    private final ClusteredMediaDriver driver;
    private final ClusteredServiceContainer container;

    private AeronClusterMember(
        final int memberId, final KvClusteredService service, final ClusteredMediaDriver driver,
        final ClusteredServiceContainer container)
    {
        this.memberId = memberId;
        this.service = service;
        this.driver = driver;
        this.container = container;
    }

    /**
     * Launch a member; its cluster and archive directories are kept across launches (a restart
     * recovers from them), its Aeron directory is not.
     *
     * @param memberId       Aeron's member id, 0-based.
     * @param clusterMembers Aeron's cluster members string for every member.
     * @param archivePort    this member's archive control port (loopback UDP).
     * @param memberDir      the member's data directory.
     * @param aeronDir       the member's Aeron directory.
     * @param settings       the tuning.
     * @param stateMachine   a fresh application.
     * @param maxCommandLength largest command, bytes.
     * @param errorHandler   where the member's components report errors.
     * @return the running member.
     */
    static AeronClusterMember launch(
        final int memberId,
        final String clusterMembers,
        final int archivePort,
        final Path memberDir,
        final String aeronDir,
        final AeronClusterSettings settings,
        final StateMachine stateMachine,
        final int maxCommandLength,
        final ErrorHandler errorHandler)
    {
        final String host = PeerSupport.LOOPBACK;
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(newIdleStrategy())
            .termBufferSparseFile(true)
            .errorHandler(errorHandler);

        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(memberDir.resolve("archive").toFile())
            .controlChannel("aeron:udp?endpoint=" + host + ":" + archivePort)
            .archiveClientContext(new AeronArchive.Context().controlResponseChannel("aeron:udp?endpoint=" + host + ":0"))
            .localControlChannel(ARCHIVE_LOCAL_CONTROL)
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(AeronClusterMember::newIdleStrategy)
            .segmentFileLength(settings.archiveSegmentLength())
            .archiveId(memberId)
            .errorHandler(errorHandler);

        final AeronArchive.Context localArchive = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(ARCHIVE_LOCAL_CONTROL)
            .controlRequestStreamId(archiveContext.localControlStreamId())
            .controlResponseChannel(ARCHIVE_LOCAL_CONTROL)
            .aeronDirectoryName(aeronDir);

        final File clusterDir = memberDir.resolve("cluster").toFile();
        final ConsensusModule.Context consensusContext = new ConsensusModule.Context()
            .clusterMemberId(memberId)
            .clusterMembers(clusterMembers)
            .clusterDir(clusterDir)
            .archiveContext(localArchive.clone())
            .ingressChannel("aeron:udp?term-length=" + settings.ingressTermLength())
            .logChannel("aeron:udp?term-length=" + settings.logTermLength())
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .leaderHeartbeatTimeoutNs(settings.leaderHeartbeatTimeoutNs())
            .leaderHeartbeatIntervalNs(settings.leaderHeartbeatIntervalNs())
            .electionTimeoutNs(settings.electionTimeoutNs())
            .sessionTimeoutNs(settings.sessionTimeoutNs())
            .idleStrategySupplier(AeronClusterMember::newIdleStrategy)
            .errorHandler(errorHandler);

        final KvClusteredService service = new KvClusteredService(stateMachine, maxCommandLength);
        final ClusteredServiceContainer.Context serviceContext = new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(localArchive.clone())
            .clusterDir(clusterDir)
            .clusteredService(service)
            .serviceId(0)
            .idleStrategySupplier(AeronClusterMember::newIdleStrategy)
            .errorHandler(errorHandler);

        ClusteredMediaDriver driver = null;
        try
        {
            driver = ClusteredMediaDriver.launch(driverContext, archiveContext, consensusContext);
            final ClusteredServiceContainer container = ClusteredServiceContainer.launch(serviceContext);
            return new AeronClusterMember(memberId, service, driver, container);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    /**
     * The idle strategy of every agent: Agrona's back-off (spin, yield, then park up to 1 ms), as
     * Aeron's docs advise where the agents share fewer cores than they number.
     *
     * @return a new strategy.
     */
    static BackoffIdleStrategy newIdleStrategy()
    {
        return new BackoffIdleStrategy();
    }

    /**
     * @return Aeron's member id, 0-based.
     */
    int memberId()
    {
        return memberId;
    }

    /**
     * @return the role the member's service was last told.
     */
    Cluster.Role role()
    {
        return service.role();
    }

    /**
     * @return the latest leadership term the member's service saw.
     */
    long leadershipTermId()
    {
        return service.leadershipTermId();
    }

    /** Close the service container, then the consensus module, archive and driver. */
    @Override
    public void close()
    {
        CloseHelper.closeAll(container, driver);
    }
}
