package io.quorumbench.loadgen.workload;

/** How keys are drawn from {@code 0..keys-1}. */
public enum KeyDistribution
{
    /** Every key equally likely. */
    UNIFORM,
    /** Zipfian (YCSB's generator, rank 0 hottest); skew set by theta. */
    ZIPFIAN
}
