/**
 * The baseline Raft host: real threads, locks, blocking queues and TCP sockets around the
 * deterministic {@link io.quorumbench.baseline.raft.RaftNode}, written the way ordinary Java
 * servers are.
 *
 * <p>{@link io.quorumbench.baseline.raft.host.RaftServer} owns one node behind a
 * {@code ReentrantLock}: a thread per peer connection (one sender per peer, one reader per inbound
 * connection), a {@code ScheduledExecutorService} that ticks the node and drains the client
 * {@code BlockingQueue} in batches (one fsync per batch under {@code fsync=batch}), and a client
 * endpoint with a thread per client connection. {@link io.quorumbench.baseline.raft.host.RaftClient}
 * is the small blocking client; {@link io.quorumbench.baseline.raft.host.ClientProtocolDescriptor}
 * documents the client wire format and {@link io.quorumbench.baseline.raft.host.PeerProtocolDescriptor}
 * the peer stream. {@link io.quorumbench.baseline.raft.host.BaselineNodeMain} runs one node as a
 * process from a {@link io.quorumbench.api.cluster.ClusterConfig} file.
 */
package io.quorumbench.baseline.raft.host;
