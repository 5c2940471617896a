package io.quorumbench.api.runtime;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;

/**
 * How noisy the machine is right before a measurement, recorded in the run's context so a reader
 * can tell the machine's tails from the target's.
 *
 * <p>Why a probe and not only the load average: on a virtual machine the hypervisor may take a
 * busy vCPU away for tens of milliseconds (on this project's 2-vCPU machine: about 100 ms at a
 * time, several times a second, whenever both vCPUs were busy), and the guest does not see it as
 * run-queue wait nor, here, as steal time. The probe keeps {@code threads} threads busy reading
 * the clock and records the longest gap between two readings: a gap is time the thread did not
 * run.
 */
public final class HostNoise
{
    /** Gaps longer than this count as stalls, ns. */
    public static final long STALL_NS = 1_000_000;
    /** Gaps longer than this count as long stalls, ns. */
    public static final long LONG_STALL_NS = 10_000_000;

    /**
     * One probe's outcome.
     *
     * @param threads     busy threads.
     * @param durationNs  how long each ran.
     * @param maxGapNs    longest gap any thread saw between two clock readings.
     * @param stalls      gaps longer than {@link #STALL_NS}, all threads.
     * @param longStalls  gaps longer than {@link #LONG_STALL_NS}, all threads.
     * @param loadAverage the one-minute load average before the probe, NaN where not available.
     */
    public record Probe(int threads, long durationNs, long maxGapNs, long stalls, long longStalls, double loadAverage)
    {
        /**
         * One line for a console and a context setting.
         *
         * @return e.g. {@code load 0.52; 2 busy threads x 500 ms: longest stall 100.4 ms, 7 stalls > 1 ms, 4 > 10 ms}.
         */
        public String describe()
        {
            return String.format(Locale.ROOT, "load %s; %d busy threads x %d ms: longest stall %.1f ms, %d stalls > 1 ms, " +
                "%d > 10 ms", Double.isNaN(loadAverage) ? "unknown" : String.format(Locale.ROOT, "%.2f", loadAverage),
                threads, durationNs / 1_000_000, maxGapNs / 1e6, stalls, longStalls);
        }

        /**
         * Whether the machine stalled a busy thread long enough to show in a latency tail.
         *
         * @return true if any gap exceeded {@link #LONG_STALL_NS}.
         */
        public boolean noisy()
        {
            return longStalls > 0;
        }
    }

    private HostNoise()
    {
    }

    /**
     * The one-minute load average.
     *
     * @return the load, NaN where the platform does not say.
     */
    public static double loadAverage()
    {
        final double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? Double.NaN : load;
    }

    /**
     * Keep {@code threads} threads busy for {@code durationNs} and record the gaps they saw.
     *
     * @param threads    busy threads, e.g. the machine's cores.
     * @param durationNs how long, e.g. 500 ms.
     * @return the outcome.
     * @throws IllegalArgumentException if threads &lt; 1 or durationNs &lt;= 0.
     */
    public static Probe probe(final int threads, final long durationNs)
    {
        if (threads < 1 || durationNs <= 0)
        {
            throw new IllegalArgumentException("need threads >= 1 and durationNs > 0, got " + threads + ", " + durationNs);
        }
        final double load = loadAverage();
        final long[][] results = new long[threads][];
        final CountDownLatch start = new CountDownLatch(1);
        final Thread[] busy = new Thread[threads];
        for (int t = 0; t < threads; t++)
        {
            final int index = t;
            busy[t] = new Thread(() -> results[index] = spin(start, durationNs), "qb-host-noise-" + t);
            busy[t].setDaemon(true);
            busy[t].start();
        }
        start.countDown();
        long maxGap = 0;
        long stalls = 0;
        long longStalls = 0;
        for (int t = 0; t < threads; t++)
        {
            try
            {
                busy[t].join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while probing the host", ex);
            }
            maxGap = Math.max(maxGap, results[t][0]);
            stalls += results[t][1];
            longStalls += results[t][2];
        }
        return new Probe(threads, durationNs, maxGap, stalls, longStalls, load);
    }

    private static long[] spin(final CountDownLatch start, final long durationNs)
    {
        try
        {
            start.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return new long[3];
        }
        return spin(System::nanoTime, durationNs);
    }

    /**
     * Read a clock until {@code durationNs} passed.
     *
     * @param clock      nanosecond clock.
     * @param durationNs how long.
     * @return {longest gap, gaps over {@link #STALL_NS}, gaps over {@link #LONG_STALL_NS}}.
     */
    static long[] spin(final LongSupplier clock, final long durationNs)
    {
        final long begin = clock.getAsLong();
        long last = begin;
        long maxGap = 0;
        long stalls = 0;
        long longStalls = 0;
        while (last - begin < durationNs)
        {
            final long now = clock.getAsLong();
            final long gap = now - last;
            maxGap = Math.max(maxGap, gap);
            stalls += gap > STALL_NS ? 1 : 0;
            longStalls += gap > LONG_STALL_NS ? 1 : 0;
            last = now;
        }
        return new long[]{maxGap, stalls, longStalls};
    }
}
