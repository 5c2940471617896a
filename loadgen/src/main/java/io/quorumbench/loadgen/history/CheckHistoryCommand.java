package io.quorumbench.loadgen.history;

import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.history.HistoryReader;
import io.quorumbench.conformance.history.HistoryWriter;
import io.quorumbench.conformance.history.Op;
import io.quorumbench.conformance.linearizability.LinearizabilityChecker;
import io.quorumbench.conformance.linearizability.LinearizabilityResult;
import io.quorumbench.loadgen.LoadGenCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code scripts/check-history FILE...}: is each history linearizable? Prints per file the verdict,
 * keys, operations, time taken, which method decided how many keys, and for a violation the shrunk
 * witness as history lines (a file of its own that this command again finds not linearizable).
 *
 * <p>Exit status over all files: {@value #EXIT_BAD_INPUT} if any file is unreadable or malformed
 * (or the command line is wrong); else {@value #EXIT_VIOLATION} if any history is not
 * linearizable; else {@value #EXIT_UNDECIDED} if any could not be decided within the budgets;
 * else {@value #EXIT_LINEARIZABLE}. A bad file does not stop the others from being checked.
 */
@Command(name = "check-history", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Check key-value histories (JSON lines, conformance/HISTORY-FORMAT.md) for linearizability.",
        "Exit 0 all linearizable, 1 a violation (the minimal witness is printed), 3 undecided within the " +
            "budgets, 2 bad input (unreadable file, malformed line: the line number is printed). With several " +
            "files: any bad input gives 2, else any violation 1, else any undecided 3."
    })
public final class CheckHistoryCommand implements Callable<Integer>
{
    /** Every history is linearizable. */
    public static final int EXIT_LINEARIZABLE = 0;
    /** Some history is not linearizable. */
    public static final int EXIT_VIOLATION = 1;
    /** A file is unreadable or malformed, or the command line is wrong. */
    public static final int EXIT_BAD_INPUT = 2;
    /** Some history could not be decided within the budgets. */
    public static final int EXIT_UNDECIDED = 3;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "History files, e.g. results/<run-id>/history.jsonl.")
    private List<Path> files;

    @Option(names = "--time-budget", paramLabel = "DURATION", converter = LoadGenCommand.DurationConverter.class,
        description = "Wall-clock budget for deciding one file, e.g. 60s, 2m (default 120s).")
    private long timeBudgetNs = 120_000_000_000L;

    @Option(names = "--minimise-budget", paramLabel = "DURATION", converter = LoadGenCommand.DurationConverter.class,
        description = "Wall-clock budget for shrinking a witness (default 10s).")
    private long minimiseBudgetNs = 10_000_000_000L;

    @Option(names = "--max-segment-ops", paramLabel = "N",
        description = "Largest segment of one key the reference search takes on (default ${DEFAULT-VALUE}).")
    private int maxSegmentOps = LinearizabilityChecker.DEFAULT_MAX_OPS_PER_KEY;

    @Option(names = "--max-memo", paramLabel = "N",
        description = "Memoised configurations per search before giving up (default ${DEFAULT-VALUE}).")
    private int maxMemo = LinearizabilityChecker.DEFAULT_MAX_MEMO_ENTRIES;

    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param out where verdicts go.
     * @param err where bad input is reported.
     */
    public CheckHistoryCommand(final PrintStream out, final PrintStream err)
    {
        this.out = out;
        this.err = err;
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
     * @param out  verdict stream.
     * @param err  error stream.
     * @return exit status.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final CommandLine cl = new CommandLine(new CheckHistoryCommand(out, err));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, args1) ->
        {
            err.println("check-history: " + ex.getMessage());
            ex.getCommandLine().usage(err);
            return EXIT_BAD_INPUT;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call()
    {
        if (timeBudgetNs <= 0 || minimiseBudgetNs < 0 || maxSegmentOps <= 0 || maxMemo <= 0)
        {
            err.println("check-history: budgets and bounds must be positive");
            return EXIT_BAD_INPUT;
        }
        final LinearizabilityChecker checker = new LinearizabilityChecker(maxSegmentOps, maxMemo, timeBudgetNs,
            minimiseBudgetNs);
        final Set<Integer> statuses = new HashSet<>();
        for (final Path file : files)
        {
            statuses.add(checkFile(checker, file));
        }
        for (final int status : new int[]{ EXIT_BAD_INPUT, EXIT_VIOLATION, EXIT_UNDECIDED })
        {
            if (statuses.contains(status))
            {
                return status;
            }
        }
        return EXIT_LINEARIZABLE;
    }

    private int checkFile(final LinearizabilityChecker checker, final Path file)
    {
        final long startNs = System.nanoTime();
        final History history;
        try
        {
            history = HistoryReader.read(file);
        }
        catch (final IOException ex)
        {
            err.println("check-history: " + file + ": cannot read: " + ex);
            out.println(file + ": BAD INPUT (unreadable)");
            return EXIT_BAD_INPUT;
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("check-history: " + file + ": " + ex.getMessage());
            out.println(file + ": BAD INPUT (" + ex.getMessage() + ")");
            return EXIT_BAD_INPUT;
        }
        final long readNs = System.nanoTime() - startNs;
        final LinearizabilityResult result;
        try
        {
            result = checker.check(history);
        }
        catch (final IllegalArgumentException ex)
        {
            // structural: entries are numbered from 0 in file order (blank lines not counted)
            err.println("check-history: " + file + ": malformed history: " + ex.getMessage());
            out.println(file + ": BAD INPUT (malformed history: " + ex.getMessage() + ")");
            return EXIT_BAD_INPUT;
        }
        catch (final RuntimeException | OutOfMemoryError ex)
        {
            // the check did not decide: say so, never let it read as a verdict
            err.println("check-history: " + file + ": the check failed: " + ex);
            out.println(file + ": UNDECIDED (the check failed: " + ex + ")");
            return EXIT_UNDECIDED;
        }
        final String verdict;
        final int status;
        switch (result.outcome())
        {
            case LINEARIZABLE:
                verdict = "LINEARIZABLE";
                status = EXIT_LINEARIZABLE;
                break;
            case VIOLATION:
                verdict = "VIOLATION";
                status = EXIT_VIOLATION;
                break;
            default:
                verdict = "UNDECIDED";
                status = EXIT_UNDECIDED;
                break;
        }
        out.println(file + ": " + verdict);
        out.printf(Locale.ROOT, "  %d keys, %d operations (%d entries); read %.2f s, checked %.2f s%n",
            result.keysChecked(), result.opsChecked(), history.size(), readNs / 1e9, result.elapsedNs() / 1e9);
        out.println("  keys decided by: " + result.methodSummary());
        out.println("  " + result.message());
        if (result.outcome() == LinearizabilityResult.Outcome.VIOLATION)
        {
            out.println("  witness (key " + result.key() + ", " + (result.minimal() ? "minimal" : "not minimised") +
                "), as history lines:");
            for (final Op op : result.witness())
            {
                out.println(HistoryWriter.toJson(op));
            }
        }
        return status;
    }
}
