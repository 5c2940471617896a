package io.quorumbench.analysis.compare;

import java.util.List;

/**
 * Knobs of a comparison. Defaults suit the small, shared machines the harness runs on.
 *
 * @param minEffect           smallest relative change that counts as a regression, e.g. 0.05 for 5%.
 * @param confidence          confidence of the bootstrap interval, e.g. 0.95.
 * @param alpha               significance level of the Mann-Whitney test, e.g. 0.05.
 * @param resamples           bootstrap resamples.
 * @param seed                bootstrap seed (deterministic verdicts).
 * @param allocFloorBytes     allocation per operation (B/op) at or below which allocation counts as
 *                            zero: JMH's accounting leaves fractions of a byte even for code that
 *                            allocates nothing, so two such values are never compared as a ratio.
 * @param secondaryMetrics    JMH secondary metrics compared besides the primary score.
 * @param loadgenMinEffect    smallest relative change of a single-valued load generator figure
 *                            (percentile, max sustainable rate) that counts; these have no
 *                            per-run noise estimate, so the bar is higher.
 */
public record CompareSettings(
    double minEffect,
    double confidence,
    double alpha,
    int resamples,
    long seed,
    double allocFloorBytes,
    List<String> secondaryMetrics,
    double loadgenMinEffect)
{
    /** Default minimum effect: 5%. */
    public static final double MIN_EFFECT_DEFAULT = 0.05;
    /** Default confidence: 95%. */
    public static final double CONFIDENCE_DEFAULT = 0.95;
    /** Default significance level. */
    public static final double ALPHA_DEFAULT = 0.05;
    /** Default bootstrap resamples. */
    public static final int RESAMPLES_DEFAULT = 2000;
    /** Default seed. */
    public static final long SEED_DEFAULT = 42;
    /** Default allocation floor in bytes per operation. */
    public static final double ALLOC_FLOOR_BYTES_DEFAULT = 0.5;
    /** Default minimum effect for single-valued load generator figures: 10%. */
    public static final double LOADGEN_MIN_EFFECT_DEFAULT = 0.10;

    /**
     * @return the defaults, comparing {@code gc.alloc.rate.norm} besides the primary score.
     */
    public static CompareSettings defaults()
    {
        return new CompareSettings(
            MIN_EFFECT_DEFAULT, CONFIDENCE_DEFAULT, ALPHA_DEFAULT, RESAMPLES_DEFAULT, SEED_DEFAULT,
            ALLOC_FLOOR_BYTES_DEFAULT, List.of("gc.alloc.rate.norm"), LOADGEN_MIN_EFFECT_DEFAULT);
    }

    /**
     * @param minEffect new minimum effect.
     * @return a copy with the minimum effect changed.
     */
    public CompareSettings withMinEffect(final double minEffect)
    {
        return new CompareSettings(
            minEffect, confidence, alpha, resamples, seed, allocFloorBytes, secondaryMetrics, loadgenMinEffect);
    }
}
