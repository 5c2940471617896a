package io.quorumbench.api.paxos;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The two Multi-Paxos knobs every Paxos implementation takes, named and parsed alike so a comparison
 * changes the same thing in each: the {@link #BATCH_OPTION batch} (most client commands in one slot's
 * value) and the {@link #WINDOW_OPTION window} (slots in phase 2 at once). They are registry options
 * ({@code --option batch=8 --option window=16}); a member process gets them as the system properties
 * {@code io.quorumbench.api.registry.NodeProcess} names.
 *
 * @param maxBatchCommands most commands in one slot's value; {@link #ADAPTIVE_BATCH} for no count bound
 *                         (bounded by the implementation's byte limit and flushed once per duty cycle or
 *                         step, so batches grow with the load).
 * @param windowSlots      most slots a leader has in phase 2 at once, a power of two in 1..{@value #MAX_WINDOW}.
 */
public record PaxosOptions(int maxBatchCommands, int windowSlots)
{
    /** Key: most client commands in one slot's value, or {@value #ADAPTIVE}. */
    public static final String BATCH_OPTION = "batch";
    /** Key: slots in phase 2 at once. */
    public static final String WINDOW_OPTION = "window";
    /** The batch value that bounds a batch by bytes only. */
    public static final String ADAPTIVE = "adaptive";
    /** {@link #maxBatchCommands()} of an adaptive batch. */
    public static final int ADAPTIVE_BATCH = Integer.MAX_VALUE;
    /** Largest numeric batch. */
    public static final int MAX_BATCH = 1 << 16;
    /** Largest window. */
    public static final int MAX_WINDOW = 4096;

    /**
     * Validate.
     *
     * @param maxBatchCommands most commands per slot, {@link #ADAPTIVE_BATCH} for no count bound.
     * @param windowSlots      slots in flight.
     */
    public PaxosOptions
    {
        if (maxBatchCommands != ADAPTIVE_BATCH && (maxBatchCommands < 1 || maxBatchCommands > MAX_BATCH))
        {
            throw new IllegalArgumentException("option " + BATCH_OPTION + ": expected " + ADAPTIVE + " or an integer in 1.." +
                MAX_BATCH + ", got " + maxBatchCommands);
        }
        if (windowSlots < 1 || windowSlots > MAX_WINDOW || Integer.bitCount(windowSlots) != 1)
        {
            throw new IllegalArgumentException("option " + WINDOW_OPTION + ": expected a power of two in 1.." + MAX_WINDOW +
                ", got " + windowSlots);
        }
    }

    /**
     * Whether batches are bounded by bytes only.
     *
     * @return true for {@value #ADAPTIVE}.
     */
    public boolean adaptive()
    {
        return ADAPTIVE_BATCH == maxBatchCommands;
    }

    /**
     * The options' descriptions for an implementation's {@code options()}.
     *
     * @param defaultWindow the implementation's default window.
     * @return key to description, ordered.
     */
    public static Map<String, String> descriptions(final int defaultWindow)
    {
        final Map<String, String> descriptions = new LinkedHashMap<>();
        descriptions.put(BATCH_OPTION, "most client commands in one slot's value: 1.." + MAX_BATCH + " or " + ADAPTIVE +
            " (bounded by bytes only, flushed once per duty cycle); default " + ADAPTIVE);
        descriptions.put(WINDOW_OPTION, "slots a leader keeps in phase 2 at once (pipelining), a power of two in 1.." +
            MAX_WINDOW + "; default " + defaultWindow);
        return Collections.unmodifiableMap(descriptions);
    }

    /**
     * The knobs among a map of options (other keys ignored), with the defaults for the missing ones.
     *
     * @param options       implementation options, e.g. a {@code ClusterContext}'s.
     * @param defaultWindow the implementation's default window.
     * @return the knobs.
     * @throws IllegalArgumentException naming the option and the accepted values.
     */
    public static PaxosOptions parse(final Map<String, String> options, final int defaultWindow)
    {
        final String batch = options.getOrDefault(BATCH_OPTION, ADAPTIVE).trim().toLowerCase(Locale.ROOT);
        final int maxBatchCommands = ADAPTIVE.equals(batch) ? ADAPTIVE_BATCH : parseInt(BATCH_OPTION, batch,
            ADAPTIVE + " or an integer in 1.." + MAX_BATCH);
        final String window = options.get(WINDOW_OPTION);
        final int windowSlots = null == window ? defaultWindow :
            parseInt(WINDOW_OPTION, window.trim(), "a power of two in 1.." + MAX_WINDOW);
        return new PaxosOptions(maxBatchCommands, windowSlots);
    }

    private static int parseInt(final String key, final String value, final String expected)
    {
        try
        {
            return Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("option " + key + ": expected " + expected + ", got '" + value + "'", ex);
        }
    }

    @Override
    public String toString()
    {
        return BATCH_OPTION + "=" + (adaptive() ? ADAPTIVE : String.valueOf(maxBatchCommands)) + " " +
            WINDOW_OPTION + "=" + windowSlots;
    }
}
