package io.quorumbench.jmh;

/**
 * How long a suite runs. Quick mode fits a 2-core machine in a few minutes and is for checking
 * that things work and for rough ratios; full mode is the complete param matrix with several forks,
 * for numbers worth recording.
 */
public enum Mode
{
    /** One fork, 3 × 1 s warm-up, 3 × 1 s measurement, fewer params (see each suite's quick params). */
    QUICK(1, 3, "1s", 3, "1s"),

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
