package io.quorumbench.loadgen.workload;

import java.util.concurrent.TimeUnit;

/**
 * How long the after-run checks may take, each on a clock of its own: a slow read-back must not
 * eat the linearizability checker's time (it used to: one deadline for both, so a checker started
 * late gave up early and the run read as passed).
 *
 * @param readBackNs     reading every key with an acknowledged write back through the target; the
 *                       read of the history keys' values before the run gets the same budget.
 * @param historyCheckNs the linearizability check of the recorded history, started once the
 *                       read-back is done.
 */
public record CheckBudgets(long readBackNs, long historyCheckNs)
{
    /**
     * Default read-back budget ({@code --read-back-budget}): the read-back keeps 64 reads in flight;
     * a run with far more keys than the default 10,000 may need more, and a read-back cut short says
     * so (INCONCLUSIVE, naming the option) rather than passing.
     */
    public static final long READ_BACK_DEFAULT_NS = TimeUnit.SECONDS.toNanos(60);
    /**
     * Default history check budget ({@code --check-budget}): twice the 60 s the conformance checker is
     * meant to need for the hardest history recorded here (issue 11's fail-over run: 1,689 operations
     * on one key), so a shared, loaded machine does not turn a decidable check inconclusive.
     */
    public static final long HISTORY_CHECK_DEFAULT_NS = TimeUnit.SECONDS.toNanos(120);
    /** The defaults. */
    public static final CheckBudgets DEFAULT = new CheckBudgets(READ_BACK_DEFAULT_NS, HISTORY_CHECK_DEFAULT_NS);

    /**
     * Validates.
     */
    public CheckBudgets
    {
        if (readBackNs <= 0 || historyCheckNs <= 0)
        {
            throw new IllegalArgumentException("check budgets must be > 0, got read-back " + readBackNs +
                " ns, history check " + historyCheckNs + " ns");
        }
    }
}
