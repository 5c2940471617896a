package io.quorumbench.jmh.ring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quorumbench.jmh.BenchmarkSuite;
import io.quorumbench.jmh.Mode;
import io.quorumbench.jmh.Target;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ring suite: lookup, hash-only and churn benchmarks, the placement quality report and the
 * lookup targets.
 *
 * <h2>Targets</h2>
 * At 100 nodes, for the tuned {@code lockfree} ring ({@link io.quorumbench.lockfree.ring.ArrayRing}
 * with xxHash): lookup mean at most {@value #LONG_KEY_NS} ns (long key) and {@value #STRING_KEY_NS} ns
 * (string key), at least {@value #MIN_SPEEDUP}x faster than the baseline in the same run, and
 * {@value #ZERO_ALLOC_BYTES} B/op or less of {@code gc.alloc.rate.norm}. The allocation bound is
 * not zero because JMH's allocation accounting divides a few bytes of per-iteration
 * infrastructure allocation (and TLAB-retire rounding) by the operation count; a real allocation
 * on the lookup path is at least 16 B/op, far above it.
 */
public final class RingSuite implements BenchmarkSuite
{
    /** Target: lookup mean for a long key at 100 nodes, ns/op. */
    public static final double LONG_KEY_NS = 15.0;

    /** Target: lookup mean for a string key at 100 nodes, ns/op. */
    public static final double STRING_KEY_NS = 45.0;

    /** Target: baseline mean / tuned mean in the same run. */
    public static final double MIN_SPEEDUP = 8.0;

    /** Target: {@code gc.alloc.rate.norm} that counts as "no allocation", B/op. */
    public static final double ZERO_ALLOC_BYTES = 0.1;

    /** Node count the targets are stated at. */
    public static final String TARGET_NODES = "100";

    private static final String LOOKUP = "io.quorumbench.jmh.ring.RingLookupBenchmark.lookup";

    /**
     * The ring suite.
     */
    public RingSuite()
    {
    }

    /**
     * {@inheritDoc}
     */
    public String name()
    {
        return "ring";
    }

    /**
     * {@inheritDoc}
     */
    public List<String> includes()
    {
        return List.of("^io\\.quorumbench\\.jmh\\.ring\\.");
    }

    /**
     * Quick mode measures the target configuration (100 nodes) only, both key types, every placement.
     */
    public Map<String, String[]> quickParams()
    {
        final Map<String, String[]> params = new LinkedHashMap<>();
        params.put("nodes", new String[]{ TARGET_NODES });
        return params;
    }

    /**
     * {@inheritDoc}
     */
    public List<Target> targets()
    {
        return List.of(
            lookupTarget("ring.lookup.long.latency", "tuned lookup, long key, 100 nodes", "long",
                Target.Check.SCORE_AT_MOST, LONG_KEY_NS, "ns/op"),
            lookupTarget("ring.lookup.string.latency", "tuned lookup, string key, 100 nodes", "string",
                Target.Check.SCORE_AT_MOST, STRING_KEY_NS, "ns/op"),
            lookupTarget("ring.lookup.long.speedup", "tuned vs baseline lookup, long key, 100 nodes", "long",
                Target.Check.SPEEDUP_AT_LEAST, MIN_SPEEDUP, "x"),
            lookupTarget("ring.lookup.string.speedup", "tuned vs baseline lookup, string key, 100 nodes", "string",
                Target.Check.SPEEDUP_AT_LEAST, MIN_SPEEDUP, "x"),
            lookupTarget("ring.lookup.long.alloc", "tuned lookup allocates nothing, long key", "long",
                Target.Check.ALLOC_AT_MOST, ZERO_ALLOC_BYTES, "B/op"),
            lookupTarget("ring.lookup.string.alloc", "tuned lookup allocates nothing, string key", "string",
                Target.Check.ALLOC_AT_MOST, ZERO_ALLOC_BYTES, "B/op"));
    }

    /**
     * {@inheritDoc}
     */
    public Map<String, String> reportSettings(final Mode mode)
    {
        return RingQualityReport.settings(mode);
    }

    /**
     * {@inheritDoc}
     */
    public void writeReports(final Path outDir, final Mode mode, final ObjectMapper mapper, final PrintStream out)
        throws IOException
    {
        new RingQualityReport(mode).write(outDir, mapper, out);
    }

    private static Target lookupTarget(
        final String name,
        final String description,
        final String keyType,
        final Target.Check check,
        final double threshold,
        final String unit)
    {
        final Map<String, String> params = new LinkedHashMap<>();
        params.put(Target.IMPL, RingImpl.LOCKFREE.id());
        params.put("nodes", TARGET_NODES);
        params.put("keyType", keyType);
        return new Target(name, description, LOOKUP, params, check, threshold, unit);
    }
}
