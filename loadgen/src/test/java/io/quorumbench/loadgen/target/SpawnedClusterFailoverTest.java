package io.quorumbench.loadgen.target;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.api.registry.Transport;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.cluster.ClusterRunner;
import io.quorumbench.loadgen.engine.Arrivals;
import io.quorumbench.loadgen.engine.LoadRun;
import io.quorumbench.loadgen.engine.RunConfig;
import io.quorumbench.loadgen.engine.RunResult;
import io.quorumbench.loadgen.fault.FaultSchedule;
import io.quorumbench.loadgen.workload.KeyDistribution;
import io.quorumbench.loadgen.workload.kv.ConformanceHistoryChecker;
import io.quorumbench.loadgen.workload.kv.KvWorkload;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Member processes whose clients talk UDP (the tuned ones, over Aeron) keep serving through a SIGKILL of their leader: the UDP
 * client notices the silence even when its offers to the dead node are refused, finds the new
 * leader and resends what the dead one never answered, without a retry storm that leaves the
 * sender behind once the new leader is up. Before those fixes the cluster looked unavailable for
 * 6 s of a 10 s run at 10k/s (the client kept retrying the dead node).
 */
class SpawnedClusterFailoverTest
{
    private static final long MS = 1_000_000L;
    /** An election here takes 300-600 ms (the generated configuration) plus JVM noise; 6 s was the bug. */
    private static final long MAX_UNAVAILABLE_MS = 4_000;

    @TempDir
    Path dir;

    /** The pairs whose members and clients talk UDP: their client learns of a dead leader only from silence. */
    static List<Implementation> udpImplementations()
    {
        return Registry.discover().all().stream().filter((i) -> Transport.UDP == i.nodeProcess().transport()).toList();
    }

    @ParameterizedTest
    @MethodSource("udpImplementations")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldFindTheNewLeaderOverUdpAfterTheLeaderIsKilled(final Implementation implementation)
    {
        final RunConfig config = new RunConfig(3_000, Arrivals.CONSTANT, 9_000 * MS, 1_000 * MS, 1, 4096, 3_000 * MS, 23, false);
        final KvWorkload workload = new KvWorkload(100, KeyDistribution.UNIFORM, 0.99, 0.3, 0.2, 32, 10, 100_000,
            new ConformanceHistoryChecker(dir.resolve("history.jsonl")));
        final RunResult result;
        // nodes as the load generator runs them (yielding); the kill comes after the JITs warmed up
        try (SpawnedClusterTarget target = new SpawnedClusterTarget(implementation,
            new ClusterContext().maxCommandLength(256).sessions(1).maxInFlight(4096).operationTimeoutNs(3_000 * MS),
            3, System.getProperty("java.class.path"), false, new ClusterRunner.NodeSettings(FsyncPolicy.NONE, true)))
        {
            result = new LoadRun(config, target, workload, dir, new PrintStream(OutputStream.nullOutputStream()))
                .faults(FaultSchedule.parse("4s:kill-leader,6500ms:restart:killed"))
                .execute();
        }

        final String counts = "ok " + result.ok() + ", errors " + result.errors() + ", timeouts " + result.timeouts() +
            ", unknown " + result.unknownOutcomes() + " of " + result.scheduled() + " scheduled, sent " + result.sent() +
            ", not sent " + result.notSent() + ", back-pressured " + result.backPressured() + ", max lag ms " + result.maxLagNs() / MS;
        System.out.println("[udp kill-leader] " + counts + "; " + result.failovers());
        final RunResult.Failover kill = result.failovers().get(0);
        assertEquals("kill-leader", kill.fault().action(), kill.toString());
        assertTrue(kill.leaderAfter() > 0 && kill.leaderAfter() != kill.leaderBefore(), "a new leader answered: " + kill);
        final long unavailableMs = kill.unavailableNs() / MS;
        assertTrue(unavailableMs > 0 && unavailableMs < MAX_UNAVAILABLE_MS,
            "unavailable " + unavailableMs + " ms after the kill: " + kill);
        assertNotEquals(0, result.seconds().size());
        // the sender kept up through and after the fail-over: no retry storm after the election
        assertEquals(0L, result.notSent(), counts);
        assertTrue(result.timeouts() <= result.scheduled() / 100, counts);
        assertEquals(CheckVerdict.PASS, result.verification().readBack().verdict(), result.verification().details().toString());
        assertEquals(0L, result.verification().lostAckedWrites(), result.verification().details().toString());
        assertEquals(CheckVerdict.PASS, result.verification().history().verdict(), result.verification().details().toString());
    }
}
