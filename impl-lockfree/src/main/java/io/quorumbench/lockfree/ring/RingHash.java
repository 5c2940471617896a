package io.quorumbench.lockfree.ring;

import org.agrona.DirectBuffer;

import java.util.Objects;

/**
 * How a placement turns keys and node names into positions on a 64-bit unsigned circle.
 *
 * <p>Every key form hashes to the same position for the same bytes: a {@link CharSequence} is
 * hashed as its UTF-8 bytes (unpaired surrogates become {@code '?'}, as
 * {@link String#getBytes(java.nio.charset.Charset)} does), a {@link DirectBuffer} range as its
 * bytes. A {@code long} key is its own form (it need not agree with any byte encoding).
 *
 * <p><b>Threading</b>: implementations are stateless or keep per-thread scratch space, so any
 * number of threads may hash concurrently. Key hashing allocates nothing in steady state.
 */
abstract class RingHash
{
    /**
     * Position of a 64-bit key.
     *
     * @param key the key.
     * @return unsigned 64-bit position.
     */
    abstract long hashLong(long key);

    /**
     * Position of a byte range; the caller has checked the bounds.
     *
     * @param key    bytes.
     * @param offset first byte.
     * @param length number of bytes.
     * @return unsigned 64-bit position.
     */
    abstract long hashBytes(byte[] key, int offset, int length);

    /**
     * Position of a text key's UTF-8 bytes.
     *
     * @param key the key, not null.
     * @return unsigned 64-bit position.
     */
    abstract long hashChars(CharSequence key);

    /**
     * Position of a range of a buffer; the caller has checked the bounds.
     *
     * @param buffer the buffer.
     * @param offset first byte in the buffer.
     * @param length number of bytes.
     * @return unsigned 64-bit position.
     */
    abstract long hashBuffer(DirectBuffer buffer, int offset, int length);

    /**
     * Writer side only: the {@code count} positions of a node's points on the circle, in any order.
     *
     * @param node  name of the node.
     * @param count number of points wanted.
     * @return a new array of {@code count} unsigned 64-bit positions.
     */
    abstract long[] nodePoints(String node, int count);

    static void checkBytes(final byte[] key, final int offset, final int length)
    {
        if (null == key)
        {
            throw new NullPointerException("key must not be null");
        }
        Objects.checkFromIndexSize(offset, length, key.length);
    }

    static void checkBuffer(final DirectBuffer key, final int offset, final int length)
    {
        if (null == key)
        {
            throw new NullPointerException("key must not be null");
        }
        if (offset < 0 || length < 0)
        {
            throw new IndexOutOfBoundsException("offset=" + offset + " length=" + length + " must be >= 0");
        }
        key.boundsCheck(offset, length);
    }

    static void checkChars(final CharSequence key)
    {
        if (null == key)
        {
            throw new NullPointerException("key must not be null");
        }
    }
}
