package io.quorumbench.peers.ratis;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.registry.ClusterContext;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;

import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Apache Ratis keys this harness sets, from a {@link ClusterContext}: every key set is listed
 * by {@link #describe()} for the run context, everything else is Ratis's default.
 *
 * <ul>
 *   <li>Reads: {@code raft.server.read.option=LINEARIZABLE} always (read-only GETs are answered
 *       after a ReadIndex round; the DEFAULT option answers from the leader's state at once and can
 *       return stale values after a leader change); {@code reads=lease} also sets
 *       {@code raft.server.read.leader.lease.enabled=true}; {@code reads=log} sends GETs through the
 *       log like writes.</li>
 *   <li>Durability: {@code fsync none} sets {@code raft.server.log.unsafe-flush.enabled=true} (the
 *       flush index advances without waiting for the flush); {@code batch} and {@code always} keep
 *       Ratis's default forced flush before an entry counts.</li>
 *   <li>Size: {@code raft.server.log.segment.size.max=8MB} (default 32MB) for a small machine.</li>
 *   <li>Client: Ratis's defaults (its async window of 100 outstanding requests bounds the session's).</li>
 * </ul>
 *
 * @param reads         how GETs are served.
 * @param unsafeFlush   whether the log flush is not waited for.
 * @param segmentSizeMb log segment size, MiB.
 * @param leaderTimeoutMs how long launch waits for the first leader.
 */
record RatisSettings(Reads reads, boolean unsafeFlush, int segmentSizeMb, long leaderTimeoutMs)
{
    /** How GETs are served. */
    enum Reads
    {
        /** ReadIndex (Ratis LINEARIZABLE read option). */
        LINEARIZABLE,
        /** LINEARIZABLE with the leader lease (no round while the lease holds). */
        LEASE,
        /** Through the log, as writes. */
        LOG
    }

    /** Option: read mode. */
    static final String READS_OPTION = "reads";
    /** Option: how long to wait for the first leader, ms. */
    static final String LEADER_TIMEOUT_MS_OPTION = "leaderTimeoutMs";

    private static final int SEGMENT_SIZE_MB = 8;
    private static final long LEADER_TIMEOUT_MS_DEFAULT = 30_000;
    /** Ratis's default async window per client, which this harness keeps. */
    static final int CLIENT_WINDOW = RaftClientConfigKeys.Async.OUTSTANDING_REQUESTS_MAX_DEFAULT;

    /**
     * @return the options and what each does.
     */
    static Map<String, String> descriptions()
    {
        final Map<String, String> options = new LinkedHashMap<>();
        options.put(READS_OPTION, "how GETs are served: linearizable (ReadIndex, the default), lease (ReadIndex with " +
            "the leader lease) or log (through the log like writes)");
        options.put(LEADER_TIMEOUT_MS_OPTION, "how long launch waits for the first leader, ms (default " +
            LEADER_TIMEOUT_MS_DEFAULT + ")");
        return options;
    }

    /**
     * The settings a context asks for.
     *
     * @param context the cluster's settings.
     * @return the settings.
     * @throws IllegalArgumentException naming a bad option.
     */
    static RatisSettings of(final ClusterContext context)
    {
        final String readsText = context.optionOrDefault(READS_OPTION, "linearizable");
        final Reads reads;
        try
        {
            reads = Reads.valueOf(readsText.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("option " + READS_OPTION + " must be linearizable, lease or log, got '" +
                readsText + "'", ex);
        }
        final String timeoutText = context.optionOrDefault(LEADER_TIMEOUT_MS_OPTION, Long.toString(LEADER_TIMEOUT_MS_DEFAULT));
        final long leaderTimeoutMs;
        try
        {
            leaderTimeoutMs = Long.parseLong(timeoutText.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("option " + LEADER_TIMEOUT_MS_OPTION + " must be a number, got '" +
                timeoutText + "'", ex);
        }
        if (leaderTimeoutMs <= 0)
        {
            throw new IllegalArgumentException("option " + LEADER_TIMEOUT_MS_OPTION + " must be > 0, got " + leaderTimeoutMs);
        }
        return new RatisSettings(reads, context.fsyncPolicy() == FsyncPolicy.NONE, SEGMENT_SIZE_MB, leaderTimeoutMs);
    }

    /**
     * The server keys for one server.
     *
     * @param storageDir the server's storage directory.
     * @param port       its gRPC port.
     * @return the properties.
     */
    RaftProperties serverProperties(final File storageDir, final int port)
    {
        final RaftProperties properties = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(properties, List.of(storageDir));
        GrpcConfigKeys.Server.setPort(properties, port);
        RaftServerConfigKeys.Read.setOption(properties, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Read.setLeaderLeaseEnabled(properties, reads == Reads.LEASE);
        RaftServerConfigKeys.Log.setUnsafeFlushEnabled(properties, unsafeFlush);
        RaftServerConfigKeys.Log.setSegmentSizeMax(properties, SizeInBytes.valueOf(segmentSizeMb + "MB"));
        return properties;
    }

    /**
     * The client keys: none, Ratis's defaults. Its async window ({@value #CLIENT_WINDOW} outstanding
     * requests per client) is also the session's: with a window of 4,096 the client fell into retry
     * storms at 1,000 ops/s on 2 cores (every request timed out), with its default it keeps up.
     *
     * @return the properties.
     */
    RaftProperties clientProperties()
    {
        return new RaftProperties();
    }

    /**
     * The keys set, for the run context.
     *
     * @return ordered entries.
     */
    Map<String, Object> describe()
    {
        final Map<String, Object> context = new LinkedHashMap<>();
        context.put("ratis.rpc", "GRPC (Ratis's default; shaded in ratis-thirdparty)");
        context.put("ratis.reads", reads.name().toLowerCase(Locale.ROOT));
        context.put(RaftServerConfigKeys.Read.OPTION_KEY, RaftServerConfigKeys.Read.Option.LINEARIZABLE.name());
        context.put(RaftServerConfigKeys.Read.LEADER_LEASE_ENABLED_KEY, reads == Reads.LEASE);
        context.put(RaftServerConfigKeys.Log.UNSAFE_FLUSH_ENABLED_KEY, unsafeFlush);
        context.put(RaftServerConfigKeys.Log.SEGMENT_SIZE_MAX_KEY, segmentSizeMb + "MB");
        context.put(RaftClientConfigKeys.Async.OUTSTANDING_REQUESTS_MAX_KEY, CLIENT_WINDOW + " (default)");
        context.put("ratis.snapshots", "none (a restarted server replays its log)");
        context.put("ratis.defaults", "everything else, e.g. raft.server.rpc.timeout.min/max 150/300 ms");
        // The randomized election timeout, as the load targets read it (load.failover.unavailability).
        final RaftProperties defaults = new RaftProperties();
        context.put("electionTimeoutMinNs", RaftServerConfigKeys.Rpc.timeoutMin(defaults).toLong(TimeUnit.NANOSECONDS));
        context.put("electionTimeoutMaxNs", RaftServerConfigKeys.Rpc.timeoutMax(defaults).toLong(TimeUnit.NANOSECONDS));
        return context;
    }
}
