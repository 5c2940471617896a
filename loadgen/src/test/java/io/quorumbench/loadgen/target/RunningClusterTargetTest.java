package io.quorumbench.loadgen.target;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.cluster.ClusterImpl;
import io.quorumbench.cluster.ClusterRunner;
import io.quorumbench.loadgen.engine.Arrivals;
import io.quorumbench.loadgen.engine.LoadRun;
import io.quorumbench.loadgen.engine.RunConfig;
import io.quorumbench.loadgen.engine.RunResult;
import io.quorumbench.loadgen.workload.KeyDistribution;
import io.quorumbench.loadgen.workload.kv.ConformanceHistoryChecker;
import io.quorumbench.loadgen.workload.kv.KvWorkload;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --cluster FILE} for every registered implementation: member processes started by someone
 * else (here a {@link ClusterRunner}), driven from nothing but their cluster file through the
 * implementation's own client, twice: the second run finds the first one's values and must not
 * mistake them for its own (run tags) nor report them lost.
 */
class RunningClusterTargetTest
{
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    @ParameterizedTest
    @MethodSource("io.quorumbench.cluster.ClusterImpl#all")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldDriveARunningClusterFromItsClusterFileTwice(final ClusterImpl impl) throws Exception
    {
        final ClusterRunner runner = ClusterRunner.create(impl, dir.resolve("cluster"), null, 3,
            System.getProperty("java.class.path"), ClusterRunner.Network.LOOPBACK,
            new ClusterRunner.NodeSettings(FsyncPolicy.NONE, true));
        try
        {
            runner.start();
            runner.awaitLeader(SpawnedClusterTarget.LEADER_TIMEOUT_MS, -1, 0);
            for (int runIndex = 0; runIndex < 2; runIndex++)
            {
                final Path out = Files.createDirectories(dir.resolve("run-" + runIndex));
                final RunConfig config = new RunConfig(500, Arrivals.CONSTANT, 1_500 * MS, 300 * MS, 2, 1024, 10_000 * MS, 9, false);
                final KvWorkload workload = new KvWorkload(200, KeyDistribution.UNIFORM, 0.99, 0.4, 0.2, 32, 8, 100_000,
                    new ConformanceHistoryChecker(out.resolve("history.jsonl")));
                final RunResult result;
                try (RunningClusterTarget target = new RunningClusterTarget(impl.implementation(), runner.configFile(),
                    new ClusterContext().maxCommandLength(256).sessions(2).clientThreads(4).operationTimeoutNs(10_000 * MS)))
                {
                    assertEquals(impl.implementation().id(), target.context().get("implementation"));
                    assertTrue(Long.parseLong(String.valueOf(target.context().get("electionTimeoutMaxNs"))) > 0,
                        "the fail-over target's bound: " + target.context());
                    result = new LoadRun(config, target, workload, out, new PrintStream(OutputStream.nullOutputStream())).execute();
                }
                assertTrue(result.ok() > 0, "answers arrived");
                assertEquals(CheckVerdict.PASS, result.verification().readBack().verdict(), result.verification().details().toString());
                assertEquals(CheckVerdict.PASS, result.verification().history().verdict(), result.verification().details().toString());
                assertEquals(0L, result.verification().lostAckedWrites(), result.verification().details().toString());
            }
        }
        finally
        {
            final ClusterRunner.StopReport report = runner.stop(ClusterRunner.STOP_TIMEOUT_MS);
            assertTrue(report.leftover().isEmpty(), report.toString());
        }
    }
}
