package io.quorumbench.jmh.raft;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quorumbench.jmh.BenchmarkSuite;
import io.quorumbench.jmh.Mode;
import io.quorumbench.jmh.Target;
import io.quorumbench.jmh.consensus.ConsensusBenchSettings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Raft suite: commit latency and throughput through 3-node clusters (the shared benchmarks of
 * {@code io.quorumbench.jmh.consensus} with {@code protocol=raft}), log append per fsync policy,
 * AppendEntries codec; tuned and baseline in one run.
 *
 * <h2>Quick mode</h2>
 * {@code fsync=none}, {@code window=256}, {@code entries=16}; every log policy. About 3-4 minutes
 * on 2 cores (14 configurations, much of the time in forks and cluster start-up; 133 s in a smoke
 * check on a loaded 2-core machine).
 *
 * <h2>Targets</h2>
 * For the tuned {@code lockfree} implementation, {@code fsync=none}: commit throughput at a window
 * of 256 at least {@value #MIN_THROUGHPUT_SPEEDUP}x the baseline's in the same run; median commit
 * latency of one command at most {@value #MEDIAN_LATENCY_US} µs; no allocation in steady state
 * ({@code gc.alloc.rate.norm}) on the commit paths (at most {@value #CLUSTER_ZERO_ALLOC_BYTES} B/op),
 * the log append and the codec (at most {@value #ZERO_ALLOC_BYTES} B/op). The cluster bound is
 * looser because JMH's GC profiler counts every thread of the JVM, and the Aeron client and media
 * driver threads allocate a little now and then (timers, status) whatever the load: at tens of
 * thousands of commits per second that is a small fraction of a byte per commit, while one
 * allocation per commit would be at least 16 B/op.
 *
 * <p>Allocation is gated on the throughput benchmark, not the latency one: the latency benchmark
 * runs in JMH's SampleTime mode, whose own sample bookkeeping (a {@code TreeMap} of boxed values,
 * built inside the measured iteration) allocates a few bytes per operation. An async-profiler
 * allocation profile of that benchmark found no steady-state allocation on the cluster's threads;
 * the same benchmark in AverageTime mode measured 0.72 B/op. Its {@code gc.alloc.rate.norm} is
 * still recorded in {@code jmh.json}.
 */
public final class RaftSuite implements BenchmarkSuite
{
    /** Target: tuned commits/s divided by baseline commits/s, same run. */
    public static final double MIN_THROUGHPUT_SPEEDUP = 10.0;

    /** Target: tuned median commit latency of one command, µs. */
    public static final double MEDIAN_LATENCY_US = 20.0;

    /** Target: {@code gc.alloc.rate.norm} of the tuned cluster benchmarks that counts as none, B/op. */
    public static final double CLUSTER_ZERO_ALLOC_BYTES = 1.0;

    /** Target: {@code gc.alloc.rate.norm} of the tuned single-thread benchmarks that counts as none, B/op. */
    public static final double ZERO_ALLOC_BYTES = 0.1;

    /** Window the throughput targets are stated at. */
    public static final String TARGET_WINDOW = "256";

    /** Entries per frame the codec targets are stated at. */
    public static final String TARGET_ENTRIES = "16";

    /** The protocol this suite runs the shared commit benchmarks for. */
    public static final String PROTOCOL = "raft";

    private static final String PACKAGE = "io.quorumbench.jmh.raft.";
    private static final String THROUGHPUT = "io.quorumbench.jmh.consensus.CommitThroughputBenchmark.commit";
    private static final String LATENCY = "io.quorumbench.jmh.consensus.CommitLatencyBenchmark.commit";
    private static final String APPEND = PACKAGE + "RaftLogAppendBenchmark.append";
    private static final String ENCODE = PACKAGE + "RaftCodecBenchmark.encode";
    private static final String DECODE = PACKAGE + "RaftCodecBenchmark.decode";
    private static final String LOCKFREE = "lockfree";

    /**
     * The Raft suite.
     */
    public RaftSuite()
    {
    }

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return "raft";
    }

    /**
     * {@inheritDoc}
     */
    public List<String> includes()
    {
        return List.of("^io\\.quorumbench\\.jmh\\.raft\\.", "^io\\.quorumbench\\.jmh\\.consensus\\.");
    }

    /**
     * The shared commit benchmarks run for Raft.
     */
    public Map<String, String[]> params()
    {
        return Map.of("protocol", new String[]{ PROTOCOL });
    }

    /**
     * Quick mode: no fsync in the clusters, one window, one frame size; all log policies.
     */
    public Map<String, String[]> quickParams()
    {
        final Map<String, String[]> params = new LinkedHashMap<>();
        params.put("fsync", new String[]{ "none" });
        params.put("window", new String[]{ TARGET_WINDOW });
        params.put("entries", new String[]{ TARGET_ENTRIES });
        return params;
    }

    /**
     * {@inheritDoc}
     */
    public List<Target> targets()
    {
        return List.of(
            target("raft.commit.throughput.speedup", "tuned vs baseline commits/s, window 256, fsync none", THROUGHPUT,
                clusterParams(true), Target.Check.SPEEDUP_AT_LEAST, MIN_THROUGHPUT_SPEEDUP, "x"),
            target("raft.commit.latency.median", "tuned median commit latency, one in flight, fsync none", LATENCY,
                clusterParams(false), Target.Check.MEDIAN_AT_MOST, MEDIAN_LATENCY_US, "us/op"),
            target("raft.commit.throughput.alloc", "tuned cluster allocates nothing per commit (window)", THROUGHPUT,
                clusterParams(true), Target.Check.ALLOC_AT_MOST, CLUSTER_ZERO_ALLOC_BYTES, "B/op"),
            target("raft.log.append.alloc", "tuned log append allocates nothing, fsync none", APPEND,
                params("policy", "none"), Target.Check.ALLOC_AT_MOST, ZERO_ALLOC_BYTES, "B/op"),
            target("raft.codec.encode.alloc", "tuned AppendEntries encode allocates nothing, 16 entries", ENCODE,
                params("entries", TARGET_ENTRIES), Target.Check.ALLOC_AT_MOST, ZERO_ALLOC_BYTES, "B/op"),
            target("raft.codec.decode.alloc", "tuned AppendEntries decode allocates nothing, 16 entries", DECODE,
                params("entries", TARGET_ENTRIES), Target.Check.ALLOC_AT_MOST, ZERO_ALLOC_BYTES, "B/op"));
    }

    /**
     * Where the benchmarks write logs and what that storage is: fsync costs depend on it.
     */
    public Map<String, String> reportSettings(final Mode mode)
    {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("raft.data.dir", Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString());
        settings.put("raft.data.fileSystem", ConsensusBenchSettings.dataFileSystem());
        settings.put("raft.nodes", String.valueOf(ConsensusBenchSettings.NODES));
        settings.put("raft.commandBytes", String.valueOf(ConsensusBenchSettings.command().length));
        settings.put("raft.electionTimeoutMs", ConsensusBenchSettings.ELECTION_TIMEOUT_MIN_MS + ".." + ConsensusBenchSettings.ELECTION_TIMEOUT_MAX_MS);
        settings.put("raft.heartbeatIntervalMs", String.valueOf(ConsensusBenchSettings.HEARTBEAT_INTERVAL_MS));
        settings.put("raft.transport.baseline", "tcp-loopback");
        settings.put("raft.transport.lockfree", "aeron-ipc");
        settings.put("raft.log.batchGroup", String.valueOf(RaftLogAppendBenchmark.GROUP));
        return settings;
    }

    /**
     * The Raft suite has no reports besides JMH's.
     */
    public void writeReports(final Path outDir, final Mode mode, final ObjectMapper mapper, final PrintStream out)
    {
    }

    private static Map<String, String> clusterParams(final boolean withWindow)
    {
        final Map<String, String> params = params("fsync", "none");
        params.put("protocol", PROTOCOL);
        if (withWindow)
        {
            params.put("window", TARGET_WINDOW);
        }
        return params;
    }

    private static Map<String, String> params(final String name, final String value)
    {
        final Map<String, String> params = new LinkedHashMap<>();
        params.put(Target.IMPL, LOCKFREE);
        params.put(name, value);
        return params;
    }

    private static Target target(
        final String name,
        final String description,
        final String benchmark,
        final Map<String, String> params,
        final Target.Check check,
        final double threshold,
        final String unit)
    {
        return new Target(name, description, benchmark, params, check, threshold, unit);
    }
}
