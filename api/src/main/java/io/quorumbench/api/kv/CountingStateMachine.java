package io.quorumbench.api.kv;

import io.quorumbench.api.consensus.StateMachine;

/**
 * A {@link StateMachine} that only counts: every command, whatever its bytes, increments a counter
 * and the result is the new count as an 8-byte little-endian long. For benchmarks that want to
 * measure the replicated log without the cost of an application, while still returning a result
 * that a client can check (counts are consecutive across replicas).
 *
 * <p>Allocates nothing. <b>Threading</b>: node thread only.
 */
public final class CountingStateMachine implements StateMachine
{
    /** Length of every result in bytes. */
    public static final int RESULT_LENGTH = Long.BYTES;

    private long count;

    /** {@inheritDoc} */
    @Override
    public int apply(
        final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
    {
        final long value = ++count;
        for (int i = 0; i < RESULT_LENGTH; i++)
        {
            result[i] = (byte)(value >>> (8 * i));
        }
        return RESULT_LENGTH;
    }

    /** {@inheritDoc} */
    @Override
    public int maxResultLength()
    {
        return RESULT_LENGTH;
    }

    /**
     * Commands applied so far.
     *
     * @return the count.
     */
    public long count()
    {
        return count;
    }

    /**
     * Decode a result.
     *
     * @param result buffer holding a result.
     * @param offset first byte of the result.
     * @return the count it carries.
     */
    public static long decode(final byte[] result, final int offset)
    {
        long value = 0;
        for (int i = RESULT_LENGTH - 1; i >= 0; i--)
        {
            value = (value << 8) | (result[offset + i] & 0xFF);
        }
        return value;
    }
}
