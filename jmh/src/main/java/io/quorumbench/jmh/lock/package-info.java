/**
 * Lock service benchmarks: {@link io.quorumbench.jmh.lock.LockTableApplyBenchmark}, the cost of
 * applying one lock command in the baseline and the tuned state machine, with the allocation per
 * command ({@code gc.alloc.rate.norm}). The replicated acquire/release round trip is not measured
 * here yet.
 */
package io.quorumbench.jmh.lock;
