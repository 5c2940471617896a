package io.quorumbench.loadgen;

import io.quorumbench.loadgen.engine.LoadRun;
import io.quorumbench.loadgen.engine.SummaryWriter;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Prints load runs' {@code summary.json} files as one table, a row per run: implementation,
 * offered and achieved rate, corrected p50 / p99 / p99.9, linearizable, lost acknowledged writes,
 * passed. Used by {@code scripts/bench} to put both implementations side by side.
 *
 * <p>Usage: {@code SideBySideTable DIR...} (run directories). Exit 1 if a file is missing or a run
 * failed its checks, else 0. Not thread-safe (a main).
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
     * @return 0 if every run passed, 1 otherwise.
     */
    @SuppressWarnings("unchecked")
    public static int print(final String[] dirs, final PrintStream out)
    {
        int exit = 0;
        out.println(String.format(Locale.ROOT, "%-10s %10s %10s %10s %10s %10s %13s %10s %7s",
            "impl", "offered/s", "achieved/s", "p50", "p99", "p99.9", "linearizable", "lost acks", "passed"));
        for (final String dir : dirs)
        {
            final Path file = Path.of(dir, "summary.json");
            if (!Files.isRegularFile(file))
            {
                out.println(String.format(Locale.ROOT, "%-10s (no summary in %s: the run failed to start)", "?", dir));
                exit = 1;
                continue;
            }
            final Map<String, Object> summary = SummaryWriter.read(file);
            final Map<String, Object> corrected =
                (Map<String, Object>)((Map<String, Object>)summary.get("latencyNs")).get("corrected");
            final Map<String, Object> verdicts = (Map<String, Object>)summary.get("verdicts");
            final boolean passed = Boolean.TRUE.equals(summary.get("passed"));
            exit |= passed ? 0 : 1;
            out.println(String.format(Locale.ROOT, "%-10s %10.0f %10.0f %10s %10s %10s %13s %10s %7s",
                summary.get("impl"),
                ((Number)summary.get("offeredRate")).doubleValue(),
                ((Number)summary.get("achievedRate")).doubleValue(),
                LoadRun.formatNs(((Number)corrected.get("p50")).doubleValue()),
                LoadRun.formatNs(((Number)corrected.get("p99")).doubleValue()),
                LoadRun.formatNs(((Number)corrected.get("p99_9")).doubleValue()),
                String.valueOf(verdicts.get("linearizable")),
                String.valueOf(verdicts.get("lostAckedWrites")),
                passed ? "yes" : "NO"));
        }
        return exit;
    }
}
