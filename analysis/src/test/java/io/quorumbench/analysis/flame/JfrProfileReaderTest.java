package io.quorumbench.analysis.flame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JfrProfileReaderTest
{
    private static volatile long sink;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldReadStacksAndTheEngineThatReallySampledFromARealRecording(@TempDir final Path dir) throws IOException
    {
        final Path jfr;
        try (ProfilerSession session = ProfilerSession.start("cpu", dir.resolve("cpu.jfr"), dir.resolve("lib")))
        {
            // Burn CPU in a recognisable method until enough samples (10 ms interval) must have been taken.
            final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(400);
            while (System.nanoTime() < end)
            {
                burn();
            }
            jfr = session.stop();
        }
        final JfrProfileReader.Recording rec = JfrProfileReader.read(jfr, "cpu");
        assertTrue(rec.stacks().totalWeight() > 0, "no samples");
        assertNotEquals("unknown", rec.engine());
        assertTrue(rec.eventTypes().containsKey("jdk.ExecutionSample"), rec.eventTypes().toString());
        assertTrue(rec.stacks().stacks().keySet().stream().anyMatch((s) -> s.contains("JfrProfileReaderTest.burn")),
            "the burning method is on the stacks");
        assertFalse(rec.stacks().stacks().keySet().stream().anyMatch((s) -> s.contains("\n")));
        // The thread filter keeps the burning thread and drops everything else.
        final JfrProfileReader.Recording mine = JfrProfileReader.read(jfr, "cpu", Thread.currentThread().getName());
        assertTrue(mine.stacks().stacks().keySet().stream().anyMatch((s) -> s.contains("JfrProfileReaderTest.burn")));
        assertTrue(mine.stacks().totalWeight() <= rec.stacks().totalWeight());
        assertEquals(0, JfrProfileReader.read(jfr, "cpu", "no-such-thread").stacks().totalWeight());
    }

    private static void burn()
    {
        long x = sink;
        for (int i = 0; i < 10_000; i++)
        {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        sink = x;
    }
}
