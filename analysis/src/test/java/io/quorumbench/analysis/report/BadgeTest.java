package io.quorumbench.analysis.report;

import io.quorumbench.api.results.CheckVerdict;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BadgeTest
{
    @Test
    void shouldShowPassOnlyForARecordedPass()
    {
        assertEquals(Badge.PASS, Badge.of("PASS"));
        assertEquals(Badge.MISS, Badge.of("MISS"));
        assertEquals(Badge.FAIL, Badge.of("FAIL"));
        assertEquals(Badge.INCONCLUSIVE, Badge.of("INCONCLUSIVE"));
    }

    @Test
    void shouldNeverShowPassForAnUndecidedOrMissingVerdict()
    {
        for (final String verdict : Arrays.asList(null, "", " ", "INCONCLUSIVE", "SKIPPED", "NOT_APPLICABLE", "PASSED?",
            "unknown", "null", "true"))
        {
            assertNotEquals(Badge.PASS, Badge.of(verdict), "verdict " + verdict);
        }
        assertEquals(Badge.MISSING, Badge.of(null), "a verdict that was not recorded says so");
        assertEquals(Badge.MISSING, Badge.of(""));
    }

    @Test
    void shouldNeverShowPassForALoadRunThatDidNotPassEveryCheck()
    {
        assertEquals(Badge.MISSING, Comparison.badgeOf(null));
        for (final CheckVerdict v : CheckVerdict.values())
        {
            assertEquals(v == CheckVerdict.PASS, Comparison.badgeOf(v) == Badge.PASS, v.name());
        }
    }

    @Test
    void shouldLinkToTheEvidenceAndEscapeText()
    {
        final String html = Badge.INCONCLUSIVE.html("load.p99 <ns>", "#r1-t0", "measured \"-\"");
        assertTrue(html.startsWith("<a class=\"badge INCONCLUSIVE\" href=\"#r1-t0\""), html);
        assertTrue(html.contains("INCONCLUSIVE load.p99 &lt;ns&gt;") && html.contains("measured &quot;-&quot;"), html);
    }
}
