package io.quorumbench.analysis.gate;

import io.quorumbench.analysis.compare.RunInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.quorumbench.analysis.gate.GateFixtures.around;
import static io.quorumbench.analysis.gate.GateFixtures.constant;
import static io.quorumbench.analysis.gate.GateFixtures.healthy;
import static io.quorumbench.analysis.gate.GateFixtures.points;
import static io.quorumbench.analysis.gate.GateFixtures.replace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GateCommandTest
{
    /** The default rules' ring entries: the synthetic results are ring lookups only. */
    private static final Path RING_RULES = Path.of("src/test/resources/fixtures/gate-rules-ring.json");

    private record Outcome(int status, String out, String err)
    {
    }

    private static Outcome gate(final Path dir, final List<GateFixtures.Point> points) throws IOException
    {
        final Path json = GateFixtures.write(dir.resolve("jmh-in.json"), points);
        final Path reference = Files.isDirectory(dir.resolve("reference")) ? dir.resolve("reference") :
            GateFixtures.reference(dir, 0.02);
        return gate("--rules", RING_RULES.toString(), "--reference", reference.toString(), "--from-json", json.toString(),
            "--out", dir.resolve("gate").toString());
    }

    private static Outcome gate(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = GateCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldPrintItsHelpWithEveryPercentSignFormatted()
    {
        // picocli formats descriptions: an unescaped '%' made it warn on stderr and print the raw text.
        final PrintStream stderr = System.err;
        final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        final Outcome help;
        try
        {
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            help = gate("--help");
        }
        finally
        {
            System.setErr(stderr);
        }
        assertEquals(0, help.status(), help.err());
        final String printed = help.out() + help.err() + warnings.toString(StandardCharsets.UTF_8);
        assertFalse(printed.contains("Could not format"), printed);
        assertTrue(printed.contains("(40%:") && !printed.contains("%%"), printed);
    }

    /** Two forks of five iterations, 2% noise: the gate's own run shape. */
    private static List<GateFixtures.Point> healthyRun()
    {
        return points(healthy(), 0.02, 2, 5);
    }

    @Test
    void shouldPassAndStateEachBandAgainstTheReferenceAndWriteTheRun(@TempDir final Path dir) throws IOException
    {
        final Outcome o = gate(dir, healthyRun());
        assertEquals(0, o.status(), o.out() + o.err());
        // Per key type: 3 zero-alloc impls, 1 floor, 1 reference check.
        assertTrue(o.out().contains("gate: PASS (10 checks)"), o.out());
        assertTrue(o.out().contains("reported, not gated"), o.out());
        assertTrue(o.out().contains("PASS         reference") && o.out().contains("x - 25.0% band (A/A of the reference at 2 " +
            "fork(s): 2.5th percentile of 2-fork resamples of its 6 forks") && o.out().contains("raised to the rules' minFall"),
            o.out());
        for (final String f : List.of("context.json", "jmh.json", "gate.json", "targets.json"))
        {
            assertTrue(Files.exists(dir.resolve("gate").resolve(f)), f);
        }
        assertEquals(1, RunInput.readContext(dir.resolve("gate/context.json")).get("schemaVersion"));
    }

    @Test
    void shouldFailWhenATunedPathAllocates(@TempDir final Path dir) throws IOException
    {
        final Outcome o = gate(dir, replace(healthyRun(), "jump", null, constant(24, 2, 5)));
        assertEquals(1, o.status(), o.out());
        assertTrue(o.out().contains("FAIL         alloc") && o.out().contains("impl=jump"), o.out());
    }

    @Test
    void shouldFailAPathThatAllocatesInTwoOfFiveIterations(@TempDir final Path dir) throws IOException
    {
        // The median of these iterations is 0 B/op; two of them allocated 24 bytes per operation.
        final List<List<Object>> sometimes = List.of(List.of(0.0, 0.0, 24.0, 0.0, 24.0), List.of(0.0, 0.0, 0.0, 0.0, 0.0));
        final Outcome o = gate(dir, replace(healthyRun(), "jump", null, sometimes));
        assertEquals(1, o.status(), o.out());
        assertTrue(o.out().contains("FAIL         alloc") && o.out().contains("impl=jump: B/op 24.0 <= 0.500") &&
            o.out().contains("2 iteration(s) above the limit"), o.out());
    }

    @Test
    void shouldFailWhenTheTunedImplementationIsNotEnoughFasterThanTheBaseline(@TempDir final Path dir) throws IOException
    {
        final Outcome o = gate(dir, replace(healthyRun(), "lockfree", around(60, 0.02, 2, 5, 9), null));
        assertEquals(1, o.status(), o.out());
        assertTrue(o.out().contains("FAIL         ratio") && o.out().contains("impl=lockfree"), o.out());
    }

    @Test
    void shouldFailARatioThatFellBeyondTheReferenceBandThoughAboveTheFloor(@TempDir final Path dir) throws IOException
    {
        // 120 / 20 = 6x: far above the 3x floor, but 40% below the reference's 10x with a 25% band.
        final Outcome o = gate(dir, replace(healthyRun(), "lockfree", around(20, 0.02, 2, 5, 9), null));
        assertEquals(1, o.status(), o.out());
        assertTrue(o.out().contains("PASS         ratio") && o.out().contains("FAIL         reference") &&
            o.out().contains("impl=lockfree: x better 5.8"), o.out());
    }

    @Test
    void shouldRefuseANaNScoreInsteadOfPassingItsNaNRatio(@TempDir final Path dir) throws IOException
    {
        final List<List<Object>> nan = List.of(List.of("NaN", "NaN", "NaN", "NaN", "NaN"), List.of("NaN", "NaN", "NaN", "NaN", "NaN"));
        final Outcome o = gate(dir, replace(healthyRun(), "lockfree", nan, null));
        assertEquals(2, o.status(), o.out() + o.err());
        assertTrue(o.err().contains("impl=lockfree") && o.err().contains("RingLookupBenchmark.lookup") &&
            o.err().contains("not a measurement"), o.err());
        assertFalse(o.out().contains("gate: PASS"), o.out());
    }

    @Test
    void shouldRefuseZeroNegativeAndMissingScores(@TempDir final Path dir) throws IOException
    {
        final Outcome zero = gate(dir, replace(healthyRun(), "lockfree", constant(0, 2, 5), null));
        assertEquals(2, zero.status(), zero.out() + zero.err());
        assertTrue(zero.err().contains("impl=lockfree") && zero.err().contains("not a measurement"), zero.err());

        final List<List<Object>> negative = List.of(List.of(12.0, 12.0, -12.0, 12.0, 12.0), List.of(12.0, 12.0, 12.0, 12.0, 12.0));
        final Outcome below = gate(dir, replace(healthyRun(), "lockfree", negative, null));
        assertEquals(2, below.status(), below.out() + below.err());
        assertTrue(below.err().contains("fork 1 iteration 3 measured -12.0"), below.err());

        final Outcome baseline = gate(dir, replace(healthyRun(), "baseline", constant(0, 2, 5), null));
        assertEquals(2, baseline.status(), baseline.out() + baseline.err());
        assertTrue(baseline.err().contains("impl=baseline"), baseline.err());

        final Outcome missing = gate(dir, replace(healthyRun(), "lockfree", List.of(List.of(), List.of()), null));
        assertEquals(2, missing.status(), missing.out() + missing.err());

        final List<GateFixtures.Point> noMaglev = new ArrayList<>(healthyRun());
        noMaglev.removeIf((p) -> "maglev".equals(p.impl()));
        final Outcome absent = gate(dir, noMaglev);
        assertEquals(2, absent.status(), absent.out());
        assertTrue(absent.err().contains("impl=maglev missing"), absent.err());

        final Outcome nanAlloc = gate(dir, replace(healthyRun(), "jump", null, constant(Double.NaN, 2, 5)));
        assertEquals(2, nanAlloc.status(), nanAlloc.out() + nanAlloc.err());
        assertTrue(nanAlloc.err().contains("impl=jump") && nanAlloc.err().contains("gc.alloc.rate.norm"), nanAlloc.err());
    }

    @Test
    void shouldReportANoisyRatioInconclusiveWithExitThreeWhenItCannotBeRerun(@TempDir final Path dir) throws IOException
    {
        // Point 120 / 17 = 7.1x, below the 7.4x limit, but one fork spread so wide its interval reaches it.
        final List<List<Object>> noisy = List.of(List.of(12.0, 28.0, 17.0, 14.0, 22.0));
        final Outcome o = gate(dir, replace(healthyRun(), "lockfree", noisy, null));
        assertEquals(GateCommand.EXIT_INCONCLUSIVE, o.status(), o.out() + o.err());
        assertTrue(o.out().contains("INCONCLUSIVE reference") && o.out().contains("--from-json cannot re-run"), o.out());
        assertTrue(o.out().contains("gate: INCONCLUSIVE"), o.out());
    }

    @Test
    void shouldRefuseAMissingReferenceOrOneShapedUnlikeTheRun(@TempDir final Path dir) throws IOException
    {
        final Path json = GateFixtures.write(dir.resolve("jmh-in.json"), healthyRun());
        final Outcome missing = gate("--rules", RING_RULES.toString(), "--reference", dir.resolve("nowhere").toString(),
            "--from-json", json.toString(), "--out", dir.resolve("gate").toString());
        assertEquals(2, missing.status(), missing.out());
        assertTrue(missing.err().contains("nowhere"), missing.err());

        final Path reference = GateFixtures.reference(dir, 0.02);
        final Path refJson = reference.resolve("jmh.json");
        Files.writeString(refJson, Files.readString(refJson).replace("\"warmupIterations\":4", "\"warmupIterations\":1"));
        final Outcome unlike = gate("--rules", RING_RULES.toString(), "--reference", reference.toString(),
            "--from-json", json.toString(), "--out", dir.resolve("gate").toString());
        assertEquals(2, unlike.status(), unlike.out());
        assertTrue(unlike.err().contains("is not shaped like the reference"), unlike.err());
    }

    @Test
    void shouldRefuseAReferenceTooNoisyToCatchAnything(@TempDir final Path dir) throws IOException
    {
        GateFixtures.reference(dir, 0.6);
        final Outcome o = gate(dir, healthyRun());
        assertEquals(2, o.status(), o.out() + o.err());
        assertTrue(o.err().contains("too noisy"), o.err());
    }

    @Test
    void shouldShipDefaultRulesForTheRingAndRaftHotPaths()
    {
        final GateRules rules = GateRules.defaults();
        final List<String> benchmarks = rules.rules().stream().map(GateRules.Rule::benchmark).toList();
        assertTrue(benchmarks.contains(GateFixtures.LOOKUP), benchmarks.toString());
        assertTrue(benchmarks.contains("io.quorumbench.jmh.consensus.CommitThroughputBenchmark.commit"), benchmarks.toString());
        assertTrue(benchmarks.contains("io.quorumbench.jmh.raft.RaftCodecBenchmark.encode"), benchmarks.toString());
        assertEquals("results/reference/gate", rules.reference());
        assertTrue(rules.referenceForks() >= 4 && rules.maxReruns() >= 1 && rules.rerunForks() >= 1, rules.toString());
    }

    @Test
    void shouldSetTheForksOfJmhOptions()
    {
        assertEquals(List.of("-f", "3", "-i", "5"), GateCommand.withForks(List.of("-f", "2", "-i", "5"), 3));
        assertEquals(List.of("-i", "5", "-f", "6"), GateCommand.withForks(List.of("-i", "5"), 6));
    }

    @Test
    void shouldRefuseRulesWithoutAReferenceOrBand(@TempDir final Path dir) throws IOException
    {
        final Path rules = dir.resolve("rules.json");
        Files.writeString(rules, Files.readString(RING_RULES).replace("\"minFall\": 0.25", "\"minFall\": 1.5"));
        final Outcome o = gate("--rules", rules.toString(), "--from-json", "x.json");
        assertEquals(2, o.status(), o.out());
        assertTrue(o.err().contains("minFall"), o.err());
    }
}
