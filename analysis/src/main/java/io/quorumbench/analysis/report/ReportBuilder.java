package io.quorumbench.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quorumbench.analysis.compare.Direction;
import io.quorumbench.analysis.compare.JmhResult;
import io.quorumbench.analysis.compare.LoadgenSummary;
import io.quorumbench.analysis.compare.Metric;
import io.quorumbench.analysis.compare.MetricComparator;
import io.quorumbench.analysis.compare.NoiseStats;
import io.quorumbench.analysis.compare.ResultFileException;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.api.registry.Registry;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.quorumbench.analysis.flame.FlameGraphHtml.escape;

/**
 * Builds the one-file HTML report of one or more run directories. It opens with the comparison
 * ({@link Comparison}): a summary per subject (the ring, each protocol) with every implementation's
 * headline figures side by side, the same-run ratios with their intervals and every verdict as a badge
 * linking to its evidence, then the charts that put all implementations on one chart. Each run's own
 * section follows as the appendix: run context, targets with PASS/MISS/INCONCLUSIVE (anything but PASS
 * in red), each load run's verdict (an undecided check shows as INCONCLUSIVE in red, never as passed),
 * JMH tables of each implementation against the baseline with ratios and their bootstrap intervals, bar
 * charts with error bars, load generator percentile plots (corrected solid, raw dashed),
 * throughput-latency curves, fail-over timelines for runs with faults (with the fault markers, the
 * partial last second left out), and links to the flame graphs listed in {@code flame/index.json}.
 * An implementation has one colour throughout ({@link ImplStyle}, from the registry).
 *
 * <p>Everything is inlined (CSS, SVG charts); only the flame graph links point to sibling files.
 */
public final class ReportBuilder
{
    /**
     * The implementation every other one is compared with in a benchmark without a {@code protocol}
     * parameter (the ring's); with one, the protocol's baseline in the registry.
     */
    public static final String BASELINE_IMPL = "baseline";

    /** The JMH parameter of the protocol-neutral benchmarks. */
    private static final String PROTOCOL_PARAM = "protocol";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long BOOTSTRAP_SEED = 42;

    private ReportBuilder()
    {
    }

    /**
     * @param runDirs    run directories ({@code results/<run-id>/}).
     * @param reportFile where the report will be written (links are made relative to it).
     * @return the HTML.
     * @throws ResultFileException naming file and field when a result file is missing or malformed.
     */
    public static String build(final List<Path> runDirs, final Path reportFile)
    {
        return build(runDirs, reportFile, Registries.DISCOVERED);
    }

