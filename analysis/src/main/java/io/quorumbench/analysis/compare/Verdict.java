package io.quorumbench.analysis.compare;

/**
 * Outcome of comparing one metric of one benchmark between run A (before) and run B (after).
 */
public enum Verdict
{
    /** B is worse than A beyond the noise band and by at least the minimum effect. */
    REGRESSION,
    /** B is better than A beyond the noise band and by at least the minimum effect. */
    IMPROVEMENT,
    /** The difference is real (outside the noise band) but smaller than the minimum effect. */
    BELOW_MIN_EFFECT,
    /** The difference is inside the noise band. */
    WITHIN_NOISE,
    /**
     * The samples cannot decide: with this many the Mann-Whitney test cannot reach the significance
     * level whatever the change (or a side has too few to estimate the noise at all). Never a pass:
     * {@code scripts/compare} exits non-zero and says how many samples are needed.
     */
    INSUFFICIENT_SAMPLES,
    /** The unit does not say which way is better; reported, not judged. */
    NOT_JUDGED
}
