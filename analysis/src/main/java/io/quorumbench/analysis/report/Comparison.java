package io.quorumbench.analysis.report;

import io.quorumbench.analysis.compare.JmhResult;
import io.quorumbench.analysis.compare.LoadgenSummary;
import io.quorumbench.analysis.compare.NoiseStats;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.api.results.CheckVerdict;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import static io.quorumbench.analysis.flame.FlameGraphHtml.escape;

/**
 * The front of the report: one summary per subject (the ring, each protocol) with every
 * implementation's headline figures side by side, the same-run ratios with their intervals and every
 * verdict as a badge linking to its evidence; then the charts that put the implementations on one
 * chart (latency spectra per load scenario, throughput-latency per sweep, JMH ratios per benchmark).
 * The per-run sections follow as the appendix ({@link ReportBuilder}).
 *
 * <p>Implementations are ordered and coloured by {@link ImplStyle} (from the registry), so a new
 * protocol or peer appears as its own column and series without a change here.
 */
final class Comparison
{
    /** The JMH parameter of the protocol-neutral benchmarks. */
    static final String PROTOCOL_PARAM = "protocol";

    /** The package of the JMH suites; the next part of a benchmark's name is its subject. */
    private static final String JMH_PACKAGE = "io.quorumbench.jmh.";

    private Comparison()
    {
    }

    /**
     * One benchmark point of a subject: its results by implementation.
     *
     * @param method benchmark method, e.g. {@code RingLookupBenchmark.lookup}.
     * @param params the parameters other than {@code impl}, as text.
     * @param byImpl the result of each implementation.
     */
    record JmhPoint(String method, String params, Map<String, JmhResult> byImpl)
    {
        String label()
        {
            return params.isEmpty() ? method : method + " " + params;
        }
    }

    /**
     * A load scenario of a subject: the runs of each implementation on it.
     *
     * @param subject  protocol.
     * @param scenario the generator's scenario name.
     * @param sweep    whether these are rate sweeps.
     * @param runs     the runs, in report order of their implementations.
     */
    record LoadGroup(String subject, String scenario, boolean sweep, List<LoadRun> runs)
    {
    }

    /**
     * One load run or sweep with the run directory it came from.
     *
     * @param run      the run directory's data.
     * @param index    its position in the run's load runs (the summary, then the sweep).
     * @param summary  its figures.
     * @param recorded its verdicts.
     */
    record LoadRun(RunData run, int index, LoadgenSummary summary, RecordedRun recorded)
    {
        String impl()
        {
            return recorded.impl().isEmpty() ? summary.impl() : recorded.impl();
        }

        String anchor()
        {
            return run.anchor() + "-load" + index;
        }
    }

    /**
     * @param result a JMH result.
     * @param run    its run.
     * @return its subject: the protocol parameter when present, else the benchmark's package under
     *         {@code io.quorumbench.jmh} ({@code ring}, {@code raft}), else the run's suite; so a run of
     *         {@code --suite all} still puts each benchmark under its own subject.
     */
    static String subjectOf(final JmhResult result, final RunData run)
    {
        final String protocol = result.params().get(PROTOCOL_PARAM);
        if (null != protocol)
        {
            return protocol;
        }
        final String name = result.benchmark();
        if (name.startsWith(JMH_PACKAGE))
        {
            final String rest = name.substring(JMH_PACKAGE.length());
            final int dot = rest.indexOf('.');
            // a class directly in the package has no subject of its own; consensus benchmarks carry a protocol
            if (dot > 0 && rest.indexOf('.', dot + 1) > 0 && !"consensus".equals(rest.substring(0, dot)))
            {
                return rest.substring(0, dot);
            }
        }
        return run.subject();
    }

    /**
     * @param target a target of the run.
     * @param run    the run.
     * @return its subject: the first part of its name when that is a subject of the run's benchmarks
     *         ({@code ring.lookup...}), else the run's subject (load targets go under the run's protocol).
     */
    static String subjectOf(final Targets.Target target, final RunData run)
    {
        final int dot = target.name().indexOf('.');
        final String first = dot > 0 ? target.name().substring(0, dot) : target.name();
        return run.jmh().stream().anyMatch((r) -> first.equals(subjectOf(r, run))) ? first : run.subject();
    }

