package io.quorumbench.analysis.report;

import io.quorumbench.analysis.compare.JmhResult;
import io.quorumbench.analysis.compare.LoadgenSummary;
import io.quorumbench.analysis.compare.Metric;
import io.quorumbench.api.registry.FakeImplementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
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
        assertTrue(html.contains("<h4>Targets</h4>"));
        assertTrue(html.contains("class=\"warn\">Warning: 2 of 2 results are noisy (fixture)"), "run warnings up front");
        assertTrue(html.contains("class=\"PASS\">PASS") && html.contains("class=\"MISS\">MISS"), "targets with verdicts");
        assertTrue(html.contains("JMH: each implementation against the baseline"));
        assertTrue(html.contains("RingLookupBenchmark.lookup (ns/op)"));
        // baseline ~100 ns/op vs lockfree ~20 ns/op: about five times better, with an interval.
        assertTrue(Pattern.compile("[45]\\.\\d\\dx \\[").matcher(html).find(), "ratio with CI");
        assertTrue(html.contains("<h4>Load generator</h4>"));
        assertTrue(html.contains("kv-put[lockfree]: latency by percentile") && html.contains("throughput-latency") &&
            html.contains("fail-over timeline"), "loadgen charts");
        assertTrue(html.contains("t=2s kill leader"));
        assertTrue(html.contains("&gt;= 4<") && html.contains("source benchmark did not run"), "target comparison and note");
        assertTrue(html.contains("href=\"flame/lookup/diff-baseline-vs-lockfree.html\""), "flame links relative to the report");
        assertTrue(html.substring(html.indexOf("id=\"summary\""), html.indexOf("id=\"comparison\""))
            .contains("href=\"flame/lookup/diff-baseline-vs-lockfree.html\""), "and linked from the summary");
        assertTrue(html.contains("fell back to ctimer"));
        assertTrue(html.contains("<h4>Run context</h4>") && html.contains("settings.fsync"));
        // Comparison: a spectrum (the summary), throughput-latency (the sweep), JMH ratios. Appendix: one JMH bar
        // chart; summary: percentiles + two timeline charts (it has a fault); sweep: percentiles + throughput-latency.
        assertEquals(9, count(html, "<svg"), "inline charts");
        assertTrue(html.indexOf("id=\"summary\"") < html.indexOf("id=\"comparison\"") &&
            html.indexOf("id=\"comparison\"") < html.indexOf("id=\"appendix\""), "the summary and comparison first");
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
        assertTrue(html.contains(".INCONCLUSIVE,.FAIL,.MISSING{background:#f9d6d6;color:#a00"), "red");
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

    @Test
    void shouldOpenWithASummaryBadgingEveryVerdictWithALinkToItsEvidenceAndNeverPassForAnUndecidedOne()
        throws IOException
    {
        final String summary = Files.readString(run.resolve("summary.json"));
        Files.writeString(run.resolve("summary.json"), summary.replaceFirst("\"verdicts\": \\{[^}]*}",
            "\"verdicts\": {\"onSchedule\": true, \"linearizable\": null, \"lostAckedWrites\": 0, \"aborted\": false}"));
        Files.delete(run.resolve("sweep.json"));
        Files.writeString(run.resolve("targets.json"), "[{\"name\": \"load.p99\", \"threshold\": 1, " +
            "\"comparison\": \"<=\", \"measured\": null, \"unit\": \"ms\", \"verdict\": \"INCONCLUSIVE\"}, " +
            "{\"name\": \"load.p50\", \"threshold\": 1, \"comparison\": \"<=\", \"measured\": 0.5, \"unit\": \"ms\", " +
            "\"verdict\": \"PASS\"}]");

        final String html = ReportBuilder.build(List.of(run), run.resolve("report.html"));
        final String front = html.substring(html.indexOf("<section id=\"summary\">"), html.indexOf("id=\"appendix\""));

        assertTrue(front.contains("<a class=\"badge INCONCLUSIVE\" href=\"#r1-load0\""), "the run's checks, undecided");
        assertTrue(front.contains("<a class=\"badge INCONCLUSIVE\" href=\"#r1-t0\""), "the undecided target");
        assertTrue(front.contains("<a class=\"badge PASS\" href=\"#r1-t1\""), "the target that passed");
        assertEquals(1, count(front, "badge PASS"), "only the target that passed is green");
        assertTrue(html.contains("<tr id=\"r1-load0\">") && html.contains("<tr id=\"r1-t0\">") &&
            html.contains("<tr id=\"r1-t1\">"), "each badge's evidence is there to link to");
        assertTrue(front.contains("data-run-id=\"20261126-050000-ring-quick\""), "the summary names the run");
    }

    @Test
    void shouldDrawEveryImplementationOfAScenarioOnOneChartInItsOwnColour() throws IOException
    {
        final Path baseline = variant("run-baseline", "baseline", null);
        final Registry registry = Registry.of(List.of(
            new FakeImplementation(Protocol.RAFT, "baseline", ImplementationKind.BASELINE),
            new FakeImplementation(Protocol.RAFT, "lockfree", ImplementationKind.TUNED)));
        final ImplStyle style = ImplStyle.of(registry, List.of());

        final String html = ReportBuilder.build(List.of(run, baseline), dir.resolve("report.html"), registry);
        final String charts = html.substring(html.indexOf("<section id=\"comparison\">"), html.indexOf("id=\"appendix\""));

        final String both = "data-impls=\"baseline,lockfree\" data-colours=\"" + style.css("baseline") + "," +
            style.css("lockfree") + "\"";
        assertEquals(2, count(charts, both), "one spectrum and one throughput-latency chart, both implementations, " +
            "baseline first");
        for (final String impl : List.of("baseline", "lockfree"))
        {
            final Color c = style.colour(impl);
            assertTrue(charts.contains("rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")"),
                impl + "'s series drawn in its colour");
        }
        assertTrue(charts.contains("count as sustainable: p99 &lt;= 1.00 ms."), "the sweep's SLO line");
        assertTrue(html.contains("data-run-id=\"run-baseline-id\""), "the second run named");
    }

    @Test
    void shouldGiveANewProtocolsPeerItsOwnSubjectAndSeriesWithoutAChangeToTheReport() throws IOException
    {
        final Path peer = variant("run-peer", "ratis", "paxos");
        final Registry registry = Registry.of(List.of(
            new FakeImplementation(Protocol.RAFT, "baseline", ImplementationKind.BASELINE),
            new FakeImplementation(Protocol.RAFT, "lockfree", ImplementationKind.TUNED),
            new FakeImplementation(Protocol.PAXOS, "plain", ImplementationKind.BASELINE),
            new FakeImplementation(Protocol.PAXOS, "ratis", ImplementationKind.PEER)));

        final String html = ReportBuilder.build(List.of(run, peer), dir.resolve("report.html"), registry);

        assertTrue(html.contains("<h3 class=\"subject\">paxos</h3>"), "its own subject");
        assertTrue(html.contains("data-impls=\"ratis\" data-colours=\"" + ImplStyle.of(registry, List.of()).css("ratis")),
            "its own series in its own colour");
        assertTrue(html.contains("Latency by percentile, paxos: "), "its own scenario chart");
    }

    @Test
    void shouldDrawRaftAndPaxosRunsOfOneScenarioOnOneChart() throws IOException
    {
        // scripts/bench's load step: the same scenario for each protocol's pairs
        final Path paxos = variant("run-paxos", "lockfree", "paxos");
        final Registry registry = Registry.of(List.of(
            new FakeImplementation(Protocol.RAFT, "baseline", ImplementationKind.BASELINE),
            new FakeImplementation(Protocol.RAFT, "lockfree", ImplementationKind.TUNED),
            new FakeImplementation(Protocol.PAXOS, "baseline", ImplementationKind.BASELINE),
            new FakeImplementation(Protocol.PAXOS, "lockfree", ImplementationKind.TUNED)));

        final String html = ReportBuilder.build(List.of(run, paxos), dir.resolve("report.html"), registry);
        final String charts = html.substring(html.indexOf("<section id=\"comparison\">"), html.indexOf("id=\"appendix\""));

        final int at = charts.indexOf("Latency by percentile, raft and paxos: ");
        assertTrue(at > 0, "one chart of both protocols");
        final String figure = charts.substring(charts.lastIndexOf("<figure", at), charts.indexOf("</figure>", at));
        assertTrue(figure.contains("data-impls=\"lockfree\""), "coloured by implementation");
        final Color c = ImplStyle.of(registry, List.of()).colour("lockfree");
        assertTrue(figure.contains("rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")"), "drawn in its colour");
        assertTrue(figure.contains("stroke-dasharray"), "the second protocol's series dashed");
    }

    @Test
    void shouldDrawNoFailOverTimelineForARunWithoutFaults() throws IOException
    {
        final String summary = Files.readString(run.resolve("summary.json"));
        Files.writeString(run.resolve("summary.json"), summary.replace("\"event\": \"kill leader\"", "\"event\": \"\""));

        final String html = ReportBuilder.build(List.of(run), run.resolve("report.html"));

        assertFalse(html.contains("fail-over timeline"), "a steady run has no fail-over chart");
        assertTrue(html.contains("kv-put[lockfree]: latency by percentile"), "its percentiles are still drawn");
    }

    @Test
    void shouldLeaveOutAPartialLastSecondButKeepAFullOne()
    {
        final List<LoadgenSummary.Second> partial = List.of(second(1, 10_000), second(2, 10_000), second(3, 9_990),
            second(4, 12));
        assertEquals(partial.subList(0, 3), ReportBuilder.completeSeconds(partial));
        final List<LoadgenSummary.Second> full = List.of(second(1, 10_000), second(2, 10_000), second(3, 9_000));
        assertEquals(full, ReportBuilder.completeSeconds(full));
        final List<LoadgenSummary.Second> short2 = List.of(second(1, 10_000), second(2, 1));
        assertEquals(short2, ReportBuilder.completeSeconds(short2), "too few seconds to judge: all drawn");
    }

    @Test
    void shouldWriteDurationsInTheUnitThatReadsBest()
    {
        assertEquals("850 ns", Comparison.duration(850));
        assertEquals("12.3 µs", Comparison.duration(12_345));
        assertEquals("4.20 ms", Comparison.duration(4_200_000));
        assertEquals("1.50 s", Comparison.duration(1.5e9));
        assertEquals("-", Comparison.duration(Double.NaN));
    }

    private static LoadgenSummary.Second second(final double second, final double ok)
    {
        return new LoadgenSummary.Second(second, ok, 1000, 0, "");
    }

    /** The fixture's load run and sweep as another implementation (and protocol) would have recorded them. */
    private Path variant(final String name, final String impl, final String protocol) throws IOException
    {
        final Path out = dir.resolve(name);
        Files.createDirectories(out);
        final String target = "\"target\": \"" + impl + "\"" + (null == protocol ? "" : ", \"protocol\": \"" + protocol + "\"");
        for (final String file : List.of("summary.json", "sweep.json"))
        {
            Files.writeString(out.resolve(file), Files.readString(run.resolve(file)).replace("\"target\": \"lockfree\"", target));
        }
        Files.writeString(out.resolve("context.json"), Files.readString(run.resolve("context.json"))
            .replace("20261126-050000-ring-quick", name + "-id"));
        return out;
    }

    private static JmhResult result(final Map<String, String> params)
    {
        return new JmhResult("a.B.c", "thrpt", new TreeMap<>(params), 1, 0,
            new Metric("primary", "ops/s", 1, 0, List.of(List.of(1.0))), Map.of(), "");
    }
}
