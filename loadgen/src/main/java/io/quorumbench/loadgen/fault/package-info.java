/**
 * Faults injected into a running target at planned times. A {@link io.quorumbench.loadgen.fault.FaultSchedule}
 * is the plan ({@code --faults}, {@code --faults-file}: {@code TIME:ACTION[:NODES]} entries of a
 * {@link io.quorumbench.api.fault.FaultAction}); a {@link io.quorumbench.api.fault.FaultInjector}
 * is what a target offers (kill, restart, pause, resume, partition, heal, each with a stated model:
 * in-process "pause" cuts links, it cannot freeze a node that shares threads); a
 * {@link io.quorumbench.loadgen.fault.FaultEvent} is what the run records. The run
 * ({@code engine.LoadRun}) fires the entries from its monitor thread and measures each fault's
 * unavailability window from the senders' own stamps; the history and read-back checks then show
 * that no acknowledged write was lost across it.
 */
package io.quorumbench.loadgen.fault;