    /**
     * @param runs  the report's runs.
     * @return the subjects in the order they first appear.
     */
    static List<String> subjects(final List<RunData> runs)
    {
        final Set<String> out = new LinkedHashSet<>();
        for (final RunData run : runs)
        {
            final Set<String> own = new LinkedHashSet<>();
            run.jmh().forEach((r) -> own.add(subjectOf(r, run)));
            run.recorded().forEach((r) -> own.add(r.protocol()));
            if (null != run.targets())
            {
                // every verdict gets a subject to be shown under: none may fall out of the summary
                run.targets().forEach((t) -> own.add(subjectOf(t, run)));
            }
            if (own.isEmpty() || null != run.flameIndex())
            {
                own.add(run.subject());
            }
            out.addAll(own);
        }
        return new ArrayList<>(out);
    }

    /**
     * @param runs    the report's runs.
     * @param subject a subject.
     * @return the JMH points of the subject, by method then parameters; the first run's result wins
     *         when two runs measured the same point of the same implementation.
     */
    static List<JmhPoint> jmhPoints(final List<RunData> runs, final String subject)
    {
        final Map<String, JmhPoint> points = new LinkedHashMap<>();
        for (final RunData run : runs)
        {
            for (final JmhResult r : run.jmh())
            {
                if (!subject.equals(subjectOf(r, run)))
                {
                    continue;
                }
                final String params = r.keyWithout("impl").substring(r.benchmark().length())
                    .replaceFirst("^\\[[a-z]+\\]", "").replace("{", "").replace("}", "").trim();
                points.computeIfAbsent(r.shortName() + "|" + params, (k) -> new JmhPoint(r.shortName(), params,
                    new LinkedHashMap<>())).byImpl().putIfAbsent(r.params().getOrDefault("impl", "-"), r);
            }
        }
        return new ArrayList<>(points.values());
    }

    /**
     * @param runs  the report's runs.
     * @param style implementation order.
     * @return the load scenarios (runs and sweeps apart), each with its runs in implementation order.
     */
    static List<LoadGroup> loadGroups(final List<RunData> runs, final ImplStyle style)
    {
        final Map<String, List<LoadRun>> groups = new LinkedHashMap<>();
        for (final RunData run : runs)
        {
            for (int i = 0; i < run.load().size(); i++)
            {
                final LoadgenSummary s = run.load().get(i);
                final RecordedRun r = run.recorded().get(i);
                groups.computeIfAbsent(r.protocol() + "\u0000" + s.scenario() + "\u0000" + r.isSweep(), (k) -> new ArrayList<>())
                    .add(new LoadRun(run, i, s, r));
            }
        }
        final List<LoadGroup> out = new ArrayList<>();
        for (final Map.Entry<String, List<LoadRun>> e : groups.entrySet())
        {
            final String[] key = e.getKey().split("\u0000");
            final List<String> order = style.order(e.getValue().stream().map(LoadRun::impl).toList());
            final List<LoadRun> sorted = new ArrayList<>(e.getValue());
            sorted.sort((a, b) -> Integer.compare(order.indexOf(a.impl()), order.indexOf(b.impl())));
            out.add(new LoadGroup(key[0], key[1], Boolean.parseBoolean(key[2]), sorted));
        }
        return out;
    }

    /**
     * The badge of a load run's verdict: PASS only for a run whose every check passed.
     *
     * @param verdict a run's verdict, possibly null.
     * @return its badge.
     */
    static Badge badgeOf(final CheckVerdict verdict)
    {
        return null == verdict ? Badge.MISSING : Badge.of(verdict.name());
    }