    /**
     * @param runDirs    run directories ({@code results/<run-id>/}).
     * @param reportFile where the report will be written (links are made relative to it).
     * @param registry   the implementations' kinds (order, colours, baselines).
     * @return the HTML: the summary, the comparison charts, then one appendix section per run.
     * @throws ResultFileException naming file and field when a result file is missing or malformed.
     */
    static String build(final List<Path> runDirs, final Path reportFile, final Registry registry)
    {
        final List<RunData> runs = new ArrayList<>();
        for (final Path dir : runDirs)
        {
            runs.add(RunData.read(dir, "r" + (runs.size() + 1)));
        }
        final Set<String> seen = new LinkedHashSet<>();
        runs.forEach((r) ->
        {
            r.jmh().forEach((j) -> seen.add(j.params().getOrDefault("impl", "-")));
            r.recorded().forEach((l) -> seen.add(l.impl()));
        });
        final ImplStyle style = ImplStyle.of(registry, seen);
        final StringBuilder body = new StringBuilder(256 * 1024);
        Comparison.summary(body, runs, style, registry, (out, run) -> flame(out, run.flameIndex(), reportFile));
        Comparison.charts(body, runs, style, registry);
        body.append("<h2 id=\"appendix\">Appendix: each run</h2>\n");
        for (final RunData run : runs)
        {
            section(body, run, reportFile, style);
        }
        final StringBuilder html = new StringBuilder(body.length() + 8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .append("<title>quorumbench report</title>\n<style>\n")
            .append("body{font-family:sans-serif;margin:20px;color:#222;max-width:1300px}")
            .append("table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;")
            .append("text-align:right;font-size:13px}th{background:#f2f2f2}td.l,th.l{text-align:left}")
            .append(".PASS{background:#d9f2d9;font-weight:bold}.MISS{background:#f9d6d6;font-weight:bold}")
            .append(".INCONCLUSIVE,.FAIL,.MISSING{background:#f9d6d6;color:#a00;font-weight:bold}")
            .append("a.badge{display:inline-block;margin:2px;padding:1px 6px;border-radius:4px;font-size:12px;")
            .append("text-decoration:none;color:#222}a.badge.INCONCLUSIVE,a.badge.FAIL,a.badge.MISSING{color:#a00}")
            .append(".count{padding:1px 6px;border-radius:4px;margin-right:4px}")
            .append(".swatch{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}")
            .append(".warn{color:#a00;font-weight:bold}.note{color:#555;font-size:13px}")
            .append("#summary{border:2px solid #446;padding:4px 16px;border-radius:6px}")
            .append("section.run{border-top:3px solid #446;margin-top:24px}figure{margin:8px 0}")
            .append("pre{background:#f6f6f6;padding:8px;overflow:auto;font-size:12px}\n</style></head><body>\n")
            .append("<h1>quorumbench report</h1>\n").append(body)
            .append("</body></html>\n");
        return html.toString();
    }

    private static void section(final StringBuilder body, final RunData run, final Path reportFile, final ImplStyle style)
    {
        final Map<String, Object> context = run.context();
        final Path runDir = run.dir();
        body.append("<section class=\"run\" id=\"").append(run.anchor()).append("\" data-run-id=\"")
            .append(escape(run.runId())).append("\">\n<h3>Run ").append(escape(run.runId())).append(" <span class=\"note\">")
            .append(escape(String.valueOf(context.getOrDefault("kind", "")))).append(' ')
            .append(escape(String.valueOf(context.getOrDefault("suite", "")))).append("</span></h3>\n<p class=\"note\">")
            .append(escape(runDir.toString())).append("</p>\n");
        // Caveats the runner recorded (noisy machine, too few cores) belong above the numbers, not below them.
        if (context.get("warnings") instanceof List<?> warnings && !warnings.isEmpty())
        {
            for (final Object w : warnings)
            {
                body.append("<p class=\"warn\">Warning: ").append(escape(String.valueOf(w))).append("</p>\n");
            }
        }

        body.append("<h4>Targets</h4>\n");
        if (null != run.targets())
        {
            targets(body, run.targets(), run.anchor());
        }
        else
        {
            body.append("<p class=\"note\">No targets.json in this run.</p>\n");
        }
        if (!run.jmh().isEmpty())
        {
            jmh(body, run.jmh(), style);
        }
        final Path ringQuality = runDir.resolve("ring-quality.json");
        if (Files.exists(ringQuality))
        {
            rawJson(body, "Ring quality", ringQuality);
            final Path table = runDir.resolve("ring-quality.md");
            if (Files.exists(table))
            {
                try
                {
                    body.append("<pre>").append(escape(Files.readString(table))).append("</pre>\n");
                }
                catch (final IOException ex)
                {
                    throw new ResultFileException(table, "cannot read", ex);
                }
            }
        }
        if (!run.load().isEmpty())
        {
            loadgen(body, run, style);
        }
        body.append("<h4>Flame graphs</h4>\n");
        if (null != run.flameIndex())
        {
            flame(body, run.flameIndex(), reportFile);
        }
        else
        {
            body.append("<p class=\"note\">No flame graphs in this run (scripts/flame run --out ").append(escape(runDir.toString()))
                .append(" ... adds them).</p>\n");
        }
        body.append("<h4>Run context</h4>\n<table>");
        flatten("", context, body);
        body.append("</table>\n</section>\n");
    }

    private static void targets(final StringBuilder body, final List<Targets.Target> targets, final String anchor)
    {
        if (targets.isEmpty())
        {
            body.append("<p class=\"note\">No target applies to this run's scenario (targets.json is empty).</p>\n");
            return;
        }
        body.append("<table><tr><th class=\"l\">target</th><th>threshold</th><th>measured</th><th>unit</th><th>verdict</th>")
            .append("<th class=\"l\">source / note</th></tr>\n");
        for (int i = 0; i < targets.size(); i++)
        {
            final Targets.Target t = targets.get(i);
            body.append("<tr id=\"").append(anchor).append("-t").append(i).append("\"><td class=\"l\">").append(escape(t.name())).append("</td><td>")
                .append(escape((t.comparison() + " " + t.threshold()).trim()))
                .append("</td><td>").append(escape(t.measured())).append("</td><td>").append(escape(t.unit()))
                .append("</td><td class=\"").append(escape(t.verdict())).append("\">").append(escape(t.verdict()))
                .append("</td><td class=\"l note\">").append(escape(t.detail())).append("</td></tr>\n");
        }
        body.append("</table>\n");
    }

    private static void jmh(final StringBuilder body, final List<JmhResult> results, final ImplStyle style)
    {
        body.append("<h4>JMH: each implementation against the baseline</h3>\n<p class=\"note\">Score: JMH's score ")
            .append("&plusmn; its 99.9% error (n/a with too few iterations). Ratio: how many times better than ")
            .append("the baseline (baseline time / impl time, or impl throughput / baseline throughput) from the medians ")
            .append("of every fork's and iteration's raw data, with a 95% bootstrap interval (seeded). Allocation: ")
            .append("gc.alloc.rate.norm, B/op.</p>\n");
        // Group by benchmark method, then by parameters other than impl.
        final Map<String, Map<String, Map<String, JmhResult>>> byMethod = new LinkedHashMap<>();
        for (final JmhResult r : results)
        {
            final String others = r.keyWithout("impl").substring(r.benchmark().length());
            byMethod.computeIfAbsent(r.shortName(), (k) -> new LinkedHashMap<>())
                .computeIfAbsent(others, (k) -> new LinkedHashMap<>())
                .put(r.params().getOrDefault("impl", "-"), r);
        }
        for (final Map.Entry<String, Map<String, Map<String, JmhResult>>> method : byMethod.entrySet())
        {
            final Set<String> impls = new LinkedHashSet<>();
            method.getValue().values().forEach((m) -> impls.addAll(m.keySet()));
            final List<String> implList = style.order(impls);
            final Set<String> baselines = new LinkedHashSet<>();
            method.getValue().values().forEach((m) -> m.values().forEach((r) -> baselines.add(baselineImpl(r))));
            for (final String baselineImpl : baselines)
            {
                if (implList.remove(baselineImpl))
                {
                    implList.add(0, baselineImpl);
                }
            }
            final String unit = method.getValue().values().iterator().next().values().iterator().next().primary().unit();
            body.append("<h5>").append(escape(method.getKey())).append(" (").append(escape(unit)).append(")</h5>\n")
                .append("<table><tr><th class=\"l\">params</th><th class=\"l\">impl</th><th>score</th><th>&plusmn; error</th>")
                .append("<th>ratio vs baseline [95% CI]</th><th>alloc B/op</th><th>samples</th></tr>\n");
            final List<String> categories = new ArrayList<>();
            final Map<String, List<Double>> values = new LinkedHashMap<>();
            final Map<String, List<Double>> errors = new LinkedHashMap<>();
            implList.forEach((i) ->
            {
                values.put(i, new ArrayList<>());
                errors.put(i, new ArrayList<>());
            });
            double min = Double.MAX_VALUE;
            double max = 0;
            for (final Map.Entry<String, Map<String, JmhResult>> point : method.getValue().entrySet())
            {
                categories.add(point.getKey().replaceFirst("^\\[[a-z]+\\]", "").replace("{", "").replace("}", ""));
                final JmhResult baseline = point.getValue().get(baselineImpl(point.getValue().values().iterator().next()));
                for (final String impl : implList)
                {
                    final JmhResult r = point.getValue().get(impl);
                    values.get(impl).add(null == r ? Double.NaN : r.primary().score());
                    errors.get(impl).add(null == r ? Double.NaN : r.primary().scoreError());
                    if (null == r)
                    {
                        continue;
                    }
                    min = Math.min(min, r.primary().score());
                    max = Math.max(max, r.primary().score());
                    final Metric alloc = r.secondary().get("gc.alloc.rate.norm");
                    body.append("<tr><td class=\"l\">").append(escape(point.getKey())).append("</td><td class=\"l\">")
                        .append(escape(impl)).append("</td><td>").append(num(r.primary().score())).append("</td><td>")
                        .append(Double.isNaN(r.primary().scoreError()) ? "n/a" : num(r.primary().scoreError()))
                        .append("</td><td>").append(ratio(baseline, r)).append("</td><td>")
                        .append(null == alloc ? "-" : num(alloc.score())).append("</td><td>")
                        .append(r.primary().samples().length).append("</td></tr>\n");
                }
            }
            body.append("</table>\n");
            // Scores spanning decades go on a log axis, where symmetric error bars cannot be drawn (they would
            // cross zero); the table above has the errors either way.
            final boolean logY = max / Math.max(min, 1e-12) > 20;
            final List<SvgCharts.BarSeries> series = new ArrayList<>();
            for (final String impl : implList)
            {
                series.add(new SvgCharts.BarSeries(impl, values.get(impl),
                    logY ? values.get(impl).stream().map((v) -> 0.0).toList() : errors.get(impl), style.colour(impl)));
            }
            body.append(figure(SvgCharts.bars(method.getKey() + ": score by implementation" +
                (logY ? " (errors in the table)" : " (error bars: JMH 99.9%, clipped at 0)"),
                unit, categories, series, logY)));
        }
    }

    /** The chart's title is SVG text above it (SvgCharts), so the figure needs no caption repeating it. */
    private static String figure(final String svg)
    {
        return "<figure>" + svg + "</figure>\n";
    }

    static String ratio(final JmhResult baseline, final JmhResult r)
    {
        if (null == baseline || baseline == r)
        {
            return null == baseline ? "no baseline" : "1 (baseline)";
        }
        final NoiseStats.Interval i = ratioInterval(baseline, r);
        if (null == i)
        {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2fx [%.2f, %.2f]", i.point(), i.low(), i.high());
    }

    /**
     * How many times better {@code r} is than {@code baseline} in the same run, from the medians of every
     * fork's and iteration's raw data, with a seeded 95% bootstrap interval.
     *
     * @return the interval, or null when it cannot be computed (no direction, NaN).
     */
    static NoiseStats.Interval ratioInterval(final JmhResult baseline, final JmhResult r)
    {
        final Direction direction = r.primary().direction();
        if (direction == Direction.UNKNOWN)
        {
            return null;
        }
        final List<double[]> tuned = MetricComparator.forks(r.primary());
        final List<double[]> base = MetricComparator.forks(baseline.primary());
        // "Times better": baseline/tuned for costs, tuned/baseline for rates; ratio(a, b) = median(b)/median(a).
        final NoiseStats.Interval i = direction == Direction.LOWER_IS_BETTER ?
            NoiseStats.bootstrapRatioOfMedians(tuned, base, 1000, 0.95, BOOTSTRAP_SEED) :
            NoiseStats.bootstrapRatioOfMedians(base, tuned, 1000, 0.95, BOOTSTRAP_SEED);
        return Double.isNaN(i.point()) ? null : i;
    }

    private static void loadgen(final StringBuilder body, final RunData run, final ImplStyle style)
    {
        final List<LoadgenSummary> scenarios = run.load();
        final List<RecordedRun> runs = run.recorded();
        body.append("<h4>Load generator</h4>\n<p class=\"note\">Corrected latency is measured from each request's ")
            .append("intended send time (open loop, no coordinated omission); raw from its actual send time.</p>\n");
        body.append("<table><tr><th class=\"l\">scenario</th><th>offered /s</th><th>achieved /s</th><th>max sustainable /s</th>")
            .append("<th>p50</th><th>p99</th><th>p99.9</th><th>max</th><th>unit</th><th class=\"l\">schedule</th>")
            .append("<th class=\"l\">checks</th></tr>\n");
        for (int i = 0; i < scenarios.size(); i++)
        {
            final LoadgenSummary s = scenarios.get(i);
            body.append("<tr id=\"").append(run.anchor()).append("-load").append(i).append("\"><td class=\"l\">")
                .append(escape(s.key())).append("</td><td>").append(num(s.offeredRate()))
                .append("</td><td>").append(num(s.achievedRate())).append("</td><td>").append(num(s.maxSustainableRate()))
                .append("</td><td>").append(num(pct(s.corrected(), 50))).append("</td><td>").append(num(pct(s.corrected(), 99)))
                .append("</td><td>").append(num(pct(s.corrected(), 99.9))).append("</td><td>")
                .append(num(pct(s.corrected(), 100))).append("</td><td>").append(escape(s.unit())).append("</td><td class=\"l")
                .append(s.behindSchedule() ? " warn\">FELL BEHIND SCHEDULE" : "\">kept up").append("</td>");
            verdictCell(body, runs.get(i));
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        for (int i = 0; i < scenarios.size(); i++)
        {
            final LoadgenSummary s = scenarios.get(i);
            final Color colour = style.colour(runs.get(i).impl());
            final List<SvgCharts.LineSeries> pcts = new ArrayList<>();
            pcts.add(percentileSeries("corrected", s.corrected(), new SvgCharts.Look(colour, false, true)));
            if (!s.raw().isEmpty())
            {
                pcts.add(percentileSeries("raw (uncorrected)", s.raw(), new SvgCharts.Look(colour, true, false)));
            }
            body.append(figure(SvgCharts.lines(s.key() + ": latency by percentile",
                "percentile as 1/(1-p): 2 = p50, 100 = p99, 1000 = p99.9", "latency (" + s.unit() + ")", pcts, true, true)));
            if (!s.sweep().isEmpty())
            {
                final double[] x = s.sweep().stream().mapToDouble((p) -> Double.isNaN(p.achievedRate()) ?
                    p.offeredRate() : p.achievedRate()).toArray();
                final List<SvgCharts.LineSeries> curves = new ArrayList<>(List.of(
                    new SvgCharts.LineSeries("p50", x, s.sweep().stream().mapToDouble(LoadgenSummary.SweepPoint::p50).toArray(),
                        new SvgCharts.Look(colour, true, true)),
                    new SvgCharts.LineSeries("p99", x, s.sweep().stream().mapToDouble(LoadgenSummary.SweepPoint::p99).toArray(),
                        new SvgCharts.Look(colour, false, true))));
                if (s.sweep().stream().noneMatch((p) -> Double.isNaN(p.p999())))
                {
                    curves.add(new SvgCharts.LineSeries("p99.9", x,
                        s.sweep().stream().mapToDouble(LoadgenSummary.SweepPoint::p999).toArray()));
                }
                body.append(figure(SvgCharts.lines(s.key() + ": throughput-latency (corrected)",
                    "achieved rate (requests/s)", "latency (" + s.unit() + ")", curves, false, true)));
            }
            timeline(body, s, runs.get(i), colour);
        }
    }

    /**
     * The fail-over timeline of a run with faults: completions and failures per second and p99 per
     * second, each fault a vertical marker. A run without faults gets none (a steady run's timeline
     * says nothing its percentiles do not), and the last, partial second is left out and said so.
     */
    private static void timeline(final StringBuilder body, final LoadgenSummary s, final RecordedRun run, final Color colour)
    {
        final List<LoadgenSummary.Second> events = s.timeline().stream().filter((f) -> !f.event().isEmpty()).toList();
        final boolean faults = !events.isEmpty() ||
            run.failovers().stream().anyMatch((f) -> !f.fault().isBlank() && !"?".equals(f.fault()));
        if (s.timeline().isEmpty() || !faults)
        {
            return;
        }
        final List<LoadgenSummary.Second> seconds = completeSeconds(s.timeline());
        final double[] t = seconds.stream().mapToDouble(LoadgenSummary.Second::second).toArray();
        final double top = seconds.stream().mapToDouble((f) -> Math.max(f.ok(), f.errors())).max().orElse(1);
        final List<SvgCharts.LineSeries> perSecond = new ArrayList<>(List.of(
            new SvgCharts.LineSeries("ok", t, seconds.stream().mapToDouble(LoadgenSummary.Second::ok).toArray(),
                new SvgCharts.Look(colour, false, true)),
            new SvgCharts.LineSeries("errors + timeouts", t, seconds.stream().mapToDouble(LoadgenSummary.Second::errors)
                .toArray(), new SvgCharts.Look(Color.RED.darker(), true, true))));
        faultMarkers(perSecond, events, 0, top);
        final String dropped = seconds.size() < s.timeline().size() ? " The last second (" +
            num(s.timeline().get(s.timeline().size() - 1).ok()) + " completions) is left out: the run ended inside it." : "";
        body.append(figure(SvgCharts.lines(s.key() + ": fail-over timeline, completions and failures per second",
            "second of the run", "requests per second", perSecond, false, false)))
            .append("<p class=\"note\">Grey dashed lines mark the faults.").append(escape(dropped)).append("</p>\n");
        final List<LoadgenSummary.Second> withP99 = seconds.stream().filter((f) -> !Double.isNaN(f.p99()) && f.p99() > 0).toList();
        if (!withP99.isEmpty())
        {
            final List<SvgCharts.LineSeries> p99 = new ArrayList<>(List.of(new SvgCharts.LineSeries("p99",
                withP99.stream().mapToDouble(LoadgenSummary.Second::second).toArray(),
                withP99.stream().mapToDouble(LoadgenSummary.Second::p99).toArray(), new SvgCharts.Look(colour, false, true))));
            faultMarkers(p99, events, withP99.stream().mapToDouble(LoadgenSummary.Second::p99).min().orElse(1),
                withP99.stream().mapToDouble(LoadgenSummary.Second::p99).max().orElse(1));
            body.append(figure(SvgCharts.lines(s.key() + ": fail-over timeline, p99 latency per second",
                "second of the run", "p99 (" + s.unit() + ", corrected)", p99, false, true)));
        }
        if (!events.isEmpty())
        {
            body.append("<p class=\"note\">Faults: ");
            events.forEach((f) -> body.append(escape("t=" + num(f.second()) + "s " + f.event())).append("; "));
            body.append("</p>\n");
        }
    }

    private static void faultMarkers(
        final List<SvgCharts.LineSeries> series, final List<LoadgenSummary.Second> events, final double low, final double high)
    {
        for (final LoadgenSummary.Second e : events)
        {
            series.add(new SvgCharts.LineSeries("fault: " + e.event() + " (t=" + num(e.second()) + "s)",
                new double[]{e.second(), e.second()}, new double[]{low, high}, new SvgCharts.Look(Color.GRAY, true, false)));
        }
    }

    /**
     * The seconds of a timeline without its last one when that one is partial: the run's schedule ended
     * inside it, so it holds a fraction of a second's requests and would be drawn as a collapse. A last
     * second is taken as partial when it completed fewer than half the median second's requests.
     *
     * @param timeline a run's seconds in order.
     * @return the seconds to draw.
     */
    static List<LoadgenSummary.Second> completeSeconds(final List<LoadgenSummary.Second> timeline)
    {
        if (timeline.size() < 3)
        {
            return timeline;
        }
        final double[] totals = timeline.subList(0, timeline.size() - 1).stream()
            .mapToDouble((f) -> f.ok() + f.errors()).sorted().toArray();
        final double median = totals[totals.length / 2];
        final LoadgenSummary.Second last = timeline.get(timeline.size() - 1);
        return last.ok() + last.errors() < median / 2 ? timeline.subList(0, timeline.size() - 1) : timeline;
    }

    /**
     * The checks cell of a load run: PASS, or the verdict in red with every reason. An undecided check
     * is INCONCLUSIVE and says so: it is never shown as passed.
     */
    private static void verdictCell(final StringBuilder body, final RecordedRun run)
    {
        switch (run.verdict())
        {
            case PASS:
                body.append("<td class=\"l\">passed");
                break;
            case INCONCLUSIVE:
                body.append("<td class=\"l INCONCLUSIVE\">INCONCLUSIVE: a check did not decide; numbers not valid");
                break;
            default:
                body.append("<td class=\"l FAIL\">FAILED: numbers not valid");
                break;
        }
        for (final String reason : run.reasons())
        {
            body.append("<br><span class=\"note\">").append(escape(reason)).append("</span>");
        }
        body.append("</td>");
    }

    /**
     * @param name        the series' name.
     * @param percentiles percentile to latency.
     * @param look        how it is drawn.
     * @return the series on the x axis 1/(1-p).
     */
    static SvgCharts.LineSeries percentileSeries(
        final String name, final Map<Double, Double> percentiles, final SvgCharts.Look look)
    {
        // Percentile 100 (max) has no finite 1/(1-p): plot it just beyond the highest finite percentile.
        final List<double[]> points = new ArrayList<>();
        double lastX = 1;
        for (final Map.Entry<Double, Double> e : percentiles.entrySet())
        {
            final double x = e.getKey() >= 100 ? lastX * 10 : 1 / (1 - e.getKey() / 100);
            points.add(new double[]{x, e.getValue()});
            lastX = x;
        }
        return new SvgCharts.LineSeries(name, points.stream().mapToDouble((p) -> p[0]).toArray(),
            points.stream().mapToDouble((p) -> p[1]).toArray(), look);
    }

    private static double pct(final Map<Double, Double> percentiles, final double p)
    {
        final Double v = percentiles.get(p);
        return null == v ? Double.NaN : v;
    }

    private static void flame(final StringBuilder body, final Path index, final Path reportFile)
    {
        final JsonNode root;
        try
        {
            root = MAPPER.readTree(index.toFile());
        }
        catch (final IOException ex)
        {
            throw new ResultFileException(index, "not valid JSON", ex);
        }
        if (null == root || !root.isArray())
        {
            throw new ResultFileException(index, "(root)", "expected an array of profiled benchmarks");
        }
        final Path base = null == reportFile.toAbsolutePath().getParent() ? Path.of("") : reportFile.toAbsolutePath().getParent();
        final Path flameDir = index.toAbsolutePath().getParent();
        body.append("<table><tr><th class=\"l\">benchmark</th><th class=\"l\">flame graphs: async-profiler's interactive ")
            .append("HTML (event that really ran), reversed, normalised per operation</th>")
            .append("<th class=\"l\">differential (normalised)</th></tr>\n");
        for (int i = 0; i < root.size(); i++)
        {
            final JsonNode e = root.get(i);
            if (null == e.get("label") || null == e.get("profiles") || !e.get("profiles").isObject())
            {
                throw new ResultFileException(index, "[" + i + "].label/profiles", "missing");
            }
            body.append("<tr><td class=\"l\">").append(escape(e.get("label").asText())).append("</td><td class=\"l\">");
            e.get("profiles").properties().forEach((p) ->
            {
                body.append("<a href=\"").append(escape(link(base, flameDir, p.getValue().path("html").asText()))).append("\">")
                    .append(escape(p.getKey())).append("</a> (").append(escape(p.getValue().path("event").asText())).append(')');
                // graphs recorded before the converter was used have no reversed or normalised page
                optionalLink(body, base, flameDir, p.getValue(), "reversedHtml", "reversed");
                optionalLink(body, base, flameDir, p.getValue(), "normalisedHtml", "normalised");
                body.append("<br>");
            });
            body.append("</td><td class=\"l\">");
            final JsonNode diffs = e.get("diffs");
            if (null != diffs && diffs.isArray())
            {
                for (final JsonNode d : diffs)
                {
                    body.append("<a href=\"").append(escape(link(base, flameDir, d.path("html").asText()))).append("\">")
                        .append(escape(d.path("b").asText() + " against " + d.path("a").asText())).append("</a> | <a href=\"")
                        .append(escape(link(base, flameDir, d.path("reverseHtml").asText()))).append("\">")
                        .append(escape(d.path("a").asText() + " against " + d.path("b").asText())).append("</a><br>");
                }
            }
            body.append("</td></tr>\n");
        }
        body.append("</table>\n");
    }

    private static void optionalLink(
        final StringBuilder body, final Path base, final Path flameDir, final JsonNode profile, final String field,
        final String text)
    {
        if (profile.hasNonNull(field))
        {
            body.append(" &middot; <a href=\"").append(escape(link(base, flameDir, profile.get(field).asText()))).append("\">")
                .append(text).append("</a>");
        }
    }

    private static String link(final Path base, final Path flameDir, final String relative)
    {
        return base.relativize(flameDir.resolve(relative)).toString().replace('\\', '/');
    }

    private static void rawJson(final StringBuilder body, final String title, final Path file)
    {
        try
        {
            final JsonNode node = MAPPER.readTree(file.toFile());
            body.append("<h4>").append(escape(title)).append("</h4>\n<details><summary>")
                .append(escape(file.getFileName().toString())).append("</summary><pre>")
                .append(escape(MAPPER.writeValueAsString(node))).append("</pre></details>\n");
        }
        catch (final IOException ex)
        {
            throw new ResultFileException(file, "not valid JSON", ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(final String prefix, final Map<String, Object> map, final StringBuilder body)
    {
        for (final Map.Entry<String, Object> e : map.entrySet())
        {
            final String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> nested)
            {
                flatten(key, (Map<String, Object>)nested, body);
            }
            else
            {
                body.append("<tr><th class=\"l\">").append(escape(key)).append("</th><td class=\"l\">")
                    .append(escape(String.valueOf(e.getValue()))).append("</td></tr>\n");
            }
        }
    }

    static String num(final double v)
    {
        if (Double.isNaN(v))
        {
            return "-";
        }
        final double abs = Math.abs(v);
        if (abs >= 1000)
        {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v == Math.rint(v))
        {
            return Long.toString((long)v);
        }
        return abs >= 10 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.4g", v);
    }

    /**
     * The implementation a result is compared with: for a benchmark with a {@code protocol} parameter,
     * that protocol's baseline in the registry (so a protocol named its baseline otherwise still gets
     * ratios); else {@link #BASELINE_IMPL}.
     */
    static String baselineImpl(final JmhResult result)
    {
        return baselineImpl(result, Registries.DISCOVERED);
    }

    /**
     * @param result   a result.
     * @param registry where protocols' baselines are found.
     * @return the impl value of the result's baseline.
     */
    static String baselineImpl(final JmhResult result, final Registry registry)
    {
        final String protocol = result.params().get(PROTOCOL_PARAM);
        if (null == protocol)
        {
            return BASELINE_IMPL;
        }
        try
        {
            return registry.baseline(Protocol.of(protocol)).impl();
        }
        catch (final IllegalArgumentException | IllegalStateException unknown)
        {
            // A result of a protocol this build does not register (an old run, another branch): the convention.
            return BASELINE_IMPL;
        }
    }

    /** Discovered once, on first use. */
    private static final class Registries
    {
        static final Registry DISCOVERED = Registry.discover();
    }
}
