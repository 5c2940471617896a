package io.quorumbench.analysis.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quorumbench.analysis.compare.ResultFileException;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Registry;

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
 * <p>A rule of a protocol-neutral benchmark (the commit benchmarks of {@code jmh.consensus}) names
 * its {@code "protocols"} instead of implementations: it becomes one rule per protocol, pinned to
 * {@code protocol=<id>}, with the protocol's baseline from the registry ({@link Registry}) and
 * {@value #KIND_TUNED} standing for every tuned implementation of it. A listed protocol without a
 * registered baseline and tuned implementation is an error, not a rule that checks nothing.
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

    /** In a rule with {@code protocols}: the protocol's baseline implementation in the registry. */
    public static final String KIND_BASELINE = "@baseline";

    /** In a rule with {@code protocols}: every tuned implementation of the protocol in the registry. */
    public static final String KIND_TUNED = "@tuned";

    /** The JMH parameter a rule with {@code protocols} pins to each protocol id. */
    public static final String PROTOCOL_PARAM = "protocol";

    private static final String KIND_PREFIX = "@";

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
            return GateRules.impls(baseline, zeroAlloc, ratioFloors.keySet());
        }
    }

    /**
     * @return the default rules shipped with the harness.
     */
    public static GateRules defaults()
    {
        return defaults(Registry.discover());
    }

    /**
     * @param registry resolves the rules' {@code protocols} (tests pass their own).
     * @return the default rules shipped with the harness.
     */
    static GateRules defaults(final Registry registry)
    {
        try (InputStream in = GateRules.class.getResourceAsStream(DEFAULT_RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException(DEFAULT_RESOURCE + " missing from the class path");
            }
            return parse(Path.of(DEFAULT_RESOURCE), new ObjectMapper().readTree(in), registry);
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
        return read(file, Registry.discover());
    }

    /**
     * @param file     a rules file.
     * @param registry resolves the rules' {@code protocols}.
     * @return its rules.
     * @throws ResultFileException naming the file and field when malformed.
     */
    static GateRules read(final Path file, final Registry registry)
    {
        try
        {
            return parse(file, new ObjectMapper().readTree(file.toFile()), registry);
        }
        catch (final IOException ex)
        {
            throw new ResultFileException(file, "not readable JSON", ex);
        }
    }

    private static GateRules parse(final Path file, final JsonNode root, final Registry registry)
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
            final String name = text(file, at + "name", r.get("name"));
            final String benchmark = text(file, at + "benchmark", r.get("benchmark"));
            final double maxAllocBytesPerOp = null == maxAlloc ? Double.NaN : maxAlloc.asDouble();
            final double backgroundBytes = null == background ? 0 : background.asDouble();
            final JsonNode protocols = r.get("protocols");
            if (null == protocols)
            {
                final String baseline = text(file, at + "baseline", r.get("baseline"));
                for (final String impl : impls(baseline, zeroAlloc, floors.keySet()))
                {
                    if (impl.startsWith(KIND_PREFIX))
                    {
                        throw new ResultFileException(file, at + "protocols",
                            "'" + impl + "' names implementations by kind, which needs the rule's \"protocols\"");
                    }
                }
                rules.add(new Rule(name, benchmark, Collections.unmodifiableMap(params), baseline, List.copyOf(zeroAlloc),
                    maxAllocBytesPerOp, Collections.unmodifiableMap(floors), backgroundBytes, List.copyOf(ruleJmh)));
                continue;
            }
            if (!protocols.isArray() || protocols.isEmpty())
            {
                throw new ResultFileException(file, at + "protocols", "expected a non-empty array of protocol ids, e.g. [\"raft\"]");
            }
            final JsonNode baselineNode = r.get("baseline");
            if (null != baselineNode && !KIND_BASELINE.equals(baselineNode.asText()))
            {
                throw new ResultFileException(file, at + "baseline",
                    "a rule with \"protocols\" takes its baseline from the registry: leave it out or write " + KIND_BASELINE);
            }
            for (int p = 0; p < protocols.size(); p++)
            {
                rules.add(forProtocol(file, at + "protocols[" + p + "]", protocols.get(p).asText(), registry, name, benchmark,
                    params, zeroAlloc, maxAllocBytesPerOp, floors, backgroundBytes, ruleJmh));
            }
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

    private static Set<String> impls(final String baseline, final List<String> zeroAlloc, final Set<String> floored)
    {
        final Set<String> impls = new LinkedHashSet<>();
        impls.add(baseline);
        impls.addAll(zeroAlloc);
        impls.addAll(floored);
        return impls;
    }

    /**
     * One rule of a protocol-neutral benchmark for one protocol: pinned to {@code protocol=id}, its
     * baseline the protocol's baseline in the registry, {@value #KIND_TUNED} standing for every tuned
     * implementation of it. Peers are measured by the load generator, not gated.
     */
    private static Rule forProtocol(
        final Path file,
        final String at,
        final String protocolId,
        final Registry registry,
        final String name,
        final String benchmark,
        final Map<String, List<String>> params,
        final List<String> zeroAlloc,
        final double maxAllocBytesPerOp,
        final Map<String, Double> floors,
        final double backgroundBytes,
        final List<String> ruleJmh)
    {
        final Protocol protocol;
        final String baseline;
        try
        {
            protocol = Protocol.of(protocolId);
            baseline = registry.baseline(protocol).impl();
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            throw new ResultFileException(file, at, ex.getMessage());
        }
        final List<String> tuned = new ArrayList<>();
        for (final Implementation implementation : registry.of(protocol))
        {
            if (implementation.kind() == ImplementationKind.TUNED)
            {
                tuned.add(implementation.impl());
            }
        }
        if (tuned.isEmpty())
        {
            throw new ResultFileException(file, at, "protocol " + protocolId + " has no tuned implementation to gate");
        }
        final List<String> resolvedZeroAlloc = new ArrayList<>();
        for (final String impl : zeroAlloc)
        {
            resolvedZeroAlloc.addAll(KIND_TUNED.equals(impl) ? tuned : List.of(impl));
        }
        final Map<String, Double> resolvedFloors = new LinkedHashMap<>();
        for (final Map.Entry<String, Double> floor : floors.entrySet())
        {
            for (final String impl : KIND_TUNED.equals(floor.getKey()) ? tuned : List.of(floor.getKey()))
            {
                resolvedFloors.put(impl, floor.getValue());
            }
        }
        for (final String impl : impls(baseline, resolvedZeroAlloc, resolvedFloors.keySet()))
        {
            if (impl.startsWith(KIND_PREFIX))
            {
                throw new ResultFileException(file, at, "unknown kind '" + impl + "', expected " + KIND_BASELINE + " or " + KIND_TUNED);
            }
            try
            {
                registry.get(protocol, impl);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new ResultFileException(file, at, ex.getMessage());
            }
        }
        final Map<String, List<String>> pinned = new LinkedHashMap<>(params);
        pinned.put(PROTOCOL_PARAM, List.of(protocolId));
        return new Rule(name + " [" + protocolId + "]", benchmark, Collections.unmodifiableMap(pinned), baseline,
            List.copyOf(resolvedZeroAlloc), maxAllocBytesPerOp, Collections.unmodifiableMap(resolvedFloors), backgroundBytes,
            List.copyOf(ruleJmh));
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
