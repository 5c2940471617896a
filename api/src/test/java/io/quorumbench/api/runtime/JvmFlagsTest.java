package io.quorumbench.api.runtime;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmFlagsTest
{
    /**
     * The pom builds surefire's argLine from the same file: a test JVM that lacks a flag of the file
     * means the build and the harness's own processes have drifted apart again.
     */
    @Test
    void shouldStartTheTestJvmWithEveryAccessFlagOfTheOneFile()
    {
        final List<String> running = ManagementFactory.getRuntimeMXBean().getInputArguments();
        final List<String> access = JvmFlags.access();
        assertFalse(access.isEmpty());
        for (final String flag : access)
        {
            assertTrue(running.contains(flag), flag + " missing from the test JVM's arguments " + running);
        }
    }

    @Test
    void shouldGiveForksAndNodesTheAccessFlagsAndAHeap()
    {
        assertTrue(JvmFlags.benchmarkFork().containsAll(JvmFlags.access()));
        assertTrue(JvmFlags.benchmarkFork().stream().anyMatch((f) -> f.startsWith("-Xmx")));
        assertTrue(JvmFlags.node().containsAll(JvmFlags.access()));
        assertTrue(JvmFlags.node().stream().anyMatch((f) -> f.startsWith("-Xmx")));
    }
}
