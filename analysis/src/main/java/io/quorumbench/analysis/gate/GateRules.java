package io.quorumbench.analysis.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quorumbench.analysis.compare.ResultFileException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CI gate's rules: which benchmarks of tuned hot paths to run briefly, which implementations
 * must not allocate, how much faster than the baseline (measured in the same run) each tuned
 * implementation must at least be, and which committed reference run the same-run ratios are
 * tracked against. The default set is the resource {@code gate-rules.json} next to this class;
 * {@code scripts/gate --rules FILE} takes another.
 *
 * @param jmhOptions     JMH run options for the short run (forks, iterations, times); the reference
 *                       must be recorded with the same options apart from the forks.
 * @param rules          the rules.
 * @param reference      the reference run directory (relative to the repository root), recorded by
 *                       {@code scripts/gate --record-reference}.
 * @param referenceForks forks the reference is recorded with: the population its A/A resamples
 *                       gate-sized runs from, at least 4.
 * @param minFall        the smallest allowed fall below the reference ratio, a fraction: the band
 *                       derived from the reference is never narrower, because one session's A/A
 *                       does not see the drift between sessions.
 * @param rerunForks     forks of each re-run of a check too noisy to decide; they are pooled with
 *                       the forks already measured.
 * @param maxReruns      re-runs per rule before an undecided check is reported INCONCLUSIVE.
 */
