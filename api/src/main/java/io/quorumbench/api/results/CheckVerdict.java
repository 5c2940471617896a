package io.quorumbench.api.results;

/**
 * The verdict of one after-run check, or of a whole run. A check that was asked for either decides
 * ({@link #PASS}, {@link #FAIL}) or says it did not ({@link #INCONCLUSIVE}); it never reads as a
 * pass by default. Two verdicts say why a check was not run at all, and neither is a pass of that
 * check: {@link #SKIPPED} (an explicit, recorded opt-out) and {@link #NOT_APPLICABLE} (the target
 * has no state to check).
 *
 * <p>A run combines its verdicts as Jepsen merges checker results: any {@link #FAIL} fails it,
 * otherwise any {@link #INCONCLUSIVE} makes it inconclusive (an unknown checker result makes the
 * test unknown, never valid), otherwise it passes; {@link #SKIPPED} and {@link #NOT_APPLICABLE}
 * leave the others to decide.
 */
public enum CheckVerdict
{
    /** Checked and held. */
    PASS,
    /** Checked and violated: a fast number from a wrong run is worthless. */
    FAIL,
    /** Asked for and not decided (a search that gave up, an empty history, a read-back cut short). */
    INCONCLUSIVE,
    /** Not run because the user opted out on the command line, recorded in the run's context. */
    SKIPPED,
    /** Not run because it cannot apply: the target applies no commands (noop, delay). */
    NOT_APPLICABLE;

    /**
     * Whether this verdict takes part in deciding a run ({@link #PASS}, {@link #FAIL},
     * {@link #INCONCLUSIVE}).
     *
     * @return false for {@link #SKIPPED} and {@link #NOT_APPLICABLE}.
     */
    public boolean decides()
    {
        return this == PASS || this == FAIL || this == INCONCLUSIVE;
    }

    /**
     * Merge two verdicts: FAIL over INCONCLUSIVE over PASS; a verdict that does not
     * {@link #decides() decide} yields to the other.
     *
     * @param other the other verdict.
     * @return the merged verdict.
     */
    public CheckVerdict and(final CheckVerdict other)
    {
        if (!other.decides())
        {
            return this;
        }
        if (!decides())
        {
            return other;
        }
        if (this == FAIL || other == FAIL)
        {
            return FAIL;
        }
        return this == INCONCLUSIVE || other == INCONCLUSIVE ? INCONCLUSIVE : PASS;
    }
}
