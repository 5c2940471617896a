package io.quorumbench.analysis.compare;

/**
 * Which way a metric improves, derived from its unit: a rate ({@code ops/s}, {@code ops/ms}) is
 * better higher; a cost per operation ({@code ns/op}, {@code us/op}, {@code B/op}) and a latency
 * are better lower.
 */
public enum Direction
{
    /** Throughput-like: more is better. */
    HIGHER_IS_BETTER,
    /** Cost-like: less is better. */
    LOWER_IS_BETTER,
    /** The unit does not say; such a metric is reported but never judged. */
    UNKNOWN;

    /**
     * @param unit a JMH or load generator unit string.
     * @return the direction the unit implies.
     */
    public static Direction ofUnit(final String unit)
    {
        if (null == unit)
        {
            return UNKNOWN;
        }
        final String u = unit.trim();
        if (u.startsWith("ops/"))
        {
            return HIGHER_IS_BETTER;
        }
        if (u.endsWith("/op") || u.equals("ns") || u.equals("us") || u.equals("ms") || u.equals("s"))
        {
            return LOWER_IS_BETTER;
        }
        return UNKNOWN;
    }
}
