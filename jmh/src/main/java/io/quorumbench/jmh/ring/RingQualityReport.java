package io.quorumbench.jmh.ring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quorumbench.api.ring.ConsistentHashRing;
import io.quorumbench.conformance.ring.RingQuality;
import io.quorumbench.jmh.Mode;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Placement quality of every ring, written as {@code ring-quality.json} and {@code ring-quality.md}:
 * what a placement costs besides lookup time.
 * <ul>
 *   <li><b>balance</b>: most keys on one node / mean keys per node, {@value #KEYS} {@code long}
 *       keys on {@value #NODES} nodes ({@link RingQuality#balance}); 1.0 is perfect. A ring's
 *       balance depends on its node names as much as on its design (at 160 points per node the
 *       max/mean of 100 random name sets spreads from about 1.13 to 1.33), so beside the figure for
 *       {@code node-0..99} the report gives the median and the worst over {@value #NAME_SETS}
 *       other name sets ({@code set<s>-node-<i>}).</li>
 *   <li><b>moved on remove</b>: fraction of the keys whose owner changes when node
 *       {@value #REMOVED_NODE} (neither the first nor the last added, which matters for jump hash)
 *       leaves, next to the ideal {@code 1/n}, and keys that moved between two surviving nodes
 *       (0 for a minimal-disruption placement) ({@link RingQuality#movedFractionOnRemove}).</li>
 *   <li><b>moved on add</b>: the same when node {@code node-100} joins ({@link RingQuality#movedFractionOnAdd}).</li>
 *   <li><b>retained bytes</b>: heap held by a ring of 100 and 1000 nodes, measured, not estimated:
 *       heap used (MemoryMXBean) after {@value #GC_PASSES} {@code System.gc()} passes with the ring
 *       reachable, minus the same before it was built; median over the builds below.
 *       It includes the node-name strings the ring holds. It needs a JVM where {@code System.gc()}
 *       collects (not {@code -XX:+DisableExplicitGC}); a sample that comes out negative is
 *       reported as measured, not hidden.</li>
 *   <li><b>build time</b>: adding 100 or 1000 nodes one by one to an empty ring, median of
 *       several builds (5 and 1 in quick mode, 7 and 3 in full) after one 100-node warm-up build;
 *       a wall-clock figure, not a JMH measurement, so only its order of magnitude is robust.</li>
 * </ul>
 *
 * <p><b>Threading</b>: runs on the calling thread; measures heap, so nothing else should run in
 * the JVM meanwhile.
 */
public final class RingQualityReport
{
    /** Keys placed for balance and movement. */
    public static final int KEYS = 1_000_000;

    /** Nodes in the ring for balance and movement. */
    public static final int NODES = 100;

    /** Seed of the keys. */
    public static final long SEED = 42L;

    /** The node removed in the movement figure. */
    public static final String REMOVED_NODE = "node-37";

    /** Other sets of node names the balance is also measured on. */
    public static final int NAME_SETS = 20;

    /** {@code System.gc()} passes before each heap reading. */
    public static final int GC_PASSES = 3;

    /** Ring sizes for retained bytes and build time. */
    static final int[] SIZES = { 100, 1000 };

    /** Builds per ring size in quick mode (a 1000-node Maglev build takes seconds). */
    static final int[] QUICK_SAMPLES = { 5, 1 };

    /** Builds per ring size in full mode. */
    static final int[] FULL_SAMPLES = { 7, 3 };

    private final Mode mode;
    private final int[] samples;

    /**
     * A report over every placement in {@link RingImpl}.
     *
     * @param mode quick takes fewer build samples of the 1000-node rings.
     */
    public RingQualityReport(final Mode mode)
    {
        this.mode = mode;
        this.samples = samples(mode);
    }

    private static int[] samples(final Mode mode)
    {
        return mode == Mode.FULL ? FULL_SAMPLES : QUICK_SAMPLES;
    }

    /**
     * The report's settings, recorded in the run context.
     *
     * @return ordered settings.
     */
    public static Map<String, String> settings(final Mode mode)
    {
        final int[] samples = samples(mode);
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ringQuality.keys", Integer.toString(KEYS));
        settings.put("ringQuality.nodes", Integer.toString(NODES));
        settings.put("ringQuality.seed", Long.toString(SEED));
        settings.put("ringQuality.removedNode", REMOVED_NODE);
        settings.put("ringQuality.balanceNameSets", NAME_SETS + " sets of " + NODES + " names set<s>-node-<i>: median and max");
        settings.put("ringQuality.retainedBytes", "MemoryMXBean heap used after " + GC_PASSES +
            "x System.gc() with the ring reachable minus before its build; median of the builds below");
        settings.put("ringQuality.buildTime", "median wall-clock of " + samples[0] + " (100 nodes) / " + samples[1] +
            " (1000 nodes) builds after one 100-node warm-up build, nodes added one by one");
        return settings;
    }

    /**
     * Measure every placement and write {@code ring-quality.json} and {@code ring-quality.md}.
     *
     * @param outDir run directory.
     * @param mapper JSON writer.
     * @param out    where to print progress and the table.
     * @throws IOException if a file cannot be written.
     */
    public void write(final Path outDir, final ObjectMapper mapper, final PrintStream out) throws IOException
    {
        out.println("ring quality: " + KEYS + " keys, " + NODES + " nodes, every placement ...");
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (final RingImpl impl : RingImpl.values())
        {
            rows.add(measure(impl));
        }

        final Map<String, Object> report = new LinkedHashMap<>();
        report.put("keys", KEYS);
        report.put("nodes", NODES);
        report.put("seed", SEED);
        report.put("removedNode", REMOVED_NODE);
        report.put("addedNode", RingImpl.nodeName(NODES));
        report.put("method", settings(mode));
        report.put("placements", rows);
        mapper.writeValue(outDir.resolve("ring-quality.json").toFile(), report);

        final String table = markdown(rows);
        Files.writeString(outDir.resolve("ring-quality.md"), table, StandardCharsets.UTF_8);
        out.print(table);
    }

    /**
     * Every figure for one placement.
     *
     * @param impl the placement.
     * @return an ordered map, one element of {@code placements} in the JSON.
     */
    Map<String, Object> measure(final RingImpl impl)
    {
        final List<String> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++)
        {
            nodes.add(RingImpl.nodeName(i));
        }
        final ConsistentHashRing ring = impl.newRing(NODES);

        final Map<String, Object> row = new LinkedHashMap<>();
        row.put("impl", impl.id());
        row.put("placement", ring.placement());
        row.put("balance", RingQuality.balance(ring, KEYS, SEED));
        row.put("balanceOverNameSets", balanceOverNameSets(impl));
        row.put("remove", movement(RingQuality.movedFractionOnRemove(() -> impl.newEmptyRing(NODES + 1), nodes, REMOVED_NODE, KEYS, SEED)));
        row.put("add", movement(RingQuality.movedFractionOnAdd(
            () -> impl.newEmptyRing(NODES + 1), nodes, RingImpl.nodeName(NODES), KEYS, SEED)));

        // Warm the add path with the small size first so the JIT has compiled it before anything is timed.
        impl.newRing(SIZES[0]);
        final Map<String, Object> retained = new LinkedHashMap<>();
        final Map<String, Object> buildMs = new LinkedHashMap<>();
        for (int s = 0; s < SIZES.length; s++)
        {
            final long[] figures = retainedAndBuild(impl, SIZES[s], samples[s]);
            retained.put(Integer.toString(SIZES[s]), figures[0]);
            buildMs.put(Integer.toString(SIZES[s]), figures[1] / 1e6);
        }
        row.put("retainedBytes", retained);
        row.put("buildMs", buildMs);
        return row;
    }

    /**
     * Balance of the placement on {@value #NAME_SETS} other sets of node names.
     *
     * @param impl the placement.
     * @return {@code sets}, {@code median}, {@code max} and every value in {@code values}.
     */
    static Map<String, Object> balanceOverNameSets(final RingImpl impl)
    {
        final double[] values = new double[NAME_SETS];
        for (int set = 0; set < NAME_SETS; set++)
        {
            final ConsistentHashRing ring = impl.newEmptyRing(NODES + 1);
            for (int i = 0; i < NODES; i++)
            {
                ring.addNode("set" + set + "-" + RingImpl.nodeName(i));
            }
            values[set] = RingQuality.balance(ring, KEYS, SEED);
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("sets", NAME_SETS);
        map.put("median", (sorted[(NAME_SETS - 1) / 2] + sorted[NAME_SETS / 2]) / 2);
        map.put("max", sorted[NAME_SETS - 1]);
        map.put("values", values);
        return map;
    }

    private static Map<String, Object> movement(final RingQuality.Movement m)
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("moved", m.moved());
        map.put("ideal", m.ideal());
        map.put("movedOverIdeal", m.movedOverIdeal());
        map.put("changedNodeShare", m.changedNodeShare());
        map.put("movedBetweenSurvivors", m.movedBetweenSurvivors());
        return map;
    }

    /**
     * Build rings of {@code size} nodes {@code samples} times; for each, the wall-clock build time and
     * the heap it retains (used after {@value #GC_PASSES} {@code System.gc()} with the ring
     * reachable, minus the same before the build).
     *
     * @return {@code {median retained bytes, median build nanoseconds}}.
     */
    static long[] retainedAndBuild(final RingImpl impl, final int size, final int samples)
    {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        final long[] retained = new long[samples];
        final long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++)
        {
            final long before = usedAfterGc(memory);
            final long start = System.nanoTime();
            final ConsistentHashRing ring = impl.newRing(size);
            nanos[i] = System.nanoTime() - start;
            final long after = usedAfterGc(memory);
            if (ring.size() != size)
            {
                throw new IllegalStateException(impl.id() + ": a built ring has " + ring.size() + " members, not " + size);
            }
            // Keep the ring reachable until the second reading, or the collector may take it first.
            Reference.reachabilityFence(ring);
            retained[i] = after - before;
        }
        return new long[]{ median(retained), median(nanos) };
    }

    private static long usedAfterGc(final MemoryMXBean memory)
    {
        for (int i = 0; i < GC_PASSES; i++)
        {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static long median(final long[] values)
    {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * The report as a markdown table.
     *
     * @param rows placements as measured by {@link #measure}.
     * @return the table with a heading line and a short legend.
     */
    @SuppressWarnings("unchecked")
    static String markdown(final List<Map<String, Object>> rows)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("## Ring placement quality (").append(KEYS).append(" keys, ").append(NODES).append(" nodes)\n\n");
        sb.append("| impl | placement | balance max/mean | balance, ").append(NAME_SETS)
            .append(" name sets: median / max | moved on remove (ideal) | between survivors | moved on add (ideal) |" +
            " retained 100 / 1000 nodes | build 100 / 1000 nodes |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (final Map<String, Object> row : rows)
        {
            final Map<String, Object> remove = (Map<String, Object>)row.get("remove");
            final Map<String, Object> add = (Map<String, Object>)row.get("add");
            final Map<String, Object> retained = (Map<String, Object>)row.get("retainedBytes");
            final Map<String, Object> build = (Map<String, Object>)row.get("buildMs");
            final Map<String, Object> sets = (Map<String, Object>)row.get("balanceOverNameSets");
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f / %.3f | %.4f (%.4f) | %d | %.4f (%.4f) | %s / %s | %.2f / %.2f ms |%n",
                row.get("impl"), row.get("placement"), (Double)row.get("balance"),
                (Double)sets.get("median"), (Double)sets.get("max"),
                (Double)remove.get("moved"), (Double)remove.get("ideal"), (Long)remove.get("movedBetweenSurvivors"),
                (Double)add.get("moved"), (Double)add.get("ideal"),
                bytes((Long)retained.get("100")), bytes((Long)retained.get("1000")),
                (Double)build.get("100"), (Double)build.get("1000")));
        }
        sb.append("\nbalance: most keys on one node / mean (1.0 perfect), nodes node-0..").append(NODES - 1)
            .append("; name sets: the same on other node names, which move a random ring's balance as much as its design. moved: fraction of keys whose owner changed " +
            "when ").append(REMOVED_NODE).append(" left / node-").append(NODES).append(" joined; ideal 1/n. between survivors: " +
            "keys that moved between two nodes present before and after (0 = minimal disruption). retained: heap after " +
            "System.gc(), median of the builds. build: median wall-clock, nodes added one by one.\n");
        return sb.toString();
    }

    private static String bytes(final long bytes)
    {
        if (Math.abs(bytes) >= 1 << 20)
        {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double)(1 << 20));
        }
        if (Math.abs(bytes) >= 1 << 10)
        {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / (double)(1 << 10));
        }
        return bytes + " B";
    }
}
