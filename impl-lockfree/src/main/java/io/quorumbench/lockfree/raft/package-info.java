/**
 * The tuned Raft: a deterministic core ({@link io.quorumbench.lockfree.raft.RaftCore}) over an
 * off-heap memory-mapped log ({@link io.quorumbench.lockfree.raft.MappedRaftLog}) and hard-state
 * file ({@link io.quorumbench.lockfree.raft.HardStateFile}), speaking the flyweight frames of
 * {@code io.quorumbench.lockfree.raft.codec}, built by
 * {@link io.quorumbench.lockfree.raft.LockfreeRaftFactory} with the knobs of
 * {@link io.quorumbench.lockfree.raft.RaftTuning}.
 *
 * <p>The core has no threads, clock, sockets or randomness of its own: the conformance
 * simulator or the Aeron host in {@code io.quorumbench.lockfree.host} drives it. Its hot
 * paths (encode, decode, append, commit, apply, respond) allocate nothing in steady state.
 */
package io.quorumbench.lockfree.raft;
