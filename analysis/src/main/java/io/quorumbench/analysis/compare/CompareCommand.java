package io.quorumbench.analysis.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code scripts/compare A B}: the noise-aware regression check between two runs.
 *
 * <p>Exit status: 0 no regression and every metric decided, 1 at least one regression (in
 * {@code --aa} mode: at least one false alarm, i.e. the band is too narrow for this machine), 2 bad
 * input or refused comparison, 3 could not decide: some metric had too few samples for the test
 * to reach significance ({@link Verdict#INSUFFICIENT_SAMPLES}) and nothing regressed.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
        "Compare run A (before) with run B (after): JMH benchmarks matched by name + mode + params using " +
            "every fork's and iteration's raw data; load generator percentiles and max sustainable rate. " +
            "A change is a regression only if the bootstrap CI of the ratio of medians excludes 1, the " +
            "Mann-Whitney test is significant, AND the change is at least --min-effect.",
        "Samples are every iteration of every fork (forks x iterations). At the default --alpha 0.05 the rank test " +
            "needs at least 4 per side (or 3 against 5+): with 3 against 3 its smallest possible p is 0.100, so no " +
            "change of any size can be called and the verdict is INSUFFICIENT_SAMPLES. scripts/jmh --mode quick " +
            "records 2 forks x 3 iterations = 6 per side. The bootstrap resamples forks first, so variation between " +
            "forks only widens the interval when each side has 2 or more forks.",
        "Each judged score also prints its smallest detectable change: the smallest worsening of B the rule would " +
            "have called a regression given both sides' spread, the largest of --min-effect, the shift that moves " +
            "the CI of B/A off 1, and the shift at which the Mann-Whitney test reaches --alpha.",
        "Exit: 0 no regression (every metric decided), 1 regression (--aa: a false alarm), 2 bad input / unlike " +
            "contexts, 3 could not decide (INSUFFICIENT_SAMPLES, nothing regressed)."
    })
public final class CompareCommand implements Callable<Integer>
{
    @Parameters(arity = "1..2", paramLabel = "RUN",
        description = "Run directories (results/<run-id>/) or jmh.json / summary.json files: A B, or one with --aa.")
    private List<Path> runs;

    @Option(names = "--min-effect", paramLabel = "FRACTION", description = "Minimum relative effect (default ${DEFAULT-VALUE}).")
    private double minEffect = CompareSettings.MIN_EFFECT_DEFAULT;

    @Option(names = "--confidence", description = "Bootstrap confidence (default ${DEFAULT-VALUE}).")
    private double confidence = CompareSettings.CONFIDENCE_DEFAULT;

    @Option(names = "--alpha", description = "Mann-Whitney significance level (default ${DEFAULT-VALUE}).")
    private double alpha = CompareSettings.ALPHA_DEFAULT;

    @Option(names = "--resamples", description = "Bootstrap resamples (default ${DEFAULT-VALUE}).")
    private int resamples = CompareSettings.RESAMPLES_DEFAULT;

    @Option(names = "--seed", description = "Bootstrap seed (default ${DEFAULT-VALUE}).")
    private long seed = CompareSettings.SEED_DEFAULT;

    @Option(names = "--alloc-floor", paramLabel = "BYTES",
        description = "B/op at or below which allocation counts as zero (default ${DEFAULT-VALUE}).")
    private double allocFloor = CompareSettings.ALLOC_FLOOR_BYTES_DEFAULT;

    @Option(names = "--secondary", split = ",", paramLabel = "METRIC",
        description = "JMH secondary metrics to compare (default gc.alloc.rate.norm).")
    private List<String> secondary = new ArrayList<>(List.of("gc.alloc.rate.norm"));

    @Option(names = "--loadgen-min-effect", paramLabel = "FRACTION",
        description = "Minimum effect for single-valued load figures (default ${DEFAULT-VALUE}).")
    private double loadgenMinEffect = CompareSettings.LOADGEN_MIN_EFFECT_DEFAULT;

    @Option(names = "--context-fields", split = ",", paramLabel = "FIELD",
        description = "context.json fields that must agree (default: ${DEFAULT-VALUE}).")
    private List<String> contextFields = new ArrayList<>(ContextCheck.FIELDS_DEFAULT);

    @Option(names = "--force", description = "Compare even when the contexts differ (the differences are printed).")
    private boolean force;

