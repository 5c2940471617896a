/**
 * Multi-Paxos benchmarks, tuned ({@code impl-lockfree}) and baseline ({@code impl-baseline}) in one
 * run, and the suite that runs them ({@link io.quorumbench.jmh.paxos.PaxosSuite}, {@code scripts/jmh
 * --suite paxos}).
 *
 * <ul>
 *   <li>{@link io.quorumbench.jmh.paxos.PaxosBatchThroughputBenchmark} and
 *       {@link io.quorumbench.jmh.paxos.PaxosBatchLatencyBenchmark}: the protocol-neutral commit
 *       benchmarks of {@code io.quorumbench.jmh.consensus} over the two Paxos knobs, {@code batch}
 *       (commands per slot) × {@code slots} (the Paxos window), passed to the registry as the
 *       implementation options both Paxos pairs take;</li>
 *   <li>{@link io.quorumbench.jmh.paxos.PaxosCodecBenchmark}: phase 2a accept and phase 1b promise
 *       frames, flyweights vs the baseline codec;</li>
 *   <li>{@link io.quorumbench.jmh.paxos.PaxosLogAppendBenchmark}: an acceptor's log append per fsync
 *       policy, {@code MappedSlotLog} vs {@code AcceptorLog}.</li>
 * </ul>
 */
package io.quorumbench.jmh.paxos;
