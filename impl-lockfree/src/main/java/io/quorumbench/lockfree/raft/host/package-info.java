/**
 * Deprecated: the old home of the tuned host, now the protocol-neutral
 * {@code io.quorumbench.lockfree.host}. What is left are the thin delegates the benchmarks' fixtures
 * still compile against ({@code InProcessRaftCluster}, {@code RaftClient}) until they take the tuned
 * Raft from the registry ({@code raft/lockfree}, {@link io.quorumbench.lockfree.raft.LockfreeRaft});
 * they go then. (The load generator takes it from the registry since issue 12.)
 */
package io.quorumbench.lockfree.raft.host;
