package io.quorumbench.jmh;

/**
 * How long a suite runs. Quick mode fits a 2-core machine in a few minutes and is for checking
 * that things work, for rough ratios and for {@code scripts/compare}; full mode is the complete
 * param matrix with longer iterations, for numbers worth recording.
 *
 * <p>Both record at least two forks of three iterations: {@code scripts/compare} takes every
 * iteration of every fork as a sample, and its Mann-Whitney test cannot reach p &lt; 0.05 with
 * three samples a side (the smallest possible p is 0.100) but can with six (0.002); a second fork
 * also lets the comparison's bootstrap see the variation between JVMs (JIT decisions, heap layout),
 * which on this machine class moves single-fork ratios by up to a third.
 */
public enum Mode
{
    /** Two forks, each 3 × 1 s warm-up, 3 × 1 s measurement; fewer params (see each suite's quick params). */
    QUICK(2, 3, "1s", 3, "1s"),

    /** Two forks, 5 × 1 s warm-up, 5 × 2 s measurement, every param value. */
    FULL(2, 5, "1s", 5, "2s");

    private final int forks;
    private final int warmupIterations;
    private final String warmupTime;
    private final int iterations;
    private final String measurementTime;

    Mode(final int forks, final int warmupIterations, final String warmupTime, final int iterations, final String measurementTime)
    {
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupTime = warmupTime;
        this.iterations = iterations;
        this.measurementTime = measurementTime;
    }

    /**
     * Name on the command line and in run ids.
     *
     * @return lower case name.
     */
    public String cliName()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * JMH forks.
     *
     * @return number of forks.
     */
    public int forks()
    {
        return forks;
    }

    /**
     * JMH warm-up iterations.
     *
     * @return count.
     */
    public int warmupIterations()
    {
        return warmupIterations;
    }

    /**
     * JMH warm-up iteration time, in JMH's syntax.
     *
     * @return e.g. {@code "1s"}.
     */
    public String warmupTime()
    {
        return warmupTime;
    }

    /**
     * JMH measurement iterations.
     *
     * @return count.
     */
    public int iterations()
    {
        return iterations;
    }

    /**
     * JMH measurement iteration time, in JMH's syntax.
     *
     * @return e.g. {@code "1s"}.
     */
    public String measurementTime()
    {
        return measurementTime;
    }
}
