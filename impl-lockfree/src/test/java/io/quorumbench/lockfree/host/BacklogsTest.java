package io.quorumbench.lockfree.host;

import org.agrona.ExpandableRingBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer's backlog at its cap refuses a frame instead of throwing: the sequence below (random frame
 * sizes up to 66,000 bytes, appends and partial drains against a 4 MiB cap, as a slow peer sees
 * them) made {@code ExpandableRingBuffer.append} throw {@link IndexOutOfBoundsException} at its
 * 22,266th operation; through {@link Backlogs#append} every operation either appends or refuses,
 * and what was appended comes out whole and in order.
 */
class BacklogsTest
{
    private static final int MAX_BYTES = 4 * 1024 * 1024;

    @Test
    void shouldRefuseRatherThanThrowWhenTheFreeSpaceWrapsAtTheCap()
    {
        final Random random = new Random(1);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[70_000]);
        final ExpandableRingBuffer backlog = new ExpandableRingBuffer(64 * 1024, MAX_BYTES, true);
        final long[] expectedNext = { 0 };
        long appended = 0;
        long refused = 0;
        for (int i = 0; i < 200_000; i++)
        {
            if (random.nextInt(3) != 0)
            {
                final int length = Long.BYTES + random.nextInt(random.nextBoolean() ? 200 : 66_000);
                frame.putLong(0, appended);
                if (Backlogs.append(backlog, frame, 0, length))
                {
                    appended++;
                }
                else
                {
                    refused++;
                }
            }
            else
            {
                backlog.consume((buffer, offset, length, headOffset) ->
                {
                    assertEquals(expectedNext[0]++, buffer.getLong(offset), "frames come out whole and in order");
                    return true;
                }, random.nextInt(5));
            }
            assertTrue(backlog.size() <= MAX_BYTES);
        }
        assertTrue(refused > 0, "the sequence must reach the cap to test anything");
        assertTrue(appended > 100_000, "appended " + appended);
    }
}