public record GateRules(
    List<String> jmhOptions, List<Rule> rules, String reference, int referenceForks, double minFall, int rerunForks,
    int maxReruns)
{
    /** Resource name of the default rules. */
    public static final String DEFAULT_RESOURCE = "gate-rules.json";

    /**
     * One gated benchmark.
     *
     * @param name               short name for messages.
     * @param benchmark          fully qualified JMH benchmark method.
     * @param params             JMH parameters to pin (besides {@code impl}), name to values.
     * @param baseline           the baseline implementation's {@code impl} value.
     * @param zeroAlloc          implementations whose {@code gc.alloc.rate.norm} must stay at or below
     *                           {@code maxAllocBytesPerOp} in every iteration.
     * @param maxAllocBytesPerOp allocation that counts as none, B/op (JMH's accounting leaves fractions).
     * @param ratioFloors        implementation to the least "times better than baseline" it must show;
     *                           the same implementations' ratios are tracked against the reference.
     * @param backgroundAllocBytesPerIteration bytes per iteration that threads other than the
     *                           measured path allocate anyway (the GC profiler counts every thread:
     *                           Aeron client and driver timers of a cluster benchmark); an iteration
     *                           passes at most {@code maxAllocBytesPerOp + this / its operations}
     *                           B/op, so an iteration that stalled to a few operations is not read as
     *                           the path allocating. 0 for single-threaded benchmarks.
     * @param jmhOptions         this rule's JMH run options instead of the rules' (e.g. a longer
     *                           warm-up where a baseline's JIT needs it); empty: the rules'.
     */
    public record Rule(
        String name,
        String benchmark,
        Map<String, List<String>> params,
        String baseline,
        List<String> zeroAlloc,
        double maxAllocBytesPerOp,
        Map<String, Double> ratioFloors,
        double backgroundAllocBytesPerIteration,
        List<String> jmhOptions)
    {
        /**
         * @return every {@code impl} value the rule needs, baseline first.
         */
        public Set<String> impls()
        {
            final Set<String> impls = new LinkedHashSet<>();
            impls.add(baseline);
            impls.addAll(zeroAlloc);
            impls.addAll(ratioFloors.keySet());
            return impls;
        }
    }

    /**
     * @return the default rules shipped with the harness.
     */
    public static GateRules defaults()
    {
        try (InputStream in = GateRules.class.getResourceAsStream(DEFAULT_RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException(DEFAULT_RESOURCE + " missing from the class path");
            }
            return parse(Path.of(DEFAULT_RESOURCE), new ObjectMapper().readTree(in));
        }
        catch (final IOException ex)
        {
            throw new ResultFileException(Path.of(DEFAULT_RESOURCE), "cannot read", ex);
        }
    }

    /**
     * @param file a rules file.
     * @return its rules.
     * @throws ResultFileException naming the file and field when malformed.
     */
    public static GateRules read(final Path file)
    {
        try
        {
            return parse(file, new ObjectMapper().readTree(file.toFile()));
        }
        catch (final IOException ex)
        {
            throw new ResultFileException(file, "not readable JSON", ex);
        }
    }

    private static GateRules parse(final Path file, final JsonNode root)
    {
        if (null == root || !root.isObject())
        {
            throw new ResultFileException(file, "(root)", "expected an object with \"jmh\" and \"rules\"");
        }
        final List<String> jmh = new ArrayList<>();
        root.path("jmh").forEach((n) -> jmh.add(n.asText()));
        final JsonNode rulesNode = root.get("rules");
        if (null == rulesNode || !rulesNode.isArray() || rulesNode.isEmpty())
        {
            throw new ResultFileException(file, "rules", "expected a non-empty array");
        }
        final List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < rulesNode.size(); i++)
        {
            final JsonNode r = rulesNode.get(i);
            final String at = "rules[" + i + "].";
            final Map<String, List<String>> params = new LinkedHashMap<>();
            r.path("params").properties().forEach((e) ->
            {
                final List<String> values = new ArrayList<>();
                e.getValue().forEach((v) -> values.add(v.asText()));
                params.put(e.getKey(), List.copyOf(values));
            });
            final List<String> zeroAlloc = new ArrayList<>();
            r.path("zeroAlloc").forEach((v) -> zeroAlloc.add(v.asText()));
            final Map<String, Double> floors = new LinkedHashMap<>();
            r.path("ratioFloors").properties().forEach((e) ->
            {
                if (!e.getValue().isNumber() || e.getValue().asDouble() <= 0)
                {
                    throw new ResultFileException(file, at + "ratioFloors." + e.getKey(), "expected a positive number");
                }
                floors.put(e.getKey(), e.getValue().asDouble());
            });
            final JsonNode maxAlloc = r.get("maxAllocBytesPerOp");
            if (!zeroAlloc.isEmpty() && (null == maxAlloc || !maxAlloc.isNumber() || maxAlloc.asDouble() < 0))
            {
                throw new ResultFileException(file, at + "maxAllocBytesPerOp", "expected a number >= 0 (B/op)");
            }
            final List<String> ruleJmh = new ArrayList<>();
            r.path("jmh").forEach((n) -> ruleJmh.add(n.asText()));
            final JsonNode background = r.get("backgroundAllocBytesPerIteration");
            if (null != background && (!background.isNumber() || background.asDouble() < 0))
            {
                throw new ResultFileException(file, at + "backgroundAllocBytesPerIteration", "expected a number >= 0 (bytes)");
            }
            rules.add(new Rule(text(file, at + "name", r.get("name")), text(file, at + "benchmark", r.get("benchmark")),
                Collections.unmodifiableMap(params), text(file, at + "baseline", r.get("baseline")), List.copyOf(zeroAlloc),
                null == maxAlloc ? Double.NaN : maxAlloc.asDouble(), Collections.unmodifiableMap(floors),
                null == background ? 0 : background.asDouble(), List.copyOf(ruleJmh)));
        }
        final String reference = text(file, "reference", root.get("reference"));
        final int referenceForks = integer(file, "referenceForks", root.get("referenceForks"), 4);
        final int rerunForks = integer(file, "rerunForks", root.get("rerunForks"), 1);
        final int maxReruns = integer(file, "maxReruns", root.get("maxReruns"), 0);
        final JsonNode minFall = root.get("minFall");
        if (null == minFall || !minFall.isNumber() || minFall.asDouble() < 0 || minFall.asDouble() >= 1)
        {
            throw new ResultFileException(file, "minFall", "expected a fraction in [0, 1), e.g. 0.4 for 40%");
        }
        return new GateRules(List.copyOf(jmh), List.copyOf(rules), reference, referenceForks, minFall.asDouble(),
            rerunForks, maxReruns);
    }

    private static int integer(final Path file, final String at, final JsonNode node, final int min)
    {
        if (null == node || !node.isIntegralNumber() || node.asInt() < min)
        {
            throw new ResultFileException(file, at, "expected an integer >= " + min);
        }
        return node.asInt();
    }

    private static String text(final Path file, final String at, final JsonNode node)
    {
        if (null == node || !node.isTextual() || node.asText().isEmpty())
        {
            throw new ResultFileException(file, at, "missing or not a non-empty string");
        }
        return node.asText();
    }
}
