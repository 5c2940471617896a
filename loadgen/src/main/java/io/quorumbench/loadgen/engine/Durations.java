package io.quorumbench.loadgen.engine;

/**
 * The duration units the command line and fault schedules accept ({@code ns}, {@code us},
 * {@code ms}, {@code s}, {@code m}), in one place so both read "250us" the same way.
 */
public final class Durations
{
    private Durations()
    {
    }

    /**
     * Nanoseconds per unit.
     *
     * @param unit one of {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}.
     * @return nanoseconds in one unit.
     * @throws IllegalArgumentException for any other unit.
     */
    public static double nanosPerUnit(final String unit)
    {
        return switch (unit)
        {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            default -> throw new IllegalArgumentException("unknown duration unit '" + unit + "' (ns, us, ms, s, m)");
        };
    }
}
