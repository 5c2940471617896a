package io.quorumbench.analysis.report;

import io.quorumbench.analysis.compare.ResultFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What {@code scripts/bench} calls to make its run a directory of its own: {@code start} creates
 * {@code results/<bench-id>/} with its {@code context.json} and prints the path; {@code finish} writes
 * its {@code index.json} (steps with exit codes, the run directories they wrote).
 * Exit 0 done, 2 bad input.
 */
@Command(name = "bench-run", mixinStandardHelpOptions = true,
    description = "Create a bench run's directory (start) and write its index of runs (finish).",
    subcommands = {BenchRunCommand.Start.class, BenchRunCommand.Finish.class})
public final class BenchRunCommand implements Callable<Integer>
{
    @Override
    public Integer call()
    {
        new CommandLine(this).usage(System.err);
        return 2;
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
     * @param out  where {@code start} prints the directory.
     * @param err  error stream.
     * @return exit status.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final CommandLine cl = new CommandLine(new BenchRunCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            if (ex instanceof ResultFileException || ex instanceof IOException || ex instanceof IllegalArgumentException)
            {
                err.println("bench-run: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    /** {@code start --results DIR --mode MODE [--step NAME]...}. */
    @Command(name = "start", mixinStandardHelpOptions = true,
        description = "Create results/<yyyyMMdd-HHmmss>-bench-<mode>/ with its context.json; print its path.")
    static final class Start implements Callable<Integer>
    {
        @Option(names = "--results", required = true, paramLabel = "DIR", description = "The results directory.")
        Path results;

        @Option(names = "--mode", required = true, description = "The bench's mode: quick or full.")
        String mode;

        @Option(names = "--step", paramLabel = "NAME", description = "A step the bench will run (recorded in the context).")
        List<String> steps = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException
        {
            final Map<String, String> settings = new LinkedHashMap<>();
            settings.put("bench.mode", mode);
            settings.put("bench.steps", String.join(",", steps));
            spec.commandLine().getOut().println(BenchIndex.start(results, mode, settings));
            return 0;
        }
    }

    /** {@code finish BENCH_DIR --step NAME=EXIT... RUN_DIR...}. */
    @Command(name = "finish", mixinStandardHelpOptions = true,
        description = "Write BENCH_DIR/index.json: the steps with their exit codes and the run directories they wrote.")
    static final class Finish implements Callable<Integer>
    {
        @Parameters(index = "0", paramLabel = "BENCH_DIR", description = "The bench run's directory (from start).")
        Path benchDir;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "RUN_DIR", description = "Run directories its steps wrote.")
        List<Path> runs = new ArrayList<>();

        @Option(names = "--step", paramLabel = "NAME=EXIT", description = "A step and its exit code, in the order run.")
        List<String> steps = new ArrayList<>();

        @Override
        public Integer call() throws IOException
        {
            final List<BenchIndex.Step> parsed = new ArrayList<>();
            for (final String s : steps)
            {
                final int eq = s.lastIndexOf('=');
                if (eq <= 0 || !s.substring(eq + 1).matches("\\d+"))
                {
                    throw new IllegalArgumentException("--step wants NAME=EXIT_CODE, got '" + s + "'");
                }
                parsed.add(new BenchIndex.Step(s.substring(0, eq), Integer.parseInt(s.substring(eq + 1))));
            }
            BenchIndex.finish(benchDir, parsed, runs);
            return 0;
        }
    }
}
