/**
 * Raft's own benchmarks, tuned ({@code lockfree}) and plain ({@code baseline}) side by side in one run.
 *
 * <ul>
 *   <li>{@link io.quorumbench.jmh.raft.RaftLogAppendBenchmark}: durable log append per fsync policy,
 *       {@code FileLog} vs {@code MappedRaftLog};</li>
 *   <li>{@link io.quorumbench.jmh.raft.RaftCodecBenchmark}: encode and decode of an AppendEntries
 *       frame carrying K commands, {@code DataOutputStream}/records vs flyweights.</li>
 * </ul>
 *
 * <p>Commit latency and throughput through 3-node clusters are protocol-neutral and live in
 * {@code io.quorumbench.jmh.consensus}; {@link io.quorumbench.jmh.raft.RaftSuite} runs them with
 * {@code protocol=raft} and lists the suite's targets.
 */
package io.quorumbench.jmh.raft;
