/**
 * The consistent-hash placement contract shared by every ring implementation.
 *
 * <p>{@link io.quorumbench.api.ring.ConsistentHashRing} is implemented by the plain ketama ring in
 * {@code impl-baseline}, by the array ring, jump hash and Maglev in {@code impl-lockfree}, and is
 * checked for each of them by {@code io.quorumbench.conformance.ring} in the conformance kit.
 */
package io.quorumbench.api.ring;
