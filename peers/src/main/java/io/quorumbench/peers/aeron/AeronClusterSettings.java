package io.quorumbench.peers.aeron;

import io.quorumbench.api.registry.ClusterContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Aeron Cluster tuning this harness sets, from a {@link ClusterContext}'s options with
 * small-machine defaults: term lengths far below Aeron's (its log channel defaults to 64 MiB terms
 * per member), archive segments to match, and a leader heartbeat timeout near the election timeouts
 * of the other Raft implementations measured here (Aeron's default is 10 s, which would make every
 * fail-over measurement a measurement of that constant). Everything is recorded in the run context
 * ({@link #describe()}).
 *
 * @param logTermLength             term length of the log channel, bytes.
 * @param ingressTermLength         term length of the ingress channel, bytes.
 * @param archiveSegmentLength      archive segment file length, bytes.
 * @param leaderHeartbeatTimeoutNs  how long followers wait for the leader before an election.
 * @param leaderHeartbeatIntervalNs how often an idle leader heartbeats.
 * @param electionTimeoutNs         how long an election phase may take.
 * @param sessionTimeoutNs          how long a silent client session lives.
 */
record AeronClusterSettings(
    int logTermLength,
    int ingressTermLength,
    int archiveSegmentLength,
    long leaderHeartbeatTimeoutNs,
    long leaderHeartbeatIntervalNs,
    long electionTimeoutNs,
    long sessionTimeoutNs)
{
    /** Option: log term length. */
    static final String LOG_TERM_LENGTH_OPTION = "logTermLength";
    /** Option: ingress term length. */
    static final String INGRESS_TERM_LENGTH_OPTION = "ingressTermLength";
    /** Option: leader heartbeat timeout, ms. */
    static final String LEADER_HEARTBEAT_TIMEOUT_MS_OPTION = "leaderHeartbeatTimeoutMs";
    /** Option: how long to wait for the first leader, ms. */
    static final String LEADER_TIMEOUT_MS_OPTION = "leaderTimeoutMs";

    private static final int LOG_TERM_LENGTH_DEFAULT = 1 << 20;
    private static final int INGRESS_TERM_LENGTH_DEFAULT = 128 << 10;
    private static final long LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT = 1_000;
    private static final long LEADER_TIMEOUT_MS_DEFAULT = 30_000;

    /**
     * @return the options and what each does, for {@code Implementation.options()}.
     */
    static Map<String, String> descriptions()
    {
        final Map<String, String> options = new LinkedHashMap<>();
        options.put(LOG_TERM_LENGTH_OPTION, "term length of the log channel, bytes, a power of two >= 65536 (default " +
            LOG_TERM_LENGTH_DEFAULT + "; Aeron's own default is 64 MiB)");
        options.put(INGRESS_TERM_LENGTH_OPTION, "term length of the ingress channel, bytes, a power of two >= 65536 (default " +
            INGRESS_TERM_LENGTH_DEFAULT + ")");
        options.put(LEADER_HEARTBEAT_TIMEOUT_MS_OPTION, "followers start an election after this long without the leader, ms " +
            "(default " + LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT + "; Aeron's own default is 10000)");
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
    static AeronClusterSettings of(final ClusterContext context)
    {
        final int logTermLength = termLength(context, LOG_TERM_LENGTH_OPTION, LOG_TERM_LENGTH_DEFAULT);
        final int ingressTermLength = termLength(context, INGRESS_TERM_LENGTH_OPTION, INGRESS_TERM_LENGTH_DEFAULT);
        final long heartbeatTimeoutMs = positive(context, LEADER_HEARTBEAT_TIMEOUT_MS_OPTION, LEADER_HEARTBEAT_TIMEOUT_MS_DEFAULT);
        final long intervalNs = TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(200, heartbeatTimeoutMs / 5)));
        return new AeronClusterSettings(
            logTermLength,
            ingressTermLength,
            // the archive's segments must hold whole terms; 16 terms keeps the file count low
            Math.max(16 * logTermLength, 16 << 20),
            TimeUnit.MILLISECONDS.toNanos(heartbeatTimeoutMs),
            intervalNs,
            TimeUnit.SECONDS.toNanos(1),
            TimeUnit.SECONDS.toNanos(10));
    }

    /**
     * How long to wait for the first leader.
     *
     * @param context the cluster's settings.
     * @return ms.
     */
    static long leaderTimeoutMs(final ClusterContext context)
    {
        return positive(context, LEADER_TIMEOUT_MS_OPTION, LEADER_TIMEOUT_MS_DEFAULT);
    }

    private static int termLength(final ClusterContext context, final String key, final int defaultValue)
    {
        final long value = positive(context, key, defaultValue);
        if (value < 65_536 || value > 1 << 30 || Long.bitCount(value) != 1)
        {
            throw new IllegalArgumentException("option " + key + " must be a power of two in 65536..2^30, got " + value);
        }
        return (int)value;
    }

    private static long positive(final ClusterContext context, final String key, final long defaultValue)
    {
        final String text = context.optionOrDefault(key, Long.toString(defaultValue));
        final long value;
        try
        {
            value = Long.parseLong(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("option " + key + " must be a number, got '" + text + "'", ex);
        }
        if (value <= 0)
        {
            throw new IllegalArgumentException("option " + key + " must be > 0, got " + value);
        }
        return value;
    }

    /**
     * The settings for a run's context: what Aeron was told, and what it left at its defaults.
     *
     * @return ordered entries.
     */
    Map<String, Object> describe()
    {
        final Map<String, Object> context = new LinkedHashMap<>();
        context.put("aeron.driverThreading", "SHARED (one agent thread per member's driver)");
        context.put("aeron.archiveThreading", "SHARED");
        context.put("aeron.agentThreadsPerMember", 4);
        context.put("aeron.idleStrategy", "BackoffIdleStrategy (Agrona defaults: spin, yield, park 1 us..1 ms) for every agent");
        context.put("aeron.termBufferSparseFile", true);
        context.put("aeron.logTermLength", logTermLength);
        context.put("aeron.ingressTermLength", ingressTermLength);
        context.put("aeron.archiveSegmentLength", archiveSegmentLength);
        context.put("aeron.leaderHeartbeatTimeoutMs", TimeUnit.NANOSECONDS.toMillis(leaderHeartbeatTimeoutNs));
        context.put("aeron.leaderHeartbeatIntervalMs", TimeUnit.NANOSECONDS.toMillis(leaderHeartbeatIntervalNs));
        context.put("aeron.electionTimeoutMs", TimeUnit.NANOSECONDS.toMillis(electionTimeoutNs));
        context.put("aeron.sessionTimeoutMs", TimeUnit.NANOSECONDS.toMillis(sessionTimeoutNs));
        // What the load targets bound a leader kill by (load.failover.unavailability): Aeron's
        // followers start an election once the leader's heartbeats stop for this long.
        context.put("electionTimeoutMaxNs", leaderHeartbeatTimeoutNs);
        context.put("aeron.aeronDir", "one per member and one for the client, deleted on start and on shutdown");
        context.put("aeron.snapshots", "none (a restarted member replays its archived log)");
        return context;
    }
}
