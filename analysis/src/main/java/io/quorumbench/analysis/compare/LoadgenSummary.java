package io.quorumbench.analysis.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quorumbench.analysis.report.RecordedRun;
import io.quorumbench.api.results.CheckVerdict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One load generator run as written by {@code scripts/loadgen} ({@code summaryVersion} 1): a
 * fixed-rate run's {@code summary.json} or a rate sweep's {@code sweep.json}. Fields read (all
 * others are ignored, so the writer may add):
 *
 * <pre>
 * summary.json
 *   scenario, impl                                scenario and implementation (the match key); when absent,
 *                                                 context.suite and context.settings.target
 *   offeredRate, achievedRate                     requests/s
 *   verdict, verdicts.*                           the run's checks, read as the report reads them
 *                                                 ({@link RecordedRun}): anything but PASS is not judged
 *   latencyNs.corrected / latencyNs.raw           {p50, p90, p99, p99_9, p99_99, max} in ns (required)
 *   verdicts.onSchedule                           false when the generator fell behind its schedule
 *   seconds[]                                     {second, warmup, ok, errors, timeouts, p99Ns}: the timeline
 *   failover[]                                    {second, event}: faults injected per second (optional)
 * sweep.json
 *   maxSustainableRate                            requests/s meeting the SLO, null if none
 *   points[]                                      {offeredRate, achievedRate, correctedNs{...}, rawNs{...}}
 * </pre>
 *
 * A sweep's percentiles are those of its best point (at the maximum sustainable rate), or of its
 * first point when none met the SLO.
 *
 * @param scenario           scenario (the context's suite).
 * @param impl               implementation (the context's {@code settings.target}), or empty.
 * @param unit               latency unit, {@code ns}.
 * @param offeredRate        offered requests/s, NaN if absent.
 * @param achievedRate       achieved requests/s, NaN if absent.
 * @param behindSchedule     whether the generator fell behind.
 * @param verdict            the run's checks (schedule, linearizability, acked writes): PASS, FAIL or
 *                           INCONCLUSIVE. A summary written before verdicts were recorded is judged again
 *                           under today's rule, so its {@code passed: true} beside {@code linearizable: null}
 *                           (a check that gave up) reads INCONCLUSIVE, never PASS.
 * @param reasons            why the verdict is not PASS, one sentence each; empty when it is.
 * @param corrected          corrected percentiles (percentile to latency).
 * @param raw                uncorrected percentiles, may be empty.
 * @param maxSustainableRate requests/s, NaN if absent.
 * @param sweep              sweep points, may be empty.
 * @param timeline           per-second timeline (warm-up excluded), may be empty.
 */
public record LoadgenSummary(
    String scenario,
    String impl,
    String unit,
    double offeredRate,
    double achievedRate,
    boolean behindSchedule,
    CheckVerdict verdict,
    List<String> reasons,
    Map<Double, Double> corrected,
    Map<Double, Double> raw,
    double maxSustainableRate,
    List<SweepPoint> sweep,
    List<Second> timeline)
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One point of a throughput-latency sweep.
     *
     * @param offeredRate  requests/s offered.
     * @param achievedRate requests/s achieved.
     * @param p50          median latency (corrected), ns.
     * @param p99          99th percentile (corrected), ns.
     * @param p999         99.9th percentile (corrected), ns, NaN if absent.
     */
    public record SweepPoint(double offeredRate, double achievedRate, double p50, double p99, double p999)
    {
    }

    /**
     * One second of the run (a failover shows as a dip in {@code ok} and a spike in {@code p99Ns}).
     *
     * @param second   seconds since the start of the run.
     * @param ok       requests completed successfully in that second.
     * @param p99      99th percentile latency (corrected) in that second, ns, NaN if none completed.
     * @param errors   requests failed or timed out in that second.
     * @param event    fault injected in that second, or empty.
     */
    public record Second(double second, double ok, double p99, double errors, String event)
    {
    }

    /**
     * @return whether the run's checks passed, so its numbers may be judged.
     */
    public boolean passed()
    {
        return verdict == CheckVerdict.PASS;
    }

    /**
     * @return {@code scenario} plus {@code [impl]} when an implementation is named.
     */
    public String key()
    {
        return impl.isEmpty() ? scenario : scenario + "[" + impl + "]";
    }

    /**
     * @param file a {@code summary.json} or {@code sweep.json}.
     * @return the run.
     * @throws ResultFileException when missing, malformed or lacking a required field.
     */
    public static LoadgenSummary read(final Path file)
    {
        final JsonNode root = ResultFileException.readJson(file, MAPPER);
        if (null == root || !root.isObject())
        {
            throw new ResultFileException(file, "(root)", "expected a JSON object");
        }
        final JsonNode version = root.get("summaryVersion");
        if (null == version || !version.isInt() || version.asInt() != 1)
        {
            throw new ResultFileException(file, "summaryVersion", "expected 1, found " + version);
        }
        final JsonNode context = root.get("context");
        if (null == context || !context.isObject())
        {
            throw new ResultFileException(file, "context", "missing: a summary carries its run context");
        }
        // The writer names the scenario (workload, distribution, rate) and the implementation at the top level;
        // older summaries only have the context's suite and target.
        final String scenario = root.hasNonNull("scenario") ? requiredText(file, "scenario", root.get("scenario")) :
            requiredText(file, "context.suite", context.get("suite"));
        final JsonNode target = root.hasNonNull("impl") ? root.get("impl") : context.path("settings").get("target");
        final String impl = null == target ? "" : target.asText();
        final RecordedRun checks = RecordedRun.read(file);
        return root.has("points") ? readSweep(file, root, scenario, impl, checks) : readRun(file, root, scenario, impl, checks);
    }

    private static LoadgenSummary readRun(
        final Path file, final JsonNode root, final String scenario, final String impl, final RecordedRun checks)
    {
        final JsonNode latency = root.get("latencyNs");
        if (null == latency || !latency.isObject())
        {
            throw new ResultFileException(file, "latencyNs", "missing: expected {\"corrected\": {...}, \"raw\": {...}}");
        }
        final Map<Double, Double> corrected = percentileMap(file, "latencyNs.corrected", latency.get("corrected"));
        final Map<Double, Double> raw = latency.has("raw") ? percentileMap(file, "latencyNs.raw", latency.get("raw")) : Map.of();
        final List<Second> timeline = new ArrayList<>();
        final JsonNode seconds = root.get("seconds");
        final java.util.Set<Double> warmupSeconds = new java.util.HashSet<>();
        final java.util.Map<Double, String> events = new java.util.HashMap<>();
        final JsonNode failover = root.get("failover");
        if (null != failover && failover.isArray())
        {
            // With faults injected the writer adds a per-second "failover" view naming each second's fault.
            for (int i = 0; i < failover.size(); i++)
            {
                final JsonNode f = failover.get(i);
                final String event = f.path("event").asText("");
                if (!event.isEmpty())
                {
                    events.put(requiredNumber(file, "failover[" + i + "].second", f.get("second")), event);
                }
            }
        }
        if (null != seconds && seconds.isArray())
        {
            for (int i = 0; i < seconds.size(); i++)
            {
                final JsonNode s = seconds.get(i);
                final String at = "seconds[" + i + "].";
                final double second = requiredNumber(file, at + "second", s.get("second"));
                if (s.path("warmup").asBoolean(false))
                {
                    warmupSeconds.add(second);
                    continue;
                }
                timeline.add(new Second(
                    second,
                    requiredNumber(file, at + "ok", s.get("ok")),
                    optionalNumber(file, at + "p99Ns", s.get("p99Ns")),
                    nanToZero(optionalNumber(file, at + "errors", s.get("errors"))) +
                        nanToZero(optionalNumber(file, at + "timeouts", s.get("timeouts"))),
                    null != s.get("event") ? s.get("event").asText() : events.getOrDefault(second, "")));
            }
        }
        events.keySet().removeAll(warmupSeconds);
        final JsonNode onSchedule = root.path("verdicts").get("onSchedule");
        return new LoadgenSummary(scenario, impl, "ns",
            optionalNumber(file, "offeredRate", root.get("offeredRate")),
            optionalNumber(file, "achievedRate", root.get("achievedRate")),
            null != onSchedule && !onSchedule.asBoolean(true),
            checks.verdict(), checks.reasons(),
            corrected, raw, Double.NaN, List.of(), Collections.unmodifiableList(timeline));
    }

    private static LoadgenSummary readSweep(
        final Path file, final JsonNode root, final String scenario, final String impl, final RecordedRun checks)
    {
        final JsonNode points = root.get("points");
        if (!points.isArray() || points.isEmpty())
        {
            throw new ResultFileException(file, "points", "expected a non-empty array of sweep points");
        }
        final double best = optionalNumber(file, "maxSustainableRate", root.get("maxSustainableRate"));
        final List<SweepPoint> sweep = new ArrayList<>();
        JsonNode chosen = points.get(0);
        for (int i = 0; i < points.size(); i++)
        {
            final JsonNode p = points.get(i);
            final String at = "points[" + i + "].";
            final Map<Double, Double> c = percentileMap(file, at + "correctedNs", p.get("correctedNs"));
            final double offered = requiredNumber(file, at + "offeredRate", p.get("offeredRate"));
            sweep.add(new SweepPoint(offered, optionalNumber(file, at + "achievedRate", p.get("achievedRate")),
                c.getOrDefault(50.0, Double.NaN), c.getOrDefault(99.0, Double.NaN), c.getOrDefault(99.9, Double.NaN)));
            if (offered == best)
            {
                chosen = p;
            }
        }
        final Map<Double, Double> corrected = percentileMap(file, "points[].correctedNs", chosen.get("correctedNs"));
        final Map<Double, Double> raw = chosen.has("rawNs") ? percentileMap(file, "points[].rawNs", chosen.get("rawNs")) : Map.of();
        return new LoadgenSummary(scenario, impl, "ns",
            optionalNumber(file, "offeredRate", chosen.get("offeredRate")),
            optionalNumber(file, "achievedRate", chosen.get("achievedRate")),
            !chosen.path("onSchedule").asBoolean(true),
            checks.verdict(), checks.reasons(),
            corrected, raw, best, Collections.unmodifiableList(sweep), List.of());
    }

    /**
     * Maps the writer's percentile names ({@code p50, p90, p99, p99_9, p99_99, max}) to percentiles;
     * {@code count} and {@code mean} are skipped.
     */
    private static Map<Double, Double> percentileMap(final Path file, final String at, final JsonNode node)
    {
        if (null == node || !node.isObject() || node.isEmpty())
        {
            throw new ResultFileException(file, at, "expected an object of percentiles {p50, p99, ..., max}");
        }
        final TreeMap<Double, Double> map = new TreeMap<>();
        node.properties().forEach((e) ->
        {
            final String name = e.getKey();
            if ("count".equals(name) || "mean".equals(name))
            {
                return;
            }
            final double percentile;
            if ("max".equals(name))
            {
                percentile = 100;
            }
            else if (name.startsWith("p"))
            {
                try
                {
                    percentile = Double.parseDouble(name.substring(1).replace('_', '.'));
                }
                catch (final NumberFormatException ex)
                {
                    throw new ResultFileException(file, at + "." + name, "not a percentile name (p50, p99_9, max)");
                }
            }
            else
            {
                return;
            }
            map.put(percentile, requiredNumber(file, at + "." + name, e.getValue()));
        });
        if (map.isEmpty())
        {
            throw new ResultFileException(file, at, "no percentiles (p50, p99, ..., max)");
        }
        return Collections.unmodifiableMap(map);
    }

    private static double nanToZero(final double v)
    {
        return Double.isNaN(v) ? 0 : v;
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
