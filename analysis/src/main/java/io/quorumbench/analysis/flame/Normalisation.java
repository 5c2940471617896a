package io.quorumbench.analysis.flame;

import java.util.Locale;

/**
 * How a profile's weights are scaled before two profiles are compared, so that a frame that costs
 * more per operation shows as more regardless of how long each run was (async-profiler's own diff
 * compares raw counts, which mostly measures run length).
 */
public enum Normalisation
{
    /** Weight divided by the operations measured in the profiled window. */
    PER_OP,
    /** Weight divided by the profile's total weight: each frame's share of the profile. */
    PER_TOTAL;

    /**
     * @param meta profile description.
     * @return the factor to multiply weights by.
     * @throws IllegalArgumentException when per-operation is asked for a profile without an operation count.
     */
    public double scale(final ProfileMeta meta)
    {
        if (this == PER_OP)
        {
            if (!(meta.operations() > 0))
            {
                throw new IllegalArgumentException(meta.label() + " [" + meta.impl() +
                    "]: no operation count, cannot normalise per operation (use per-total)");
            }
            return displayMultiplier(meta.weightUnit()) / meta.operations();
        }
        return meta.totalWeight() > 0 ? 100.0 / meta.totalWeight() : 0;
    }

    /**
     * @param weightUnit unit of the raw weights.
     * @return unit of the normalised values as shown on the page.
     */
    public String unit(final String weightUnit)
    {
        if (this == PER_TOTAL)
        {
            return "% of profile";
        }
        return "samples".equals(weightUnit) ? "samples per 1M ops" : weightUnit + "/op";
    }

    /**
     * @param weightUnit unit of the raw weights.
     * @return a sentence stating the normalisation, printed on every graph.
     */
    public String statement(final String weightUnit)
    {
        if (this == PER_TOTAL)
        {
            return "Normalised per total: each frame's weight divided by its profile's total " + weightUnit +
                ", in percent. A frame's change means its share of the profile changed.";
        }
        return String.format(Locale.ROOT,
            "Normalised per operation: each frame's %s divided by the operations measured in the profiled window " +
            "(JMH: score x iteration time, summed over iterations)%s. A frame that costs more per operation shows as " +
            "more, whatever the run lengths.", weightUnit, "samples".equals(weightUnit) ? ", times 1,000,000" : "");
    }

    private static double displayMultiplier(final String weightUnit)
    {
        // Samples per op are tiny numbers (a sample every ~10 ms, operations every ~10 ns): per million ops reads better.
        return "samples".equals(weightUnit) ? 1e6 : 1;
    }
}
