package io.quorumbench.api.lock;

/**
 * A 64-bit FNV-1a digest that both lock service implementations feed their state into in the same
 * canonical order (sessions by id, locks and keys by unsigned bytes), so replicas, and the baseline
 * and the tuned state machine, can be compared by one number.
 *
 * <p>Not thread-safe; one per digest.
 */
public final class LockStateDigest
{
    private long hash = 0xcbf29ce484222325L;

    /**
     * Mix in a number, least significant byte first.
     *
     * @param value the number.
     * @return this.
     */
    public LockStateDigest mix(final long value)
    {
        for (int shift = 0; shift < Long.SIZE; shift += Byte.SIZE)
        {
            mixByte((byte)(value >>> shift));
        }
        return this;
    }

    /**
     * Mix in bytes, their length first.
     *
     * @param bytes  buffer.
     * @param offset first byte.
     * @param length number of bytes.
     * @return this.
     */
    public LockStateDigest mix(final byte[] bytes, final int offset, final int length)
    {
        mix(length);
        for (int i = offset; i < offset + length; i++)
        {
            mixByte(bytes[i]);
        }
        return this;
    }

    /**
     * Mix in bytes, their length first.
     *
     * @param bytes the bytes.
     * @return this.
     */
    public LockStateDigest mix(final byte[] bytes)
    {
        return mix(bytes, 0, bytes.length);
    }

    /**
     * The digest so far.
     *
     * @return the digest.
     */
    public long value()
    {
        return hash;
    }

    private void mixByte(final byte b)
    {
        hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
    }
}
