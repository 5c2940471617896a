package io.quorumbench.loadgen.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code scripts/gate}: the CI performance gate. Runs a short JMH of the tuned hot paths with
 * {@code -prof gc} and checks what noise cannot blur: (a) tuned implementations allocate nothing
 * per operation, (b) each tuned implementation is at least a floor times better than the baseline
 * measured in the same run. Absolute times are printed, never gated.
 *
 * <p>Exit status: 0 all checks pass, 1 a check failed, 2 bad input (no JMH jar, JMH failed, a
 * rule's benchmark missing from the results).
 */
@Command(name = "gate", mixinStandardHelpOptions = true,
    description = "CI gate: zero allocation of tuned hot paths and tuned/baseline ratio floors, one short JMH run. " +
        "Exit 0 pass, 1 fail, 2 bad input.")
public final class GateCommand implements Callable<Integer>
{
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--rules", paramLabel = "FILE", description = "Rules file (default: the built-in gate-rules.json).")
    private Path rulesFile;

    @Option(names = "--jar", description = "JMH benchmarks jar (default ${DEFAULT-VALUE}).")
    private Path jar = Path.of("jmh/target/benchmarks.jar");

    @Option(names = "--out", paramLabel = "DIR",
        description = "Where to write context.json, jmh.json, gate.json, targets.json (default ${DEFAULT-VALUE}; " +
            "use results/gate-<run-id> to keep the run).")
    private Path out = Path.of("target/gate");

    @Option(names = "--from-json", paramLabel = "FILE",
        description = "Check an existing JMH JSON result (run with -prof gc) instead of running JMH.")
    private Path fromJson;

    @Option(names = "--jmh", split = " ", paramLabel = "ARGS", description = "Override the rules' JMH run options.")
    private List<String> jmhOptions;

    @Option(names = "--strict", description = "Fail on an inconclusive (too noisy to tell) ratio check too.")
    private boolean strict;

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
        Files.createDirectories(out);
        final List<JmhResult> results = new ArrayList<>();
        final ArrayNode combined = MAPPER.createArrayNode();
        final String suite;
        if (null != fromJson)
        {
            results.addAll(JmhJsonReader.read(fromJson));
            combined.addAll((ArrayNode)MAPPER.readTree(fromJson.toFile()));
            suite = "gate";
        }
        else
        {
            if (!Files.isRegularFile(jar))
            {
                throw new IllegalArgumentException(jar + ": JMH jar not found (build it: mvn -pl jmh -am package -DskipTests)");
            }
            int n = 0;
            for (final GateRules.Rule rule : rules.rules())
            {
                final Path json = out.resolve("jmh-" + (++n) + ".json");
                runJmh(rule, null == jmhOptions ? rules.jmhOptions() : jmhOptions, json);
                results.addAll(JmhJsonReader.read(json));
                combined.addAll((ArrayNode)MAPPER.readTree(json.toFile()));
                Files.delete(json);
            }
            suite = "gate";
        }
        MAPPER.writeValue(out.resolve("jmh.json").toFile(), combined);

        final List<GateCheck> checks = GateCheck.evaluate(rules, results);
        log.println("gate: absolute scores (reported, not gated; this machine is noisy):");
        for (final JmhResult r : results)
        {
            log.printf(Locale.ROOT, "  %-60s %12.3f %s%n", r.shortName() + r.paramsText(), r.primary().score(), r.primary().unit());
        }
        log.println("gate: checks:");
        checks.forEach((c) -> log.println("  " + c.describe()));
        final long noisy = checks.stream().filter(GateCheck::inconclusive).count();
        final long failed = checks.stream().filter((c) -> !c.passed() || (strict && c.inconclusive())).count();
        if (noisy > 0)
        {
            log.println("gate: " + noisy + " ratio check(s) too noisy to decide (point below the floor, 95% interval " +
                "reaching it): the machine was busy; rerun on a quiet machine" + (strict ? " (--strict: counted as failures)" : ""));
        }
        log.println(failed == 0 ? "gate: PASS (" + checks.size() + " checks" + (noisy > 0 ? ", " + noisy + " noisy" : "") + ")" :
            "gate: FAIL (" + failed + " of " + checks.size() + " checks)");
        write(checks, suite);
        return failed == 0 ? 0 : 1;
    }

    private void runJmh(final GateRules.Rule rule, final List<String> options, final Path json) throws IOException, InterruptedException
    {
        final List<String> cmd = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
            "^" + Pattern.quote(rule.benchmark()) + "$"));
        cmd.addAll(options);
        cmd.addAll(List.of("-p", "impl=" + String.join(",", rule.impls())));
        for (final Map.Entry<String, List<String>> p : rule.params().entrySet())
        {
            cmd.addAll(List.of("-p", p.getKey() + "=" + String.join(",", p.getValue())));
        }
        cmd.addAll(List.of("-prof", "gc", "-rf", "json", "-rff", json.toString()));
        log.println("gate: " + String.join(" ", cmd));
        final Path jmhLog = out.resolve("jmh.txt");
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
    }

    private void write(final List<GateCheck> checks, final String suite) throws IOException
    {
        final RunContext context = RunContext.capture(RunContext.KIND_JMH, suite, "quick", Map.of(
            "gate.rules", null == rulesFile ? "built-in " + GateRules.DEFAULT_RESOURCE : rulesFile.toString(),
            "gate.source", null == fromJson ? "jmh run of " + jar : fromJson.toString()));
        MAPPER.writeValue(out.resolve(RunInput.CONTEXT_FILE).toFile(), context.toMap());
        final List<Map<String, Object>> rows = new ArrayList<>();
        final List<Map<String, Object>> targets = new ArrayList<>();
        for (final GateCheck c : checks)
        {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("rule", c.rule());
            row.put("point", c.point());
            row.put("impl", c.impl());
            row.put("kind", c.kind());
            row.put("measured", c.measured());
            row.put("limit", c.limit());
            row.put("passed", c.passed());
            row.put("inconclusive", c.inconclusive());
            row.put("detail", c.detail());
            rows.add(row);
            // The same checks in targets.json's layout, so scripts/report shows them with PASS/MISS.
            final Map<String, Object> target = new LinkedHashMap<>();
            target.put("name", "gate." + c.kind() + " " + c.impl() + " " + c.point());
            target.put("threshold", c.limit());
            target.put("comparison", GateCheck.ALLOC.equals(c.kind()) ? "<=" : ">=");
            target.put("measured", c.measured());
            target.put("unit", GateCheck.ALLOC.equals(c.kind()) ? "B/op" : "x");
            target.put("verdict", c.inconclusive() ? "NOISY" : c.passed() ? "PASS" : "MISS");
            target.put("source", c.detail());
            targets.add(target);
        }
        MAPPER.writeValue(out.resolve("gate.json").toFile(), rows);
        MAPPER.writeValue(out.resolve("targets.json").toFile(), targets);
        Files.writeString(out.resolve("gate.txt"), String.join("\n", checks.stream().map(GateCheck::describe).toList()) + "\n",
            StandardCharsets.UTF_8);
        log.println("gate: wrote " + out);
    }
}
