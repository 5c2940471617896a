package io.quorumbench.jmh.paxos;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quorumbench.api.paxos.PaxosOptions;
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
 * The Multi-Paxos suite: commit throughput and latency through 3-node clusters over batch × window
 * ({@link PaxosBatchThroughputBenchmark}, {@link PaxosBatchLatencyBenchmark}), accept and promise codecs
 * ({@link PaxosCodecBenchmark}), acceptor log append per fsync policy ({@link PaxosLogAppendBenchmark});
 * tuned and baseline in one run.
 *
 * <h2>Quick mode</h2>
 * {@code fsync=none}, client {@code window=1024}, {@code batch} 1 and adaptive, {@code slots=256}, the
 * accept frame, log policy {@code none}: 14 configurations, about 4 minutes on 2 cores (most of it forks
 * and cluster start-up).
 *
 * <h2>Targets</h2>
 * For the tuned {@code lockfree} implementation, {@code fsync=none}, 1024 commands in flight, a Paxos
 * window of {@value #TARGET_SLOTS} slots:
 * <ul>
 *   <li>batching: adaptive batches at least {@value #MIN_BATCHING_SPEEDUP}x the commits/s of one command
 *       per slot ({@code batch=1}), same window, same run;</li>
 *   <li>tuned at least {@value #MIN_THROUGHPUT_SPEEDUP}x the baseline's commits/s (both adaptive), same run;</li>
 *   <li>median commit latency of one command at most {@value #MEDIAN_LATENCY_US} µs;</li>
 *   <li>no allocation in steady state ({@code gc.alloc.rate.norm}): the commit path at most
 *       {@value #CLUSTER_ZERO_ALLOC_BYTES} B/op (JMH's GC profiler counts the Aeron threads too, see
 *       {@code RaftSuite}), the accept codec and the log append at most {@value #ZERO_ALLOC_BYTES} B/op.</li>
 * </ul>
 */
public final class PaxosSuite implements BenchmarkSuite
{
    /** Target: tuned commits/s with adaptive batches divided by tuned commits/s with batch=1, same run. */
    public static final double MIN_BATCHING_SPEEDUP = 10.0;

    /** Target: tuned commits/s divided by baseline commits/s, same run. */
    public static final double MIN_THROUGHPUT_SPEEDUP = 10.0;

    /** Target: tuned median commit latency of one command, µs. */
    public static final double MEDIAN_LATENCY_US = 25.0;

    /** Target: {@code gc.alloc.rate.norm} of the tuned cluster benchmarks that counts as none, B/op. */
    public static final double CLUSTER_ZERO_ALLOC_BYTES = 1.0;

    /** Target: {@code gc.alloc.rate.norm} of the tuned single-thread benchmarks that counts as none, B/op. */
    public static final double ZERO_ALLOC_BYTES = 0.1;

    /** Paxos window the targets are stated at. */
    public static final String TARGET_SLOTS = "256";

    /** Client commands in flight the throughput targets are stated at. */
    public static final String TARGET_WINDOW = "1024";

    private static final String PACKAGE = "io.quorumbench.jmh.paxos.";
    private static final String THROUGHPUT = PACKAGE + "PaxosBatchThroughputBenchmark.commit";
    private static final String LATENCY = PACKAGE + "PaxosBatchLatencyBenchmark.commit";
    private static final String APPEND = PACKAGE + "PaxosLogAppendBenchmark.append";
    private static final String ENCODE = PACKAGE + "PaxosCodecBenchmark.encode";
    private static final String DECODE = PACKAGE + "PaxosCodecBenchmark.decode";
    private static final String LOCKFREE = "lockfree";
    private static final String BATCH = PaxosOptions.BATCH_OPTION;

    /**
     * The Paxos suite.
     */
    public PaxosSuite()
    {
    }

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return PaxosKnobs.PROTOCOL;
    }

    /**
     * {@inheritDoc}
     */
    public List<String> includes()
    {
        return List.of("^io\\.quorumbench\\.jmh\\.paxos\\.");
    }

    /**
     * Quick mode: no fsync in the clusters, one client window, batch 1 and adaptive at one Paxos window;
     * the accept frame; the log without fsync.
     */
    public Map<String, String[]> quickParams()
    {
        final Map<String, String[]> params = new LinkedHashMap<>();
        params.put("fsync", new String[]{ "none" });
        params.put("window", new String[]{ TARGET_WINDOW });
        params.put(BATCH, new String[]{ "1", PaxosOptions.ADAPTIVE });
        params.put("slots", new String[]{ TARGET_SLOTS });
        params.put("message", new String[]{ "accept" });
        params.put("policy", new String[]{ "none" });
        return params;
    }

    /**
     * {@inheritDoc}
     */
    public List<Target> targets()
    {
        final Map<String, String> adaptive = clusterParams(true);
        return List.of(
            new Target("paxos.batching.throughput.speedup", "tuned commits/s, adaptive batches vs batch=1, window 256 slots, " +
                "1024 in flight, fsync none", THROUGHPUT, adaptive, Target.Check.SPEEDUP_AT_LEAST, MIN_BATCHING_SPEEDUP, "x",
                Map.of(BATCH, "1")),
            new Target("paxos.commit.throughput.speedup", "tuned vs baseline commits/s, adaptive batches, window 256 slots, " +
                "1024 in flight, fsync none", THROUGHPUT, adaptive, Target.Check.SPEEDUP_AT_LEAST, MIN_THROUGHPUT_SPEEDUP, "x"),
            new Target("paxos.commit.latency.median", "tuned median commit latency, one in flight, fsync none", LATENCY,
                clusterParams(false), Target.Check.MEDIAN_AT_MOST, MEDIAN_LATENCY_US, "us/op"),
            new Target("paxos.commit.throughput.alloc", "tuned cluster allocates nothing per commit (adaptive, 1024 in flight)",
                THROUGHPUT, adaptive, Target.Check.ALLOC_AT_MOST, CLUSTER_ZERO_ALLOC_BYTES, "B/op"),
            new Target("paxos.log.append.alloc", "tuned acceptor log append allocates nothing, fsync none", APPEND,
                params("policy", "none"), Target.Check.ALLOC_AT_MOST, ZERO_ALLOC_BYTES, "B/op"),
            new Target("paxos.codec.encode.alloc", "tuned accept encode allocates nothing", ENCODE,
                params("message", "accept"), Target.Check.ALLOC_AT_MOST, ZERO_ALLOC_BYTES, "B/op"),
            new Target("paxos.codec.decode.alloc", "tuned accept decode allocates nothing", DECODE,
                params("message", "accept"), Target.Check.ALLOC_AT_MOST, ZERO_ALLOC_BYTES, "B/op"));
    }

    /**
     * Where the benchmarks write logs and what that storage is: fsync costs depend on it.
     */
    public Map<String, String> reportSettings(final Mode mode)
    {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("paxos.data.dir", Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString());
        settings.put("paxos.data.fileSystem", ConsensusBenchSettings.dataFileSystem());
        settings.put("paxos.nodes", String.valueOf(ConsensusBenchSettings.NODES));
        settings.put("paxos.commandBytes", String.valueOf(ConsensusBenchSettings.command().length));
        settings.put("paxos.transport.baseline", "tcp-loopback");
        settings.put("paxos.transport.lockfree", "aeron-ipc");
        settings.put("paxos.codec.commandsPerSlot", String.valueOf(PaxosCodecBenchmark.COMMANDS));
        settings.put("paxos.codec.promiseSlots", String.valueOf(PaxosCodecBenchmark.PROMISE_SLOTS));
        settings.put("paxos.log.batchGroup", String.valueOf(PaxosLogAppendBenchmark.GROUP));
        return settings;
    }

    /**
     * The Paxos suite has no reports besides JMH's.
     */
    public void writeReports(final Path outDir, final Mode mode, final ObjectMapper mapper, final PrintStream out)
    {
    }

    private static Map<String, String> clusterParams(final boolean throughput)
    {
        final Map<String, String> params = params("fsync", "none");
        params.put(BATCH, PaxosOptions.ADAPTIVE);
        params.put("slots", TARGET_SLOTS);
        if (throughput)
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
}
