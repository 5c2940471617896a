package io.quorumbench.loadgen;

import io.quorumbench.analysis.report.RecordedRun;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.loadgen.engine.LoadRun;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints load runs' {@code summary.json} files as one table, a row per run: protocol/implementation,
 * offered and achieved rate, corrected p50 / p99 / p99.9, the history check's and the read-back's
 * verdicts, and the run's verdict. Used by {@code scripts/bench} to put every protocol's implementations side
 * by side.
 *
 * <p>Usage: {@code SideBySideTable DIR...} (run directories). Exit 1 if a file is missing or a run
 * failed, else 3 if a run was INCONCLUSIVE (a check did not decide), else 0 (the exit codes of
 * {@code scripts/loadgen}). Not thread-safe (a main).
 */
public final class SideBySideTable
{
    private SideBySideTable()
    {
    }

    /**
     * Entry point.
     *
     * @param args run directories.
     */
    public static void main(final String[] args)
    {
        System.exit(print(args, System.out));
    }

    /**
     * Print the table.
     *
     * @param dirs run directories holding {@code summary.json}.
     * @param out  where the table goes.
     * @return 0 if every run passed, 1 if one failed or has no summary, else 3 if one was inconclusive.
     */
    public static int print(final String[] dirs, final PrintStream out)
    {
        CheckVerdict all = CheckVerdict.PASS;
        out.println(String.format(Locale.ROOT, "%-16s %10s %10s %10s %10s %10s %13s %13s %13s",
            "protocol/impl", "offered/s", "achieved/s", "p50", "p99", "p99.9", "history", "read-back", "verdict"));
        for (final String dir : dirs)
        {
            final Path file = Path.of(dir, "summary.json");
            if (!Files.isRegularFile(file))
            {
                out.println(String.format(Locale.ROOT, "%-16s (no summary in %s: the run failed to start)", "?", dir));
                all = CheckVerdict.FAIL;
                continue;
            }
            final RecordedRun run = RecordedRun.read(file);
            all = all.and(run.verdict());
            out.println(String.format(Locale.ROOT, "%-16s %10.0f %10.0f %10s %10s %10s %13s %13s %13s",
                run.protocol() + "/" + run.impl(), run.offeredRate(), run.achievedRate(), LoadRun.formatNs(run.p50Ns()),
                LoadRun.formatNs(run.p99Ns()), LoadRun.formatNs(run.p999Ns()),
                run.history().verdict(), run.readBack().verdict(), run.verdict()));
            for (final String reason : run.reasons())
            {
                out.println("                 " + reason);
            }
        }
        return LoadGenCommand.exitCode(all);
    }
}
