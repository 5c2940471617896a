/**
 * The baseline host, shared by every protocol: real threads, locks, blocking queues and TCP
 * sockets around a deterministic {@link io.quorumbench.api.consensus.ProtocolNode}, written the
 * way ordinary Java servers are. A protocol brings only its core (a
 * {@link io.quorumbench.api.consensus.ProtocolNodeFactory}) and its frame codec; nothing here
 * looks inside a peer frame.
 *
 * <p>{@link io.quorumbench.baseline.host.NodeServer} owns one node behind a {@code ReentrantLock}:
 * a thread per peer connection (one sender per peer, one reader per inbound connection), a
 * {@code ScheduledExecutorService} that ticks the node and drains the client {@code BlockingQueue}
 * in batches (one fsync per batch under {@code fsync=batch}), and a client endpoint with a thread
 * per client connection. {@link io.quorumbench.baseline.host.NodeClient} is the small blocking
 * client that follows leader hints and retries with the same sequence;
 * {@link io.quorumbench.baseline.host.WorkerPoolSession} puts a pool of them behind the
 * non-blocking {@link io.quorumbench.api.client.ClientSession}, and
 * {@link io.quorumbench.baseline.host.NodeClusterClient} opens such sessions on a running cluster.
 * {@link io.quorumbench.baseline.host.EmbeddedNodeCluster} runs a whole cluster in this process
 * with its client and fault injector, {@link io.quorumbench.baseline.host.NodeMain} one node as a
 * process from a {@link io.quorumbench.api.cluster.ClusterConfig} file, and
 * {@link io.quorumbench.baseline.host.HostOptions} lists the settings a baseline
 * {@link io.quorumbench.api.registry.Implementation} accepts. The byte layouts are in
 * {@code io.quorumbench.baseline.codec}.
 */
package io.quorumbench.baseline.host;
