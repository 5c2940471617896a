package io.quorumbench.jmh.raft;

import io.quorumbench.api.consensus.FsyncPolicy;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The clusters the commit benchmarks measure work and check their answers, so a benchmark run
 * cannot measure a broken cluster: counts come back consecutive through both paths, and asking
 * for an answer to nothing is an error, not a hang.
 */
class RaftFixtureTest
{
    @ParameterizedTest
    @ValueSource(strings = { "baseline", "lockfree" })
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldCommitOneAtATimeAndPipelinedWithConsecutiveCounts(final String impl)
    {
        // Data and the Aeron directory under the module's target/, deleted by close().
        try (RaftFixture cluster = RaftFixture.launch(impl, FsyncPolicy.NONE, Path.of("target", "raft-fixture-test")))
        {
            for (int i = 1; i <= 5; i++)
            {
                assertEquals(i, cluster.commitOne());
            }
            assertThrows(IllegalStateException.class, cluster::awaitOldest);
            for (int i = 0; i < 64; i++)
            {
                cluster.submit();
            }
            assertEquals(64, cluster.inFlight());
            for (int i = 6; i < 6 + 64; i++)
            {
                assertEquals(i, cluster.awaitOldest());
            }
            assertEquals(0, cluster.inFlight());
        }
    }
}
