package io.quorumbench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One benchmark configuration's result as read back from JMH's JSON output ({@code jmh.json}):
 * the fields targets and comparison tables need, nothing more. The JSON file keeps everything else
 * (raw per-iteration data, percentiles, JVM arguments).
 *
 * @param benchmark  fully qualified {@code class.method} (or {@code class.group}) name.
 * @param mode       JMH mode, e.g. {@code avgt}.
 * @param threads    threads that ran it.
 * @param params     {@code @Param} values, in JMH's order.
 * @param score      primary score.
 * @param scoreError half-width of JMH's 99.9% confidence interval; NaN when too few iterations.
 * @param unit       unit of the primary score, e.g. {@code ns/op}.
 * @param allocBytesPerOp {@code gc.alloc.rate.norm} in B/op, NaN if the GC profiler did not run.
 * @param allocError      error of {@code gc.alloc.rate.norm}, NaN when unknown.
 * @param secondary  every secondary score by name (group members, profiler outputs).
 * @param secondaryUnits unit of each secondary score by name.
 * @param median     50th percentile of the primary metric in its unit, from JMH's {@code scorePercentiles}
 *                   (meaningful for sample-time mode, where JMH keeps every sample); NaN when absent.
 */
public record BenchmarkScore(
    String benchmark,
    String mode,
    int threads,
    Map<String, String> params,
    double score,
    double scoreError,
    String unit,
    double allocBytesPerOp,
    double allocError,
    Map<String, Double> secondary,
    Map<String, String> secondaryUnits,
    double median)
{
    /** Name of the GC profiler's normalised allocation rate. */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";

    /**
     * Takes unmodifiable copies of the maps.
     */
    public BenchmarkScore
    {
        Objects.requireNonNull(benchmark, "benchmark");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        secondary = Collections.unmodifiableMap(new LinkedHashMap<>(secondary));
        secondaryUnits = Collections.unmodifiableMap(new LinkedHashMap<>(secondaryUnits));
    }

    /**
     * A score without percentiles (median NaN), for modes that do not record them.
     *
     * @param benchmark       fully qualified name.
     * @param mode            JMH mode.
     * @param threads         threads.
     * @param params          {@code @Param} values.
     * @param score           primary score.
     * @param scoreError      its error.
     * @param unit            its unit.
     * @param allocBytesPerOp {@code gc.alloc.rate.norm}.
     * @param allocError      its error.
     * @param secondary       secondary scores.
     * @param secondaryUnits  their units.
     */
    public BenchmarkScore(
        final String benchmark,
        final String mode,
        final int threads,
        final Map<String, String> params,
        final double score,
        final double scoreError,
        final String unit,
        final double allocBytesPerOp,
        final double allocError,
        final Map<String, Double> secondary,
        final Map<String, String> secondaryUnits)
    {
        this(benchmark, mode, threads, params, score, scoreError, unit, allocBytesPerOp, allocError, secondary, secondaryUnits,
            Double.NaN);
    }

    /**
     * The simple {@code Class.method} name, for tables.
     *
     * @return the benchmark name without its package.
     */
    public String shortName()
    {
        // Group members are named class.group:method; the dot search must not look past the colon.
        final int colon = benchmark.indexOf(':');
        final int method = benchmark.lastIndexOf('.', colon < 0 ? benchmark.length() : colon);
        final int cls = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(cls + 1);
    }

    /**
     * Whether this result is for {@code benchmark} with every one of {@code wanted} params.
     *
     * @param benchmarkName fully qualified name, or a suffix of it starting at a class name (e.g. {@code RingLookupBenchmark.lookup}).
     * @param wanted        params that must match exactly; others are free.
     * @return true if it matches.
     */
    public boolean matches(final String benchmarkName, final Map<String, String> wanted)
    {
        if (!benchmark.equals(benchmarkName) && !benchmark.endsWith("." + benchmarkName))
        {
            return false;
        }
        for (final Map.Entry<String, String> e : wanted.entrySet())
        {
            if (!e.getValue().equals(params.get(e.getKey())))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Read every result of a JMH JSON result file.
     *
     * @param jmhJson path of the file written with {@code -rf json}.
     * @param mapper  JSON mapper to use.
     * @return results in file order.
     * @throws IOException if the file cannot be read or is not a JMH JSON array.
     */
    public static List<BenchmarkScore> read(final Path jmhJson, final ObjectMapper mapper) throws IOException
    {
        final JsonNode root = mapper.readTree(jmhJson.toFile());
        if (null == root || !root.isArray())
        {
            throw new IOException(jmhJson + " is not a JMH JSON result array");
        }
        final List<BenchmarkScore> scores = new ArrayList<>();
        for (final JsonNode node : root)
        {
            final BenchmarkScore score = parse(node);
            scores.add(score);
            scores.addAll(groupMembers(score));
        }
        return scores;
    }

    /**
     * For a {@code @Group} benchmark, one score per member method ({@code churn:read},
     * {@code churn:write}): JMH reports them as secondary metrics in the primary unit, and the
     * group's own primary score mixes them. Members carry no allocation figure: the GC profiler
     * measures the whole group.
     *
     * @param score a parsed result.
     * @return the member scores, empty for a benchmark that is not a group.
     */
    static List<BenchmarkScore> groupMembers(final BenchmarkScore score)
    {
        final List<BenchmarkScore> members = new ArrayList<>();
        for (final Map.Entry<String, Double> e : score.secondary().entrySet())
        {
            // Profiler metrics are dotted (gc.alloc.rate); group members are plain method names.
            if (e.getKey().indexOf('.') < 0 && score.unit().equals(score.secondaryUnits().get(e.getKey())))
            {
                members.add(new BenchmarkScore(score.benchmark() + ":" + e.getKey(), score.mode(), score.threads(),
                    score.params(), e.getValue(), Double.NaN, score.unit(), Double.NaN, Double.NaN, Map.of(), Map.of(), Double.NaN));
            }
        }
        return members;
    }

    /**
     * Parse one element of a JMH JSON result array.
     *
     * @param node the element.
     * @return the score.
     * @throws IOException if a required field is missing.
     */
    static BenchmarkScore parse(final JsonNode node) throws IOException
    {
        final JsonNode primary = node.get("primaryMetric");
        if (null == primary || !node.hasNonNull("benchmark"))
        {
            throw new IOException("JMH result without benchmark or primaryMetric: " + node);
        }
        final Map<String, String> params = new LinkedHashMap<>();
        final JsonNode paramsNode = node.get("params");
        if (null != paramsNode)
        {
            for (final Map.Entry<String, JsonNode> e : paramsNode.properties())
            {
                params.put(e.getKey(), e.getValue().asText());
            }
        }
        final Map<String, Double> secondary = new LinkedHashMap<>();
        final Map<String, String> secondaryUnits = new LinkedHashMap<>();
        double alloc = Double.NaN;
        double allocError = Double.NaN;
        final JsonNode secondaryNode = node.get("secondaryMetrics");
        if (null != secondaryNode)
        {
            for (final Map.Entry<String, JsonNode> e : secondaryNode.properties())
            {
                final double value = number(e.getValue().get("score"));
                secondary.put(e.getKey(), value);
                secondaryUnits.put(e.getKey(), e.getValue().path("scoreUnit").asText(""));
                if (ALLOC_NORM.equals(e.getKey()))
                {
                    alloc = value;
                    allocError = number(e.getValue().get("scoreError"));
                }
            }
        }

        return new BenchmarkScore(
            node.get("benchmark").asText(),
            node.path("mode").asText(""),
            node.path("threads").asInt(1),
            params,
            number(primary.get("score")),
            number(primary.get("scoreError")),
            primary.path("scoreUnit").asText(""),
            alloc,
            allocError,
            secondary,
            secondaryUnits,
            number(primary.path("scorePercentiles").get("50.0")));
    }

    /** JMH writes NaN and infinities as strings. */
    private static double number(final JsonNode node)
    {
        if (null == node || node.isNull())
        {
            return Double.NaN;
        }
        if (node.isNumber())
        {
            return node.asDouble();
        }
        try
        {
            return Double.parseDouble(node.asText());
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }
}
