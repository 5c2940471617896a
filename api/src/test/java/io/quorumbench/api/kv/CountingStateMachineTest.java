package io.quorumbench.api.kv;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CountingStateMachineTest
{
    @Test
    void shouldReturnConsecutiveCountsAsLittleEndianLongs()
    {
        final CountingStateMachine machine = new CountingStateMachine();
        final byte[] result = new byte[machine.maxResultLength()];
        for (long i = 1; i <= 300; i++)
        {
            assertEquals(CountingStateMachine.RESULT_LENGTH, machine.apply(i, new byte[0], 0, 0, result));
            assertEquals(i, CountingStateMachine.decode(result, 0));
        }
        assertEquals(300, machine.count());
        assertEquals(0x2C, result[0]);
        assertEquals(0x01, result[1]);
    }

    @Test
    void shouldReturnNothingFromNoOp()
    {
        assertEquals(0, NoOpStateMachine.INSTANCE.apply(1, new byte[4], 0, 4, new byte[0]));
        assertEquals(0, NoOpStateMachine.INSTANCE.maxResultLength());
    }
}
