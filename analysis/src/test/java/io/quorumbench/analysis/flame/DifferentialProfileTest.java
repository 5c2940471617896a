package io.quorumbench.analysis.flame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DifferentialProfileTest
{
    private static StackProfile profile(final long scale)
    {
        final StackProfile p = new StackProfile();
        p.add("main;Bench.run;Ring.nodeFor;Md5.digest", 60 * scale);
        p.add("main;Bench.run;Ring.nodeFor;TreeMap.ceilingEntry", 30 * scale);
        p.add("main;Bench.run;Blackhole.consume", 10 * scale);
        return p;
    }

    private static ProfileMeta meta(final String impl, final StackProfile p, final double ops)
    {
        return new ProfileMeta("Ring.lookup", impl, "cpu", "perf_events", Map.of(), "samples", p.totalWeight(), ops, "", "all");
    }

    private static void assertAllDeltas(final FlameTree tree, final double expected)
    {
        final int[] nodes = {0};
        tree.visit((node, depth) ->
        {
            assertEquals(expected, node.delta(), 1e-9, node.name());
            nodes[0]++;
        });
        assertEquals(7, nodes[0]);
    }

    @Test
    void shouldShowNoDifferenceForTheSamePerOperationProfileAtDifferentRunLengths()
    {
        // B ran three times as long: three times the samples and three times the operations.
        final StackProfile a = profile(1);
        final StackProfile b = profile(3);
        final DifferentialProfile diff = DifferentialProfile.of(meta("x", a, 1e6), a, meta("x", b, 3e6), b, null);
        assertEquals(Normalisation.PER_OP, diff.normalisation());
        assertAllDeltas(diff.a(), 0);
        assertAllDeltas(diff.b(), 0);
        // 100 samples over 1e6 ops = 100 samples per 1M ops, on both sides.
        assertEquals(100, diff.b().root().value(), 1e-9);
    }

    @Test
    void shouldShowRawCountDifferencesAsZeroWhenNormalisedPerTotal()
    {
        final StackProfile a = profile(1);
        final StackProfile b = profile(5);
        final DifferentialProfile diff = DifferentialProfile.of(
            meta("x", a, Double.NaN), a, meta("x", b, Double.NaN), b, null);
        assertEquals(Normalisation.PER_TOTAL, diff.normalisation());
        assertAllDeltas(diff.b(), 0);
        assertEquals(100, diff.b().root().value(), 1e-9);
    }

    @Test
    void shouldAttributeExtraPerOperationCostToTheFrameThatGrew()
    {
        final StackProfile a = profile(1);
        final StackProfile b = profile(2);
        b.add("main;Bench.run;Ring.nodeFor;Md5.digest", 120);
        // Same operations per sample as A apart from the extra Md5 work: A 100 samples / 1e6 ops, B 320 / 2e6.
        final DifferentialProfile diff = DifferentialProfile.of(meta("a", a, 1e6), a, meta("b", b, 2e6), b, null);
        final FlameTree.Node digest = diff.b().root().child("main").child("Bench.run").child("Ring.nodeFor").child("Md5.digest");
        assertEquals(60, digest.delta(), 1e-9);
        assertEquals(0, diff.b().root().child("main").child("Bench.run").child("Blackhole.consume").delta(), 1e-9);
        assertEquals(60, diff.b().root().delta(), 1e-9);
        assertEquals(-60, diff.a().root().delta(), 1e-9);
    }

    @Test
    void shouldMarkPathsAbsentInTheBaseWithTheirWholeValue()
    {
        final StackProfile a = profile(1);
        final StackProfile b = profile(1);
        b.add("main;Bench.run;Lock.lock", 50);
        final DifferentialProfile diff = DifferentialProfile.of(meta("a", a, 1e6), a, meta("b", b, 1e6), b, null);
        final FlameTree.Node lock = diff.b().root().child("main").child("Bench.run").child("Lock.lock");
        assertNotNull(lock);
        assertEquals(50, lock.delta(), 1e-9);
        assertNull(diff.a().root().child("main").child("Bench.run").child("Lock.lock"));
    }

    @Test
    void shouldRefuseToDiffDifferentEventsAndPerOpWithoutOperations()
    {
        final StackProfile a = profile(1);
        final ProfileMeta alloc = new ProfileMeta("x", "b", "alloc", "alloc hook", Map.of(), "bytes", 100, 1e6, "", "all");
        assertThrows(IllegalArgumentException.class, () -> DifferentialProfile.of(meta("a", a, 1e6), a, alloc, a, null));
        assertThrows(IllegalArgumentException.class,
            () -> DifferentialProfile.of(meta("a", a, Double.NaN), a, meta("b", a, 1e6), a, Normalisation.PER_OP));
    }

    @Test
    void shouldRenderSelfContainedHtmlStatingTheNormalisation(@TempDir final Path dir) throws IOException
    {
        final StackProfile a = profile(1);
        final StackProfile b = profile(2);
        b.add("main;Bench.run;Ring.nodeFor;Md5.digest", 120);
        final ProfileMeta ma = ProfileStore.save(dir.resolve("a"), "baseline", meta("baseline", a, 1e6), a);
        final ProfileMeta mb = ProfileStore.save(dir.resolve("b"), "lockfree", meta("lockfree", b, 2e6), b);
        final Path out = dir.resolve("diff.html");
        final Path[] files = FlameCommand.writeDiff(ProfileStore.load(dir.resolve("a/baseline.json")),
            ProfileStore.load(dir.resolve("b/lockfree.json")), out, null);
        final String html = Files.readString(files[0]);
        assertTrue(html.contains("Normalised per operation"), html);
        assertTrue(html.contains("<svg"), html);
        assertTrue(html.contains("data-delta=\"60\""), html);
        assertTrue(html.contains("rgb(255,55,55)"), "largest positive delta drawn full red");
        assertTrue(!html.contains("http://") || html.indexOf("http://") == html.indexOf("http://www.w3.org/2000/svg"),
            "no external resources");
        assertTrue(Files.readString(files[1]).contains("against lockfree"));
        assertEquals(ma.totalWeight(), 100);
        assertEquals(mb.totalWeight(), 320);
        assertTrue(Files.readString(dir.resolve("a/baseline.html")).contains("Md5.digest"));
    }

    @Test
    void shouldDiffEveryBenchmarkProfiledInTwoRunDirectories(@TempDir final Path dir) throws IOException
    {
        // One implementation at two commits: same per-op profile, B ran twice as long -> an all-white graph.
        ProfileStore.save(dir.resolve("runA/flame/Ring.lookup"), "lockfree", meta("lockfree", profile(1), 1e6), profile(1));
        ProfileStore.save(dir.resolve("runB/flame/Ring.lookup"), "lockfree", meta("lockfree", profile(2), 2e6), profile(2));
        final java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        final java.io.PrintStream errStream = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, FlameCommand.run(new String[]{"diff", dir.resolve("runA").toString(), dir.resolve("runB").toString(),
            "--out", dir.resolve("diffs").toString()}, errStream));
        final String html = Files.readString(dir.resolve("diffs/Ring.lookup-lockfree.html"));
        assertTrue(html.contains("data-delta=\"0\""), html);
        assertTrue(html.contains("fill=\"rgb(255,255,255)\"") && !html.contains("fill=\"rgb(255,55,55)\"") &&
            !html.contains("fill=\"rgb(55,55,255)\""), "every frame white");
        assertTrue(Files.exists(dir.resolve("diffs/Ring.lookup-lockfree-reverse.html")));
        assertEquals(2, FlameCommand.run(new String[]{"diff", dir.resolve("runA").toString(), dir.resolve("runB").toString(),
            "--impl", "baseline", "--out", dir.resolve("diffs").toString()}, errStream));
        assertTrue(err.toString(java.nio.charset.StandardCharsets.UTF_8).contains("no benchmark profiled for impl=baseline"));
    }

    @Test
    void shouldRoundTripCollapsedStacksAndNameBadLines(@TempDir final Path dir) throws IOException
    {
        final StackProfile p = profile(2);
        final Path file = dir.resolve("p.collapsed");
        p.write(file);
        assertEquals(p.stacks(), StackProfile.read(file).stacks());
        Files.writeString(file, "a;b 3\nbroken-line\n");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> StackProfile.read(file));
        assertTrue(ex.getMessage().contains("line 2"), ex.getMessage());
    }
}
