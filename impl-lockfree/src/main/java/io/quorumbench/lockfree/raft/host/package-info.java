/**
 * Deprecated: the old home of the tuned host, now the protocol-neutral
 * {@code io.quorumbench.lockfree.host}. What is left are thin delegates the load generator and the
 * benchmarks still compile against until they take the tuned Raft from the registry
 * ({@code raft/lockfree}, {@link io.quorumbench.lockfree.raft.LockfreeRaft}); they go then.
 */
package io.quorumbench.lockfree.raft.host;
