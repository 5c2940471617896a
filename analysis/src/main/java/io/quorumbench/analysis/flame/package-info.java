/**
 * Flame graphs of each implementation and normalised differential flame graphs between them.
 *
 * <p>Pipeline: async-profiler (from its Maven artifact, {@link io.quorumbench.analysis.flame.AsyncProfilerLibrary})
 * records JFR over the measured window only (JMH's {@code -prof async}, or
 * {@link io.quorumbench.analysis.flame.ProfilerSession} around a load scenario's window); the JFR is
 * the master record (kept under {@code results/<run-id>/flame/raw/}, not committed).
 * {@link io.quorumbench.analysis.flame.JfrProfileReader} turns it into
 * {@link io.quorumbench.analysis.flame.StackProfile collapsed stacks} and reads which engine really
 * sampled; {@link io.quorumbench.analysis.flame.ProfileStore} keeps stacks, a
 * {@link io.quorumbench.analysis.flame.ProfileMeta description} and the flame graphs side by side:
 * async-profiler's own interactive HTML ({@link io.quorumbench.analysis.flame.ConverterFlameGraph},
 * its {@code jfr-converter}) in both directions, and the normalised graph drawn by
 * {@link io.quorumbench.analysis.flame.FlameGraphHtml}, a unit the converter does not have.
 *
 * <p>Comparing: {@link io.quorumbench.analysis.flame.DifferentialProfile} scales both profiles by a
 * {@link io.quorumbench.analysis.flame.Normalisation} (per operation from JMH's operation count, or
 * per total weight) before subtracting, so run length does not masquerade as cost, and draws both
 * directions with {@link io.quorumbench.analysis.flame.FlameGraphHtml} (self-contained SVG in HTML; the
 * converter has no differential graph).
 */
package io.quorumbench.analysis.flame;
