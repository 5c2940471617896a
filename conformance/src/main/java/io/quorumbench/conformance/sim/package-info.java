/**
 * The deterministic cluster simulator. {@link io.quorumbench.conformance.sim.Simulation} runs N
 * protocol nodes built by a {@link io.quorumbench.api.consensus.ProtocolNodeFactory} on one
 * seeded random source and a virtual clock, delivers their frames through a network that applies
 * a {@link io.quorumbench.conformance.sim.FaultPlan} (drop, delay, duplicate, reorder, corrupt,
 * truncate, partitions including swizzle-clog, crashes with or without power loss), drives them
 * with simulated KV clients that record a {@link io.quorumbench.conformance.history.History}, and
 * checks invariants after every event. {@link io.quorumbench.conformance.sim.SimulationConfig}
 * sets the cluster and run shape; a failure is a
 * {@link io.quorumbench.conformance.sim.SimulationFailure} carrying the seed that replays it.
 */
package io.quorumbench.conformance.sim;
