package io.quorumbench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quorumbench.api.results.RunContext;
import io.quorumbench.api.runtime.JvmFlags;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Runs a benchmark suite and records it as one run directory (layout in {@code results/README.md}):
 * <ol>
 *   <li>{@code context.json}: {@link RunContext} with every JMH setting used, written before the
 *       benchmarks start so even a failed run says what it was;</li>
 *   <li>JMH through its Runner API with the GC profiler always on, failing on the first benchmark
 *       error (a benchmark that finds a wrong answer throws in its setup);
 *       {@code jmh.json} raw results, {@code jmh.log} the console output;</li>
 *   <li>{@code jmh.txt}: JMH's result table and the side-by-side comparison;</li>
 *   <li>the suites' own reports (ring quality);</li>
 *   <li>{@code targets.json}: every target of the suite with its verdict.</li>
 * </ol>
 *
 * <p>Exit codes: 0 done (targets may be MISS, see {@code --fail-on-miss}), 1 a benchmark or
 * report failed, 2 bad command line, 3 a target was missed and {@code --fail-on-miss} was given.
 */
@Command(
    name = "jmh",
    mixinStandardHelpOptions = true,
    versionProvider = SuiteRunner.VersionProvider.class,
    sortOptions = false,
    description = "Runs a JMH benchmark suite with the GC profiler, writes results/<run-id>/ (context.json, jmh.json, " +
        "jmh.txt, the suite's reports, targets.json) and prints tuned vs baseline side by side.",
    footer = {
        "",
        "Examples:",
        "  scripts/jmh                                   quick ring suite (a few minutes on 2 cores)",
        "  scripts/jmh --mode full                       the whole matrix, 2 forks",
        "  scripts/jmh --include 'RingLookup' -p nodes=1000 -p keyType=long",
        "  scripts/jmh -f 1 -wi 1 -i 1 -w 1s -r 1s       smoke run",
        "",
        "Exit codes: 0 done, 1 benchmark/report failure, 2 bad arguments, 3 target missed (with --fail-on-miss)." })
public final class SuiteRunner implements Callable<Integer>
{
    /** Exit code when a benchmark or report failed. */
    public static final int EXIT_FAILED = 1;

    /** Exit code for a bad command line (picocli's usage code). */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    /** Exit code when a target was missed and {@code --fail-on-miss} was given. */
    public static final int EXIT_TARGET_MISSED = 3;

