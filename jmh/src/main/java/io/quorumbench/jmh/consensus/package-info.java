/**
 * Commit benchmarks of every replicated-log protocol in the registry, tuned and baseline side by
 * side in one run: a protocol registered in {@code api.registry} is measured here without code of
 * its own ({@code -p protocol=raft,paxos}).
 *
 * <ul>
 *   <li>{@link io.quorumbench.jmh.consensus.CommitLatencyBenchmark}: one command at a time through a
 *       3-node cluster in this JVM (sample time, so the median is recorded);</li>
 *   <li>{@link io.quorumbench.jmh.consensus.CommitThroughputBenchmark}: a window of commands in
 *       flight from one client, commits per second.</li>
 * </ul>
 * Their bodies are {@link io.quorumbench.jmh.consensus.SingleCommitBenchmark} and
 * {@link io.quorumbench.jmh.consensus.PipelinedCommitBenchmark}, abstract without a {@code protocol}
 * param, so a protocol's own benchmarks reuse them with knobs of their own passed as implementation
 * options ({@link io.quorumbench.jmh.consensus.ClusterParams#implementationOptions()}; e.g.
 * {@code io.quorumbench.jmh.paxos}'s batch and window).
 *
 * <p>Both drive their cluster through a {@link io.quorumbench.jmh.consensus.CommitFixture}, chosen by
 * the implementation's kind in the registry: {@link io.quorumbench.jmh.consensus.BaselineCommitFixture}
 * (three {@code NodeServer}s on loopback TCP, the baseline's blocking {@code NodeClient} for
 * one-at-a-time commits and {@link io.quorumbench.jmh.consensus.BaselinePipelinedClient} for the
 * window) and {@link io.quorumbench.jmh.consensus.TunedCommitFixture} ({@code InProcessCluster} over
 * Aeron IPC, its ring-buffer client, nothing allocated per command so {@code gc.alloc.rate.norm}
 * measures the cluster). Every fixture checks every answer: the nodes run a
 * {@link io.quorumbench.api.kv.CountingStateMachine}, so the n-th command of the only client must
 * come back committed with count n; anything else, or no answer within
 * {@link io.quorumbench.jmh.consensus.ConsensusBenchSettings#COMMIT_TIMEOUT_MS}, fails the run.
 *
 * <p>Results of these benchmarks recorded before they moved here (as
 * {@code io.quorumbench.jmh.raft.RaftCommit*Benchmark}, without a {@code protocol} parameter) are
 * read under their new names with {@code protocol=raft} by the result tools, so old runs and the
 * gate's reference stay comparable.
 */
package io.quorumbench.jmh.consensus;
