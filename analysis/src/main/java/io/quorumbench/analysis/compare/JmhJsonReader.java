package io.quorumbench.analysis.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads JMH's JSON result format ({@code -rf json}) including every fork's and iteration's raw
 * data ({@code primaryMetric.rawData}, one array per fork). JMH writes NaN as the string
 * {@code "NaN"}; it is accepted where JMH writes it (errors, profiler placeholders).
 *
 * <p>Strict about what a comparison needs: a missing benchmark name, mode, unit or raw data is an
 * error naming the file and the field ({@code [3].primaryMetric.rawData}), never a silent skip.
 */
public final class JmhJsonReader
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Benchmarks that moved, old class prefix to new, each with the parameter the move added and
     * its value for results recorded before: the Raft commit benchmarks became the
     * protocol-neutral {@code io.quorumbench.jmh.consensus} ones with a {@code protocol} parameter.
     * Reading old results under the new names keeps runs before and after the move comparable
     * (and the gate's committed reference valid).
     */
    private static final List<Renamed> RENAMED = List.of(
        new Renamed("io.quorumbench.jmh.raft.RaftCommitThroughputBenchmark.",
            "io.quorumbench.jmh.consensus.CommitThroughputBenchmark.", "protocol", "raft"),
        new Renamed("io.quorumbench.jmh.raft.RaftCommitLatencyBenchmark.",
            "io.quorumbench.jmh.consensus.CommitLatencyBenchmark.", "protocol", "raft"));

    private record Renamed(String oldPrefix, String newPrefix, String addedParam, String addedParamValue)
    {
    }

    private JmhJsonReader()
    {
    }

    /**
     * @param file a JMH JSON result file.
     * @return the results in file order.
     * @throws ResultFileException when the file is missing, not JSON, or lacks a needed field.
     */
    public static List<JmhResult> read(final Path file)
    {
        final JsonNode root = ResultFileException.readJson(file, MAPPER);
        if (null == root || !root.isArray())
        {
            throw new ResultFileException(file, "(root)", "expected a JSON array of JMH results");
        }
        final List<JmhResult> results = new ArrayList<>();
        for (int i = 0; i < root.size(); i++)
        {
            results.add(parseResult(file, "[" + i + "]", root.get(i)));
        }
        return results;
    }

    private static JmhResult parseResult(final Path file, final String at, final JsonNode node)
    {
        String benchmark = text(file, at + ".benchmark", node.get("benchmark"));
        final String mode = text(file, at + ".mode", node.get("mode"));
        final TreeMap<String, String> params = new TreeMap<>();
        final JsonNode paramsNode = node.get("params");
        if (null != paramsNode && !paramsNode.isNull())
        {
            if (!paramsNode.isObject())
            {
                throw new ResultFileException(file, at + ".params", "expected an object of parameter values");
            }
            paramsNode.properties().forEach((e) -> params.put(e.getKey(), e.getValue().asText()));
        }
        for (final Renamed renamed : RENAMED)
        {
            if (benchmark.startsWith(renamed.oldPrefix()))
            {
                benchmark = renamed.newPrefix() + benchmark.substring(renamed.oldPrefix().length());
                params.putIfAbsent(renamed.addedParam(), renamed.addedParamValue());
            }
        }
        final int threads = node.has("threads") ? node.get("threads").asInt(1) : 1;
        long measurementTimeNs = 0;
        final JsonNode time = node.get("measurementTime");
        if (null != time && time.isTextual())
        {
            try
            {
                measurementTimeNs = TimeUnits.parseDurationNs(time.asText());
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ResultFileException(file, at + ".measurementTime", ex.getMessage());
            }
        }
        final Metric primary = parseMetric(file, at + ".primaryMetric", "primary", node.get("primaryMetric"), true);
        final Map<String, Metric> secondary = new LinkedHashMap<>();
        final JsonNode secondaryNode = node.get("secondaryMetrics");
        if (null != secondaryNode && secondaryNode.isObject())
        {
            for (final Map.Entry<String, JsonNode> e : secondaryNode.properties())
            {
                // JMH before 1.33 prefixed profiler metrics with a middle dot ("\u00b7gc.alloc.rate.norm").
                final String name = e.getKey().startsWith("\u00b7") ? e.getKey().substring(1) : e.getKey();
                secondary.put(name, parseMetric(file, at + ".secondaryMetrics." + e.getKey(), name, e.getValue(), false));
            }
        }
        final String runSettings = String.format(java.util.Locale.ROOT, "forks=%s warmup=%sx%s measurement=%sx%s threads=%d",
            node.path("forks").asText("?"), node.path("warmupIterations").asText("?"), node.path("warmupTime").asText("?"),
            node.path("measurementIterations").asText("?"), node.path("measurementTime").asText("?"), threads);
        return new JmhResult(
            benchmark, mode, Collections.unmodifiableSortedMap(params), threads, measurementTimeNs,
            primary, Collections.unmodifiableMap(secondary), runSettings);
    }

    private static Metric parseMetric(
        final Path file, final String at, final String name, final JsonNode node, final boolean requireRaw)
    {
        if (null == node || !node.isObject())
        {
            throw new ResultFileException(file, at, "missing or not an object");
        }
        final String unit = text(file, at + ".scoreUnit", node.get("scoreUnit"));
        final double score = number(file, at + ".score", node.get("score"));
        final JsonNode errorNode = node.get("scoreError");
        final double error = null == errorNode ? Double.NaN : number(file, at + ".scoreError", errorNode);
        final JsonNode raw = node.get("rawData");
        final List<List<Double>> forks = new ArrayList<>();
        final JsonNode histogram = node.get("rawDataHistogram");
        if ((null == raw || !raw.isArray()) && null != histogram && histogram.isArray())
        {
            // SampleTime mode: JMH keeps a histogram of [value, count] pairs per iteration instead of
            // one value; an iteration's value is its mean, the same statistic as JMH's score.
            for (int f = 0; f < histogram.size(); f++)
            {
                final JsonNode fork = histogram.get(f);
                if (!fork.isArray())
                {
                    throw new ResultFileException(file, at + ".rawDataHistogram[" + f + "]", "expected an array of iterations");
                }
                final List<Double> values = new ArrayList<>(fork.size());
                for (int i = 0; i < fork.size(); i++)
                {
                    values.add(histogramMean(file, at + ".rawDataHistogram[" + f + "][" + i + "]", fork.get(i)));
                }
                forks.add(Collections.unmodifiableList(values));
            }
        }
        else if (null == raw || !raw.isArray())
        {
            if (requireRaw)
            {
                throw new ResultFileException(file, at + ".rawData", "missing: the comparison needs every iteration's value");
            }
        }
        else
        {
            for (int f = 0; f < raw.size(); f++)
            {
                final JsonNode fork = raw.get(f);
                if (!fork.isArray())
                {
                    throw new ResultFileException(file, at + ".rawData[" + f + "]", "expected an array of iteration values");
                }
                final List<Double> values = new ArrayList<>(fork.size());
                for (int i = 0; i < fork.size(); i++)
                {
                    values.add(number(file, at + ".rawData[" + f + "][" + i + "]", fork.get(i)));
                }
                forks.add(Collections.unmodifiableList(values));
            }
            if (requireRaw && forks.stream().allMatch(List::isEmpty))
            {
                throw new ResultFileException(file, at + ".rawData", "no iteration values");
            }
        }
        return new Metric(name, unit, score, error, Collections.unmodifiableList(forks));
    }

    private static double histogramMean(final Path file, final String at, final JsonNode iteration)
    {
        if (null == iteration || !iteration.isArray() || iteration.isEmpty())
        {
            throw new ResultFileException(file, at, "expected a non-empty array of [value, count] pairs");
        }
        double sum = 0;
        double count = 0;
        for (int j = 0; j < iteration.size(); j++)
        {
            final JsonNode pair = iteration.get(j);
            if (null == pair || !pair.isArray() || pair.size() != 2)
            {
                throw new ResultFileException(file, at + "[" + j + "]", "expected a [value, count] pair");
            }
            final double value = number(file, at + "[" + j + "][0]", pair.get(0));
            final double n = number(file, at + "[" + j + "][1]", pair.get(1));
            sum += value * n;
            count += n;
        }
        if (count <= 0)
        {
            throw new ResultFileException(file, at, "histogram holds no samples");
        }
        return sum / count;
    }

    private static String text(final Path file, final String at, final JsonNode node)
    {
        if (null == node || !node.isTextual() || node.asText().isEmpty())
        {
            throw new ResultFileException(file, at, "missing or not a non-empty string");
        }
        return node.asText();
    }

    private static double number(final Path file, final String at, final JsonNode node)
    {
        if (null != node && node.isNumber())
        {
            return node.asDouble();
        }
        if (null != node && node.isTextual())
        {
            final String s = node.asText();
            if ("NaN".equals(s) || "Infinity".equals(s) || "-Infinity".equals(s))
            {
                return Double.parseDouble(s);
            }
        }
        throw new ResultFileException(file, at, "missing or not a number");
    }
}
