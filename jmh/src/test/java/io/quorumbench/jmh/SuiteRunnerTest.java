package io.quorumbench.jmh;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuiteRunnerTest
{
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        final SuiteRunner runner = new SuiteRunner(new PrintStream(console, true, StandardCharsets.UTF_8));
        final CommandLine commandLine = SuiteRunner.commandLine(runner);
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static SuiteRunner.Settings settings(final String... args)
    {
        final SuiteRunner runner = new SuiteRunner(new PrintStream(OutputStream.nullOutputStream()));
        SuiteRunner.commandLine(runner).parseArgs(args);
        return runner.resolve();
    }

    @Test
    void shouldRejectBadArgumentsWithUsageExitCodeAndTheProblem()
    {
        assertEquals(2, run("--mode", "fast"));
        assertTrue(err.toString().contains("unknown mode 'fast'"), err.toString());
        assertTrue(err.toString().contains("Try --help"), err.toString());

        assertEquals(2, run("--suite", "raft-nope"));
        assertEquals(2, run("--bogus"));
        assertEquals(2, run("-p", "nodes="));
        assertEquals(2, run("-i", "0"));
        assertEquals(2, run("-w", "1x"));
        assertEquals(2, run("--include", "("));
        assertEquals(2, run("--include", "NoSuchBenchmark"));
        assertTrue(err.toString().contains("no benchmark matches"), err.toString());
    }

    @Test
    void shouldListTheSuitesBenchmarks()
    {
        assertEquals(0, run("--list"));
        final String out = console.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("io.quorumbench.jmh.ring.RingLookupBenchmark.lookup"), out);
        assertTrue(out.contains("io.quorumbench.jmh.ring.RingHashBenchmark.hash"), out);
        assertTrue(out.contains("io.quorumbench.jmh.ring.RingChurnBenchmark.churn"), out);
    }

    @Test
    void shouldUseQuickDefaultsAndLetOptionsOverrideThem()
    {
        final SuiteRunner.Settings quick = settings();
        assertEquals(Mode.QUICK, quick.mode);
        assertEquals(2, quick.forks);
        assertEquals(Mode.QUICK.iterations(), quick.iterations);
        assertArrayEquals(new String[]{ "100" }, quick.params.get("nodes"));

        final SuiteRunner.Settings smoke = settings("-f", "1", "-wi", "1", "-i", "1", "-w", "1s", "-r", "500ms",
            "-p", "nodes=10,1000", "--include", "RingLookup");
        assertEquals(1, smoke.warmupIterations);
        assertEquals(1, smoke.iterations);
        assertEquals(TimeValue.milliseconds(500), smoke.measurementTime);
        assertArrayEquals(new String[]{ "10", "1000" }, smoke.params.get("nodes"));
        assertEquals(List.of("RingLookup"), smoke.includes);

        final SuiteRunner.Settings full = settings("--mode", "full");
        assertEquals(Mode.FULL.forks(), full.forks);
        assertTrue(full.params.isEmpty(), "full mode runs every declared param value");
    }

    @Test
    void shouldRecordEnoughSamplesInEveryModeForCompareToDecide()
    {
        for (final Mode mode : Mode.values())
        {
            // scripts/compare's rank test needs >= 4 samples (forks x iterations) per side at alpha 0.05
            // (3 vs 3 gives p >= 0.100), and a second fork to see the variation between JVMs.
            assertTrue(mode.forks() * mode.iterations() >= 4, mode + " records too few samples for scripts/compare");
            assertTrue(mode.forks() >= 2, mode + " records one fork: compare cannot see the variation between forks");
        }
    }

    @Test
    void shouldWarnWhenTheChurnGroupHasMoreThreadsThanCores()
    {
        final Set<BenchmarkListEntry> entries = BenchmarkList.defaultList().find(
            OutputFormatFactory.createFormatInstance(new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT),
            List.of("RingChurnBenchmark", "RingLookupBenchmark"), List.of());

        final List<String> warnings = SuiteRunner.coreWarnings(entries, 2);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("RingChurnBenchmark.churn runs 3 threads on 2 cores"), warnings.get(0));
        assertTrue(SuiteRunner.coreWarnings(entries, 3).isEmpty());
    }
}
