package io.quorumbench.loadgen.engine;

import java.util.SplittableRandom;

/**
 * The intended send times of one sender, in {@link System#nanoTime()} nanoseconds. The total rate
 * is split evenly over the senders; constant schedules interleave them (sender {@code s} of
 * {@code S} owns global slots {@code s, s+S, s+2S, ...}) so the merged stream is evenly spaced.
 *
 * <p>Times are computed from the start and the request count, never by adding rounded intervals,
 * so a schedule does not drift however long it runs. No allocation per call.
 *
 * <p><b>Threading</b>: single-threaded; one instance per sender.
 */
public abstract class ArrivalSchedule
{
    /**
     * Next intended send time; each call advances the schedule by one request.
     *
     * @return the due time in nanoseconds, non-decreasing.
     */
    public abstract long next();

    /**
     * Build a schedule.
     *
     * @param arrivals     constant or Poisson.
     * @param startNs      time the run starts, nanoseconds.
     * @param totalRate    requests per second over all senders, &gt; 0.
     * @param senderIndex  0-based index of the sender.
     * @param senderCount  number of senders sharing the rate.
     * @param seed         seed for Poisson gaps; each sender derives its own stream from it.
     * @return the schedule.
     */
    public static ArrivalSchedule create(
        final Arrivals arrivals,
        final long startNs,
        final double totalRate,
        final int senderIndex,
        final int senderCount,
        final long seed)
    {
        if (!(totalRate > 0) || Double.isInfinite(totalRate))
        {
            throw new IllegalArgumentException("rate must be > 0 and finite, got " + totalRate);
        }
        if (senderCount < 1 || senderIndex < 0 || senderIndex >= senderCount)
        {
            throw new IllegalArgumentException("bad sender " + senderIndex + " of " + senderCount);
        }
        return arrivals == Arrivals.CONSTANT ?
            new Constant(startNs, totalRate, senderIndex, senderCount) :
            new Poisson(startNs, totalRate / senderCount, seed * 0x9E3779B97F4A7C15L + senderIndex);
    }

    /**
     * A schedule whose rate ramps linearly from zero to the full rate over {@code rampNs} from the
     * start, then stays at it: the warm-up's ramp. A cold JVM at a high full rate builds a backlog
     * while the JIT compiles (at 500k/s the in-process cluster fell 1-1.5 s behind in its first
     * seconds) that spills into the measured window; ramping lets the code warm at rates it can
     * already carry.
     *
     * <p>Each base time {@code u} (from the start) maps to {@code sqrt(2 * T * u)} below
     * {@code u = T/2} and to {@code u + T/2} above, with {@code T = rampNs}: continuous, with slope
     * 1 where they meet, so the rate at time {@code t < T} is {@code rate * t / T} and the base
     * schedule's spacing (constant or Poisson, senders interleaved) is kept after the ramp.
     *
     * @param base    the full-rate schedule, started at {@code startNs}.
     * @param startNs its start.
     * @param rampNs  ramp length; 0 returns {@code base} itself.
     * @return the ramped schedule.
     */
    public static ArrivalSchedule ramped(final ArrivalSchedule base, final long startNs, final long rampNs)
    {
        if (rampNs < 0)
        {
            throw new IllegalArgumentException("rampNs must be >= 0, got " + rampNs);
        }
        return 0 == rampNs ? base : new Ramped(base, startNs, rampNs);
    }

    static final class Ramped extends ArrivalSchedule
    {
        private final ArrivalSchedule base;
        private final long startNs;
        private final double rampNs;

        Ramped(final ArrivalSchedule base, final long startNs, final long rampNs)
        {
            this.base = base;
            this.startNs = startNs;
            this.rampNs = rampNs;
        }

        @Override
        public long next()
        {
            final double u = base.next() - startNs;
            return startNs + (long)(u < rampNs / 2 ? Math.sqrt(2 * rampNs * Math.max(0, u)) : u + rampNs / 2);
        }
    }

    /** {@code start + (k * S + s) * interval}. */
    static final class Constant extends ArrivalSchedule
    {
        private final long startNs;
        private final double intervalNs;
        private final long senderIndex;
        private final long senderCount;
        private long k;

        Constant(final long startNs, final double totalRate, final int senderIndex, final int senderCount)
        {
            this.startNs = startNs;
            this.intervalNs = 1e9 / totalRate;
            this.senderIndex = senderIndex;
            this.senderCount = senderCount;
        }

        @Override
        public long next()
        {
            // double keeps sub-nanosecond intervals exact enough: error < 1 ns for 2^53 ns (104 days)
            return startNs + (long)((k++ * senderCount + senderIndex) * intervalNs);
        }
    }

    /** Exponential gaps of mean {@code 1 / rate}; the offset is accumulated in a double, so rounding never accumulates. */
    static final class Poisson extends ArrivalSchedule
    {
        private final long startNs;
        private final double meanGapNs;
        private final SplittableRandom random;
        private double offsetNs;

        Poisson(final long startNs, final double rate, final long seed)
        {
            this.startNs = startNs;
            this.meanGapNs = 1e9 / rate;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public long next()
        {
            final long dueNs = startNs + (long)offsetNs;
            // inverse CDF of the exponential; 1 - u is in (0, 1] so the log is finite
            offsetNs += -Math.log(1.0 - random.nextDouble()) * meanGapNs;
            return dueNs;
        }
    }
}
