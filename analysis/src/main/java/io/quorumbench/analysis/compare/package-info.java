/**
 * Comparing recorded runs and the noise-aware regression gate.
 *
 * <p>Readers: {@link io.quorumbench.analysis.compare.JmhJsonReader} (JMH JSON with every fork's and
 * iteration's raw data), {@link io.quorumbench.analysis.compare.LoadgenSummary} (the load
 * generator's {@code summary.json}; the expected fields are documented there) and
 * {@link io.quorumbench.analysis.compare.RunInput} (a {@code results/<run-id>/} directory with its
 * {@code context.json}). Bad input raises {@link io.quorumbench.analysis.compare.ResultFileException}
 * naming the file and the field.
 *
 * <p>Deciding: {@link io.quorumbench.analysis.compare.NoiseStats} (medians, seeded bootstrap of the
 * ratio of medians, Mann-Whitney U), {@link io.quorumbench.analysis.compare.MetricComparator} (the
 * rule: outside the noise band by both tests and at least the minimum effect),
 * {@link io.quorumbench.analysis.compare.RunComparison} (context check, matching, all metrics).
 *
 * A metric whose samples cannot reach significance is
 * {@link io.quorumbench.analysis.compare.Verdict#INSUFFICIENT_SAMPLES}, never a silent pass.
 *
 * <p>Gating: {@link io.quorumbench.analysis.gate.GateRules} (what is gated, the reference, the
 * re-run budget), {@link io.quorumbench.analysis.gate.GateCheck} (allocation in every iteration,
 * ratio floors, the ratio against the reference; refusals of unjudgeable scores),
 * {@link io.quorumbench.analysis.gate.GateReference} (the committed reference and each ratio's
 * band from an A/A of it at the judged run's size) and
 * {@link io.quorumbench.analysis.gate.GateRun} (the decision, re-running ratios that did not pass
 * with more forks). {@link io.quorumbench.analysis.compare.AaSplit} splits one run for
 * {@code scripts/compare --aa}.
 *
 * <p>Entry points: {@link io.quorumbench.analysis.compare.CompareCommand} ({@code scripts/compare})
 * and {@link io.quorumbench.analysis.gate.GateCommand} ({@code scripts/gate}: allocation, ratio
 * floors and ratios against the committed reference measured in one short run, never absolute times).
 */
package io.quorumbench.analysis.compare;
