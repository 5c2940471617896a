package io.quorumbench.loadgen.target;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DirectorySizeSamplerTest
{
    @TempDir
    Path dir;

    @Test
    void shouldKeepThePeakSizeOfTheTreeAfterFilesAreDeleted() throws IOException
    {
        final DirectorySizeSampler sampler = new DirectorySizeSampler(dir);
        assertEquals(-1, sampler.peakBytes(), "nothing sampled yet");
        Files.createDirectories(dir.resolve("node-1"));
        Files.write(dir.resolve("node-1/raft.log"), new byte[3000]);
        Files.write(dir.resolve("snapshot"), new byte[500]);

        assertEquals(3500, sampler.sample());
        Files.delete(dir.resolve("node-1/raft.log"));
        assertEquals(500, sampler.sample());
        assertEquals(3500, sampler.peakBytes());
    }

    @Test
    void shouldSampleOnceMoreOnClose() throws IOException
    {
        final DirectorySizeSampler sampler = new DirectorySizeSampler(dir);
        Files.write(dir.resolve("a"), new byte[42]);
        sampler.close();
        assertEquals(42, sampler.peakBytes());
    }
}
