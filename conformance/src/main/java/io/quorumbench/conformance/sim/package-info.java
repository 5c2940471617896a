/**
 * The deterministic cluster simulator. {@link io.quorumbench.conformance.sim.Simulation} runs N
 * protocol nodes built by a {@link io.quorumbench.api.consensus.ProtocolNodeFactory} on one
 * seeded random source and a virtual clock; {@code SimulatedNetwork} delivers their frames and
 * {@code FaultDriver} runs the {@link io.quorumbench.conformance.sim.FaultPlan} (drop, delay,
 * duplicate, reorder, corrupt, truncate, partitions including swizzle-clog, crashes with or without
 * power loss); simulated clients of a {@link io.quorumbench.conformance.sim.ClientModel} (the KV
 * register by default, see {@link io.quorumbench.conformance.sim.Workload}) record a
 * {@link io.quorumbench.conformance.history.History}; the protocol's invariants are checked after
 * every event, and {@code ScriptedRun} is the scripted run of one seed. {@link io.quorumbench.conformance.sim.SimulationConfig}
 * sets the cluster and run shape; a failure is a
 * {@link io.quorumbench.conformance.sim.SimulationFailure} carrying the seed that replays it.
 */
package io.quorumbench.conformance.sim;
