package io.quorumbench.loadgen.workload;

import io.quorumbench.api.results.CheckResult;
import io.quorumbench.api.results.CheckVerdict;

import java.util.Map;

/**
 * Verdicts of a workload's after-run checks. Each check has an explicit verdict with its reason;
 * none is {@code null}, so nothing downstream can read "not checked" as "passed".
 *
 * @param history         the linearizability check of the recorded history.
 * @param readBack        the read-back of acknowledged writes.
 * @param lostAckedWrites acknowledged writes the read-back found lost (must be 0), or {@code null}
 *                        when the read-back did not decide (cut short, skipped, not applicable): a
 *                        count of 0 from an unfinished read-back would read as a pass.
 * @param details         how the checks were done and what they saw (history mode, counts, budgets,
 *                        first violation); written to the summary under {@code verification}.
 */
public record Verification(CheckResult history, CheckResult readBack, Long lostAckedWrites, Map<String, Object> details)
{
    /**
     * Verdicts of a run whose target applies no commands (the no-op and delay targets: generator
     * self-tests): there is no state to check, and both checks say so.
     *
     * @param why the reason, e.g. "the target applies no commands".
     * @return the verification.
     */
    public static Verification notApplicable(final String why)
    {
        final CheckResult notApplicable = CheckResult.notApplicable(why);
        return new Verification(notApplicable, notApplicable, null, Map.of("checked", false, "why", why));
    }

    /**
     * Verdicts of a run whose checks were not made although they apply (the run was stopped early).
     *
     * @param why the reason.
     * @return the verification, both checks inconclusive.
     */
    public static Verification notMade(final String why)
    {
        final CheckResult undecided = CheckResult.inconclusive(why);
        return new Verification(undecided, undecided, null, Map.of("checked", false, "why", why));
    }

    /**
     * The checks' combined verdict (see {@link CheckVerdict}).
     *
     * @return FAIL if either failed, else INCONCLUSIVE if either did not decide, else PASS if either
     *         passed, else the shared non-deciding verdict (both skipped or not applicable).
     */
    public CheckVerdict verdict()
    {
        return history.verdict().and(readBack.verdict());
    }

    /**
     * Whether the checks let the run pass: every check that applies passed, or none applies.
     *
     * @return false if a check failed or did not decide.
     */
    public boolean passed()
    {
        final CheckVerdict verdict = verdict();
        return verdict == CheckVerdict.PASS || !verdict.decides();
    }
}
