/**
 * Faults injected into a running target at planned times: a
 * {@link io.quorumbench.loadgen.fault.FaultInjector} is what a target offers (today: kill the
 * leader), a {@link io.quorumbench.loadgen.fault.FaultEvent} is what the run records. The per-second
 * samples of the summary then show the fail-over, and the run's history and read-back check that
 * no acknowledged write was lost across it.
 */
package io.quorumbench.loadgen.fault;
