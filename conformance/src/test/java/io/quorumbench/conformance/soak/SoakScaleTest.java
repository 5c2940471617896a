package io.quorumbench.conformance.soak;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoakScaleTest
{
    private static final String[] PROPERTIES = {
        SoakScale.SLICE_PROP_NAME, SoakScale.SEEDS_PROP_NAME, SoakScale.DURATION_MS_PROP_NAME, SoakScale.SEED_PROP_NAME,
        SoakScale.SEED_BASE_PROP_NAME };

    // the slice execution of the build sets qb.soak.slice for the whole JVM: keep it as found
    private final String[] saved = new String[PROPERTIES.length];

    SoakScaleTest()
    {
        for (int i = 0; i < PROPERTIES.length; i++)
        {
            saved[i] = System.getProperty(PROPERTIES[i]);
            System.clearProperty(PROPERTIES[i]);
        }
    }

    @AfterEach
    void restoreProperties()
    {
        for (int i = 0; i < PROPERTIES.length; i++)
        {
            if (null == saved[i])
            {
                System.clearProperty(PROPERTIES[i]);
            }
            else
            {
                System.setProperty(PROPERTIES[i], saved[i]);
            }
        }
    }

    @Test
    void shouldRunTheFullSizeUnlessSliced()
    {
        assertFalse(SoakScale.isSlice());
        assertEquals(300, SoakScale.seeds(300, 2));
        assertEquals(30_000, SoakScale.durationMs(30_000, 2_000));
    }

    @Test
    void shouldRunTheSliceSizeWhenSliced()
    {
        System.setProperty(SoakScale.SLICE_PROP_NAME, "true");
        assertTrue(SoakScale.isSlice());
        assertEquals(2, SoakScale.seeds(300, 2));
        assertEquals(2_000, SoakScale.durationMs(30_000, 2_000));
    }

    @Test
    void shouldLetAnExplicitSizeOverrideBothSizes()
    {
        System.setProperty(SoakScale.SLICE_PROP_NAME, "true");
        System.setProperty(SoakScale.SEEDS_PROP_NAME, "1000");
        System.setProperty(SoakScale.DURATION_MS_PROP_NAME, "500");
        assertEquals(1000, SoakScale.seeds(300, 2));
        assertEquals(500, SoakScale.durationMs(30_000, 2_000));
    }

    @Test
    void shouldListTheSeedsFromTheFirstOrReplayOne()
    {
        assertArrayEquals(new long[]{ 100, 101, 102 }, SoakScale.seedsFrom(100, 3, 2));
        System.setProperty(SoakScale.SLICE_PROP_NAME, "true");
        assertArrayEquals(new long[]{ 100, 101 }, SoakScale.seedsFrom(100, 300, 2));
        System.setProperty(SoakScale.SEED_PROP_NAME, "272");
        assertArrayEquals(new long[]{ 272 }, SoakScale.seedsFrom(100, 300, 2));
        System.setProperty(SoakScale.SEED_PROP_NAME, "x");
        assertThrows(IllegalArgumentException.class, () -> SoakScale.seedsFrom(100, 300, 2));
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "-3", "abc", "", "2.5", "99999999999" })
    void shouldRejectASeedCountThatIsNotAPositiveInteger(final String value)
    {
        // zero seeds would run nothing and pass: a check that cannot fail
        System.setProperty(SoakScale.SEEDS_PROP_NAME, value);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> SoakScale.seeds(300, 2));
        assertTrue(ex.getMessage().contains("-Dqb.soak.seeds must be a positive integer, was '" + value + "'"), ex.getMessage());
        System.setProperty(SoakScale.DURATION_MS_PROP_NAME, value);
        assertThrows(IllegalArgumentException.class, () -> SoakScale.durationMs(30_000, 2_000));
    }

    @Test
    void shouldRejectASliceSwitchThatIsNeitherTrueNorFalse()
    {
        System.setProperty(SoakScale.SLICE_PROP_NAME, "yes");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> SoakScale.seeds(300, 2));
        assertTrue(ex.getMessage().contains("-Dqb.soak.slice must be true or false, was 'yes'"), ex.getMessage());
    }

    @Test
    void shouldRejectASliceTooSmallToMeanAnything()
    {
        assertThrows(IllegalArgumentException.class, () -> SoakScale.seeds(300, 1));
        assertThrows(IllegalArgumentException.class, () -> SoakScale.seeds(300, 0));
        assertThrows(IllegalArgumentException.class, () -> SoakScale.seeds(2, 3));
        assertThrows(IllegalArgumentException.class, () -> SoakScale.durationMs(30_000, 0));
        assertThrows(IllegalArgumentException.class, () -> SoakScale.durationMs(1_000, 2_000));
    }

    @Test
    void shouldDrawOneFreshBaseSeedPerJvmAndReplayAGivenOne()
    {
        // a fresh base per JVM: every build runs new seeds, and every suite of one JVM the same base
        final long fresh = SoakScale.seedBase();
        assertTrue(fresh >= 1 && fresh < SoakScale.MAX_FRESH_BASE, Long.toString(fresh));
        assertEquals(fresh, SoakScale.seedBase());
        System.setProperty(SoakScale.SEED_BASE_PROP_NAME, "123456789");
        assertEquals(123456789L, SoakScale.seedBase());
        System.clearProperty(SoakScale.SEED_BASE_PROP_NAME);
        assertEquals(fresh, SoakScale.seedBase());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "-1", "x12", "1.5", "9223372036854775807" })
    void shouldRejectABaseSeedThatIsNotANonNegativeInteger(final String value)
    {
        System.setProperty(SoakScale.SEED_BASE_PROP_NAME, value);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, SoakScale::seedBase);
        assertTrue(ex.getMessage().contains("-Dqb.seed.base must be a non-negative integer"), ex.getMessage());
    }

    @Test
    void shouldReplayOneSeedOrNone()
    {
        assertFalse(SoakScale.onlySeed().isPresent());
        System.setProperty(SoakScale.SEED_PROP_NAME, " 77 ");
        assertEquals(77L, SoakScale.onlySeed().getAsLong());
        System.setProperty(SoakScale.SEED_PROP_NAME, "seven");
        assertThrows(IllegalArgumentException.class, SoakScale::onlySeed);
    }

    @Test
    void shouldPrintTheBaseInUseWheneverItChanges()
    {
        // a test that sets its own base must not keep the real run's fresh base from being printed
        final PrintStream out = System.out;
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        final long fresh;
        try
        {
            System.setProperty(SoakScale.SEED_BASE_PROP_NAME, "111");
            SoakScale.seedBase();
            System.clearProperty(SoakScale.SEED_BASE_PROP_NAME);
            fresh = SoakScale.seedBase();
            SoakScale.seedBase();
        }
        finally
        {
            System.setOut(out);
        }
        final String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("base seed 111 (from -Dqb.seed.base)"), text);
        assertTrue(text.contains("base seed " + fresh + " (fresh); replay every seed of this run with -Dqb.seed.base=" + fresh), text);
        assertEquals(text.indexOf("base seed " + fresh), text.lastIndexOf("base seed " + fresh), text);
    }
}
