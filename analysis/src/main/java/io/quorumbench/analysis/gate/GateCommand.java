package io.quorumbench.analysis.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.quorumbench.analysis.compare.JmhJsonReader;
import io.quorumbench.analysis.compare.JmhLauncher;
import io.quorumbench.analysis.compare.JmhResult;
import io.quorumbench.analysis.compare.ResultFileException;
import io.quorumbench.analysis.compare.RunComparison;
import io.quorumbench.analysis.compare.RunInput;
import io.quorumbench.api.results.RunContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code scripts/gate}: the CI performance gate. Runs a short JMH of the tuned hot paths with
 * {@code -prof gc} and checks what noise cannot blur, per benchmark point ({@link GateCheck}):
 * tuned implementations allocate nothing in any iteration; each tuned implementation is at least a
 * floor times better than the baseline measured in the same run; and that same-run ratio has not
 * fallen below the committed reference's by more than a band derived from an A/A of the reference
 * ({@link GateReference}). A ratio too noisy to decide is re-run with more forks before it passes
 * ({@link GateRun}). Absolute times are printed, never gated.
 *
 * <p>Exit status: 0 every check passed, 1 a check failed, 2 bad input or a refusal (no JMH jar,
 * JMH failed, a rule's benchmark missing, a score that is NaN, zero, negative or missing, a
 * reference that is missing, unlike or too noisy), 3 inconclusive: a ratio still undecided after
 * the re-runs, and nothing failed.
 */
@Command(name = "gate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "CI gate over the tuned hot paths in gate-rules.json, one short JMH run with -prof gc. Per benchmark point: " +
            "(1) alloc: every iteration of every tuned implementation allocates at most the rule's B/op (the largest " +
            "iteration is judged, not the median); (2) ratio: tuned is at least the rule's floor times better than the " +
            "baseline in the same run; (3) reference: that ratio has not fallen more than a band below the committed " +
            "reference's (results/reference/gate). The band is the fall an A/A of the reference allows at this run's " +
            "size (2.5th percentile of the ratio of runs of as many forks resampled from the reference's forks), " +
            "never below the rules' minFall (40%%: the drift between sessions on this VM); the gate prints it per benchmark.",
        "A ratio check that does not pass (point below its limit; its 95%% interval reaching the limit or not) is " +
            "re-run with more forks, pooled with the first, before it can pass or fail, in CI as anywhere; still " +
            "undecided after the re-runs it is INCONCLUSIVE. NaN, zero, negative or missing scores are refused, never judged.",
        "Exit: 0 pass, 1 a check failed, 2 bad input or refused, 3 inconclusive (nothing failed, something undecided)."
    })
public final class GateCommand implements Callable<Integer>
{
    /** Exit status when a ratio stayed undecided after its re-runs and nothing failed. */
    public static final int EXIT_INCONCLUSIVE = 3;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--rules", paramLabel = "FILE", description = "Rules file (default: the built-in gate-rules.json).")
    private Path rulesFile;

    @Option(names = "--reference", paramLabel = "DIR",
        description = "Reference run directory (default: the rules' \"reference\", results/reference/gate).")
    private Path referenceDir;

    @Option(names = "--jar", description = "Run the benchmarks of this benchmarks.jar (another build) instead of the jmh " +
        "module this tool is built with.")
    private Path jar;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Where to write context.json, jmh.json, gate.json, targets.json (default ${DEFAULT-VALUE}; " +
            "use results/gate-<run-id> to keep the run; with --record-reference: the reference directory).")
    private Path out;

    @Option(names = "--from-json", paramLabel = "FILE",
        description = "Check an existing JMH JSON result (run with -prof gc) instead of running JMH; nothing can be " +
            "re-run, so a noisy ratio stays INCONCLUSIVE.")
    private Path fromJson;

    @Option(names = "--jmh", split = " ", paramLabel = "ARGS",
        description = "Override the rules' JMH run options (every rule's); the reference must have been recorded with the same " +
            "warm-up and measurement (forks may differ), or the gate refuses.")
    private List<String> jmhOptions;

    @Option(names = "--record-reference",
        description = "Record the reference instead of gating: run every rule with the rules' referenceForks into " +
            "--out (default: the rules' reference directory), check allocation and floors, print the bands it gives.")
    private boolean recordReference;

    private final PrintStream log;

