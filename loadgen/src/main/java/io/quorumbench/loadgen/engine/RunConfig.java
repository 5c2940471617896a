package io.quorumbench.loadgen.engine;

/**
 * Settings of one open-loop run, validated once on construction.
 *
 * @param rate              offered rate over all senders, requests per second.
 * @param arrivals          constant or Poisson spacing.
 * @param durationNs        total run time including warm-up, nanoseconds.
 * @param warmupNs          leading time whose requests are sent but not measured, nanoseconds.
 * @param senders           sender threads (client sessions) sharing the rate.
 * @param maxInFlight       requests one sender may have outstanding (rounded up to a power of two);
 *                          a sender that hits it cannot send and falls behind, visibly.
 * @param timeoutNs         a request without an answer this long after its send is a timeout.
 * @param seed              seed of every random choice (arrivals, keys, ops).
 * @param progress          whether to print one progress line per second.
 */
public record RunConfig(
    double rate,
    Arrivals arrivals,
    long durationNs,
    long warmupNs,
    int senders,
    int maxInFlight,
    long timeoutNs,
    long seed,
    boolean progress)
{
    /** Achieved / offered below this fraction marks a run as behind its schedule. */
    public static final double ON_SCHEDULE_FRACTION = 0.99;

    /**
     * Validates the settings.
     */
    public RunConfig
    {
        if (!(rate > 0) || Double.isInfinite(rate))
        {
            throw new IllegalArgumentException("rate must be > 0, got " + rate);
        }
        if (null == arrivals)
        {
            throw new IllegalArgumentException("arrivals must be given");
        }
        if (durationNs <= 0)
        {
            throw new IllegalArgumentException("duration must be > 0");
        }
        if (warmupNs < 0 || warmupNs >= durationNs)
        {
            throw new IllegalArgumentException("need 0 <= warmup < duration");
        }
        if (senders < 1 || senders > 64)
        {
            throw new IllegalArgumentException("senders must be in 1..64, got " + senders);
        }
        if (maxInFlight < 1 || maxInFlight > (1 << 22))
        {
            throw new IllegalArgumentException("max in-flight must be in 1..4194304, got " + maxInFlight);
        }
        if (timeoutNs <= 0)
        {
            throw new IllegalArgumentException("timeout must be > 0");
        }
    }

    /**
     * Per-sender slot capacity: {@link #maxInFlight()} rounded up to a power of two.
     *
     * @return the capacity.
     */
    public int slotCapacity()
    {
        return maxInFlight == 1 ? 1 : Integer.highestOneBit(maxInFlight - 1) << 1;
    }

    /**
     * Length of the measured window.
     *
     * @return duration minus warm-up, nanoseconds.
     */
    public long measuredNs()
    {
        return durationNs - warmupNs;
    }

    /**
     * The warm-up's ramp: its rate rises linearly from zero to {@link #rate()} over the first half
     * of the warm-up ({@link ArrivalSchedule#ramped}), so a cold JVM's backlog never reaches the
     * measured window. Measured requests are always offered at the full rate.
     *
     * @return the ramp length, nanoseconds; 0 without a warm-up.
     */
    public long warmupRampNs()
    {
        return warmupRampNs(warmupNs);
    }

    /**
     * The ramp of a warm-up (see {@link #warmupRampNs()}).
     *
     * @param warmupNs the warm-up, nanoseconds.
     * @return its ramp, nanoseconds.
     */
    public static long warmupRampNs(final long warmupNs)
    {
        return warmupNs / 2;
    }

    /**
     * The same settings at another rate (for sweeps).
     *
     * @param newRate requests per second.
     * @return a copy.
     */
    public RunConfig withRate(final double newRate)
    {
        return new RunConfig(newRate, arrivals, durationNs, warmupNs, senders, maxInFlight, timeoutNs, seed, progress);
    }
}