    /**
     * Write the summary: the runs it covers, then per subject its verdicts, JMH table and load table.
     *
     * @param out      where the HTML goes.
     * @param runs     the report's runs.
     * @param style    implementation order and colours.
     * @param registry where each JMH point's baseline is found.
     * @param flames   writes the flame graph links of a run (relative to the report).
     */
    static void summary(
        final StringBuilder out, final List<RunData> runs, final ImplStyle style, final Registry registry,
        final BiConsumer<StringBuilder, RunData> flames)
    {
        out.append("<section id=\"summary\">\n<h2>Summary</h2>\n<p class=\"note\">Runs in this report: ");
        for (final RunData run : runs)
        {
            out.append("<a class=\"run-link\" data-run-id=\"").append(escape(run.runId())).append("\" href=\"#")
                .append(run.anchor()).append("\">").append(escape(run.runId())).append("</a> ");
        }
        out.append("</p>\n<p class=\"note\">Implementations: ");
        final Set<String> impls = new LinkedHashSet<>();
        runs.forEach((r) ->
        {
            r.jmh().forEach((j) -> impls.add(j.params().getOrDefault("impl", "-")));
            r.recorded().forEach((l) -> impls.add(l.impl()));
        });
        for (final String impl : style.order(impls))
        {
            out.append(swatch(style, impl)).append(escape(impl)).append(null == style.kind(impl) ? "" :
                " (" + style.kind(impl).name().toLowerCase(Locale.ROOT) + ")").append(" &nbsp; ");
        }
        out.append("</p>\n");
        for (final String subject : subjects(runs))
        {
            out.append("<h3 class=\"subject\">").append(escape(subject)).append("</h3>\n");
            verdicts(out, runs, subject);
            jmhTable(out, jmhPoints(runs, subject), style, registry);
            loadTable(out, loadGroups(runs, style).stream().filter((g) -> g.subject().equals(subject)).toList(), style);
            for (final RunData run : runs)
            {
                if (null != run.flameIndex() && subject.equals(run.subject()))
                {
                    out.append("<p><b>Flame graphs</b> (").append(escape(run.runId())).append(")</p>\n");
                    flames.accept(out, run);
                }
            }
        }
        out.append("</section>\n");
    }

    private static void verdicts(final StringBuilder out, final List<RunData> runs, final String subject)
    {
        final Map<Badge, Integer> counts = new LinkedHashMap<>();
        final StringBuilder badges = new StringBuilder();
        for (final RunData run : runs)
        {
            for (int i = 0; i < run.recorded().size(); i++)
            {
                final RecordedRun r = run.recorded().get(i);
                if (!subject.equals(r.protocol()))
                {
                    continue;
                }
                final Badge b = badgeOf(r.verdict());
                counts.merge(b, 1, Integer::sum);
                badges.append(b.html(r.impl() + (r.isSweep() ? " sweep" : r.failovers().isEmpty() ? " run" : " fail-over run"),
                    "#" + run.anchor() + "-load" + i,
                    run.runId() + ": checks " + r.verdict() + (r.reasons().isEmpty() ? "" : ": " + String.join("; ", r.reasons()))))
                    .append(' ');
            }
            if (null == run.targets())
            {
                continue;
            }
            for (int i = 0; i < run.targets().size(); i++)
            {
                final Targets.Target t = run.targets().get(i);
                if (!subject.equals(subjectOf(t, run)))
                {
                    continue;
                }
                final Badge b = Badge.of(t.verdict());
                counts.merge(b, 1, Integer::sum);
                badges.append(b.html(t.name(), "#" + run.anchor() + "-t" + i, run.runId() + ": measured " + t.measured() +
                    " " + t.unit() + ", target " + (t.comparison() + " " + t.threshold()).trim())).append(' ');
            }
        }
        if (counts.isEmpty())
        {
            out.append("<p class=\"note\">No verdicts recorded for ").append(escape(subject)).append(".</p>\n");
            return;
        }
        out.append("<p class=\"verdicts\"><b>Verdicts:</b> ");
        counts.forEach((b, n) -> out.append("<span class=\"count ").append(b.name()).append("\">").append(n).append(' ')
            .append(b.name()).append("</span> "));
        out.append("<br>").append(badges).append("</p>\n");
    }

