/**
 * Abstract conformance suites for replicated logs.
 * {@link io.quorumbench.conformance.consensus.ConsensusConformanceSuite} is extended by each
 * implementation's tests with its {@link io.quorumbench.api.consensus.ProtocolNodeFactory}; it runs
 * hundreds of seeded simulations with faults, checks invariants, liveness and linearizability, and
 * feeds bad frames crafted from real ones.
 */
package io.quorumbench.conformance.consensus;
