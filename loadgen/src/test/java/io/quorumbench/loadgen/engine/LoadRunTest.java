package io.quorumbench.loadgen.engine;

import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.loadgen.target.DelayTarget;
import io.quorumbench.loadgen.target.LoadTarget;
import io.quorumbench.loadgen.target.NoopTarget;
import io.quorumbench.loadgen.workload.KeyDistribution;
import io.quorumbench.loadgen.workload.kv.KvWorkload;
import io.quorumbench.loadgen.workload.kv.UnavailableHistoryChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadRunTest
{
    private static final long MS = 1_000_000L;
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dir;

    static KvWorkload kv()
    {
        return new KvWorkload(100, KeyDistribution.UNIFORM, 0.99, 0.5, 0.1, 16, 0, 0, new UnavailableHistoryChecker());
    }

    static RunConfig config(final double rate, final long durationMs, final long warmupMs)
    {
        return new RunConfig(rate, Arrivals.CONSTANT, durationMs * MS, warmupMs * MS, 1, 4096, 5_000 * MS, 1, false);
    }

    static RunResult run(final RunConfig config, final LoadTarget target, final Path out)
    {
        return new LoadRun(config, target, kv(), out, QUIET).execute();
    }

    @Test
    void shouldShowAStallInCorrectedLatencyOnly()
    {
        // the target refuses every send for 300 ms; requests due then go out late, in a burst
        final long stallNs = 300 * MS;
        final RunResult result = run(config(2_000, 1_200, 0), new DelayTarget(0, 300 * MS, stallNs, null), dir);

        final long correctedMax = result.corrected().getMaxValue();
        final long rawMax = result.raw().getMaxValue();
        assertTrue(correctedMax >= stallNs * 8 / 10, "corrected max " + correctedMax + " must show the stall");
        assertTrue(rawMax < stallNs / 2, "raw max " + rawMax + " must not: those requests were sent late");
        // ~600 requests were due during the stall: a real share of the corrected distribution is slow
        assertTrue(result.corrected().getValueAtPercentile(90.0) > 50 * MS,
            "corrected p90 " + result.corrected().getValueAtPercentile(90.0));
        assertTrue(result.backPressured() > 0);
        assertEquals(result.ok() + result.errors() + result.timeouts(), result.corrected().getTotalCount());
        assertTrue(result.ok() >= result.scheduled() - 2, "the backlog was sent after the stall");
    }

    @Test
    void shouldMeasureAFixedDelayTheSameWayCorrectedAndRaw()
    {
        final RunResult result = run(config(1_000, 800, 200), new DelayTarget(5 * MS, 0, 0, null), dir);
        assertTrue(result.onSchedule(), result.onScheduleReasons().toString());
        assertTrue(result.raw().getValueAtPercentile(50.0) >= 5 * MS);
        assertTrue(result.corrected().getValueAtPercentile(50.0) >= 5 * MS);
        assertTrue(result.raw().getValueAtPercentile(50.0) < 20 * MS);
    }

    @Test
    void shouldMarkARunThatFallsBehindAsFailedAndNotReportTheOfferedRate()
    {
        // sends are refused from 300 ms until long after the end: the schedule cannot be kept
        final RunResult result = run(config(2_000, 1_200, 100), new DelayTarget(0, 300 * MS, 60_000 * MS, null), dir);

        assertFalse(result.onSchedule());
        assertFalse(result.passed());
        assertTrue(result.notSent() > 0);
        assertTrue(result.achievedRate() < 0.5 * result.config().rate(), "achieved " + result.achievedRate());
        assertTrue(result.onScheduleReasons().stream().anyMatch(r -> r.startsWith("sent ")),
            result.onScheduleReasons().toString());
    }

    @Test
    void shouldExcludeWarmupByIntendedTime()
    {
        final RunResult result = run(config(1_000, 1_000, 500), new NoopTarget(1024), dir);
        // 500 ms measured at 1000/s: 500 requests measured, the 500 warm-up ones sent but not recorded
        assertEquals(500, result.scheduled());
        assertEquals(result.ok(), result.corrected().getTotalCount());
        assertEquals(result.ok(), result.raw().getTotalCount());
        assertTrue(result.onSchedule(), result.onScheduleReasons().toString());
        assertEquals(CheckVerdict.NOT_APPLICABLE, result.verification().history().verdict(),
            "the no-op target applies nothing, so nothing is checked");
        assertEquals(CheckVerdict.NOT_APPLICABLE, result.verification().readBack().verdict());
        assertEquals(CheckVerdict.PASS, result.verdict(), "a generator self-test on schedule passes");
    }

    @Test
    void shouldNotAllocatePerRequestOnTheSenderThread()
    {
        // 150k requests: a per-request allocation of even a few bytes would show; what remains is
        // the interpreter's and JIT warm-up's share, spread over the run
        final RunResult result = run(config(100_000, 1_500, 100), new NoopTarget(1 << 16), dir);
        assertTrue(result.senderAllocatedBytesPerRequest() >= 0, "this JVM reports thread allocation");
        assertTrue(result.senderAllocatedBytesPerRequest() < 2.0,
            "bytes per request " + result.senderAllocatedBytesPerRequest());
    }

    @Test
    void shouldWriteIntervalLogAndPercentileFiles() throws Exception
    {
        final RunResult result = run(config(1_000, 1_500, 0), new NoopTarget(1024), dir);
        assertTrue(Files.size(dir.resolve("latency.hlog")) > 0);
        assertTrue(Files.readString(dir.resolve("corrected.hgrm")).contains("Percentile"));
        assertTrue(Files.readString(dir.resolve("raw.hgrm")).contains("Percentile"));
        // the result's histograms are the log read back
        assertEquals(result.corrected(), IntervalLog.readTotals(dir.resolve("latency.hlog")).get(IntervalLog.CORRECTED));
        assertTrue(result.seconds().size() >= 2, "one sample per second");
    }

    @Test
    void shouldStopEverySenderPromptlyWhenAborted() throws Exception
    {
        final LoadRun run = new LoadRun(config(10_000, 30_000, 0), new NoopTarget(1024), kv(), dir, QUIET);
        final java.util.concurrent.atomic.AtomicReference<RunResult> result = new java.util.concurrent.atomic.AtomicReference<>();
        final Thread runner = new Thread(() -> result.set(run.execute()), "test-run");
        runner.start();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (threadsNamed("qb-sender-") == 0 && System.nanoTime() < deadlineNs)
        {
            Thread.onSpinWait();
        }
        run.abort();
        runner.join(10_000);
        assertFalse(runner.isAlive(), "a 30 s run returns soon after abort");
        assertTrue(result.get().aborted());
        assertFalse(result.get().passed());
        assertEquals(0, threadsNamed("qb-sender-"));
    }

    private static long threadsNamed(final String prefix)
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    @Test
    void shouldDetectAGrowingLag()
    {
        final List<RunResult.Second> growing = List.of(
            new RunResult.Second(1, true, 0, 0, 0, 0, 0),
            new RunResult.Second(2, false, 0, 0, 0, 5 * MS, 0),
            new RunResult.Second(3, false, 0, 0, 0, 20 * MS, 0),
            new RunResult.Second(4, false, 0, 0, 0, 40 * MS, 0));
        assertTrue(RunResult.lagGrowing(growing));

        final List<RunResult.Second> recovered = List.of(
            new RunResult.Second(1, false, 0, 0, 0, 50 * MS, 0),
            new RunResult.Second(2, false, 0, 0, 0, 80 * MS, 0),
            new RunResult.Second(3, false, 0, 0, 0, 0, 0));
        assertFalse(RunResult.lagGrowing(recovered));

        final List<RunResult.Second> small = List.of(
            new RunResult.Second(1, false, 0, 0, 0, 1_000, 0),
            new RunResult.Second(2, false, 0, 0, 0, 2_000, 0),
            new RunResult.Second(3, false, 0, 0, 0, 3_000, 0));
        assertFalse(RunResult.lagGrowing(small), "microseconds of jitter are not a growing backlog");
    }
}
