package io.quorumbench.loadgen.workload.lock;

import io.quorumbench.api.lock.LockEvents;
import io.quorumbench.api.lock.LockResult;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.loadgen.engine.Arrivals;
import io.quorumbench.loadgen.fault.FaultSchedule;
import io.quorumbench.loadgen.target.EmbeddedClusterTarget;
import io.quorumbench.loadgen.target.LoadTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock workload's engine and judges: a short uncontended run and a contended run with a
 * leader kill and the paused holder on embedded clusters, each judged PASS by the log's checkers;
 * the judges' FAIL and INCONCLUSIVE cases on hand-made input.
 */
class LockLoadRunTest
{
    private static final long MS = 1_000_000L;
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
    private static final byte[] LOCK = "l".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private LoadTarget launch(final String pair, final LockEventLog events)
    {
        final ClusterContext context = new ClusterContext().stateMachine(StateMachineKind.LOCK).lockEvents(events::listener)
            .sessions(2).clientThreads(4).maxCommandLength(256).operationTimeoutNs(2_000 * MS);
        final String[] parts = pair.split("/");
        return new EmbeddedClusterTarget(Registry.discover().get(parts[0], parts[1]), context, dir);
    }

    private static LockLoadConfig config(
        final LockLoadConfig.LockMode mode, final double rate, final long durationNs, final long pauseAtNs)
    {
        return new LockLoadConfig(mode, 8, 2, rate, Arrivals.POISSON, 1 * MS, true, 1_000 * MS, 100 * MS, 5_000 * MS,
            durationNs, 500 * MS, 2, 7, pauseAtNs, 1_200 * MS);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldMeasureAndPassAnUncontendedRun()
    {
        final LockEventLog events = new LockEventLog(LockServiceConfig.LOCK_DELAY_NS_DEFAULT);
        final LockRunResult result = new LockLoadRun(config(LockLoadConfig.LockMode.UNCONTENDED, 400, 1_500 * MS, -1),
            launch("raft/lockfree", events), events, FaultSchedule.none(), QUIET).execute();

        assertEquals(CheckVerdict.PASS, result.history().verdict(), result.history().reason());
        assertEquals(CheckVerdict.NOT_APPLICABLE, result.pausedHolder().verdict());
        assertTrue(result.acquire().getTotalCount() > 100, "acquires measured: " + result.acquire().getTotalCount());
        assertTrue(result.commit().getTotalCount() > 20, "keep-alives measured: " + result.commit().getTotalCount());
        assertEquals(0, result.handOff().getTotalCount(), "nobody waits for an own lock");
        assertEquals(CheckVerdict.PASS, result.verdict());
        assertEquals("lock.uncontended.acquire.p50", result.targets().get(0).name());
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldRefuseThePausedHolderUnderContentionAndALeaderKill() throws Exception
    {
        final LockEventLog events = new LockEventLog(LockServiceConfig.LOCK_DELAY_NS_DEFAULT);
        final LockRunResult result = new LockLoadRun(config(LockLoadConfig.LockMode.CONTENDED, 150, 4_000 * MS, 800 * MS),
            launch("paxos/baseline", events), events, FaultSchedule.parse("2500ms:kill-leader"), QUIET).execute();

        assertEquals(CheckVerdict.PASS, result.history().verdict(), result.history().reason());
        assertEquals(CheckVerdict.PASS, result.pausedHolder().verdict(), result.pausedHolder().reason());
        assertTrue(result.handOff().getTotalCount() > 0, "hand-offs measured");
        assertEquals(1, result.faults().size());
        result.write(dir, Map.of());
        for (final String file : new String[] {LockRunResult.SUMMARY_FILE, "acquire-corrected.hgrm", "handoff.hgrm", "commit.hgrm",
            "targets.json"})
        {
            assertTrue(Files.size(dir.resolve(file)) > 0, file);
        }
        assertTrue(Files.readString(dir.resolve("targets.json")).contains("lock.contended.handoff.p50"));
    }

    @Test
    void shouldFailThePausedHolderOnlyWhenItsStaleWriteWasAcceptedAfterANewerOne()
    {
        final LockLoadRun.PausedHolder accepted = answered(LockResult.OK, 11);
        assertEquals(CheckVerdict.FAIL, LockLoadRun.pausedHolderVerdict(true, accepted).verdict());
        assertEquals(CheckVerdict.PASS, LockLoadRun.pausedHolderVerdict(true, answered(LockResult.STALE_TOKEN, 11)).verdict());
        // nobody wrote meanwhile: accepting the old token was right, and nothing was tested
        assertEquals(CheckVerdict.INCONCLUSIVE, LockLoadRun.pausedHolderVerdict(true, answered(LockResult.OK, 0)).verdict());
        // never woke within the run, or nobody to pause
        assertEquals(CheckVerdict.INCONCLUSIVE, LockLoadRun.pausedHolderVerdict(true, new LockLoadRun.PausedHolder()).verdict());
        assertEquals(CheckVerdict.INCONCLUSIVE, LockLoadRun.pausedHolderVerdict(true, null).verdict());
        assertEquals(CheckVerdict.NOT_APPLICABLE, LockLoadRun.pausedHolderVerdict(false, null).verdict());
    }

    private static LockLoadRun.PausedHolder answered(final byte status, final long nextHolderToken)
    {
        final LockLoadRun.PausedHolder paused = new LockLoadRun.PausedHolder();
        paused.token = 5;
        paused.staleWriteStatus = status;
        paused.staleWriteStatusKnown = 1;
        paused.nextHolderToken = nextHolderToken;
        paused.nextHolderWroteNs = nextHolderToken > 0 ? 1 : 0;
        return paused;
    }

    @Test
    void shouldNeverPassAnUnobservedOrEmptyHistory()
    {
        final LockEventLog unobserved = new LockEventLog(0);
        assertEquals(CheckVerdict.INCONCLUSIVE, unobserved.check().verdict(), "member processes: nothing observed");

        final LockEventLog empty = new LockEventLog(0);
        empty.listener(1).onSessionOpened(1, 1, 7, 100);
        assertEquals(CheckVerdict.INCONCLUSIVE, empty.check().verdict(), "no grant: nothing judged");
    }

    @Test
    void shouldFailWhenANodeDecidedTwoHoldersAtOnce()
    {
        final LockEventLog events = new LockEventLog(0);
        final LockEvents node = events.listener(2);
        node.onSessionOpened(1, 1, 7, 1_000);
        node.onSessionOpened(2, 2, 8, 1_000);
        node.onGranted(3, 3, LOCK, 0, LOCK.length, 7, 3);
        node.onGranted(4, 4, LOCK, 0, LOCK.length, 8, 4);
        assertEquals(CheckVerdict.FAIL, events.check().verdict(), events.check().reason());
    }

    @Test
    void shouldRefuseAPausedHolderThatWakesAfterTheRun()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new LockLoadConfig(LockLoadConfig.LockMode.UNCONTENDED, 1, 1, 10, Arrivals.CONSTANT, 0, false, 600 * MS,
                100 * MS, MS, 1_000 * MS, 0, 1, 1, 500 * MS, 1_200 * MS));
    }
}
