/**
 * The HTML report: {@link io.quorumbench.analysis.report.ReportBuilder} turns run directories
 * ({@code context.json}, {@code targets.json}, {@code jmh.json}, {@code summary.json},
 * {@code flame/index.json}) into one self-contained page that opens with the comparison
 * ({@link io.quorumbench.analysis.report.Comparison}: a summary per subject with verdict
 * {@link io.quorumbench.analysis.report.Badge badges}, charts with every implementation on one chart)
 * and keeps each run's section as the appendix; {@link io.quorumbench.analysis.report.ImplStyle} orders
 * and colours the implementations from the registry; {@link io.quorumbench.analysis.report.SvgCharts}
 * draws the charts with XChart as inline SVG under wrapped titles;
 * {@link io.quorumbench.analysis.report.ReportCommand} is {@code scripts/report}, and
 * {@link io.quorumbench.analysis.report.BenchRunCommand} makes a {@code scripts/bench} run a directory of
 * its own ({@link io.quorumbench.analysis.report.BenchIndex}).
 *
 * <p>Load runs are judged here too: {@link io.quorumbench.analysis.report.RecordedRun} reads a
 * {@code summary.json} or {@code sweep.json} with its verdicts (deriving them under today's rule
 * for files written before they were explicit), {@link io.quorumbench.analysis.report.LoadTargets}
 * judges the load targets that apply to its scenario into {@code targets.json}, and
 * {@link io.quorumbench.analysis.report.LoadTargetsCommand} is {@code scripts/targets}.
 */
package io.quorumbench.analysis.report;