    @Option(names = "--allow-missing", description = "Compare the common benchmarks when some exist on one side only.")
    private boolean allowMissing;

    @Option(names = "--bench", paramLabel = "REGEX", description = "Only benchmarks/scenarios whose key matches.")
    private String bench;

    @Option(names = "--aa", description = "A/A mode: one run split in halves (even against odd forks; one fork: " +
        "first against second half of its iterations), or two runs of the same commit; prints the noise band; exit 1 " +
        "means the comparison would have raised a false alarm. Each half needs >= 4 samples: a quick run (2 forks x 3) " +
        "splits into 3 against 3, so A/A two quick runs instead.")
    private boolean aa;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the comparison as JSON.")
    private Path json;

    /** Exit status when some metric could not be decided and nothing regressed. */
    public static final int EXIT_UNDECIDED = 3;

    private final PrintStream out;

    /**
     * @param out where the report goes.
     */
    public CompareCommand(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Run the command; for tests and other mains.
     *
     * @param args command line.
     * @param out  report stream.
     * @param err  error stream.
     * @return exit status.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final CommandLine cl = new CommandLine(new CompareCommand(out));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            if (ex instanceof ResultFileException || ex instanceof RunComparison.RefusedException ||
                ex instanceof IllegalArgumentException)
            {
                err.println("compare: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        // picocli's own usage errors exit with 2 as well.
        return cl.execute(args);
    }

    @Override
    public Integer call() throws IOException
    {
        if (!aa && runs.size() != 2)
        {
            throw new IllegalArgumentException("expected two runs A B (or one with --aa), got " + runs.size());
        }
        if (minEffect < 0 || minEffect >= 1 || confidence <= 0 || confidence >= 1 || alpha <= 0 || alpha >= 1)
        {
            throw new IllegalArgumentException("--min-effect must be in [0, 1), --confidence and --alpha in (0, 1)");
        }
        final Pattern filter;
        try
        {
            filter = null == bench ? null : Pattern.compile(bench);
        }
        catch (final PatternSyntaxException ex)
        {
            throw new IllegalArgumentException("--bench: not a regular expression: " + ex.getMessage());
        }
        final CompareSettings settings = new CompareSettings(
            minEffect, confidence, alpha, resamples, seed, allocFloor, List.copyOf(secondary), loadgenMinEffect);
        final MetricComparator comparator = new MetricComparator(settings);

        final RunInput a;
        final RunInput b;
        if (aa && runs.size() == 1)
        {
            final RunInput whole = RunInput.load(runs.get(0));
            final List<JmhResult> first = new ArrayList<>();
            final List<JmhResult> second = new ArrayList<>();
            for (final JmhResult r : whole.jmh())
            {
                final JmhResult[] halves = AaSplit.split(r);
                if (null != halves)
                {
                    first.add(halves[0]);
                    second.add(halves[1]);
                }
            }
            if (first.isEmpty())
            {
                throw new IllegalArgumentException(runs.get(0) + ": --aa with one run needs JMH results with at least two " +
                    "iterations or forks per benchmark");
            }
            a = new RunInput(Path.of(runs.get(0) + " (first half)"), whole.context(), first, List.of());
            b = new RunInput(Path.of(runs.get(0) + " (second half)"), whole.context(), second, List.of());
        }
        else
        {
            a = RunInput.load(runs.get(0));
            b = RunInput.load(runs.get(1));
        }

        final RunComparison result = RunComparison.compare(a, b, comparator, contextFields, force, filter, allowMissing);
        print(result, a, b);
        if (null != json)
        {
            writeJson(result, a, b);
        }
        if (result.hasRegression() || (aa && result.comparisons().stream().anyMatch((c) -> c.verdict() == Verdict.IMPROVEMENT)))
        {
            return 1;
        }
        // Too few samples is not "no regression": a check that could not decide must not read as a pass.
        return result.undecided() > 0 ? EXIT_UNDECIDED : 0;
    }

    private void print(final RunComparison result, final RunInput a, final RunInput b)
    {
        out.println((aa ? "A/A noise check: " : "") + "A = " + a.source() + "\n" + (aa ? "                 " : "") + "B = " + b.source());
        if (null == a.context() || null == b.context())
        {
            out.println("note: context check skipped (a bare result file has no context.json)");
        }
        if (!result.contextMismatches().isEmpty())
        {
            out.println("WARNING --force: contexts differ: " + String.join("; ", result.contextMismatches()));
        }
        for (final String note : result.notes())
        {
            out.println("note: " + note);
        }
        for (final String k : result.onlyInA())
        {
            out.println("only in A (not compared): " + k);
        }
        for (final String k : result.onlyInB())
        {
            out.println("only in B (not compared): " + k);
        }
        out.println();
        String lastKey = "";
        int regressions = 0;
        for (final MetricComparison c : result.comparisons())
        {
            if (!c.key().equals(lastKey))
            {
                out.println(c.key());
                lastKey = c.key();
            }
            out.printf(Locale.ROOT, "  %-22s %-20s A=%s B=%s %s  %s%n    noise band: %s%n",
                c.metric(), c.verdict(), fmt(c.medianA()), fmt(c.medianB()), c.unit(),
                Double.isNaN(c.changePct()) ? "" : String.format(Locale.ROOT, "(%+.1f%% %s)", c.changePct(),
                    c.changePct() > 0 ? "worse" : "better"),
                c.noiseBand());
            if (c.verdict() == Verdict.REGRESSION)
            {
                regressions++;
            }
        }
        out.println();
        if (aa)
        {
            final double widest = result.comparisons().stream()
                .filter((c) -> "primary".equals(c.metric()) && c.verdict() != Verdict.NOT_JUDGED &&
                    c.verdict() != Verdict.INSUFFICIENT_SAMPLES && !Double.isNaN(c.ratio().low()))
                .mapToDouble((c) -> Math.max(Math.abs(c.ratio().low() - 1), Math.abs(c.ratio().high() - 1)))
                .max().orElse(Double.NaN);
            out.printf(Locale.ROOT, "A/A: widest noise band of judged primary scores %s; %d false alarm(s) at min effect %.0f%%%n",
                Double.isNaN(widest) ? "n/a (nothing had enough samples)" : String.format(Locale.ROOT, "+-%.1f%%", widest * 100), result.comparisons().stream()
                    .filter((c) -> c.verdict() == Verdict.REGRESSION || c.verdict() == Verdict.IMPROVEMENT).count(),
                minEffect * 100);
        }
        else
        {
            out.println(regressions == 0 ? (result.undecided() == 0 ? "no regression" :
                "no regression among the metrics decided; the rest are INCONCLUSIVE") :
                regressions + " regression(s)");
        }
        if (result.undecided() > 0)
        {
            out.printf(Locale.ROOT, "could not decide %d metric(s) (INSUFFICIENT_SAMPLES): record at least %d samples " +
                "(forks x iterations) per side, e.g. scripts/jmh --mode quick (2 forks x 3 iterations)%n",
                result.undecided(), Math.max(NoiseStats.samplesPerSideNeeded(alpha), MetricComparator.MIN_SAMPLES));
        }
    }

    private void writeJson(final RunComparison result, final RunInput a, final RunInput b) throws IOException
    {
        final Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("a", a.source().toString());
        doc.put("b", b.source().toString());
        doc.put("aa", aa);
        doc.put("contextMismatches", result.contextMismatches());
        doc.put("onlyInA", result.onlyInA());
        doc.put("onlyInB", result.onlyInB());
        doc.put("notes", result.notes());
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (final MetricComparison c : result.comparisons())
        {
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", c.key());
            row.put("metric", c.metric());
            row.put("unit", c.unit());
            row.put("samplesA", c.samplesA());
            row.put("samplesB", c.samplesB());
            row.put("medianA", c.medianA());
            row.put("medianB", c.medianB());
            row.put("ratio", c.ratio().point());
            row.put("ratioLow", c.ratio().low());
            row.put("ratioHigh", c.ratio().high());
            row.put("pValue", c.pValue());
            row.put("changePct", c.changePct());
            row.put("detectablePct", c.detectablePct());
            row.put("verdict", c.verdict().name());
            row.put("noiseBand", c.noiseBand());
            rows.add(row);
        }
        doc.put("comparisons", rows);
        final Path parent = json.toAbsolutePath().getParent();
        if (null != parent)
        {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), doc);
    }

    static String fmt(final double v)
    {
        if (Double.isNaN(v))
        {
            return "n/a";
        }
        final double abs = Math.abs(v);
        return abs >= 1000 || abs == 0 ? String.format(Locale.ROOT, "%.0f", v) :
            abs >= 10 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
