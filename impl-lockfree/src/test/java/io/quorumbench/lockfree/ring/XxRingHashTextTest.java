package io.quorumbench.lockfree.ring;

import net.openhft.hashing.LongHashFunction;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text keys hash as their UTF-8 bytes on both paths of {@link XxRingHash#hashChars}: the in-place
 * ASCII path of {@link Latin1Strings} and the encoding path for everything else.
 */
class XxRingHashTextTest
{
    private static final LongHashFunction XX3 = LongHashFunction.xx3();

    @Test
    void shouldHaveTheInPlacePathOnThisJvmSoThatTheOtherTestsExerciseIt()
    {
        // The default JVM of this project (17+, compact strings on) must take the fast path;
        // if it silently fell back, the benchmark would measure the slow path under its name.
        assertTrue(Latin1Strings.AVAILABLE, "Latin1Strings could not read String's value/coder on this JVM");
        final String ascii = "user:004812339123";
        final byte[] inPlace = Latin1Strings.asciiBytesOrNull(ascii);
        assertNotNull(inPlace);
        assertEquals(ascii, new String(inPlace, StandardCharsets.US_ASCII));
    }

    @Test
    void shouldDeclineTextThatIsNotAnAsciiString()
    {
        assertNull(Latin1Strings.asciiBytesOrNull("caf\u00e9"), "Latin-1 but not ASCII: UTF-8 differs");
        assertNull(Latin1Strings.asciiBytesOrNull("\u0141\u00f3d\u017a"), "UTF-16 string");
        assertNull(Latin1Strings.asciiBytesOrNull(new StringBuilder("ascii")), "not a String");
        // the non-ASCII byte in each position of the 8-byte words and of the tail
        for (int length = 1; length <= 40; length++)
        {
            for (int at = 0; at < length; at++)
            {
                final char[] chars = new char[length];
                java.util.Arrays.fill(chars, 'a');
                chars[at] = '\u00ff';
                assertFalse(Latin1Strings.isAscii(new String(chars).getBytes(StandardCharsets.ISO_8859_1)),
                    "length " + length + " at " + at);
            }
        }
    }

    @Test
    void shouldHashEveryKindOfTextAsItsUtf8Bytes()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final String[] alphabets = {
            "abcdefghijklmnopqrstuvwxyz0123456789:-_/",
            "abc\u00e9\u00fc\u00df\u00ff",
            "ab\u0100\u20ac\u4e2d",
            "a\ud83d\ude00\ud800\udc00b",
            "a\ud800b\udc00",
        };
        int checked = 0;
        for (final String alphabet : alphabets)
        {
            for (int length = 0; length <= 300; length++)
            {
                final StringBuilder text = new StringBuilder(length);
                for (int i = 0; i < length; i++)
                {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                final String key = text.toString();
                final long expected = XX3.hashBytes(key.getBytes(StandardCharsets.UTF_8));
                assertEquals(expected, XxRingHash.INSTANCE.hashChars(key), () -> "String " + key);
                assertEquals(expected, XxRingHash.INSTANCE.hashChars(text), () -> "StringBuilder " + key);
                checked++;
            }
        }
        assertEquals(alphabets.length * 301, checked);
    }
}
