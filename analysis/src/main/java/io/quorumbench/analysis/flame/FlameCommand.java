package io.quorumbench.analysis.flame;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quorumbench.analysis.compare.JmhJsonReader;
import io.quorumbench.analysis.compare.JmhLauncher;
import io.quorumbench.analysis.compare.JmhResult;
import io.quorumbench.analysis.compare.ResultFileException;
import io.quorumbench.api.results.RunContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code scripts/flame}: flame graphs of each implementation and differential graphs between them.
 *
 * <ul>
 *   <li>{@code run}: profiles a JMH benchmark once per implementation with async-profiler (JMH's
 *       {@code -prof async}, which records the measurement iterations only, not warm-up), keeps the
 *       JFR under {@code flame/raw/} and writes per implementation a flame graph, plus differential
 *       graphs between every tuned implementation and the baseline, both directions.</li>
 *   <li>{@code diff}: differential graphs between two saved profiles, e.g. one implementation at
 *       two commits (two run directories).</li>
 *   <li>{@code convert}: a JFR from a load scenario (see {@link ProfilerSession}) to a saved profile.</li>
 * </ul>
 */
@Command(name = "flame", mixinStandardHelpOptions = true,
    description = "Flame graphs per implementation and normalised differential flame graphs between them.",
    subcommands = {FlameCommand.Run.class, FlameCommand.Diff.class, FlameCommand.Convert.class})
public final class FlameCommand implements Callable<Integer>
{
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** JMH names its benchmark threads {@code <benchmark>-jmh-worker-<n>}. */
    static final String JMH_WORKER = "jmh-worker";

