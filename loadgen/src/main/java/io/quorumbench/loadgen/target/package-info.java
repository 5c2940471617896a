/**
 * What the load generator drives. A {@link io.quorumbench.loadgen.target.LoadTarget} owns a
 * system under test (no-op, fake, or a cluster of one registered protocol × implementation pair:
 * {@link io.quorumbench.loadgen.target.EmbeddedClusterTarget} in this process,
 * {@link io.quorumbench.loadgen.target.SpawnedClusterTarget} as member processes,
 * {@link io.quorumbench.loadgen.target.RunningClusterTarget} started elsewhere) and hands each
 * sender thread its own {@link io.quorumbench.api.client.ClientSession}: a non-blocking
 * {@code trySend} and a {@code poll} that delivers completions on the sender's thread through a
 * {@link io.quorumbench.api.client.CompletionHandler}. Targets stamp completion times as
 * close to the wire as they can, so latency does not depend on how often the sender polls.
 *
 * <p>{@link io.quorumbench.loadgen.target.NoopTarget} proves the generator's own capacity;
 * {@link io.quorumbench.loadgen.target.DelayTarget} is a fake with a fixed delay and an optional
 * stall, for tests of the bookkeeping (coordinated omission, falling behind).
 */
package io.quorumbench.loadgen.target;
