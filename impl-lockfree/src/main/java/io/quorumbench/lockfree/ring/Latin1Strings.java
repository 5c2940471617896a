package io.quorumbench.lockfree.ring;

import org.agrona.UnsafeApi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Zero-copy view of an ASCII {@link String}'s bytes, so that a text key can be hashed as its
 * UTF-8 bytes without encoding it first.
 *
 * <p>Since JDK 9 (compact strings) a {@code String} whose characters all fit in Latin-1 keeps them
 * in a {@code byte[] value} with {@code coder == 0}; when every byte is below {@code 0x80} those
 * bytes <em>are</em> the string's UTF-8 encoding. Encoding a 17-character key into a per-thread
 * scratch array cost about as much as the whole ring search (see {@code RingHashBenchmark}); reading
 * the array in place removes that copy and the thread-local lookup.
 *
 * <p>The two fields are located once through {@link UnsafeApi#objectFieldOffset(Class, String)}
 * and then checked against strings of known content; if the JDK lays strings out differently (or
 * runs with {@code -XX:-CompactStrings}, where every string is UTF-16), or Agrona's
 * {@link UnsafeApi} is not accessible (no {@code --add-exports java.base/jdk.internal.misc}),
 * {@link #AVAILABLE} is false and callers take their encoding path, which gives the same hashes. The returned array is the string's own storage: it
 * is only ever read.
 *
 * <p><b>Threading</b>: stateless; strings are immutable, so any thread may call.
 */
final class Latin1Strings
{
    /** Whether the in-place view works on this JVM. */
    static final boolean AVAILABLE;

    private static final byte LATIN1 = 0;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final long VALUE_OFFSET;
    private static final long CODER_OFFSET;
    private static final long BYTE_ARRAY_BASE;

    static
    {
        long valueOffset = -1;
        long coderOffset = -1;
        long byteArrayBase = -1;
        boolean available = false;
        try
        {
            valueOffset = UnsafeApi.objectFieldOffset(String.class, "value");
            coderOffset = UnsafeApi.objectFieldOffset(String.class, "coder");
            byteArrayBase = UnsafeApi.arrayBaseOffset(byte[].class);
            available = probe(valueOffset, coderOffset);
        }
        catch (final RuntimeException | LinkageError ex)
        {
            // e.g. a JVM started without --add-exports java.base/jdk.internal.misc=ALL-UNNAMED,
            // where Agrona's UnsafeApi cannot initialise: the ring still works, on the encoding path
            available = false;
        }
        VALUE_OFFSET = valueOffset;
        CODER_OFFSET = coderOffset;
        BYTE_ARRAY_BASE = byteArrayBase;
        AVAILABLE = available;
    }

    private Latin1Strings()
    {
    }

    /**
     * The bytes of a key that is an ASCII {@code String}, in place.
     *
     * @param key a text key, not null.
     * @return the string's own storage, which is its UTF-8 encoding and must not be written; or
     * null when the key is not a {@code String}, not stored as Latin-1, or holds a character
     * {@code >= 0x80}.
     */
    static byte[] asciiBytesOrNull(final CharSequence key)
    {
        if (AVAILABLE && key instanceof String && LATIN1 == UnsafeApi.getByte(key, CODER_OFFSET))
        {
            final byte[] value = (byte[])UnsafeApi.getReference(key, VALUE_OFFSET);
            return isAscii(value) ? value : null;
        }
        return null;
    }

    /**
     * Whether every byte is below {@code 0x80}, eight bytes at a time.
     *
     * @param bytes bytes to test.
     * @return true when all are ASCII.
     */
    static boolean isAscii(final byte[] bytes)
    {
        final int length = bytes.length;
        long acc = 0;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            acc |= UnsafeApi.getLong(bytes, BYTE_ARRAY_BASE + i);
        }
        for (; i < length; i++)
        {
            acc |= bytes[i];
        }
        return 0 == (acc & HIGH_BITS);
    }

    private static boolean probe(final long valueOffset, final long coderOffset)
    {
        // A Latin-1 string must show its bytes and coder 0; a string with a character beyond
        // Latin-1 must show coder 1. Anything else means the layout is not the one assumed.
        final String latin1 = new String(new char[]{ 'q', 'b', ':', '7' });
        final String utf16 = new String(new char[]{ 'q', '\u0100' });
        final Object value = UnsafeApi.getReference(latin1, valueOffset);
        return value instanceof byte[] &&
            Arrays.equals((byte[])value, latin1.getBytes(StandardCharsets.ISO_8859_1)) &&
            LATIN1 == UnsafeApi.getByte(latin1, coderOffset) &&
            LATIN1 != UnsafeApi.getByte(utf16, coderOffset);
    }
}
