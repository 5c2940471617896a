/**
 * How every client of a replicated service looks to its callers (the load generator, the
 * benchmarks, tests): a {@link io.quorumbench.api.client.ClusterClient} opens
 * {@link io.quorumbench.api.client.ClientSession}s, each owned by one thread, with a non-blocking
 * {@code trySend} and a {@code poll} that hands outcomes to a
 * {@link io.quorumbench.api.client.CompletionHandler} on the owner's thread. Each implementation
 * provides its own client (ring buffers in process, Aeron UDP, TCP, a peer's own client library):
 * leader discovery, retries with the same sequence, and resends live there, so the callers are
 * protocol- and implementation-neutral.
 */
package io.quorumbench.api.client;
