/**
 * The Aeron/Agrona host of the tuned Raft.
 *
 * <p>One {@link io.quorumbench.lockfree.raft.host.RaftAgent} per node: its duty cycle retries
 * back-pressured frames, polls one Aeron subscription per peer (zero-copy into
 * {@code RaftCore.onMessage(int, DirectBuffer, int, int)}), polls the node's client ingress
 * {@code ManyToOneRingBuffer}, ticks the core with a clock read once per cycle, and lets the core
 * flush its outbox into per-peer {@code ExclusivePublication}s
 * ({@link io.quorumbench.lockfree.raft.host.AeronOutbox}); client outcomes go to each client's
 * egress ring buffer. Several agents compose on one thread with {@code CompositeAgent}.
 *
 * <p>{@link io.quorumbench.lockfree.raft.host.InProcessRaftCluster} runs N nodes over Aeron IPC
 * with an embedded media driver for tests and benchmarks; clients use
 * {@link io.quorumbench.lockfree.raft.host.RaftClient}. Frame layouts between clients and nodes
 * are in {@link io.quorumbench.lockfree.codec.ClientMessageDescriptor}; streams and channels
 * in {@link io.quorumbench.lockfree.raft.host.RaftChannels}.
 * {@link io.quorumbench.lockfree.raft.host.LockfreeNodeMain} runs one node per process over
 * Aeron UDP.
 */
package io.quorumbench.lockfree.raft.host;
