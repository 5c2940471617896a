package io.quorumbench.loadgen.engine;

/** How request send times are spaced. */
public enum Arrivals
{
    /** Evenly spaced: request {@code k} is due at {@code start + k * interval}. */
    CONSTANT,
    /** A Poisson process: exponentially distributed gaps with the given mean rate, from a seed. */
    POISSON
}
