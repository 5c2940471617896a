package io.quorumbench.loadgen.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One load generator scenario as written to {@code summary.json}. A summary file holds one
 * scenario object or an array of them. Fields read (others are ignored, so the writer may add):
 *
 * <pre>
 * {
 *   "scenario": "raft-put-128B",          required: matches scenarios across runs (with "impl")
 *   "impl": "lockfree",                   optional
 *   "unit": "us",                         required: unit of every latency below (ns, us, ms)
 *   "offeredRate": 20000,                 optional, requests/s scheduled
 *   "achievedRate": 19990.5,              optional, requests/s completed
 *   "behindSchedule": false,              optional, true if the generator fell behind its schedule
 *   "percentiles": {                      required
 *     "corrected": {"50": 81, "90": 120, "99": 410, "99.9": 900, "100": 2100},
 *     "raw":       {"50": 80, "99": 300}  measured from actual send time (coordinated omission!)
 *   },
 *   "maxSustainableRate": 45000,          optional, requests/s, from a sweep
 *   "sweep": [ {"offeredRate": 1000, "achievedRate": 1000, "p50": 70, "p99": 200, "p999": 400} ],
 *   "failover": [ {"second": 0, "throughput": 20000, "p99": 300, "errors": 0, "event": "kill leader"} ]
 * }
 * </pre>
 *
 * Percentile keys may be written {@code "99"}, {@code "99.0"} or {@code "p99"}.
 *
 * @param scenario           scenario name.
 * @param impl               implementation, or empty.
 * @param unit               latency unit.
 * @param offeredRate        offered requests/s, NaN if absent.
 * @param achievedRate       achieved requests/s, NaN if absent.
 * @param behindSchedule     whether the generator fell behind.
 * @param corrected          corrected percentiles (percentile → latency).
 * @param raw                uncorrected percentiles, may be empty.
 * @param maxSustainableRate requests/s, NaN if absent.
 * @param sweep              sweep points, may be empty.
 * @param failover           failover timeline, may be empty.
 */
