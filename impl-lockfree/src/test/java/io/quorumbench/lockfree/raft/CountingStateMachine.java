package io.quorumbench.lockfree.raft;

import io.quorumbench.api.consensus.StateMachine;
import org.agrona.BitUtil;

/**
 * Test state machine: counts applied commands, sums their first byte and answers with the count
 * (8 bytes, little-endian). Allocation free.
 */
final class CountingStateMachine implements StateMachine
{
    long applied;
    long lastIndex;
    long checksum;

    @Override
    public int apply(final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
    {
        if (logIndex <= lastIndex)
        {
            throw new IllegalStateException("apply out of order: " + logIndex + " after " + lastIndex);
        }
        lastIndex = logIndex;
        applied++;
        checksum = checksum * 31 + (length > 0 ? command[offset] : 0) + length;
        long value = applied;
        for (int i = 0; i < BitUtil.SIZE_OF_LONG; i++)
        {
            result[i] = (byte)value;
            value >>>= 8;
        }
        return BitUtil.SIZE_OF_LONG;
    }

    @Override
    public int maxResultLength()
    {
        return BitUtil.SIZE_OF_LONG;
    }
}
