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
            lengths[sequence] = random.nextInt(81); // 0..80 bytes: a window of them fits the 2 MiB ring
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
        // a 2 MiB ring holds about 510 results of 4104 bytes: the newest are answered, older ones are unknown
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
        assertTrue(kept >= ClientSessions.RESULT_BYTES / large - 2 && kept <= ClientSessions.RESULT_BYTES / large, "kept " + kept);
        for (int sequence = 3_000 - kept + 1; sequence <= 3_000; sequence++)
        {
            assertTrue(session.resultSlot(sequence) >= 0, "the newest are the ones kept: " + sequence);
        }
    }

    @Test
    void shouldGrowTheRingWhenResultsGetLargerAfterItWrapped()
    {
        // a client's first results are small (a PUT answers with a status), later ones carry values
        // (GETs): the ring must grow after it wrapped, keeping every intact result where it was
        final ClientSessions.Session session = new ClientSessions(80).getOrCreate(3);
        final int[] lengths = new int[60_001];
        for (int sequence = 1; sequence <= 60_000; sequence++)
        {
            lengths[sequence] = sequence <= 30_000 ? 5 : 72;
            session.markApplied(sequence, sequence, resultOf(sequence, lengths[sequence]), lengths[sequence]);
            if (sequence == 30_000 || sequence == 30_100 || sequence == 60_000)
            {
                // at every stage, the last window (or all there were) answered byte-exact
                for (int s = Math.max(1, sequence - ClientSessions.RESULT_SLOTS + 1); s <= sequence; s++)
                {
                    final int slot = session.resultSlot(s);
                    assertTrue(slot >= 0, "result of " + s + " kept at " + sequence);
                    assertArrayEquals(resultOf(s, lengths[s]), stored(session, slot), "result of " + s + " at " + sequence);
                }
            }
        }
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
        assertTrue(session.result(slot).length <= 2 * ClientSessions.RESULT_SLOTS * (8 + 12),
            "ring of " + session.result(slot).length + " bytes for a window of 8-byte results (12-byte entry headers)");
        assertFalse(session.resultSlot(50_000 - ClientSessions.RESULT_SLOTS + 1) < 0);
    }
}
