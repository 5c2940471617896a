package io.quorumbench.analysis.compare;

/**
 * Parses the time units JMH writes ({@code ns}, {@code us}, {@code ms}, {@code s}, {@code min})
 * and durations such as {@code "10 s"}.
 */
public final class TimeUnits
{
    private TimeUnits()
    {
    }

    /**
     * @param unit a unit name.
     * @return nanoseconds in one unit.
     * @throws IllegalArgumentException for an unknown unit.
     */
    public static double nanosOf(final String unit)
    {
        switch (unit.trim())
        {
            case "ns":
                return 1;
            case "us":
            case "\u00b5s":
                return 1e3;
            case "ms":
                return 1e6;
            case "s":
                return 1e9;
            case "min":
                return 60e9;
            default:
                throw new IllegalArgumentException("unknown time unit '" + unit + "'");
        }
    }

    /**
     * @param duration a JMH duration such as {@code "1 s"} or {@code "500 ms"}.
     * @return the duration in nanoseconds.
     * @throws IllegalArgumentException when it cannot be parsed.
     */
    public static long parseDurationNs(final String duration)
    {
        final String[] parts = duration.trim().split("\\s+");
        if (parts.length != 2)
        {
            throw new IllegalArgumentException("not a duration: '" + duration + "'");
        }
        return Math.round(Double.parseDouble(parts[0]) * nanosOf(parts[1]));
    }
}
