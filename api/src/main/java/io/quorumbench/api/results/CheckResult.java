package io.quorumbench.api.results;

import java.util.Objects;

/**
 * One check's verdict and the sentence that explains it, e.g. {@code INCONCLUSIVE} "the checker
 * gave up on key 0 (1,689 operations)".
 *
 * @param verdict the verdict.
 * @param reason  why, in one sentence a reader understands without the code; never empty.
 */
public record CheckResult(CheckVerdict verdict, String reason)
{
    /**
     * Validates.
     */
    public CheckResult
    {
        Objects.requireNonNull(verdict, "verdict");
        if (null == reason || reason.isBlank())
        {
            throw new IllegalArgumentException("a verdict needs its reason");
        }
    }

    /**
     * A passed check.
     *
     * @param reason what was checked.
     * @return the result.
     */
    public static CheckResult pass(final String reason)
    {
        return new CheckResult(CheckVerdict.PASS, reason);
    }

    /**
     * A failed check.
     *
     * @param reason what was violated.
     * @return the result.
     */
    public static CheckResult fail(final String reason)
    {
        return new CheckResult(CheckVerdict.FAIL, reason);
    }

    /**
     * A check that did not decide.
     *
     * @param reason why not.
     * @return the result.
     */
    public static CheckResult inconclusive(final String reason)
    {
        return new CheckResult(CheckVerdict.INCONCLUSIVE, reason);
    }

    /**
     * A check the user opted out of.
     *
     * @param reason which option did it.
     * @return the result.
     */
    public static CheckResult skipped(final String reason)
    {
        return new CheckResult(CheckVerdict.SKIPPED, reason);
    }

    /**
     * A check that cannot apply to this run.
     *
     * @param reason why not.
     * @return the result.
     */
    public static CheckResult notApplicable(final String reason)
    {
        return new CheckResult(CheckVerdict.NOT_APPLICABLE, reason);
    }

    /**
     * The console form.
     *
     * @return e.g. {@code INCONCLUSIVE: the history is empty}.
     */
    @Override
    public String toString()
    {
        return verdict + ": " + reason;
    }
}