    private static void jmhTable(
        final StringBuilder out, final List<JmhPoint> points, final ImplStyle style, final Registry registry)
    {
        if (points.isEmpty())
        {
            return;
        }
        final Set<String> all = new LinkedHashSet<>();
        points.forEach((p) -> all.addAll(p.byImpl().keySet()));
        final List<String> impls = style.order(all);
        out.append("<table class=\"headline\"><tr><th class=\"l\">JMH benchmark</th><th>unit</th>");
        impls.forEach((i) -> out.append("<th>").append(swatch(style, i)).append(escape(i)).append("</th>"));
        out.append("<th class=\"l\">times better than the baseline, same run [95% CI]</th></tr>\n");
        for (final JmhPoint p : points)
        {
            final JmhResult any = p.byImpl().values().iterator().next();
            final String baselineImpl = ReportBuilder.baselineImpl(any, registry);
            final JmhResult baseline = p.byImpl().get(baselineImpl);
            out.append("<tr><td class=\"l\">").append(escape(p.label())).append("</td><td>")
                .append(escape(any.primary().unit())).append("</td>");
            for (final String impl : impls)
            {
                final JmhResult r = p.byImpl().get(impl);
                out.append("<td>").append(null == r ? "-" : ReportBuilder.num(r.primary().score())).append("</td>");
            }
            out.append("<td class=\"l\">");
            for (final String impl : impls)
            {
                final JmhResult r = p.byImpl().get(impl);
                if (null != r && !impl.equals(baselineImpl))
                {
                    out.append(swatch(style, impl)).append(escape(impl)).append(": ").append(ReportBuilder.ratio(baseline, r))
                        .append("<br>");
                }
            }
            out.append("</td></tr>\n");
        }
        out.append("</table>\n");
    }

    private static void loadTable(final StringBuilder out, final List<LoadGroup> groups, final ImplStyle style)
    {
        if (groups.isEmpty())
        {
            return;
        }
        out.append("<table class=\"headline\"><tr><th class=\"l\">load scenario</th><th class=\"l\">implementation</th>")
            .append("<th>achieved /s</th><th>p50</th><th>p99</th><th>p99.9</th><th>max sustainable /s</th>")
            .append("<th class=\"l\">p99 against the baseline</th><th class=\"l\">verdict</th></tr>\n");
        for (final LoadGroup g : groups)
        {
            final LoadRun baseline = g.runs().stream().filter((r) -> style.kind(r.impl()) ==
                ImplementationKind.BASELINE).findFirst().orElse(null);
            for (final LoadRun r : g.runs())
            {
                final LoadgenSummary s = r.summary();
                out.append("<tr><td class=\"l\">").append(escape(g.scenario())).append("</td><td class=\"l\">")
                    .append(swatch(style, r.impl())).append(escape(r.impl())).append(" <span class=\"note\">")
                    .append(escape(r.run().runId())).append("</span></td><td>").append(ReportBuilder.num(s.achievedRate()))
                    .append("</td><td>").append(duration(pct(s, 50))).append("</td><td>").append(duration(pct(s, 99)))
                    .append("</td><td>").append(duration(pct(s, 99.9))).append("</td><td>")
                    .append(null == r.recorded().maxSustainableRate() ? (g.sweep() ? "none" : "-") :
                        ReportBuilder.num(r.recorded().maxSustainableRate()))
                    .append("</td><td class=\"l\">").append(escape(p99Ratio(baseline, r))).append("</td><td class=\"l\">")
                    .append(badgeOf(r.recorded().verdict()).html(r.recorded().isSweep() ? "sweep" : "run", "#" + r.anchor(),
                        String.join("; ", r.recorded().reasons())))
                    .append("</td></tr>\n");
            }
        }
        out.append("</table>\n<p class=\"note\">Load latencies are corrected (from each request's intended send time). ")
            .append("Each implementation's load run is a run of its own, so its ratio has no interval: one run each.</p>\n");
    }

    /**
     * @param baseline the baseline's run on the same scenario, or null.
     * @param r        a run.
     * @return how many times lower its corrected p99 is than the baseline's, or why there is no ratio.
     */
    static String p99Ratio(final LoadRun baseline, final LoadRun r)
    {
        if (null == baseline)
        {
            return "no baseline run";
        }
        if (baseline == r)
        {
            return "baseline";
        }
        final double b = pct(baseline.summary(), 99);
        final double t = pct(r.summary(), 99);
        if (!(b > 0) || !(t > 0))
        {
            return "n/a";
        }
        final boolean valid = r.recorded().verdict() == CheckVerdict.PASS && baseline.recorded().verdict() == CheckVerdict.PASS;
        return String.format(Locale.ROOT, "%.2fx lower (one run each)", b / t) + (valid ? "" : ", checks not all passed");
    }

