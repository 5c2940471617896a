/**
 * Consistent-hash ring benchmarks and the ring quality report.
 *
 * <p>{@link io.quorumbench.jmh.ring.RingLookupBenchmark} measures lookups per placement
 * ({@link io.quorumbench.jmh.ring.RingImpl}), node count and key type;
 * {@link io.quorumbench.jmh.ring.RingHashBenchmark} the hashing alone, so lookup cost splits into
 * hash and search; {@link io.quorumbench.jmh.ring.RingChurnBenchmark} readers during membership
 * changes. Each checks its ring's answers in setup ({@code RingAnswerCheck}) before measuring.
 * {@link io.quorumbench.jmh.ring.RingQualityReport} measures what is not time per lookup: balance,
 * keys moved by a change, retained heap, build time. {@link io.quorumbench.jmh.ring.RingSuite}
 * ties them together for the runner and states the targets.
 */
package io.quorumbench.jmh.ring;