    /**
     * @param log where progress and checks are printed.
     */
    public GateCommand(final PrintStream log)
    {
        this.log = log;
    }

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args command line.
     * @param out  log stream.
     * @param err  error stream.
     * @return exit status.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final CommandLine cl = new CommandLine(new GateCommand(out));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            if (ex instanceof ResultFileException || ex instanceof RunComparison.RefusedException ||
                ex instanceof IllegalArgumentException || ex instanceof IOException)
            {
                err.println("gate: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final GateRules rules = null == rulesFile ? GateRules.defaults() : GateRules.read(rulesFile);
        if (recordReference)
        {
            return record(rules);
        }
        final GateReference reference = GateReference.load(null == referenceDir ? Path.of(rules.reference()) : referenceDir);
        final Path dir = null == out ? Path.of("target/gate") : out;
        final String busy = null == fromJson ? busyWarning() : null;
        if (null != busy)
        {
            log.println("gate: WARNING " + busy);
        }
        Files.createDirectories(dir);
        final List<JmhResult> results = new ArrayList<>();
        final ArrayNode combined = MAPPER.createArrayNode();
        final ArrayNode rerun = MAPPER.createArrayNode();
        if (null != fromJson)
        {
            results.addAll(JmhJsonReader.read(fromJson));
            combined.addAll((ArrayNode)MAPPER.readTree(fromJson.toFile()));
        }
        else
        {
            requireJar();
            for (final GateRules.Rule rule : rules.rules())
            {
                results.addAll(runJmh(dir, rule, rule.impls(), options(rules, rule), combined));
            }
        }
        MAPPER.writeValue(dir.resolve("jmh.json").toFile(), combined);
        reference.requireSameShape(results);
        log.println("gate: reference " + reference.describe());

        final GateRun.RuleRunner runner = null != fromJson ? null :
            (rule, impls, forks) -> runJmh(dir, rule, impls, withForks(options(rules, rule), forks), rerun);
        final GateRun.Decision decision = GateRun.decide(rules, reference, results, runner, log);
        if (!rerun.isEmpty())
        {
            // jmh.json stays the first run as JMH wrote it; the pooled forks of re-runs are kept beside it.
            MAPPER.writeValue(dir.resolve("jmh-reruns.json").toFile(), rerun);
        }
        printScores(decision.results());
        log.println("gate: checks:");
        decision.checks().forEach((c) -> log.println("  " + c.describe()));
        final long failed = decision.count(GateCheck.Outcome.FAIL);
        final long undecided = decision.count(GateCheck.Outcome.INCONCLUSIVE);
        if (undecided > 0)
        {
            log.println("gate: " + undecided + " ratio check(s) still undecided (point below the limit, 95% interval " +
                "reaching it)" + (null == fromJson ? " after " + rules.maxReruns() + " re-run(s) of " + rules.rerunForks() +
                " more fork(s): the machine was too busy to tell; rerun on a quiet machine" :
                ": --from-json cannot re-run; run scripts/gate without it to re-run them with more forks"));
        }
        final int status = failed > 0 ? 1 : undecided > 0 ? EXIT_INCONCLUSIVE : 0;
        log.println(switch (status)
        {
            case 0 -> "gate: PASS (" + decision.checks().size() + " checks" +
                (decision.reruns().isEmpty() ? "" : ", " + decision.reruns().size() + " re-run(s)") + ")";
            case 1 -> "gate: FAIL (" + failed + " of " + decision.checks().size() + " checks" +
                (undecided > 0 ? ", " + undecided + " inconclusive" : "") + ")";
            default -> "gate: INCONCLUSIVE (" + undecided + " of " + decision.checks().size() + " checks undecided, none failed)";
        });
        write(dir, reference, decision, busy);
        return status;
    }

    private int record(final GateRules rules) throws IOException, InterruptedException
    {
        final Path dir = null == out ? Path.of(rules.reference()) : out;
        requireJar();
        if (null != fromJson)
        {
            throw new IllegalArgumentException("--record-reference runs JMH itself; it does not take --from-json");
        }
        Files.createDirectories(dir);
        final List<JmhResult> results = new ArrayList<>();
        final ArrayNode combined = MAPPER.createArrayNode();
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("gate.rules", rulesName());
        settings.put("gate.forks", Integer.toString(rules.referenceForks()));
        for (final GateRules.Rule rule : rules.rules())
        {
            settings.put("gate.jmh." + rule.name(), String.join(" ", withForks(options(rules, rule), rules.referenceForks())));
        }
        final RunContext context = RunContext.capture(RunContext.KIND_JMH, "gate", "reference", settings);
        final List<String> bands = new ArrayList<>();
        try
        {
            for (final GateRules.Rule rule : rules.rules())
            {
                results.addAll(runJmh(dir, rule, rule.impls(), withForks(options(rules, rule), rules.referenceForks()), combined));
                // Refuse a rule too noisy for a band now rather than after every other rule has run too.
                bands.addAll(bands(rules, rule, GateReference.of(dir, results)));
            }
        }
        finally
        {
            // What was measured is kept, also when a rule was refused: the raw data says why.
            MAPPER.writeValue(dir.resolve(RunInput.JMH_FILE).toFile(), combined);
            MAPPER.writeValue(dir.resolve(RunInput.CONTEXT_FILE).toFile(), context.toMap());
        }
        Files.deleteIfExists(dir.resolve("jmh.txt"));
        // A reference that allocates or misses its floors would make every later gate compare against a broken run.
        final List<GateCheck> checks = GateCheck.evaluate(rules, results, GateReference.of(dir, results)).stream()
            .filter((c) -> !GateCheck.REFERENCE.equals(c.kind())).toList();
        printScores(results);
        log.println("gate: the recorded run's allocation and floor checks:");
        checks.forEach((c) -> log.println("  " + c.describe()));
        log.println("gate: the bands it gives a gate run of the rules' forks:");
        bands.forEach((b) -> log.println("  " + b));
        final List<String> lines = new ArrayList<>(checks.stream().map(GateCheck::describe).toList());
        lines.addAll(bands);
        Files.writeString(dir.resolve("gate.txt"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        final boolean broken = checks.stream().anyMatch((c) -> c.outcome() != GateCheck.Outcome.PASS);
        log.println(broken ? "gate: the recorded run fails its own allocation or floor checks; do not commit it as the reference" :
            "gate: reference recorded in " + dir);
        return broken ? 1 : 0;
    }

    /**
     * @return one line per gated ratio of the rule: the band a gate run of the rule's forks gets.
     * @throws RunComparison.RefusedException when the reference is too noisy for a band.
     */
    private List<String> bands(final GateRules rules, final GateRules.Rule rule, final GateReference reference)
    {
        final int forks = forksOf(options(rules, rule));
        final List<String> lines = new ArrayList<>();
        for (final String point : GateCheck.points(rule, reference.results()).keySet())
        {
            for (final String impl : rule.ratioFloors().keySet())
            {
                lines.add("band " + point + " impl=" + impl + ": " +
                    reference.band(rule, point, impl, rules.minFall(), forks).describe());
            }
        }
        return lines;
    }

    /**
     * @param options JMH options.
     * @return the forks they ask for.
     * @throws IllegalArgumentException when they name none.
     */
    static int forksOf(final List<String> options)
    {
        final int at = options.indexOf("-f");
        if (at < 0 || at + 1 >= options.size())
        {
            throw new IllegalArgumentException("JMH options " + options + " give no -f: the gate's bands depend on its forks");
        }
        try
        {
            return Integer.parseInt(options.get(at + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("JMH options " + options + ": -f " + options.get(at + 1) + " is not a number");
        }
    }

    private void requireJar()
    {
        JmhLauncher.command(jar);
    }

    private void printScores(final List<JmhResult> results)
    {
        log.println("gate: absolute scores (reported, not gated; this machine is noisy):");
        for (final JmhResult r : results)
        {
            log.printf(Locale.ROOT, "  %-60s %12.3f %s (%d fork(s))%n", r.shortName() + r.paramsText(), r.primary().score(),
                r.primary().unit(), r.primary().rawPerFork().size());
        }
    }

    private List<String> options(final GateRules rules, final GateRules.Rule rule)
    {
        if (null != jmhOptions)
        {
            return jmhOptions;
        }
        return rule.jmhOptions().isEmpty() ? rules.jmhOptions() : rule.jmhOptions();
    }

    /**
     * @param options JMH options.
     * @param forks   forks wanted.
     * @return the options with {@code -f} set to {@code forks} (added when absent).
     */
    static List<String> withForks(final List<String> options, final int forks)
    {
        final List<String> copy = new ArrayList<>(options);
        final int at = copy.indexOf("-f");
        if (at >= 0 && at + 1 < copy.size())
        {
            copy.set(at + 1, Integer.toString(forks));
        }
        else
        {
            copy.addAll(List.of("-f", Integer.toString(forks)));
        }
        return copy;
    }

    private List<JmhResult> runJmh(
        final Path dir, final GateRules.Rule rule, final Set<String> impls, final List<String> options, final ArrayNode combined)
        throws IOException, InterruptedException
    {
        final Path json = dir.resolve("jmh-part.json");
        Files.deleteIfExists(json);
        final List<String> cmd = new ArrayList<>(JmhLauncher.command(jar));
        cmd.add("^" + Pattern.quote(rule.benchmark()) + "$");
        cmd.addAll(options);
        cmd.addAll(List.of("-p", "impl=" + String.join(",", impls)));
        for (final Map.Entry<String, List<String>> p : rule.params().entrySet())
        {
            cmd.addAll(List.of("-p", p.getKey() + "=" + String.join(",", p.getValue())));
        }
        cmd.addAll(List.of("-prof", "gc", "-rf", "json", "-rff", json.toString()));
        log.println("gate: " + String.join(" ", cmd));
        final Path jmhLog = dir.resolve("jmh.txt");
        final Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(jmhLog.toFile())).start();
        final int status = process.waitFor();
        if (status != 0 || !Files.isRegularFile(json))
        {
            // JMH explains itself on an ERROR line (e.g. another JMH holding /tmp/jmh.lock); repeat the first one.
            final String why = Files.readAllLines(jmhLog, StandardCharsets.UTF_8).stream()
                .filter((line) -> line.contains("ERROR")).findFirst().map((line) -> ": " + line.trim()).orElse("");
            throw new IOException("JMH failed (exit " + status + ") for rule '" + rule.name() + "'" + why + "; see " + jmhLog);
        }
        final List<JmhResult> results = JmhJsonReader.read(json);
        combined.addAll((ArrayNode)MAPPER.readTree(json.toFile()));
        Files.delete(json);
        return results;
    }

    private String rulesName()
    {
        return null == rulesFile ? "built-in " + GateRules.DEFAULT_RESOURCE : rulesFile.toString();
    }

    /**
     * A warning when the machine is busier than it has cores as the gate starts: on a small shared
     * machine the same-run ratios move with load (ring and codec baselines suffer more and the ratios
     * rise; the tuned Raft cluster's spinning threads suffer more and its ratio falls), so a failed or
     * inconclusive ratio then says as much about the neighbours as about the code.
     */
    private static String busyWarning()
    {
        try
        {
            final String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            final double load = Double.parseDouble(fields[0]);
            final int cores = Runtime.getRuntime().availableProcessors();
            return load > cores ? String.format(Locale.ROOT, "the machine is busy as the gate starts (load average %.2f on " +
                "%d cores): same-run ratios move with load on a small machine; read a failed or inconclusive ratio with that " +
                "in mind, and rerun on a quiet machine", load, cores) : null;
        }
        catch (final IOException | RuntimeException ex)
        {
            // No /proc (not Linux): nothing to warn about, the gate itself does not depend on it.
            return null;
        }
    }

    private void write(final Path dir, final GateReference reference, final GateRun.Decision decision, final String busy)
        throws IOException
    {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("gate.rules", rulesName());
        settings.put("gate.reference", reference.source().toString());
        settings.put("gate.source", null == fromJson ? "jmh run of " + JmhLauncher.source(jar) : fromJson.toString());
        settings.put("gate.reruns", Integer.toString(decision.reruns().size()));
        final RunContext captured = RunContext.capture(RunContext.KIND_JMH, "gate", "quick", settings);
        final RunContext context = null == busy ? captured : captured.withWarning(busy);
        MAPPER.writeValue(dir.resolve(RunInput.CONTEXT_FILE).toFile(), context.toMap());
        final List<Map<String, Object>> rows = new ArrayList<>();
        final List<Map<String, Object>> targets = new ArrayList<>();
        for (final GateCheck c : decision.checks())
        {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("rule", c.rule());
            row.put("point", c.point());
            row.put("impl", c.impl());
            row.put("kind", c.kind());
            row.put("measured", c.measured());
            row.put("limit", c.limit());
            row.put("outcome", c.outcome().name());
            row.put("detail", c.detail());
            rows.add(row);
            // The same checks in targets.json's layout, so scripts/report shows them with PASS/MISS.
            final Map<String, Object> target = new LinkedHashMap<>();
            target.put("name", "gate." + c.kind() + " " + c.impl() + " " + c.point());
            target.put("threshold", c.limit());
            target.put("comparison", GateCheck.ALLOC.equals(c.kind()) ? "<=" : ">=");
            target.put("measured", c.measured());
            target.put("unit", GateCheck.ALLOC.equals(c.kind()) ? "B/op" : "x");
            target.put("verdict", switch (c.outcome())
            {
                case PASS -> "PASS";
                case FAIL -> "MISS";
                case INCONCLUSIVE -> "INCONCLUSIVE";
            });
            target.put("source", c.detail());
            targets.add(target);
        }
        MAPPER.writeValue(dir.resolve("gate.json").toFile(), Map.of("reruns", decision.reruns(), "checks", rows));
        MAPPER.writeValue(dir.resolve("targets.json").toFile(), targets);
        Files.writeString(dir.resolve("gate.txt"), String.join("\n", decision.checks().stream().map(GateCheck::describe).toList()) +
            "\n", StandardCharsets.UTF_8);
        log.println("gate: wrote " + dir);
    }
}