    /**
     * Write the comparison charts: a latency spectrum per load scenario, a throughput-latency chart per
     * sweep scenario, the JMH ratios per subject. Every figure says which implementations it draws
     * ({@code data-impls}) and in which colours ({@code data-colours}), which scripts/check-report verifies
     * against the drawn series.
     *
     * @param out      where the HTML goes.
     * @param runs     the report's runs.
     * @param style    implementation order and colours.
     * @param registry where each JMH point's baseline is found.
     */
    static void charts(final StringBuilder out, final List<RunData> runs, final ImplStyle style, final Registry registry)
    {
        out.append("<section id=\"comparison\">\n<h2>Comparison charts</h2>\n");
        int n = 0;
        for (final LoadGroup g : loadGroups(runs, style))
        {
            if (g.sweep())
            {
                n += sweepChart(out, g, style) ? 1 : 0;
            }
            else
            {
                n += spectrumChart(out, g, style) ? 1 : 0;
            }
        }
        n += protocolsCharts(out, loadGroups(runs, style), style);
        for (final String subject : subjects(runs))
        {
            n += ratioChart(out, subject, jmhPoints(runs, subject), style, registry) ? 1 : 0;
        }
        if (0 == n)
        {
            out.append("<p class=\"note\">Nothing to compare: no load scenario or benchmark with data.</p>\n");
        }
        out.append("</section>\n");
    }

    /**
     * One chart per load scenario (not sweeps) that runs of more than one protocol share (e.g. scripts/bench's
     * Raft and Paxos pairs at the same rate): every protocol × implementation's corrected latency by
     * percentile, the implementation's colour, solid for the first protocol and dashed for the others.
     */
    private static int protocolsCharts(final StringBuilder out, final List<LoadGroup> groups, final ImplStyle style)
    {
        final Map<String, List<LoadGroup>> byScenario = new LinkedHashMap<>();
        for (final LoadGroup g : groups)
        {
            if (!g.sweep())
            {
                byScenario.computeIfAbsent(g.scenario(), (k) -> new ArrayList<>()).add(g);
            }
        }
        int n = 0;
        for (final Map.Entry<String, List<LoadGroup>> e : byScenario.entrySet())
        {
            if (e.getValue().size() < 2)
            {
                continue;
            }
            final List<SvgCharts.LineSeries> series = new ArrayList<>();
            final Set<String> impls = new LinkedHashSet<>();
            final List<String> protocols = new ArrayList<>();
            for (final LoadGroup g : e.getValue())
            {
                final boolean dashed = !protocols.isEmpty();
                protocols.add(g.subject());
                for (final LoadRun r : g.runs())
                {
                    if (!r.summary().corrected().isEmpty())
                    {
                        impls.add(r.impl());
                        series.add(ReportBuilder.percentileSeries(g.subject() + "/" + seriesName(g, r), r.summary().corrected(),
                            new SvgCharts.Look(style.colour(r.impl()), dashed, true)));
                    }
                }
            }
            if (series.isEmpty())
            {
                continue;
            }
            final String unit = e.getValue().get(0).runs().get(0).summary().unit();
            out.append(figure(style, impls, SvgCharts.lines("Latency by percentile, " + String.join(" and ", protocols) + ": " +
                e.getKey(), "percentile as 1/(1-p): 2 = p50, 100 = p99, 1000 = p99.9", "latency (" + unit + ")", series, true,
                true), "Every protocol and implementation on this scenario, corrected latency: " + protocols.get(0) +
                " solid, " + String.join(", ", protocols.subList(1, protocols.size())) + " dashed; colour by implementation."));
            n++;
        }
        return n;
    }

