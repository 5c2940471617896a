/**
 * Lock service benchmarks: {@link io.quorumbench.jmh.lock.LockTableApplyBenchmark}, the cost of
 * applying one lock command in the baseline and the tuned state machine, with the allocation per
 * command ({@code gc.alloc.rate.norm}); {@link io.quorumbench.jmh.lock.LockRoundTripBenchmark}, the
 * replicated acquire/release round trip on any registered pair's embedded cluster running the lock
 * service, through that implementation's own client.
 */
package io.quorumbench.jmh.lock;