    @Option(names = "--suite", paramLabel = "NAME", defaultValue = "ring",
        description = "Suite to run: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
        completionCandidates = SuiteNames.class)
    String suite;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "quick",
        description = "quick (2 forks x 3 iterations of 1 s, fewer params: 6 samples per benchmark, enough for " +
            "scripts/compare, which needs >= 4 per side) or full (2 forks x 5 iterations of 2 s, every param) " +
            "(default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Run directory (default: results/<run-id> under the current directory).")
    Path out;

    @Option(names = "--include", paramLabel = "REGEX",
        description = "JMH include regex instead of the suite's (repeatable), e.g. 'RingLookup'.")
    List<String> includes = new ArrayList<>();

    @Option(names = { "-p", "--param" }, paramLabel = "NAME=V1,V2",
        description = "Pin a @Param to these values (repeatable); overrides the quick mode's choice.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = { "-f", "--forks" }, paramLabel = "N", description = "JMH forks (default: by mode).")
    Integer forks;

    @Option(names = { "-wi", "--warmup-iterations" }, paramLabel = "N", description = "Warm-up iterations (default: by mode).")
    Integer warmupIterations;

    @Option(names = { "-i", "--iterations" }, paramLabel = "N", description = "Measurement iterations (default: by mode).")
    Integer iterations;

    @Option(names = { "-w", "--warmup-time" }, paramLabel = "TIME", description = "Warm-up iteration time, e.g. 1s, 500ms (default: by mode).")
    String warmupTime;

    @Option(names = { "-r", "--time" }, paramLabel = "TIME", description = "Measurement iteration time, e.g. 1s (default: by mode).")
    String measurementTime;

    @Option(names = "--skip-reports", description = "Skip the suites' non-JMH reports (ring quality).")
    boolean skipReports;

    @Option(names = "--fail-on-miss", description = "Exit with " + EXIT_TARGET_MISSED + " if any target is missed.")
    boolean failOnMiss;

    @Option(names = "--list", description = "List the benchmarks that would run, then exit.")
    boolean list;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream console;

    /**
     * A runner printing to {@code System.out}.
     */
    public SuiteRunner()
    {
        this(System.out);
    }

    SuiteRunner(final PrintStream console)
    {
        this.console = console;
    }

    /**
     * Entry point.
     *
     * @param args command line, see {@code --help}.
     */
    public static void main(final String[] args)
    {
        System.exit(commandLine(new SuiteRunner()).execute(args));
    }

    static CommandLine commandLine(final SuiteRunner runner)
    {
        final CommandLine commandLine = new CommandLine(runner).setUsageHelpWidth(110);
        // A bad argument gets the problem, the synopsis and a pointer to --help, not the whole manual.
        commandLine.setParameterExceptionHandler((ex, args) ->
        {
            final CommandLine cmd = ex.getCommandLine();
            final java.io.PrintWriter err = cmd.getErr();
            err.println("jmh: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.print(cmd.getHelp().fullSynopsis());
            err.println("Try --help for the options.");
            err.flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine;
    }

    /**
     * Runs the suite.
     *
     * @return exit code.
     * @throws IOException if the run directory cannot be written.
     */
    public Integer call() throws IOException
    {
        final Settings settings = resolve();
        final OutputFormat quietFormat = OutputFormatFactory.createFormatInstance(
            new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8), VerboseMode.SILENT);
        final SortedSet<BenchmarkListEntry> selected = BenchmarkList.defaultList().find(quietFormat, settings.includes, List.of());
        if (selected.isEmpty())
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "no benchmark matches the include regexes " + settings.includes);
        }
        if (list)
        {
            for (final String name : benchmarkNames(selected))
            {
                console.println(name);
            }
            return 0;
        }

        RunContext context = RunContext.capture(RunContext.KIND_JMH, suite, mode, settings.toContextSettings(this));
        final Path runDir = runDirectory(context.runId());
        context = context.withRunId(runDir.getFileName().toString());
        for (final String warning : coreWarnings(selected, context.cores()))
        {
            console.println("WARNING: " + warning);
            context = context.withWarning(warning);
        }

        Files.createDirectories(runDir);
        final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        final Path contextFile = runDir.resolve(RunContext.FILE_NAME);
        mapper.writeValue(contextFile.toFile(), context.toMap());
        console.println("run " + context.runId() + " -> " + runDir);

        final Path jmhJson = runDir.resolve("jmh.json");
        final Collection<RunResult> runResults;
        try (PrintStream log = new PrintStream(Files.newOutputStream(runDir.resolve("jmh.log")), true, StandardCharsets.UTF_8);
            PrintStream tee = new PrintStream(new TeeOutputStream(console, log), true, StandardCharsets.UTF_8))
        {
            final ChainedOptionsBuilder options = settings.apply(new OptionsBuilder())
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(jmhJson.toString());
            runResults = new Runner(options.build(), OutputFormatFactory.createFormatInstance(tee, VerboseMode.NORMAL)).run();
        }
        catch (final RunnerException ex)
        {
            final String why = "benchmark run failed: " + rootMessage(ex);
            mapper.writeValue(contextFile.toFile(), context.withWarning(why).toMap());
            console.println("FAILED: " + why);
            console.println("see " + runDir.resolve("jmh.log"));
            return EXIT_FAILED;
        }

        final List<BenchmarkScore> scores = BenchmarkScore.read(jmhJson, mapper);
        final String noise = noiseWarning(scores);
        if (null != noise)
        {
            context = context.withWarning(noise);
            mapper.writeValue(contextFile.toFile(), context.toMap());
        }
        final String table = ComparisonTable.format(scores);
        final ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(text, true, StandardCharsets.UTF_8))
        {
            ResultFormatFactory.getInstance(ResultFormatType.TEXT, ps).writeOut(runResults);
            ps.println();
            ps.println("Side by side (vs base = baseline mean / this mean, same run; B/op = gc.alloc.rate.norm):");
            ps.print(table);
        }
        Files.write(runDir.resolve("jmh.txt"), text.toByteArray());

        int exit = 0;
        if (!skipReports)
        {
            for (final BenchmarkSuite s : settings.suites)
            {
                try
                {
                    s.writeReports(runDir, settings.mode, mapper, console);
                }
                catch (final IOException | RuntimeException ex)
                {
                    final String why = s.name() + " report failed: " + rootMessage(ex);
                    context = context.withWarning(why);
                    mapper.writeValue(contextFile.toFile(), context.toMap());
                    console.println("FAILED: " + why);
                    exit = EXIT_FAILED;
                }
            }
        }

        final List<Target> targets = new ArrayList<>();
        for (final BenchmarkSuite s : settings.suites)
        {
            targets.addAll(s.targets());
        }
        final List<Target.Result> verdicts = Target.evaluateAll(targets, scores);
        final List<Map<String, Object>> targetsJson = new ArrayList<>();
        for (final Target.Result verdict : verdicts)
        {
            targetsJson.add(verdict.toMap());
        }
        mapper.writeValue(runDir.resolve("targets.json").toFile(), targetsJson);

        console.println();
        console.println("Side by side (vs base = baseline mean / this mean, same run; B/op = gc.alloc.rate.norm):");
        console.print(table);
        console.println();
        boolean missed = false;
        for (final Target.Result verdict : verdicts)
        {
            missed |= verdict.verdict() == Target.Verdict.MISS;
            console.println(formatVerdict(verdict));
        }
        console.println();
        console.println("results: " + runDir.toAbsolutePath());
        for (final String warning : context.warnings())
        {
            console.println("WARNING: " + warning);
        }

        if (exit == 0 && missed && failOnMiss)
        {
            exit = EXIT_TARGET_MISSED;
        }
        return exit;
    }

    /**
     * Validated settings of one invocation: which suites, mode and JMH options.
     */
    static final class Settings
    {
        final List<BenchmarkSuite> suites;
        final Mode mode;
        final List<String> includes;
        final Map<String, String[]> params;
        final int forks;
        final int warmupIterations;
        final TimeValue warmupTime;
        final int iterations;
        final TimeValue measurementTime;

        Settings(
            final List<BenchmarkSuite> suites,
            final Mode mode,
            final List<String> includes,
            final Map<String, String[]> params,
            final int forks,
            final int warmupIterations,
            final TimeValue warmupTime,
            final int iterations,
            final TimeValue measurementTime)
        {
            this.suites = suites;
            this.mode = mode;
            this.includes = includes;
            this.params = params;
            this.forks = forks;
            this.warmupIterations = warmupIterations;
            this.warmupTime = warmupTime;
            this.iterations = iterations;
            this.measurementTime = measurementTime;
        }

        ChainedOptionsBuilder apply(final ChainedOptionsBuilder builder)
        {
            for (final String include : includes)
            {
                builder.include(include);
            }
            for (final Map.Entry<String, String[]> e : params.entrySet())
            {
                builder.param(e.getKey(), e.getValue());
            }
            return builder
                .jvmArgsPrepend(JvmFlags.benchmarkFork().toArray(new String[0]))
                .forks(forks)
                .warmupIterations(warmupIterations)
                .warmupTime(warmupTime)
                .measurementIterations(iterations)
                .measurementTime(measurementTime);
        }

        Map<String, String> toContextSettings(final SuiteRunner runner)
        {
            final Map<String, String> map = new LinkedHashMap<>();
            map.put("jmh.version", Version.getPlainVersion());
            map.put("jmh.forks", Integer.toString(forks));
            map.put("jmh.warmupIterations", Integer.toString(warmupIterations));
            map.put("jmh.warmupTime", warmupTime.toString());
            map.put("jmh.iterations", Integer.toString(iterations));
            map.put("jmh.measurementTime", measurementTime.toString());
            map.put("jmh.includes", String.join(" ", includes));
            for (final Map.Entry<String, String[]> e : params.entrySet())
            {
                map.put("jmh.param." + e.getKey(), String.join(",", e.getValue()));
            }
            map.put("jmh.profilers", "gc");
            map.put("jmh.failOnError", "true");
            map.put("jmh.forkJvmArgsPrepend", String.join(" ", JvmFlags.benchmarkFork()));
            map.put("runner.jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
            if (!runner.skipReports)
            {
                for (final BenchmarkSuite s : suites)
                {
                    map.putAll(s.reportSettings(mode));
                }
            }
            return map;
        }
    }

    Settings resolve()
    {
        final List<BenchmarkSuite> suites;
        try
        {
            suites = Suites.resolve(suite);
        }
        catch (final IllegalArgumentException ex)
        {
            throw usage("--suite: " + ex.getMessage());
        }
        final Mode runMode = switch (mode)
        {
            case "quick" -> Mode.QUICK;
            case "full" -> Mode.FULL;
            default -> throw usage("--mode: unknown mode '" + mode + "', expected quick or full");
        };

        final List<String> regexes = new ArrayList<>();
        if (includes.isEmpty())
        {
            for (final BenchmarkSuite s : suites)
            {
                regexes.addAll(s.includes());
            }
        }
        else
        {
            for (final String include : includes)
            {
                try
                {
                    Pattern.compile(include);
                }
                catch (final PatternSyntaxException ex)
                {
                    throw usage("--include: '" + include + "' is not a valid regex: " + ex.getDescription());
                }
                regexes.add(include);
            }
        }

        final Map<String, String[]> jmhParams = new LinkedHashMap<>();
        for (final BenchmarkSuite s : suites)
        {
            pinUnion(jmhParams, s.params());
            if (runMode == Mode.QUICK)
            {
                pinUnion(jmhParams, s.quickParams());
            }
        }
        for (final Map.Entry<String, String> e : params.entrySet())
        {
            final String name = e.getKey().trim();
            final List<String> values = new ArrayList<>();
            for (final String v : e.getValue().split(",", -1))
            {
                if (v.isBlank())
                {
                    throw usage("-p " + e.getKey() + "=" + e.getValue() + ": empty value; use NAME=V1,V2");
                }
                values.add(v.trim());
            }
            if (name.isEmpty())
            {
                throw usage("-p =" + e.getValue() + ": missing param name; use NAME=V1,V2");
            }
            jmhParams.put(name, values.toArray(new String[0]));
        }

        return new Settings(
            suites,
            runMode,
            List.copyOf(regexes),
            jmhParams,
            positive("--forks", null == forks ? runMode.forks() : forks, 0),
            positive("--warmup-iterations", null == warmupIterations ? runMode.warmupIterations() : warmupIterations, 0),
            time("--warmup-time", null == warmupTime ? runMode.warmupTime() : warmupTime),
            positive("--iterations", null == iterations ? runMode.iterations() : iterations, 1),
            time("--time", null == measurementTime ? runMode.measurementTime() : measurementTime));
    }

    private int positive(final String option, final int value, final int min)
    {
        if (value < min)
        {
            throw usage(option + " must be >= " + min + ", got " + value);
        }
        return value;
    }

    private TimeValue time(final String option, final String value)
    {
        try
        {
            final TimeValue time = TimeValue.fromString(value);
            if (time.getTime() <= 0)
            {
                throw usage(option + " must be positive, got '" + value + "'");
            }
            return time;
        }
        catch (final IllegalArgumentException ex)
        {
            throw usage(option + ": '" + value + "' is not a time such as 1s, 500ms, 2m");
        }
    }

    private CommandLine.ParameterException usage(final String message)
    {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /**
     * Warnings for benchmarks that run more threads than the machine has cores: their threads
     * time-share, so latencies include descheduling and contention is understated or overstated.
     */
    static List<String> coreWarnings(final Collection<BenchmarkListEntry> selected, final int cores)
    {
        final Map<String, Integer> needs = new LinkedHashMap<>();
        for (final BenchmarkListEntry entry : selected)
        {
            int threads = 0;
            for (final int t : entry.getThreadGroups())
            {
                threads += t;
            }
            if (entry.getThreads().hasValue())
            {
                threads = Math.max(threads, entry.getThreads().get());
            }
            needs.merge(entry.getUsername(), threads, Math::max);
        }
        final List<String> warnings = new ArrayList<>();
        for (final Map.Entry<String, Integer> e : needs.entrySet())
        {
            if (e.getValue() > cores)
            {
                warnings.add(e.getKey() + " runs " + e.getValue() + " threads on " + cores +
                    " cores: its threads time-share, so its numbers include descheduling");
            }
        }
        return warnings;
    }

    /**
     * A warning when some results' confidence intervals are wide, so nobody reads a noisy run's
     * absolute numbers as if it were a quiet one's.
     *
     * @param scores results of the run.
     * @return the warning, or null if no result is noisy.
     */
    static String noiseWarning(final List<BenchmarkScore> scores)
    {
        int noisy = 0;
        int withError = 0;
        for (final BenchmarkScore score : scores)
        {
            if (!Double.isNaN(score.scoreError()))
            {
                withError++;
                if (ComparisonTable.isNoisy(score))
                {
                    noisy++;
                }
            }
        }
        if (noisy == 0)
        {
            return null;
        }
        return noisy + " of " + withError + " results have a 99.9% confidence interval wider than ±" +
            Math.round(100 * ComparisonTable.NOISY_RELATIVE_ERROR) + "% of the score (marked ! in jmh.txt): " +
            "the machine was noisy; trust same-run ratios over absolute times, or rerun on a quiet machine";
    }

    private static List<String> benchmarkNames(final Collection<BenchmarkListEntry> selected)
    {
        final Set<String> names = new LinkedHashSet<>();
        for (final BenchmarkListEntry entry : selected)
        {
            names.add(entry.getUsername());
        }
        return new ArrayList<>(names);
    }

    private Path runDirectory(final String runId)
    {
        if (null != out)
        {
            return out;
        }
        final Path results = Path.of("results");
        Path dir = results.resolve(runId);
        for (int n = 2; Files.exists(dir); n++)
        {
            dir = results.resolve(runId + "-" + n);
        }
        return dir;
    }

    static String formatVerdict(final Target.Result verdict)
    {
        final Target target = verdict.target();
        final String measured = null == verdict.measured() ? "not measured" : ComparisonTable.number(verdict.measured());
        return String.format(java.util.Locale.ROOT, "%-4s  %-28s  %s %s %s %s  (%s)%s",
            verdict.verdict(), target.name(), measured, target.check().comparison(),
            ComparisonTable.number(target.threshold()), target.unit(), target.description(),
            verdict.note().isEmpty() || null != verdict.measured() ? "" : ": " + verdict.note());
    }

    private static String rootMessage(final Throwable ex)
    {
        Throwable t = ex;
        final StringBuilder sb = new StringBuilder(String.valueOf(ex.getMessage()));
        while (null != t.getCause() && t.getCause() != t)
        {
            t = t.getCause();
            sb.append(" <- ").append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return sb.toString();
    }

    /** {@code --version}: the JMH this runner was built with. */
    static final class VersionProvider implements CommandLine.IVersionProvider
    {
        public String[] getVersion()
        {
            return new String[]{ "quorumbench SuiteRunner, JMH " + Version.getPlainVersion() };
        }
    }

    /** Completion candidates for {@code --suite}. */
    static final class SuiteNames implements Iterable<String>
    {
        public java.util.Iterator<String> iterator()
        {
            return Suites.names().iterator();
        }
    }

    /** Writes everything to two streams: the console and the run's log file. */
    private static final class TeeOutputStream extends OutputStream
    {
        private final OutputStream first;
        private final OutputStream second;

        TeeOutputStream(final OutputStream first, final OutputStream second)
        {
            this.first = first;
            this.second = second;
        }

        public void write(final int b) throws IOException
        {
            first.write(b);
            second.write(b);
        }

        public void write(final byte[] b, final int off, final int len) throws IOException
        {
            first.write(b, off, len);
            second.write(b, off, len);
        }

        public void flush() throws IOException
        {
            first.flush();
            second.flush();
        }

        public void close() throws IOException
        {
            // The console is not ours to close; the log is closed by its own try-with-resources.
            flush();
        }
    }

    /** Two suites pinning the same param name: run the union, JMH params are global by name. */
    private static void pinUnion(final Map<String, String[]> jmhParams, final Map<String, String[]> pinned)
    {
        for (final Map.Entry<String, String[]> e : pinned.entrySet())
        {
            final Set<String> values = new LinkedHashSet<>(List.of(jmhParams.getOrDefault(e.getKey(), new String[0])));
            values.addAll(List.of(e.getValue()));
            jmhParams.put(e.getKey(), values.toArray(new String[0]));
        }
    }
}
