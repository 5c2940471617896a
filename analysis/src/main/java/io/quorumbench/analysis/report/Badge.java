package io.quorumbench.analysis.report;

import java.util.Locale;

import static io.quorumbench.analysis.flame.FlameGraphHtml.escape;

/**
 * A verdict as the summary shows it: a coloured badge that links to its evidence. Only a verdict
 * recorded as exactly {@code PASS} shows as PASS; an undecided, missing, empty or unknown verdict is
 * never green (a missing one reads MISSING, in red).
 */
public enum Badge
{
    /** The target was met or every check passed. */
    PASS,
    /** A measured figure missed its target. */
    MISS,
    /** A check failed: the run's numbers are not valid. */
    FAIL,
    /** A check did not decide (gave up, too few samples, NaN). */
    INCONCLUSIVE,
    /** No verdict was recorded where one was asked for. */
    MISSING;

    /**
     * @param verdict a verdict as recorded (PASS, MISS, FAIL, INCONCLUSIVE), possibly null or empty.
     * @return its badge; null, empty or any other word is {@link #MISSING} (never PASS).
     */
    public static Badge of(final String verdict)
    {
        if (null == verdict || verdict.isBlank())
        {
            return MISSING;
        }
        return switch (verdict.trim().toUpperCase(Locale.ROOT))
        {
            case "PASS" -> PASS;
            case "MISS" -> MISS;
            case "FAIL", "FAILED" -> FAIL;
            case "INCONCLUSIVE" -> INCONCLUSIVE;
            default -> MISSING;
        };
    }

    /**
     * @param label what the verdict is of (a target's name, a run's scenario).
     * @param href  where its evidence is, e.g. {@code #r1-t3}.
     * @param title a one-line explanation shown on hover (measured against threshold, reasons).
     * @return the badge as an HTML link.
     */
    public String html(final String label, final String href, final String title)
    {
        return "<a class=\"badge " + name() + "\" href=\"" + escape(href) + "\" title=\"" + escape(title) + "\">" +
            name() + " " + escape(label) + "</a>";
    }
}