public record LoadgenSummary(
    String scenario,
    String impl,
    String unit,
    double offeredRate,
    double achievedRate,
    boolean behindSchedule,
    Map<Double, Double> corrected,
    Map<Double, Double> raw,
    double maxSustainableRate,
    List<SweepPoint> sweep,
    List<FailoverSecond> failover)
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One point of a throughput-latency sweep.
     *
     * @param offeredRate  requests/s offered.
     * @param achievedRate requests/s achieved.
     * @param p50          median latency (corrected), summary unit.
     * @param p99          99th percentile (corrected).
     * @param p999         99.9th percentile (corrected), NaN if absent.
     */
    public record SweepPoint(double offeredRate, double achievedRate, double p50, double p99, double p999)
    {
    }

    /**
     * One second of a failover timeline.
     *
     * @param second     seconds since the start of the run.
     * @param throughput requests completed in that second.
     * @param p99        99th percentile latency in that second (corrected), NaN if none completed.
     * @param errors     requests that failed or timed out in that second.
     * @param event      fault injected in that second, or empty.
     */
    public record FailoverSecond(double second, double throughput, double p99, double errors, String event)
    {
    }

    /**
     * @return {@code scenario} plus {@code [impl]} when an implementation is named.
     */
    public String key()
    {
        return impl.isEmpty() ? scenario : scenario + "[" + impl + "]";
    }

    /**
     * @param file a summary file.
     * @return its scenarios.
     * @throws ResultFileException when missing, malformed or lacking a required field.
     */
    public static List<LoadgenSummary> read(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            throw new ResultFileException(file, null, "file not found");
        }
        final JsonNode root;
        try
        {
            root = MAPPER.readTree(file.toFile());
        }
        catch (final IOException ex)
        {
            throw new ResultFileException(file, "not valid JSON", ex);
        }
        final List<LoadgenSummary> out = new ArrayList<>();
        if (null != root && root.isArray())
        {
            for (int i = 0; i < root.size(); i++)
            {
                out.add(parse(file, "[" + i + "].", root.get(i)));
            }
        }
        else if (null != root && root.isObject())
        {
            out.add(parse(file, "", root));
        }
        else
        {
            throw new ResultFileException(file, "(root)", "expected a scenario object or an array of them");
        }
        return out;
    }

    private static LoadgenSummary parse(final Path file, final String at, final JsonNode node)
    {
        final String scenario = requiredText(file, at + "scenario", node.get("scenario"));
        final String unit = requiredText(file, at + "unit", node.get("unit"));
        final JsonNode percentiles = node.get("percentiles");
        if (null == percentiles || !percentiles.isObject() || !percentiles.has("corrected"))
        {
            throw new ResultFileException(file, at + "percentiles.corrected", "missing: expected {\"corrected\": {\"99\": ...}}");
        }
        final Map<Double, Double> corrected = percentileMap(file, at + "percentiles.corrected", percentiles.get("corrected"));
        final Map<Double, Double> raw = percentiles.has("raw") ?
            percentileMap(file, at + "percentiles.raw", percentiles.get("raw")) : Map.of();
        final List<SweepPoint> sweep = new ArrayList<>();
        final JsonNode sweepNode = node.get("sweep");
        if (null != sweepNode && sweepNode.isArray())
        {
            for (int i = 0; i < sweepNode.size(); i++)
            {
                final JsonNode p = sweepNode.get(i);
                final String pAt = at + "sweep[" + i + "].";
                sweep.add(new SweepPoint(
                    requiredNumber(file, pAt + "offeredRate", p.get("offeredRate")),
                    optionalNumber(file, pAt + "achievedRate", p.get("achievedRate")),
                    requiredNumber(file, pAt + "p50", p.get("p50")),
                    requiredNumber(file, pAt + "p99", p.get("p99")),
                    optionalNumber(file, pAt + "p999", p.get("p999"))));
            }
        }
        final List<FailoverSecond> failover = new ArrayList<>();
        final JsonNode failoverNode = node.get("failover");
        if (null != failoverNode && failoverNode.isArray())
        {
            for (int i = 0; i < failoverNode.size(); i++)
            {
                final JsonNode s = failoverNode.get(i);
                final String sAt = at + "failover[" + i + "].";
                failover.add(new FailoverSecond(
                    requiredNumber(file, sAt + "second", s.get("second")),
                    requiredNumber(file, sAt + "throughput", s.get("throughput")),
                    optionalNumber(file, sAt + "p99", s.get("p99")),
                    optionalNumber(file, sAt + "errors", s.get("errors")),
                    null == s.get("event") ? "" : s.get("event").asText()));
            }
        }
        return new LoadgenSummary(
            scenario,
            null == node.get("impl") ? "" : node.get("impl").asText(),
            unit,
            optionalNumber(file, at + "offeredRate", node.get("offeredRate")),
            optionalNumber(file, at + "achievedRate", node.get("achievedRate")),
            null != node.get("behindSchedule") && node.get("behindSchedule").asBoolean(),
            corrected,
            raw,
            optionalNumber(file, at + "maxSustainableRate", node.get("maxSustainableRate")),
            Collections.unmodifiableList(sweep),
            Collections.unmodifiableList(failover));
    }

    private static Map<Double, Double> percentileMap(final Path file, final String at, final JsonNode node)
    {
        if (null == node || !node.isObject() || node.isEmpty())
        {
            throw new ResultFileException(file, at, "expected a non-empty object of percentile -> latency");
        }
        final TreeMap<Double, Double> map = new TreeMap<>();
        node.fields().forEachRemaining((e) ->
        {
            final String k = e.getKey().startsWith("p") ? e.getKey().substring(1) : e.getKey();
            final double percentile;
            try
            {
                percentile = Double.parseDouble(k);
            }
            catch (final NumberFormatException ex)
            {
                throw new ResultFileException(file, at + "." + e.getKey(), "not a percentile (expected e.g. \"99.9\" or \"p99\")");
            }
            if (percentile < 0 || percentile > 100)
            {
                throw new ResultFileException(file, at + "." + e.getKey(), "percentile outside [0, 100]");
            }
            map.put(percentile, requiredNumber(file, at + "." + e.getKey(), e.getValue()));
        });
        return Collections.unmodifiableMap(map);
    }

    private static String requiredText(final Path file, final String at, final JsonNode node)
    {
        if (null == node || !node.isTextual() || node.asText().isEmpty())
        {
            throw new ResultFileException(file, at, "missing or not a non-empty string");
        }
        return node.asText();
    }

    private static double requiredNumber(final Path file, final String at, final JsonNode node)
    {
        if (null == node || !node.isNumber())
        {
            throw new ResultFileException(file, at, "missing or not a number");
        }
        return node.asDouble();
    }

    private static double optionalNumber(final Path file, final String at, final JsonNode node)
    {
        if (null == node || node.isNull())
        {
            return Double.NaN;
        }
        if (!node.isNumber())
        {
            throw new ResultFileException(file, at, "not a number");
        }
        return node.asDouble();
    }
}
