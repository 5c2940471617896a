/**
 * The key-value application every replicated log runs in tests, the load generator and the
 * benchmarks.
 *
 * <p>{@link io.quorumbench.api.kv.KvCommand} is the command layout (PUT, GET, CAS; little-endian,
 * offsets as constants) with encoders and allocation-free decoders;
 * {@link io.quorumbench.api.kv.KvResult} is the result layout;
 * {@link io.quorumbench.api.kv.KvStateMachine} applies commands to a sorted map, deterministically,
 * and answers malformed input with an {@code INVALID} result rather than an exception.
 * {@link io.quorumbench.api.kv.NoOpStateMachine} and
 * {@link io.quorumbench.api.kv.CountingStateMachine} are near-zero-cost stand-ins for benchmarks of
 * the log alone.
 */
package io.quorumbench.api.kv;
