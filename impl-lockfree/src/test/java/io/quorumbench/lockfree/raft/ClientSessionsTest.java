package io.quorumbench.lockfree.raft;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientSessionsTest
{
    private static byte[] resultOf(final long sequence, final int length)
    {
        final byte[] result = new byte[length];
        for (int i = 0; i < length; i++)
        {
            result[i] = (byte)(sequence * 31 + i);
        }
        return result;
    }

    private static byte[] stored(final ClientSessions.Session session, final int slot)
    {
        final int offset = session.resultOffset(slot);
        return Arrays.copyOfRange(session.result(slot), offset, offset + session.resultLength(slot));
    }

    @Test
    void shouldAnswerEveryOneOfTheLastWindowOfSmallResultsThroughGrowthAndWrapping()
    {
        final ClientSessions.Session session = new ClientSessions(80).getOrCreate(7);
        final SplittableRandom random = new SplittableRandom(3);
        final int[] lengths = new int[40_001];
        for (int sequence = 1; sequence <= 40_000; sequence++)
        {
            lengths[sequence] = random.nextInt(81); // 0..80 bytes: 4096 of them fit the 1 MiB ring
            session.markApplied(sequence, 1000 + sequence, resultOf(sequence, lengths[sequence]), lengths[sequence]);
        }
        for (int sequence = 40_000 - ClientSessions.RESULT_SLOTS + 1; sequence <= 40_000; sequence++)
        {
            final int slot = session.resultSlot(sequence);
            assertTrue(slot >= 0, "result of " + sequence + " kept");
            assertEquals(1000 + sequence, session.resultIndex(slot));
            assertArrayEquals(resultOf(sequence, lengths[sequence]), stored(session, slot), "result of " + sequence);
        }
        assertEquals(-1, session.resultSlot(40_000 - ClientSessions.RESULT_SLOTS), "older than the window");
        assertTrue(session.isApplied(39_000) && !session.isApplied(40_001));
    }

    @Test
    void shouldKeepTheNewestLargeResultsAndNeverAnswerWithOverwrittenBytes()
    {
        final int large = 4096 + 8;
        final ClientSessions.Session session = new ClientSessions(large).getOrCreate(1);
        for (int sequence = 1; sequence <= 3_000; sequence++)
        {
            session.markApplied(sequence, sequence, resultOf(sequence, large), large);
        }
        // a 1 MiB ring holds 254 results of 4104 bytes: the newest are answered, older ones are unknown
        int kept = 0;
        for (int sequence = 1; sequence <= 3_000; sequence++)
        {
            final int slot = session.resultSlot(sequence);
            if (slot >= 0)
            {
                kept++;
                assertArrayEquals(resultOf(sequence, large), stored(session, slot), "result of " + sequence);
            }
        }
        assertEquals(ClientSessions.RESULT_BYTES / large, kept);
        assertTrue(session.resultSlot(3_000) >= 0 && session.resultSlot(3_000 - kept) < 0);
    }

    @Test
    void shouldNotGrowTheRingBeyondWhatTheWindowOfResultsNeeds()
    {
        final ClientSessions.Session session = new ClientSessions(16).getOrCreate(1);
        for (int sequence = 1; sequence <= 50_000; sequence++)
        {
            session.markApplied(sequence, sequence, resultOf(sequence, 8), 8);
        }
        final int slot = session.resultSlot(50_000);
        assertTrue(session.result(slot).length <= 2 * ClientSessions.RESULT_SLOTS * 8,
            "ring of " + session.result(slot).length + " bytes for 4096 results of 8 bytes");
        assertFalse(session.resultSlot(50_000 - ClientSessions.RESULT_SLOTS + 1) < 0);
    }
}
