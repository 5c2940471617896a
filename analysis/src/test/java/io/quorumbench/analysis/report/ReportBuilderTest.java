package io.quorumbench.analysis.report;

import io.quorumbench.analysis.compare.JmhResult;
import io.quorumbench.analysis.compare.Metric;
import io.quorumbench.api.registry.FakeImplementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportBuilderTest
{
    @TempDir
    Path dir;

    private Path run;

    @BeforeEach
    void copyFixture() throws IOException, URISyntaxException
    {
        final Path fixture = Path.of(ReportBuilderTest.class.getResource("/fixtures/run-sample").toURI());
        run = dir.resolve("run-sample");
        try (Stream<Path> files = Files.walk(fixture))
        {
            for (final Path f : (Iterable<Path>)files::iterator)
            {
                final Path target = run.resolve(fixture.relativize(f).toString());
                if (Files.isDirectory(f))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static int count(final String text, final String what)
    {
        final Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find())
        {
            n++;
        }
        return n;
    }

    @Test
    void shouldContainEverySectionAndInlineCharts()
    {
        final String html = ReportBuilder.build(java.util.List.of(run), run.resolve("report.html"));
        assertTrue(html.contains("<h3>Targets</h3>"));
        assertTrue(html.contains("class=\"warn\">Warning: 2 of 2 results are noisy (fixture)"), "run warnings up front");
        assertTrue(html.contains("class=\"PASS\">PASS") && html.contains("class=\"MISS\">MISS"), "targets with verdicts");
        assertTrue(html.contains("JMH: each implementation against the baseline"));
        assertTrue(html.contains("RingLookupBenchmark.lookup (ns/op)"));
        // baseline ~100 ns/op vs lockfree ~20 ns/op: about five times better, with an interval.
        assertTrue(Pattern.compile("[45]\\.\\d\\dx \\[").matcher(html).find(), "ratio with CI");
        assertTrue(html.contains("<h3>Load generator</h3>"));
        assertTrue(html.contains("kv-put[lockfree]: latency by percentile") && html.contains("throughput-latency") &&
            html.contains("timeline (failover)"), "loadgen charts");
        assertTrue(html.contains("t=2s kill leader"));
        assertTrue(html.contains("&gt;= 4<") && html.contains("source benchmark did not run"), "target comparison and note");
        assertTrue(html.contains("href=\"flame/lookup/diff-baseline-vs-lockfree.html\""), "flame links relative to the report");
        assertTrue(html.contains("fell back to ctimer"));
        assertTrue(html.contains("<h3>Run context</h3>") && html.contains("settings.fsync"));
        // One JMH bar chart; summary: percentiles + two timeline charts; sweep: percentiles + throughput-latency.
        assertEquals(6, count(html, "<svg"), "inline charts");
        assertTrue(count(html, "<path") > 50, "charts have drawn content");
        assertFalse(html.contains("<script src") || html.contains("<link "), "no external resources");
        // Chart ids are prefixed per chart so inlined SVGs do not share clip paths.
        final Matcher ids = Pattern.compile("id=\"(qbc\\d+-[^\"]+)\"").matcher(html);
        final java.util.Set<String> seen = new java.util.HashSet<>();
        while (ids.find())
        {
            assertTrue(seen.add(ids.group(1)), "duplicate id " + ids.group(1));
        }
    }

    @Test
    void shouldShowARunWhoseCheckerGaveUpAsInconclusiveInRedNotAsPassed() throws IOException
    {
        // the shape of issue 11's fail-over run as recorded then: passed true, linearizable null after a
        // checker that gave up, 0 lost acknowledged writes
        final String summary = Files.readString(run.resolve("summary.json"));
        Files.writeString(run.resolve("summary.json"), summary.replaceFirst("\"verdicts\": \\{[^}]*}",
            "\"verdicts\": {\"onSchedule\": true, \"linearizable\": null, \"lostAckedWrites\": 0, \"aborted\": false}, " +
            "\"verification\": {\"readBack\": {\"keysWithAckedWrites\": 16, \"verified\": 16, \"unverifiable\": 0, " +
            "\"complete\": true}, \"history\": {\"recorded\": 3000, \"check\": {\"checked\": false, \"outcome\": \"unknown\", " +
            "\"message\": \"unknown: search of key 0 (1689 operations) exceeded its time or memo bound\"}}}"));
        Files.delete(run.resolve("sweep.json"));
        Files.writeString(run.resolve("targets.json"), "[{\"name\": \"load.failover.history\", \"threshold\": 1, " +
            "\"comparison\": \">=\", \"measured\": null, \"unit\": \"verdict\", \"verdict\": \"INCONCLUSIVE\"}]");

        final String html = ReportBuilder.build(java.util.List.of(run), run.resolve("report.html"));

        assertTrue(html.contains("<td class=\"l INCONCLUSIVE\">INCONCLUSIVE: a check did not decide"), "the verdict, in red");
        assertTrue(html.contains(".INCONCLUSIVE,.FAIL{background:#f9d6d6;color:#a00"), "red");
        assertTrue(html.contains("key 0 (1689 operations)"), "and why");
        assertFalse(html.contains("\">passed<"), "never shown as passed");
        assertTrue(html.contains("<td class=\"INCONCLUSIVE\">INCONCLUSIVE</td>"), "an undecided target, in red too");
    }

    @Test
    void shouldWriteTheReportAndExitTwoNamingFileAndFieldOnBadInput() throws IOException
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(0, ReportCommand.run(new String[]{run.toString()}, errStream));
        assertTrue(Files.size(run.resolve("report.html")) > 10_000);

        Files.writeString(run.resolve("targets.json"), "[{\"name\": \"x\", \"threshold\": 1, \"verdict\": \"PASS\"}]");

        assertEquals(2, ReportCommand.run(new String[]{run.toString()}, errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("targets.json: field '[0].measured'"), err.toString());

        Files.delete(run.resolve("context.json"));
        assertEquals(2, ReportCommand.run(new String[]{run.toString()}, errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("context.json"), err.toString());

        assertEquals(2, ReportCommand.run(new String[]{dir.resolve("nope").toString()}, errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not a run directory"));
    }

    @Test
    void shouldNameTheFieldOfAMalformedSummary() throws IOException
    {
        final String summary = Files.readString(run.resolve("summary.json"));
        Files.writeString(run.resolve("summary.json"), summary.replaceFirst("\"p99\": 410000", "\"p99\": \"slow\""));
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, ReportCommand.run(new String[]{run.toString()}, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("latencyNs.corrected.p99"), err.toString());
    }

    @Test
    void shouldCompareAProtocolBenchmarkWithItsProtocolsBaselineFromTheRegistry()
    {
        final Registry registry = Registry.of(List.of(
            new FakeImplementation(Protocol.RAFT, "baseline", ImplementationKind.BASELINE),
            new FakeImplementation(Protocol.PAXOS, "plain", ImplementationKind.BASELINE),
            new FakeImplementation(Protocol.PAXOS, "fast", ImplementationKind.TUNED)));

        assertEquals("plain", ReportBuilder.baselineImpl(result(Map.of("impl", "fast", "protocol", "paxos")), registry));
        assertEquals("baseline", ReportBuilder.baselineImpl(result(Map.of("impl", "lockfree", "protocol", "raft")), registry));
        assertEquals(ReportBuilder.BASELINE_IMPL, ReportBuilder.baselineImpl(result(Map.of("impl", "jump")), registry),
            "a benchmark without a protocol (the ring's) keeps the convention");
        assertEquals(ReportBuilder.BASELINE_IMPL,
            ReportBuilder.baselineImpl(result(Map.of("impl", "x", "protocol", "zab")), registry),
            "a protocol this build does not know (an old run) keeps the convention");
    }

    private static JmhResult result(final Map<String, String> params)
    {
        return new JmhResult("a.B.c", "thrpt", new TreeMap<>(params), 1, 0,
            new Metric("primary", "ops/s", 1, 0, List.of(List.of(1.0))), Map.of(), "");
    }
}
