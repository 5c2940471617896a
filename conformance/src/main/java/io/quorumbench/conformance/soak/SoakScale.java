package io.quorumbench.conformance.soak;

import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The size of a {@code slow}-tagged test: its full soak size, or the small slice the default build
 * runs. Every slow test asks here instead of reading a property itself, so that one switch
 * ({@link #SLICE_PROP_NAME}) shrinks all of them and a bad or empty size fails loudly instead of
 * running zero seeds, a check that cannot fail.
 *
 * <p>Precedence: {@link #SEEDS_PROP_NAME} (or {@link #DURATION_MS_PROP_NAME}) when set, else the
 * slice size under {@link #SLICE_PROP_NAME}, else the full size. A slice size is never below
 * {@link #MIN_SLICE_SEEDS} seeds. {@link #SEED_PROP_NAME} replays one seed.
 *
 * <p><b>Seeds are fresh on every run.</b> A seeded suite numbers its seeds from {@link #seedBase()}:
 * {@link #SEED_BASE_PROP_NAME} when set (a replay of a whole run), else a base drawn once per JVM,
 * so every build explores seeds no earlier build ran instead of replaying the same few hundred.
 * The base is printed when first drawn and every failure names its seed.
 *
 * <p>Reads system properties on every call; the fresh base is drawn once per JVM. Safe from any thread.
 */
public final class SoakScale
{
    /** System property: {@code true} to run every slow test as its small slice (the default build sets it). */
    public static final String SLICE_PROP_NAME = "qb.soak.slice";
    /** System property: seeds of every seeded slow test (per fault plan in the conformance suite), overriding both sizes. */
    public static final String SEEDS_PROP_NAME = "qb.soak.seeds";
    /** System property: wall-clock duration, in ms, of every time-bounded slow test, overriding both sizes. */
    public static final String DURATION_MS_PROP_NAME = "qb.soak.durationMs";
    /** System property: run only this seed (a replay), in any size. */
    public static final String SEED_PROP_NAME = "qb.seed";
    /** System property: the base seed of a seeded suite's run (replays every seed of that run). */
    public static final String SEED_BASE_PROP_NAME = "qb.seed.base";
    /** A fresh base is drawn below this, so a base plus a seed offset never overflows and is easy to type. */
    public static final long MAX_FRESH_BASE = 1L << 40;
    /** Fewest seeds a slice may run: one seed could pass by luck of that seed alone. */
    public static final int MIN_SLICE_SEEDS = 2;

    private static final long FRESH_BASE = ThreadLocalRandom.current().nextLong(1, MAX_FRESH_BASE);
    /** The base last printed, so each base in use is printed once (a test may set its own for a while). */
    private static final AtomicLong LAST_PRINTED_BASE = new AtomicLong(-1);

    private SoakScale()
    {
    }

    /**
     * The base seed of this run: seeded suites run {@code base + offset} for their seeds.
     *
     * @return {@code -Dqb.seed.base} if set, else a fresh base drawn once per JVM; printed whenever it changes.
     * @throws IllegalArgumentException if {@code -Dqb.seed.base} is not a non-negative integer.
     */
    public static long seedBase()
    {
        final String value = System.getProperty(SEED_BASE_PROP_NAME);
        final long base;
        if (null == value)
        {
            base = FRESH_BASE;
        }
        else
        {
            try
            {
                base = Long.parseLong(value.trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("-D" + SEED_BASE_PROP_NAME + " must be a non-negative integer, was '" +
                    value + "'", ex);
            }
            if (base < 0 || base > Long.MAX_VALUE / 2)
            {
                throw new IllegalArgumentException("-D" + SEED_BASE_PROP_NAME + " must be a non-negative integer up to " +
                    Long.MAX_VALUE / 2 + ", was '" + value + "'");
            }
        }
        if (LAST_PRINTED_BASE.getAndSet(base) != base)
        {
            // the one line that lets anyone rerun exactly the seeds of this build
            System.out.println("seeded suites: base seed " + base + (null == value ? " (fresh)" : " (from -D" +
                SEED_BASE_PROP_NAME + ")") + "; replay every seed of this run with -D" + SEED_BASE_PROP_NAME + "=" + base);
        }
        return base;
    }

    /**
     * The one seed to replay, if {@code -Dqb.seed} is set.
     *
     * @return the seed, or empty.
     * @throws IllegalArgumentException if the property is not an integer.
     */
    public static OptionalLong onlySeed()
    {
        final String only = System.getProperty(SEED_PROP_NAME);
        if (null == only)
        {
            return OptionalLong.empty();
        }
        try
        {
            return OptionalLong.of(Long.parseLong(only.trim()));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("-D" + SEED_PROP_NAME + " must be an integer, was '" + only + "'", ex);
        }
    }

    /**
     * Whether slow tests run as their slice.
     *
     * @return {@code true} under {@code -Dqb.soak.slice=true}.
     * @throws IllegalArgumentException if the property is set to something other than {@code true} or {@code false}.
     */
    public static boolean isSlice()
    {
        final String value = System.getProperty(SLICE_PROP_NAME);
        if (null == value || value.isBlank())
        {
            return false;
        }
        if (!"true".equals(value.trim()) && !"false".equals(value.trim()))
        {
            throw new IllegalArgumentException("-D" + SLICE_PROP_NAME + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value.trim());
    }

    /**
     * The number of seeds a seeded slow test runs.
     *
     * @param fullSeeds  seeds of the full soak.
     * @param sliceSeeds seeds of the slice, at least {@link #MIN_SLICE_SEEDS} and at most {@code fullSeeds}.
     * @return {@code -Dqb.soak.seeds} if set, else {@code sliceSeeds} in a slice, else {@code fullSeeds}; at least 1.
     * @throws IllegalArgumentException if a size is out of range or the property is not a positive integer.
     */
    public static int seeds(final int fullSeeds, final int sliceSeeds)
    {
        if (sliceSeeds < MIN_SLICE_SEEDS || sliceSeeds > fullSeeds)
        {
            throw new IllegalArgumentException("slice seeds must be in " + MIN_SLICE_SEEDS + ".." + fullSeeds + ", was " +
                sliceSeeds);
        }
        return (int)positive(SEEDS_PROP_NAME, isSlice() ? sliceSeeds : fullSeeds);
    }

    /**
     * The seeds a seeded slow test runs: {@code firstSeed} and the {@link #seeds(int, int)} - 1
     * after it, or only {@code -Dqb.seed} when set, so that a failing seed of a long soak replays
     * without running the ones before it.
     *
     * @param firstSeed  the first seed of the soak.
     * @param fullSeeds  seeds of the full soak.
     * @param sliceSeeds seeds of the slice.
     * @return the seeds, in order; never empty.
     * @throws IllegalArgumentException if a size or a property is out of range.
     */
    public static long[] seedsFrom(final long firstSeed, final int fullSeeds, final int sliceSeeds)
    {
        final int count = seeds(fullSeeds, sliceSeeds);
        final OptionalLong only = onlySeed();
        if (only.isPresent())
        {
            return new long[]{ only.getAsLong() };
        }
        final long[] seeds = new long[count];
        for (int i = 0; i < count; i++)
        {
            seeds[i] = firstSeed + i;
        }
        return seeds;
    }

    /**
     * The wall-clock duration of a time-bounded slow test (a race run for a while).
     *
     * @param fullMs  duration of the full soak, in ms.
     * @param sliceMs duration of the slice, in ms, positive and at most {@code fullMs}.
     * @return {@code -Dqb.soak.durationMs} if set, else {@code sliceMs} in a slice, else {@code fullMs}.
     * @throws IllegalArgumentException if a duration is out of range or the property is not a positive integer.
     */
    public static long durationMs(final long fullMs, final long sliceMs)
    {
        if (sliceMs < 1 || sliceMs > fullMs)
        {
            throw new IllegalArgumentException("slice duration must be in 1.." + fullMs + " ms, was " + sliceMs);
        }
        return positive(DURATION_MS_PROP_NAME, isSlice() ? sliceMs : fullMs);
    }

    /**
     * A positive integer system property.
     *
     * @param name         the property.
     * @param defaultValue the value when the property is not set.
     * @return the property's value, or {@code defaultValue}.
     * @throws IllegalArgumentException if the property is set but is not a positive integer.
     */
    public static long positive(final String name, final long defaultValue)
    {
        final String value = System.getProperty(name);
        if (null == value)
        {
            return defaultValue;
        }
        final long parsed;
        try
        {
            parsed = Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("-D" + name + " must be a positive integer, was '" + value + "'", ex);
        }
        if (parsed < 1 || parsed > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("-D" + name + " must be a positive integer, was '" + value + "'");
        }
        return parsed;
    }
}
