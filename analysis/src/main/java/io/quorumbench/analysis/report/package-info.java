/**
 * The HTML report: {@link io.quorumbench.analysis.report.ReportBuilder} turns run directories
 * ({@code context.json}, {@code targets.json}, {@code jmh.json}, {@code summary.json},
 * {@code flame/index.json}) into one self-contained page; {@link io.quorumbench.analysis.report.SvgCharts}
 * draws its charts with XChart as inline SVG; {@link io.quorumbench.analysis.report.ReportCommand} is
 * {@code scripts/report}.
 *
 * <p>Load runs are judged here too: {@link io.quorumbench.analysis.report.RecordedRun} reads a
 * {@code summary.json} or {@code sweep.json} with its verdicts (deriving them under today's rule
 * for files written before they were explicit), {@link io.quorumbench.analysis.report.LoadTargets}
 * judges the load targets that apply to its scenario into {@code targets.json}, and
 * {@link io.quorumbench.analysis.report.LoadTargetsCommand} is {@code scripts/targets}.
 */
package io.quorumbench.analysis.report;
