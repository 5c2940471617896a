package io.quorumbench.lockfree.ring;

/**
 * Per-thread scratch space for encoding text keys as UTF-8 without allocating.
 *
 * <p>The encoder matches {@link String#getBytes(java.nio.charset.Charset)} with UTF-8 exactly,
 * including its replacement of unpaired surrogates by {@code '?'}, so a text key and its UTF-8
 * bytes always land on the same node. The buffer grows (allocates) only when a thread meets a key
 * longer than any it has seen; steady-state lookups allocate nothing.
 *
 * <p><b>Threading</b>: one instance per thread, obtained from {@link #get()}.
 */
final class Utf8Scratch
{
    private static final int INITIAL_CAPACITY = 256;
    private static final ThreadLocal<Utf8Scratch> SCRATCH = ThreadLocal.withInitial(Utf8Scratch::new);

    /** Encoded bytes of the last {@link #encode(CharSequence)}; valid up to the returned length. */
    byte[] bytes = new byte[INITIAL_CAPACITY];

    /**
     * The calling thread's scratch.
     *
     * @return the calling thread's scratch.
     */
    static Utf8Scratch get()
    {
        return SCRATCH.get();
    }

    /**
     * Ensure room for {@code capacity} bytes, keeping nothing.
     *
     * @param capacity bytes needed.
     * @return the buffer.
     */
    byte[] ensureCapacity(final int capacity)
    {
        if (bytes.length < capacity)
        {
            bytes = new byte[Math.max(capacity, bytes.length << 1)];
        }
        return bytes;
    }

    /**
     * Encode a text key into {@link #bytes}.
     *
     * @param key the key.
     * @return number of bytes written.
     */
    int encode(final CharSequence key)
    {
        final int length = key.length();
        // A UTF-16 unit needs at most 3 UTF-8 bytes (a surrogate pair, 2 units, needs 4).
        final byte[] dst = ensureCapacity(length * 3);
        int p = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = key.charAt(i);
            if (c < 0x80)
            {
                dst[p++] = (byte)c;
            }
            else if (c < 0x800)
            {
                dst[p++] = (byte)(0xC0 | (c >> 6));
                dst[p++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (Character.isSurrogate(c))
            {
                final char low;
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(low = key.charAt(i + 1)))
                {
                    final int cp = Character.toCodePoint(c, low);
                    dst[p++] = (byte)(0xF0 | (cp >> 18));
                    dst[p++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                    dst[p++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                    dst[p++] = (byte)(0x80 | (cp & 0x3F));
                    i++;
                }
                else
                {
                    // What the JDK's UTF-8 encoder substitutes for a malformed surrogate.
                    dst[p++] = (byte)'?';
                }
            }
            else
            {
                dst[p++] = (byte)(0xE0 | (c >> 12));
                dst[p++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                dst[p++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        return p;
    }
}