    @Override
    public Integer call()
    {
        CommandLine.usage(this, System.out);
        return 2;
    }

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.err));
    }

    /**
     * @param args command line.
     * @param err  error stream.
     * @return exit status: 0 done, 2 bad input or a failed profile run.
     */
    public static int run(final String[] args, final PrintStream err)
    {
        final CommandLine cl = new CommandLine(new FlameCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            if (ex instanceof ResultFileException || ex instanceof IllegalArgumentException || ex instanceof IOException)
            {
                err.println("flame: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    /** {@code flame run}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
        description = "Profile a JMH benchmark for each implementation and draw flame + differential graphs.")
    static final class Run implements Callable<Integer>
    {
        @Option(names = "--bench", required = true, paramLabel = "REGEX", description = "JMH benchmark regex.")
        String bench;

        @Option(names = "-p", paramLabel = "NAME=V1,V2", description = "JMH parameters besides impl (repeatable).")
        List<String> params = new ArrayList<>();

        @Option(names = "--impls", split = ",", description = "Implementations, baseline first (default ${DEFAULT-VALUE}).")
        List<String> impls = new ArrayList<>(List.of("baseline", "lockfree"));

        @Option(names = "--event", description = "cpu, alloc, lock or wall (default ${DEFAULT-VALUE}).")
        String event = "cpu";

        @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run directory (default results/<yyyyMMdd-HHmmss>-flame-<event>).")
        Path out;

        @Option(names = "--jar", description = "Profile the benchmarks of this benchmarks.jar (another build) instead of the " +
            "jmh module this tool is built with.")
        Path jar;

        @Option(names = "--all-threads",
            description = "Keep every thread's samples (JIT compiler, GC, ...); default: JMH's benchmark threads only, " +
                "so per-operation normalisation divides the benchmark's own cost by its operations.")
        boolean allThreads;

        @Option(names = "--jmh", split = " ", paramLabel = "ARGS",
            description = "JMH run options (default: ${DEFAULT-VALUE}).")
        List<String> jmhOptions = new ArrayList<>(List.of("-f", "1", "-wi", "2", "-w", "1s", "-i", "3", "-r", "2s"));

        @Override
        public Integer call() throws IOException, InterruptedException
        {
            if (!JfrProfileReader.EVENTS.contains(event))
            {
                throw new IllegalArgumentException("--event: unknown event '" + event + "', expected one of " +
                    JfrProfileReader.EVENTS);
            }
            final List<String> jmh = JmhLauncher.command(jar);
            final Path runDir = null != out ? out :
                Path.of("results", RunContext.runId(Instant.now().truncatedTo(ChronoUnit.SECONDS), "flame", event));
            final Path flameDir = runDir.resolve("flame");
            final Path rawDir = flameDir.resolve("raw");
            final Path lib = AsyncProfilerLibrary.extractTo(rawDir.resolve("lib"));
            final Map<String, Map<String, ProfileMeta>> byLabel = new LinkedHashMap<>();
            for (final String impl : impls)
            {
                final Path implRaw = rawDir.resolve(impl);
                Files.createDirectories(implRaw);
                final Path jmhJson = implRaw.resolve("jmh.json");
                final List<String> cmd = new ArrayList<>(jmh);
                cmd.add(bench);
                cmd.addAll(jmhOptions);
                cmd.addAll(List.of("-p", "impl=" + impl));
                for (final String p : params)
                {
                    cmd.addAll(List.of("-p", p));
                }
                cmd.addAll(List.of("-prof", "async:libPath=" + lib + ";output=jfr;event=" + event + ";dir=" +
                    implRaw.toAbsolutePath(), "-rf", "json", "-rff", jmhJson.toString()));
                System.err.println("flame: " + String.join(" ", cmd));
                final Process process = new ProcessBuilder(cmd).inheritIO().start();
                final int status = process.waitFor();
                if (status != 0)
                {
                    throw new IOException("JMH exited with " + status + " for impl=" + impl);
                }
                final List<JmhResult> results = JmhJsonReader.read(jmhJson);
                if (results.isEmpty())
                {
                    throw new IllegalArgumentException("--bench '" + bench + "' ran no benchmark for impl=" + impl);
                }
                for (final JmhResult result : results)
                {
                    final Path jfr = findJfr(implRaw, result);
                    final JfrProfileReader.Recording rec = JfrProfileReader.read(jfr, event, allThreads ? null : JMH_WORKER);
                    final String others = result.keyWithout("impl").substring(result.key().indexOf('{'));
                    final String label = result.shortName() + ("{}".equals(others) ? "" : others);
                    final ProfileMeta meta = new ProfileMeta(label, impl, event, rec.engine(), rec.eventTypes(),
                        rec.weightUnit(), rec.stacks().totalWeight(), result.measuredOperations(), "",
                        allThreads ? "all" : "threads named *" + JMH_WORKER + "*");
                    final ProfileMeta saved = ProfileStore.save(flameDir.resolve(slug(label)), impl, meta, rec.stacks());
                    System.err.printf(Locale.ROOT, "flame: %s [%s]: %s, %d %s%n", label, impl, saved.eventStatement(),
                        saved.totalWeight(), saved.weightUnit());
                    if (saved.totalWeight() == 0)
                    {
                        System.err.println("flame: WARNING no samples for " + label + " [" + impl + "]");
                    }
                    byLabel.computeIfAbsent(label, (k) -> new LinkedHashMap<>()).put(impl, saved);
                }
            }
            writeIndex(flameDir, byLabel, event);
            if (!Files.exists(runDir.resolve(RunContext.FILE_NAME)))
            {
                final Map<String, String> settings = new LinkedHashMap<>();
                settings.put("flame.bench", bench);
                settings.put("flame.params", String.join(" ", params));
                settings.put("flame.impls", String.join(",", impls));
                settings.put("flame.jmh", String.join(" ", jmhOptions));
                settings.put("flame.threads", allThreads ? "all" : "benchmark threads (" + JMH_WORKER + ")");
                MAPPER.writeValue(runDir.resolve(RunContext.FILE_NAME).toFile(),
                    RunContext.capture(RunContext.KIND_FLAME, "flame", event, settings).toMap());
            }
            recordInContext(runDir, byLabel, event);
            System.err.println("flame: graphs in " + flameDir);
            return 0;
        }

        private static Path findJfr(final Path implRaw, final JmhResult result) throws IOException
        {
            final String mode = switch (result.mode())
            {
                case "thrpt" -> "Throughput";
                case "avgt" -> "AverageTime";
                case "sample" -> "SampleTime";
                case "ss" -> "SingleShotTime";
                default -> result.mode();
            };
            try (Stream<Path> dirs = Files.list(implRaw))
            {
                final List<Path> matches = dirs.filter(Files::isDirectory).filter((d) ->
                {
                    final String name = d.getFileName().toString();
                    return name.startsWith(result.benchmark() + "-" + mode) && result.params().entrySet().stream()
                        .allMatch((e) -> name.contains("-" + e.getKey() + "-" + e.getValue()));
                }).toList();
                if (matches.size() != 1)
                {
                    throw new IOException(implRaw + ": expected one profiler directory for " + result.key() + ", found " +
                        matches);
                }
                try (Stream<Path> files = Files.list(matches.get(0)))
                {
                    return files.filter((f) -> f.toString().endsWith(".jfr")).findFirst()
                        .orElseThrow(() -> new IOException(matches.get(0) + ": no .jfr written by the profiler"));
                }
            }
        }
    }

    /** {@code flame diff}. */
    @Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Differential flame graphs (both directions) between two saved profiles (<name>.json), or between "
            + "two run directories (e.g. two commits): every benchmark profiled in both, for --impl."})
    static final class Diff implements Callable<Integer>
    {
        @Parameters(index = "0", paramLabel = "A", description = "Profile A (.json next to its .collapsed) or run directory A.")
        Path a;

        @Parameters(index = "1", paramLabel = "B", description = "Profile B or run directory B.")
        Path b;

        @Option(names = "--out", required = true, paramLabel = "FILE.html|DIR",
            description = "Profiles: the A->B graph, B->A goes to FILE-reverse.html. Run directories: a directory.")
        Path out;

        @Option(names = "--impl", description = "With run directories: the implementation to compare (default ${DEFAULT-VALUE}).")
        String impl = "lockfree";

        @Option(names = "--normalise", description = "PER_OP or PER_TOTAL (default: PER_OP when both have operation counts).")
        Normalisation normalisation;

        @Override
        public Integer call() throws IOException
        {
            if (Files.isDirectory(a) && Files.isDirectory(b))
            {
                int written = 0;
                final Path flameA = a.resolve("flame");
                try (Stream<Path> dirs = Files.list(flameA))
                {
                    for (final Path dirA : dirs.filter(Files::isDirectory).sorted().toList())
                    {
                        final Path metaA = dirA.resolve(impl + ".json");
                        final Path metaB = b.resolve("flame").resolve(dirA.getFileName()).resolve(impl + ".json");
                        if (Files.isRegularFile(metaA) && Files.isRegularFile(metaB))
                        {
                            final Path[] files = writeDiff(ProfileStore.load(metaA), ProfileStore.load(metaB),
                                out.resolve(dirA.getFileName() + "-" + impl + ".html"), normalisation);
                            System.err.println("flame: wrote " + files[0] + " and " + files[1]);
                            written++;
                        }
                    }
                }
                catch (final java.nio.file.NoSuchFileException ex)
                {
                    throw new IllegalArgumentException(flameA + ": no flame graphs in run directory A");
                }
                if (written == 0)
                {
                    throw new IllegalArgumentException("no benchmark profiled for impl=" + impl + " in both " + a + " and " + b);
                }
                return 0;
            }
            final ProfileStore.Loaded pa = ProfileStore.load(a);
            final ProfileStore.Loaded pb = ProfileStore.load(b);
            final Path[] files = writeDiff(pa, pb, out, normalisation);
            System.err.println("flame: wrote " + files[0] + " and " + files[1]);
            return 0;
        }
    }

    /** {@code flame convert}. */
    @Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Turn an async-profiler JFR (e.g. of a load scenario) into a saved profile + flame graph.")
    static final class Convert implements Callable<Integer>
    {
        @Option(names = "--jfr", required = true, description = "The recording.")
        Path jfr;

        @Option(names = "--event", description = "cpu, alloc, lock or wall (default ${DEFAULT-VALUE}).")
        String event = "cpu";

        @Option(names = "--label", required = true, description = "What was profiled, e.g. the scenario name.")
        String label;

        @Option(names = "--impl", required = true, description = "Implementation.")
        String impl;

        @Option(names = "--ops", description = "Operations completed in the profiled window (enables per-op normalisation).")
        double ops = Double.NaN;

        @Option(names = "--thread-filter", paramLabel = "TEXT",
            description = "Keep only threads whose name contains TEXT (default: every thread).")
        String threadFilter;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for <impl>.{collapsed,json,html}.")
        Path out;

        @Override
        public Integer call() throws IOException
        {
            final JfrProfileReader.Recording rec = JfrProfileReader.read(jfr, event, threadFilter);
            final ProfileMeta saved = ProfileStore.save(out, impl, new ProfileMeta(label, impl, event, rec.engine(),
                rec.eventTypes(), rec.weightUnit(), rec.stacks().totalWeight(), ops, "",
                null == threadFilter ? "all" : "threads named *" + threadFilter + "*"), rec.stacks());
            System.err.println("flame: " + saved.eventStatement() + ", " + saved.totalWeight() + " " + saved.weightUnit() +
                " -> " + out.resolve(impl + ".html"));
            return 0;
        }
    }

    /**
     * Write both directions of the differential graph.
     *
     * @param a    profile A.
     * @param b    profile B.
     * @param out  file for A→B; B→A goes next to it with {@code -reverse} before the extension.
     * @param mode normalisation or {@code null} for automatic.
     * @return the two files written.
     * @throws IOException on write failure.
     */
    static Path[] writeDiff(final ProfileStore.Loaded a, final ProfileStore.Loaded b, final Path out, final Normalisation mode)
        throws IOException
    {
        final DifferentialProfile diff = DifferentialProfile.of(a.meta(), a.stacks(), b.meta(), b.stacks(), mode);
        final String name = out.getFileName().toString();
        final Path reverse = out.resolveSibling(name.endsWith(".html") ?
            name.substring(0, name.length() - 5) + "-reverse.html" : name + "-reverse.html");
        final Path parent = out.toAbsolutePath().getParent();
        if (null != parent)
        {
            Files.createDirectories(parent);
        }
        Files.writeString(out, diff.html(a.meta(), b.meta(), true), StandardCharsets.UTF_8);
        Files.writeString(reverse, diff.html(a.meta(), b.meta(), false), StandardCharsets.UTF_8);
        return new Path[]{out, reverse};
    }

    private static void writeIndex(final Path flameDir, final Map<String, Map<String, ProfileMeta>> byLabel, final String event)
        throws IOException
    {
        final List<Map<String, Object>> entries = new ArrayList<>();
        for (final Map.Entry<String, Map<String, ProfileMeta>> e : byLabel.entrySet())
        {
            final Path dir = flameDir.resolve(slug(e.getKey()));
            final Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("label", e.getKey());
            entry.put("requestedEvent", event);
            final Map<String, Object> profiles = new LinkedHashMap<>();
            for (final ProfileMeta m : e.getValue().values())
            {
                profiles.put(m.impl(), Map.of("html", slug(e.getKey()) + "/" + m.impl() + ".html",
                    "reversedHtml", slug(e.getKey()) + "/" + ProfileStore.reversedHtml(m.impl()),
                    "normalisedHtml", slug(e.getKey()) + "/" + ProfileStore.normalisedHtml(m.impl()),
                    "event", m.eventStatement(), "totalWeight", m.totalWeight(), "weightUnit", m.weightUnit()));
            }
            entry.put("profiles", profiles);
            final List<Map<String, String>> diffs = new ArrayList<>();
            final List<String> impls = new ArrayList<>(e.getValue().keySet());
            for (int i = 1; i < impls.size(); i++)
            {
                final String base = impls.get(0);
                final String tuned = impls.get(i);
                final String file = "diff-" + base + "-vs-" + tuned + ".html";
                writeDiff(ProfileStore.load(dir.resolve(base + ".json")), ProfileStore.load(dir.resolve(tuned + ".json")),
                    dir.resolve(file), null);
                diffs.add(Map.of("a", base, "b", tuned, "html", slug(e.getKey()) + "/" + file,
                    "reverseHtml", slug(e.getKey()) + "/" + file.replace(".html", "-reverse.html")));
            }
            entry.put("diffs", diffs);
            entries.add(entry);
        }
        MAPPER.writeValue(flameDir.resolve("index.json").toFile(), entries);
    }

    private static void recordInContext(
        final Path runDir, final Map<String, Map<String, ProfileMeta>> byLabel, final String event) throws IOException
    {
        final Path contextFile = runDir.resolve("context.json");
        final String engines = byLabel.values().stream().flatMap((m) -> m.values().stream())
            .map(ProfileMeta::eventStatement).distinct().reduce((x, y) -> x + "; " + y).orElse(event);
        if (!Files.isRegularFile(contextFile))
        {
            return;
        }
        // The profiler's effective event is part of the run's context (cpu may have fallen back to a timer).
        final ObjectNode context = (ObjectNode)MAPPER.readTree(contextFile.toFile());
        final ObjectNode settings = context.has("settings") && context.get("settings").isObject() ?
            (ObjectNode)context.get("settings") : context.putObject("settings");
        settings.put("profiler.requestedEvent", event);
        settings.put("profiler.effective", engines);
        MAPPER.writeValue(contextFile.toFile(), context);
    }

    static String slug(final String label)
    {
        return label.replaceAll("[^A-Za-z0-9._=-]+", "_").replaceAll("_+$", "");
    }
}
