package io.quorumbench.jmh.raft;

import io.quorumbench.jmh.Mode;
import io.quorumbench.jmh.SuiteRunnerAccess;
import io.quorumbench.jmh.Suites;
import io.quorumbench.jmh.Target;
import io.quorumbench.jmh.consensus.ConsensusBenchSettings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RaftSuiteTest
{
    @Test
    void shouldBeRegisteredAndListEveryRaftBenchmark()
    {
        assertTrue(Suites.names().contains("raft"), Suites.names().toString());
        final String listed = SuiteRunnerAccess.list("--suite", "raft");
        for (final String name : List.of(
            "consensus.CommitLatencyBenchmark.commit", "consensus.CommitThroughputBenchmark.commit",
            "raft.RaftLogAppendBenchmark.append", "raft.RaftCodecBenchmark.encode", "raft.RaftCodecBenchmark.decode"))
        {
            assertTrue(listed.contains("io.quorumbench.jmh." + name), listed);
        }
        assertFalse(listed.contains(".ring."), "the raft suite must not run ring benchmarks: " + listed);
    }

    @Test
    void shouldPinQuickParamsToTheTargetConfiguration()
    {
        final Map<String, String[]> quick = new RaftSuite().quickParams();
        assertArrayEquals(new String[]{ "none" }, quick.get("fsync"));
        assertArrayEquals(new String[]{ RaftSuite.TARGET_WINDOW }, quick.get("window"));
        assertArrayEquals(new String[]{ RaftSuite.TARGET_ENTRIES }, quick.get("entries"));
        // Every log policy runs in quick mode: the log benchmark's param has its own name for that reason.
        assertFalse(quick.containsKey("policy"));
    }

    @Test
    void shouldStateEveryTargetOnTheTunedImplementationInAQuickConfiguration()
    {
        final Map<String, String[]> quick = new java.util.HashMap<>(new RaftSuite().quickParams());
        quick.putAll(new RaftSuite().params());
        for (final Target target : new RaftSuite().targets())
        {
            assertEquals("lockfree", target.params().get(Target.IMPL), target.name());
            if (target.benchmark().contains(".consensus."))
            {
                // The shared commit benchmarks run for every suite's protocol: a target must say which.
                assertEquals(RaftSuite.PROTOCOL, target.params().get("protocol"), target.name());
            }
            for (final Map.Entry<String, String> param : target.params().entrySet())
            {
                final String[] pinned = quick.get(param.getKey());
                assertTrue(null == pinned || List.of(pinned).contains(param.getValue()),
                    target.name() + " needs " + param + " which quick mode does not run");
            }
        }
    }

    @Test
    void shouldRecordWhereTheLogsAreWritten()
    {
        final Map<String, String> settings = new RaftSuite().reportSettings(Mode.QUICK);
        assertEquals(System.getProperty("java.io.tmpdir"), settings.get("raft.data.dir"));
        assertFalse(settings.get("raft.data.fileSystem").isBlank());
    }

    @Test
    void shouldNameFsyncPoliciesAndRejectUnknownOnes()
    {
        assertEquals(io.quorumbench.api.consensus.FsyncPolicy.BATCH, ConsensusBenchSettings.fsyncPolicy("batch"));
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> ConsensusBenchSettings.fsyncPolicy("sometimes"));
        assertTrue(ex.getMessage().contains("none, batch or always"), ex.getMessage());
    }
}
