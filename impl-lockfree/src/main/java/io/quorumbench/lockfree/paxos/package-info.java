/**
 * The tuned batched Multi-Paxos: a deterministic core
 * ({@link io.quorumbench.lockfree.paxos.PaxosCore}: proposer, acceptor and learner) over an
 * off-heap memory-mapped log of accepted slots with holes
 * ({@link io.quorumbench.lockfree.paxos.MappedSlotLog}) and a promised-ballot file (Raft's
 * {@link io.quorumbench.lockfree.raft.HardStateFile}), speaking the flyweight frames of
 * {@code io.quorumbench.lockfree.paxos.codec}, built by
 * {@link io.quorumbench.lockfree.paxos.LockfreePaxosFactory} with the knobs of
 * {@link io.quorumbench.lockfree.paxos.PaxosTuning} and registered as {@code paxos/lockfree} by
 * {@link io.quorumbench.lockfree.paxos.LockfreePaxos}. Client sessions are Raft's
 * {@link io.quorumbench.lockfree.raft.ClientSessions}, which know nothing of Raft.
 *
 * <p>The core has no threads, clock, sockets or randomness of its own: the conformance
 * simulator or the Aeron host in {@code io.quorumbench.lockfree.host} drives it. Its hot
 * paths (batch, encode, decode, accept, commit, apply, respond) allocate nothing in steady state.
 */
package io.quorumbench.lockfree.paxos;
