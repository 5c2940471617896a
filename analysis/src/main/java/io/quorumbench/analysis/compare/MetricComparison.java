package io.quorumbench.analysis.compare;

/**
 * The comparison of one metric of one matched benchmark.
 *
 * @param key        the benchmark key (name, mode, parameters) or load scenario name.
 * @param metric     metric name: {@code primary}, {@code gc.alloc.rate.norm}, {@code p99}, ...
 * @param unit       unit of the values.
 * @param samplesA   number of samples in A.
 * @param samplesB   number of samples in B.
 * @param medianA    median of A.
 * @param medianB    median of B.
 * @param ratio      B / A with its bootstrap interval (NaN bounds when not computable).
 * @param pValue     Mann-Whitney two-sided p-value, NaN when not computed.
 * @param changePct  signed change in percent, positive = worse (direction-aware), NaN when undefined.
 * @param detectablePct the smallest worsening in percent the rule could have called a regression at
 *                   these sample sizes and this spread ({@link MetricComparator} says how it is
 *                   found); positive infinity when no change of any size could have been, NaN when
 *                   not computed (allocation, single values, unknown direction).
 * @param verdict    the verdict.
 * @param noiseBand  the band the verdict was decided with, in words (printed per benchmark).
 */
public record MetricComparison(
    String key,
    String metric,
    String unit,
    int samplesA,
    int samplesB,
    double medianA,
    double medianB,
    NoiseStats.Interval ratio,
    double pValue,
    double changePct,
    double detectablePct,
    Verdict verdict,
    String noiseBand)
{
}