    private static boolean spectrumChart(final StringBuilder out, final LoadGroup g, final ImplStyle style)
    {
        final List<SvgCharts.LineSeries> series = new ArrayList<>();
        final Set<String> impls = new LinkedHashSet<>();
        for (final LoadRun r : g.runs())
        {
            if (r.summary().corrected().isEmpty())
            {
                continue;
            }
            impls.add(r.impl());
            final String name = seriesName(g, r);
            series.add(ReportBuilder.percentileSeries(name + " corrected", r.summary().corrected(),
                new SvgCharts.Look(style.colour(r.impl()), false, true)));
            if (!r.summary().raw().isEmpty())
            {
                series.add(ReportBuilder.percentileSeries(name + " raw", r.summary().raw(),
                    new SvgCharts.Look(style.colour(r.impl()), true, false)));
            }
        }
        if (series.isEmpty())
        {
            return false;
        }
        final String unit = g.runs().get(0).summary().unit();
        out.append(figure(style, impls, SvgCharts.lines("Latency by percentile, " + g.subject() + ": " + g.scenario(),
            "percentile as 1/(1-p): 2 = p50, 100 = p99, 1000 = p99.9", "latency (" + unit + ")", series, true, true),
            "Every implementation on this scenario: corrected latency solid (from the intended send time), raw dashed " +
            "(from the actual send time)."));
        return true;
    }

    private static boolean sweepChart(final StringBuilder out, final LoadGroup g, final ImplStyle style)
    {
        final List<SvgCharts.LineSeries> series = new ArrayList<>();
        final Set<String> impls = new LinkedHashSet<>();
        double slo = Double.NaN;
        double minX = Double.MAX_VALUE;
        double maxX = 0;
        for (final LoadRun r : g.runs())
        {
            final List<LoadgenSummary.SweepPoint> points = r.summary().sweep();
            if (points.isEmpty())
            {
                continue;
            }
            impls.add(r.impl());
            final double[] x = points.stream().mapToDouble((p) -> Double.isNaN(p.achievedRate()) ? p.offeredRate() :
                p.achievedRate()).toArray();
            for (final double v : x)
            {
                minX = Math.min(minX, v);
                maxX = Math.max(maxX, v);
            }
            series.add(new SvgCharts.LineSeries(seriesName(g, r) + " p99", x,
                points.stream().mapToDouble(LoadgenSummary.SweepPoint::p99).toArray(),
                new SvgCharts.Look(style.colour(r.impl()), false, true)));
            if (Double.isNaN(slo) && r.recorded().sloP99Ns() > 0)
            {
                slo = r.recorded().sloP99Ns();
            }
        }
        if (series.isEmpty())
        {
            return false;
        }
        if (!Double.isNaN(slo))
        {
            series.add(new SvgCharts.LineSeries("SLO: p99 <= " + duration(slo), new double[]{minX, maxX},
                new double[]{slo, slo}, new SvgCharts.Look(Color.BLACK, true, false)));
        }
        final String unit = g.runs().get(0).summary().unit();
        out.append(figure(style, impls, SvgCharts.lines("Throughput-latency, " + g.subject() + ": " + g.scenario(),
            "achieved rate (requests/s)", "p99 latency (" + unit + ", corrected)", series, false, true),
            "Corrected p99 at each rate of every implementation's sweep" + (Double.isNaN(slo) ? "; no SLO recorded." :
            "; the dashed black line is the SLO a rate must meet to count as sustainable: p99 <= " + duration(slo) + ".")));
        return true;
    }

