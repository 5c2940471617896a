package io.quorumbench.loadgen.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArrivalScheduleTest
{
    @Test
    void shouldSpaceConstantArrivalsFromTheStartWithoutDrift()
    {
        final ArrivalSchedule schedule = ArrivalSchedule.create(Arrivals.CONSTANT, 1_000, 3_000_000.0, 0, 1, 1);
        long previous = schedule.next();
        assertEquals(1_000, previous);
        for (int k = 1; k < 3_000_000; k++)
        {
            final long due = schedule.next();
            // 333.33 ns apart: each due time is start + floor(k * interval), never the sum of rounded gaps
            assertEquals(1_000 + (long)(k * (1e9 / 3_000_000.0)), due);
            assertTrue(due - previous == 333 || due - previous == 334, "gap " + (due - previous));
            previous = due;
        }
        // after one second's worth of requests the schedule is exactly one second on
        assertEquals(1_000 + 1_000_000_000L, schedule.next());
    }

    @Test
    void shouldRampTheRateLinearlyOverTheRampThenKeepTheFullRate()
    {
        final long start = 5_000;
        final long rampNs = 1_000_000_000L;
        final ArrivalSchedule schedule = ArrivalSchedule.ramped(
            ArrivalSchedule.create(Arrivals.CONSTANT, start, 1_000_000.0, 0, 1, 1), start, rampNs);
        final int[] perTenth = new int[10];
        long due = schedule.next();
        long previous = due;
        int inRamp = 0;
        while (due - start < rampNs)
        {
            assertTrue(due >= previous, "non-decreasing");
            perTenth[(int)((due - start) / (rampNs / 10))]++;
            inRamp++;
            previous = due;
            due = schedule.next();
        }
        // rate * t / T integrates to rate * T / 2 requests, and tenth i holds rate * T / 200 * (2i + 1)
        assertEquals(500_000, inRamp, 1);
        for (int i = 0; i < 10; i++)
        {
            assertEquals(5_000 * (2 * i + 1), perTenth[i], 2, "tenth " + i);
        }
        // then the base spacing, 1 us apart, from the end of the ramp on
        assertEquals(start + rampNs, due, 1);
        for (int k = 0; k < 1_000; k++)
        {
            final long next = schedule.next();
            assertEquals(1_000, next - due, 1);
            due = next;
        }
    }

    @Test
    void shouldNotRampWithoutARamp()
    {
        final ArrivalSchedule base = ArrivalSchedule.create(Arrivals.POISSON, 0, 1_000.0, 0, 1, 1);
        assertTrue(base == ArrivalSchedule.ramped(base, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> ArrivalSchedule.ramped(base, 0, -1));
    }

    @Test
    void shouldInterleaveSendersSoTheMergedStreamIsEvenlySpaced()
    {
        final int senders = 4;
        final ArrivalSchedule[] schedules = new ArrivalSchedule[senders];
        for (int s = 0; s < senders; s++)
        {
            schedules[s] = ArrivalSchedule.create(Arrivals.CONSTANT, 0, 1_000_000.0, s, senders, 7);
        }
        for (int k = 0; k < 1000; k++)
        {
            for (int s = 0; s < senders; s++)
            {
                assertEquals((long)(k * senders + s) * 1_000L, schedules[s].next());
            }
        }
    }

    @Test
    void shouldKeepThePoissonMeanRateAndBeReproducibleFromTheSeed()
    {
        final double rate = 50_000.0;
        final int n = 500_000;
        final ArrivalSchedule a = ArrivalSchedule.create(Arrivals.POISSON, 0, rate, 0, 1, 99);
        final ArrivalSchedule b = ArrivalSchedule.create(Arrivals.POISSON, 0, rate, 0, 1, 99);
        long last = 0;
        double sumSq = 0;
        long previous = 0;
        for (int i = 0; i < n; i++)
        {
            last = a.next();
            assertEquals(last, b.next());
            assertTrue(last >= previous);
            final double gap = last - previous;
            sumSq += gap * gap;
            previous = last;
        }
        final double meanGapNs = last / (double)(n - 1);
        // mean gap 20 us; the standard error over 500k gaps is ~0.14%, allow 1%
        assertEquals(1e9 / rate, meanGapNs, 1e9 / rate * 0.01);
        // exponential gaps: the variance equals the mean squared (coefficient of variation 1)
        final double variance = sumSq / n - meanGapNs * meanGapNs;
        assertEquals(1.0, Math.sqrt(variance) / meanGapNs, 0.02);

        final ArrivalSchedule other = ArrivalSchedule.create(Arrivals.POISSON, 0, rate, 0, 1, 100);
        other.next();
        final ArrivalSchedule same = ArrivalSchedule.create(Arrivals.POISSON, 0, rate, 0, 1, 99);
        same.next();
        assertTrue(other.next() != same.next(), "a different seed gives a different stream");
    }

    @Test
    void shouldSplitThePoissonRateOverSenders()
    {
        final int senders = 4;
        final int n = 100_000;
        long total = 0;
        for (int s = 0; s < senders; s++)
        {
            final ArrivalSchedule schedule = ArrivalSchedule.create(Arrivals.POISSON, 0, 100_000.0, s, senders, 5);
            long last = 0;
            for (int i = 0; i < n; i++)
            {
                last = schedule.next();
            }
            total += last;
        }
        // each sender runs at 25k/s: n requests take ~n / 25k seconds
        assertEquals(n / 25_000.0, total / (double)senders / 1e9, n / 25_000.0 * 0.02);
    }

    @Test
    void shouldRejectNonPositiveRates()
    {
        assertThrows(IllegalArgumentException.class, () -> ArrivalSchedule.create(Arrivals.CONSTANT, 0, 0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ArrivalSchedule.create(Arrivals.POISSON, 0, -1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ArrivalSchedule.create(Arrivals.CONSTANT, 0, 10, 2, 2, 1));
    }
}
