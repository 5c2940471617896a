package io.quorumbench.analysis.report;

import io.quorumbench.analysis.compare.ResultFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code scripts/report <run-dir>...}: one self-contained HTML report of the given runs (a bench run's
 * directory stands for the runs of its index): the comparison of every implementation first, each run's
 * section as the appendix.
 * Exit status 0 written, 2 bad input (missing or malformed result files, named with the field).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write one self-contained HTML report (charts inlined as SVG, opens offline) of run directories.")
public final class ReportCommand implements Callable<Integer>
{
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR",
        description = "Run directories (results/<run-id>/), or a bench run's directory (scripts/bench: its index.json " +
            "lists its runs), in any mix.")
    private List<Path> runDirs;

    @Option(names = "--out", paramLabel = "FILE",
        description = "Report file (default: <bench dir>/report.html for one bench run, else <first run dir>/report.html).")
    private Path out;

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
     * @return exit status.
     */
    public static int run(final String[] args, final PrintStream err)
    {
        final CommandLine cl = new CommandLine(new ReportCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
        {
            if (ex instanceof ResultFileException || ex instanceof IOException)
            {
                err.println("report: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    /**
     * @param dirs run directories and bench run directories.
     * @return the run directories, a bench run's replaced by the runs of its index.
     */
    static List<Path> expand(final List<Path> dirs)
    {
        final List<Path> out = new ArrayList<>();
        for (final Path dir : dirs)
        {
            if (BenchIndex.isBench(dir))
            {
                out.addAll(BenchIndex.runsOf(dir));
            }
            else
            {
                out.add(dir);
            }
        }
        return out;
    }

    @Override
    public Integer call() throws IOException
    {
        final Path file = null != out ? out : runDirs.get(0).resolve("report.html");
        final String html = ReportBuilder.build(expand(runDirs), file);
        final Path parent = file.toAbsolutePath().getParent();
        if (null != parent)
        {
            Files.createDirectories(parent);
        }
        Files.writeString(file, html, StandardCharsets.UTF_8);
        System.err.println("report: wrote " + file + " (" + html.length() / 1024 + " KiB)");
        return 0;
    }
}
