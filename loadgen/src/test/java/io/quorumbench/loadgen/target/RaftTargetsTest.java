package io.quorumbench.loadgen.target;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.loadgen.engine.Arrivals;
import io.quorumbench.loadgen.engine.LoadRun;
import io.quorumbench.loadgen.engine.RunConfig;
import io.quorumbench.loadgen.engine.RunResult;
import io.quorumbench.loadgen.workload.KeyDistribution;
import io.quorumbench.loadgen.workload.kv.ConformanceHistoryChecker;
import io.quorumbench.loadgen.workload.kv.KvWorkload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A short KV run through each embedded Raft cluster: answers arrive, history checks, nothing lost, nothing leaks. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RaftTargetsTest
{
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private RunResult run(final LoadTarget target)
    {
        // a low rate: this checks plumbing and verdicts on a shared machine, not speed
        final RunConfig config = new RunConfig(500, Arrivals.CONSTANT, 1_500 * MS, 300 * MS, 2, 1024, 10_000 * MS, 9, false);
        final KvWorkload workload = new KvWorkload(200, KeyDistribution.ZIPFIAN, 0.99, 0.4, 0.2, 32, 8, 100_000,
            new ConformanceHistoryChecker(dir.resolve("history.jsonl")));
        try (target)
        {
            return new LoadRun(config, target, workload, dir, new PrintStream(OutputStream.nullOutputStream())).execute();
        }
    }

    private static Set<String> threadsStartingWith(final String... prefixes)
    {
        final Set<String> names = new HashSet<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            for (final String prefix : prefixes)
            {
                if (thread.isAlive() && thread.getName().startsWith(prefix))
                {
                    names.add(thread.getName());
                }
            }
        }
        return names;
    }

    private void assertChecked(final RunResult result)
    {
        assertTrue(result.ok() > 0, "answers arrived");
        assertTrue(result.verification().complete(), result.verification().details().toString());
        assertEquals(Boolean.TRUE, result.verification().linearizable(), result.verification().details().toString());
        assertEquals(0L, result.verification().lostAckedWrites());
        assertTrue(Files.exists(dir.resolve("history.jsonl")));
        assertEquals(Set.of(), threadsStartingWith("qb-sender-", "qb-baseline-client-"), "every thread stopped");
    }

    @Test
    void shouldRunKvThroughTheLockfreeCluster()
    {
        final LockfreeRaftTarget target = new LockfreeRaftTarget(3, FsyncPolicy.NONE, 256, 64);
        assertChecked(run(target));
    }

    @Test
    void shouldRunKvThroughTheBaselineCluster()
    {
        final BaselineRaftTarget target = new BaselineRaftTarget(3, FsyncPolicy.NONE, 4, 256, 64, 5_000);
        final RunResult result = run(target);
        assertChecked(result);
        assertEquals(Set.of(), threadsStartingWith("raft-"), "the baseline servers' threads stopped");
    }
}
