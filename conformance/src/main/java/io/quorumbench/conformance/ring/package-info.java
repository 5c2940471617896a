/**
 * Conformance checks for {@link io.quorumbench.api.ring.ConsistentHashRing} placements.
 *
 * <p>{@link io.quorumbench.conformance.ring.RingConformanceSuite} is an abstract JUnit 5 suite:
 * each implementation's test extends it, supplies a factory and its recorded
 * {@link io.quorumbench.conformance.ring.PlacementChecksum}, and inherits every check (determinism,
 * balance, movement, races with membership changes, bad input). {@link
 * io.quorumbench.conformance.ring.RingQuality} computes the balance and movement figures the suite
 * asserts, for reports as well as tests.
 */
package io.quorumbench.conformance.ring;
