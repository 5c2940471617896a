package io.quorumbench.loadgen.engine;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunQueueWaitTest
{
    @Test
    void shouldReadTheRunQueueWaitOfALiveThreadAndNothingForAGoneOne() throws Exception
    {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux only");
        final long tid = RunQueueWait.currentThreadId();
        assertTrue(tid > 0, "tid " + tid);
        final long first = RunQueueWait.waitedNs(tid);
        assertTrue(first >= 0, "waited " + first);
        // two threads spinning on one core for a while: each must wait for the other at some point
        final Thread[] spinners = new Thread[3 * Runtime.getRuntime().availableProcessors()];
        for (int i = 0; i < spinners.length; i++)
        {
            spinners[i] = new Thread(() ->
            {
                final long endNs = System.nanoTime() + 200_000_000L;
                while (System.nanoTime() < endNs)
                {
                    Thread.onSpinWait();
                }
            });
            spinners[i].start();
        }
        final long endNs = System.nanoTime() + 200_000_000L;
        while (System.nanoTime() < endNs)
        {
            Thread.onSpinWait();
        }
        for (final Thread spinner : spinners)
        {
            spinner.join();
        }
        assertTrue(RunQueueWait.waitedNs(tid) > first, "more threads than cores: this one waited");
        assertEquals(-1, RunQueueWait.waitedNs(-1));
        assertEquals(-1, RunQueueWait.waitedNs(Integer.MAX_VALUE), "no such thread");
    }
}
