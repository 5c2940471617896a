/**
 * The HTML report: {@link io.quorumbench.loadgen.report.ReportBuilder} turns run directories
 * ({@code context.json}, {@code targets.json}, {@code jmh.json}, {@code summary.json},
 * {@code flame/index.json}) into one self-contained page; {@link io.quorumbench.loadgen.report.SvgCharts}
 * draws its charts with XChart as inline SVG; {@link io.quorumbench.loadgen.report.ReportCommand} is
 * {@code scripts/report}.
 */
package io.quorumbench.loadgen.report;
