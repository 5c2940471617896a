package io.quorumbench.analysis.report;

import io.quorumbench.analysis.compare.ResultFileException;
import io.quorumbench.api.registry.ImplementationKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code scripts/targets RUN_DIR... [--baseline DIR]}: (re)writes {@code targets.json} of recorded
 * load runs and sweeps from their {@code summary.json} / {@code sweep.json} ({@link LoadTargets}),
 * so targets are judged from recorded data by the same rules as a new run, never by hand. A sweep's
 * rates get theirs too. Prints one line per target.
 *
 * <p>Exit codes: 0 written (targets may be MISS or INCONCLUSIVE: they are findings, not errors), 2
 * bad input (no such directory, no summary, a baseline that is not a baseline sweep).
 *
 * <p><b>Threading</b>: a main.
 */
@Command(name = "targets", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "(Re)write targets.json of load runs and sweeps from their summary.json / sweep.json: the README's load " +
            "targets that apply to each run's scenario, judged PASS, MISS or INCONCLUSIVE from the recorded values " +
            "(loadgen/LOADGEN.md, Targets judged per run). A sweep's rates get theirs too."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written (whatever the verdicts)", "2:bad input (missing directory or summary, wrong baseline)"})
public final class LoadTargetsCommand implements Callable<Integer>
{
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Load run or sweep directories.")
    private List<Path> runDirs;

    @Option(names = "--baseline", paramLabel = "DIR",
        description = "The baseline's sweep of the same scenario, for the tuned sweep's speed-up target.")
    private Path baselineDir;

    private final PrintStream out;

    private LoadTargetsCommand(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * Entry point.
     *
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Run the command line and return its exit code.
     *
     * @param args command line.
     * @param out  where the targets are listed.
     * @param err  where errors go.
     * @return the exit code.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final CommandLine cli = new CommandLine(new LoadTargetsCommand(out));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            if (ex instanceof ResultFileException)
            {
                err.println("targets: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call()
    {
        final RecordedRun baseline = null == baselineDir ? null : baseline(baselineDir);
        for (final Path dir : runDirs)
        {
            final List<RecordedRun> runs = RecordedRun.in(dir);
            if (runs.isEmpty())
            {
                throw new ResultFileException(dir, null, "no summary.json or sweep.json: not a load run directory");
            }
            // a sweep directory is judged as a sweep; its rates, each a run of its own, get theirs too
            final RecordedRun run = runs.get(runs.size() - 1);
            if (run.isSweep())
            {
                for (final Path rate : rateDirs(dir))
                {
                    write(rate, RecordedRun.read(rate.resolve("summary.json")), null);
                }
            }
            write(dir, run, run.isSweep() ? baseline : null);
        }
        return 0;
    }

    private void write(final Path dir, final RecordedRun run, final RecordedRun baseline)
    {
        final List<LoadTargets.Result> results = LoadTargets.evaluate(run, baseline);
        LoadTargets.write(results, dir.resolve("targets.json"));
        out.println(dir.resolve("targets.json") + (results.isEmpty() ? ": no target applies to this scenario" : ""));
        for (final LoadTargets.Result r : results)
        {
            out.println("  " + r.describe());
        }
    }

    private static RecordedRun baseline(final Path dir)
    {
        final Path file = dir.resolve("sweep.json");
        final RecordedRun run = RecordedRun.read(file);
        if (run.kind().orElse(null) != ImplementationKind.BASELINE)
        {
            throw new ResultFileException(file, "impl", "--baseline must be the baseline's sweep, found impl " + run.impl());
        }
        return run;
    }

    private static List<Path> rateDirs(final Path dir)
    {
        final List<Path> out = new ArrayList<>();
        try (java.util.stream.Stream<Path> children = Files.list(dir))
        {
            children.filter(p -> p.getFileName().toString().startsWith("rate-") && Files.isRegularFile(p.resolve("summary.json")))
                .sorted().forEach(out::add);
        }
        catch (final java.io.IOException ex)
        {
            throw new ResultFileException(dir, "cannot list", ex);
        }
        return out;
    }
}
