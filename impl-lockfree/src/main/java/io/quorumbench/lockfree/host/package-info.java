/**
 * The Aeron/Agrona host of every tuned protocol: a protocol plugs in with a zero-copy core
 * ({@link io.quorumbench.lockfree.host.DirectProtocolNode}) built by a
 * {@link io.quorumbench.lockfree.host.DirectNodeFactory}, and its codec; nothing here knows which
 * protocol it runs.
 *
 * <p>One {@link io.quorumbench.lockfree.host.NodeAgent} per node: its duty cycle retries
 * back-pressured frames, polls one Aeron subscription per peer (zero-copy into
 * {@code DirectProtocolNode.onMessage(int, DirectBuffer, int, int)}), polls the node's client
 * ingress {@code ManyToOneRingBuffer}, ticks the core with a clock read once per cycle, and lets the
 * core flush its outbox into per-peer {@code ExclusivePublication}s
 * ({@link io.quorumbench.lockfree.host.AeronOutbox}); client outcomes go to each client's egress
 * ring buffer ({@link io.quorumbench.lockfree.host.ClientRegistry}). Several agents compose on one
 * thread with {@code CompositeAgent}, and that thread may also invoke the embedded media driver
 * ({@link io.quorumbench.lockfree.host.InvokedAeron}) or hand its duty cycle to a client thread
 * ({@link io.quorumbench.lockfree.host.SharedDutyCycle}).
 *
 * <p>{@link io.quorumbench.lockfree.host.InProcessCluster} runs N nodes over Aeron IPC with an
 * embedded media driver, configured by its {@code Context}; clients use
 * {@link io.quorumbench.lockfree.host.InProcessClient}. {@link io.quorumbench.lockfree.host.NodeMain}
 * runs one node per process over Aeron UDP, with {@link io.quorumbench.lockfree.host.AeronClientTransport}
 * serving {@link io.quorumbench.lockfree.host.UdpClient}s. Both kinds of client report to a
 * {@link io.quorumbench.lockfree.host.ResponseHandler}; message layouts between clients and nodes
 * are in {@code io.quorumbench.lockfree.codec.ClientMessageDescriptor}, streams and channels in
 * {@link io.quorumbench.lockfree.host.NodeChannels}.
 *
 * <p>The harness's client contract ({@code io.quorumbench.api.client.ClientSession}) with leader
 * tracking, retries and resends, and the fault injector of an embedded cluster, are in
 * {@code RetryingSession},
 * {@link io.quorumbench.lockfree.host.EmbeddedNodeCluster} and
 * {@link io.quorumbench.lockfree.host.UdpClusterClient}.
 */
package io.quorumbench.lockfree.host;
