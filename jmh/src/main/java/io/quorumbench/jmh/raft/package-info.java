/**
 * Raft benchmarks, tuned ({@code lockfree}) and plain ({@code baseline}) side by side in one run.
 *
 * <ul>
 *   <li>{@link io.quorumbench.jmh.raft.RaftCommitLatencyBenchmark}: one command at a time through a
 *       3-node cluster in this JVM (sample time, so the median is recorded);</li>
 *   <li>{@link io.quorumbench.jmh.raft.RaftCommitThroughputBenchmark}: a window of commands in flight
 *       from one client, commits per second;</li>
 *   <li>{@link io.quorumbench.jmh.raft.RaftLogAppendBenchmark}: durable log append per fsync policy,
 *       {@code FileLog} vs {@code MappedRaftLog};</li>
 *   <li>{@link io.quorumbench.jmh.raft.RaftCodecBenchmark}: encode and decode of an AppendEntries
 *       frame carrying K commands, {@code DataOutputStream}/records vs flyweights.</li>
 * </ul>
 *
 * <p>Both cluster benchmarks drive their cluster through a {@link io.quorumbench.jmh.raft.RaftFixture}:
 * {@link io.quorumbench.jmh.raft.BaselineRaftFixture} (three {@code NodeServer}s of Raft on loopback TCP, the
 * baseline's blocking {@code NodeClient} for one-at-a-time commits and
 * {@link io.quorumbench.jmh.raft.BaselinePipelinedClient} for the window) and
 * {@link io.quorumbench.jmh.raft.LockfreeRaftFixture} ({@code InProcessCluster} of Raft over Aeron IPC,
 * its ring-buffer client). Every fixture checks every answer: the nodes run a
 * {@link io.quorumbench.api.kv.CountingStateMachine}, so the n-th command of the only client must
 * come back committed with count n; anything else, or no answer within
 * {@link io.quorumbench.jmh.raft.RaftBenchSettings#COMMIT_TIMEOUT_MS}, fails the run.
 * {@link io.quorumbench.jmh.raft.RaftSuite} lists the suite's targets.
 */
package io.quorumbench.jmh.raft;
