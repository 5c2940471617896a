/**
 * The benchmark harness: runs JMH suites and records them as run directories.
 *
 * <p>{@link io.quorumbench.jmh.SuiteRunner} is the entry point ({@code scripts/jmh}). It selects the
 * benchmarks of one or all {@link io.quorumbench.jmh.BenchmarkSuite}s (listed in
 * {@link io.quorumbench.jmh.Suites}), runs them through JMH's Runner API with the GC profiler in the
 * {@link io.quorumbench.jmh.Mode} asked for, reads JMH's JSON back as
 * {@link io.quorumbench.jmh.BenchmarkScore}s, checks each suite's {@link io.quorumbench.jmh.Target}s
 * and prints a {@link io.quorumbench.jmh.ComparisonTable}. Every fork runs with the flags of
 * {@link io.quorumbench.api.runtime.JvmFlags#benchmarkFork()}, the one file every JVM of the harness
 * reads: the runner prepends them, and so does {@link io.quorumbench.jmh.BenchmarksMain}, the main
 * class of {@code benchmarks.jar} (JMH's command line with those flags in front).
 *
 * <p>Benchmarks live in sub-packages per building block ({@code ring}, later {@code raft}, ...), each
 * with its suite class, every benchmark parameterised by {@code impl} with the baseline in the same run.
 */
package io.quorumbench.jmh;