    private static boolean ratioChart(
        final StringBuilder out, final String subject, final List<JmhPoint> points, final ImplStyle style,
        final Registry registry)
    {
        final Set<String> compared = new LinkedHashSet<>();
        final List<String> categories = new ArrayList<>();
        final Map<String, List<Double>> values = new LinkedHashMap<>();
        for (final JmhPoint p : points)
        {
            final String baselineImpl = ReportBuilder.baselineImpl(p.byImpl().values().iterator().next(), registry);
            final JmhResult baseline = p.byImpl().get(baselineImpl);
            if (null == baseline)
            {
                continue;
            }
            p.byImpl().keySet().stream().filter((i) -> !i.equals(baselineImpl)).forEach(compared::add);
            categories.add(shortLabel(p));
        }
        if (compared.isEmpty())
        {
            return false;
        }
        final List<String> impls = style.order(compared);
        impls.forEach((i) -> values.put(i, new ArrayList<>()));
        double min = Double.MAX_VALUE;
        double max = 0;
        for (final JmhPoint p : points)
        {
            final String baselineImpl = ReportBuilder.baselineImpl(p.byImpl().values().iterator().next(), registry);
            final JmhResult baseline = p.byImpl().get(baselineImpl);
            if (null == baseline)
            {
                continue;
            }
            for (final String impl : impls)
            {
                final JmhResult r = p.byImpl().get(impl);
                final NoiseStats.Interval i = null == r ? null : ReportBuilder.ratioInterval(baseline, r);
                values.get(impl).add(null == i ? Double.NaN : i.point());
                if (null != i)
                {
                    min = Math.min(min, i.point());
                    max = Math.max(max, i.point());
                }
            }
        }
        if (max <= 0)
        {
            return false;
        }
        final boolean logY = max / Math.max(min, 1e-12) > 20;
        final List<SvgCharts.BarSeries> series = new ArrayList<>();
        for (final String impl : impls)
        {
            series.add(new SvgCharts.BarSeries(impl, values.get(impl), values.get(impl).stream().map((v) -> 0.0).toList(),
                style.colour(impl)));
        }
        out.append(figure(style, impls, SvgCharts.bars("JMH, " + subject + ": times better than the baseline, per benchmark",
            "times better (1 = same)", categories, series, logY),
            "Same-run ratio of medians per benchmark point, in the order of the summary table (its rows name each " +
            "point in full and give the 95% bootstrap intervals)."));
        return true;
    }

    /**
     * @param p a benchmark point.
     * @return a label short enough for a chart's category axis: the class without "Benchmark", the
     *         method and the parameter values, e.g. {@code RingLookup.lookup long/100}.
     */
    static String shortLabel(final JmhPoint p)
    {
        final String method = p.method().replace("Benchmark.", ".");
        final StringBuilder values = new StringBuilder();
        for (final String param : p.params().split(",\\s*"))
        {
            final int eq = param.indexOf('=');
            if (eq > 0 && !param.startsWith(PROTOCOL_PARAM + "="))
            {
                values.append(values.length() == 0 ? "" : "/").append(param.substring(eq + 1).trim());
            }
        }
        return values.length() == 0 ? method : method + " " + values;
    }

    private static String seriesName(final LoadGroup g, final LoadRun r)
    {
        final long sameImpl = g.runs().stream().filter((o) -> o.impl().equals(r.impl())).count();
        return sameImpl > 1 ? r.impl() + " (" + r.run().runId() + ")" : r.impl();
    }

    private static String figure(final ImplStyle style, final Set<String> impls, final String svg, final String note)
    {
        return "<figure class=\"comparison\" data-impls=\"" + escape(String.join(",", impls)) + "\" data-colours=\"" +
            escape(String.join(",", impls.stream().map(style::css).toList())) + "\">" + svg + "<figcaption class=\"note\">" +
            escape(note) + "</figcaption></figure>\n";
    }

    private static String figure(final ImplStyle style, final List<String> impls, final String svg, final String note)
    {
        return figure(style, new LinkedHashSet<>(impls), svg, note);
    }

    static String swatch(final ImplStyle style, final String impl)
    {
        return "<span class=\"swatch\" style=\"background:" + style.css(impl) + "\"></span>";
    }

    private static double pct(final LoadgenSummary s, final double p)
    {
        final Double v = s.corrected().get(p);
        return null == v ? Double.NaN : v;
    }

    /**
     * @param ns a duration in nanoseconds, NaN when absent.
     * @return it in the unit that reads best: {@code 850 ns}, {@code 12.3 µs}, {@code 4.20 ms}, {@code 1.50 s}.
     */
    static String duration(final double ns)
    {
        if (Double.isNaN(ns))
        {
            return "-";
        }
        if (ns < 1_000)
        {
            return String.format(Locale.ROOT, "%.0f ns", ns);
        }
        if (ns < 1_000_000)
        {
            return String.format(Locale.ROOT, "%.1f µs", ns / 1e3);
        }
        if (ns < 1_000_000_000)
        {
            return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
    }
}
