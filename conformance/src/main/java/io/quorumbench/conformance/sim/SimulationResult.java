package io.quorumbench.conformance.sim;

import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.linearizability.LinearizabilityResult;

/**
 * What a completed simulated run observed.
 *
 * @param seed               the seed.
 * @param plan               the fault plan.
 * @param history            every client operation.
 * @param linearizability    verdict on the history ({@code null} if not checked).
 * @param traceHash          hash of every event in order; equal seeds give equal hashes.
 * @param events             events executed.
 * @param virtualEndNs       virtual time at the end.
 * @param stats              counters of what happened.
 * @param relaxedViolations  invariant violations tolerated because power loss with fsync NONE allows them.
 * @param firstRelaxedViolation the first of them, or {@code null}.
 */
public record SimulationResult(
    long seed,
    FaultPlan plan,
    History history,
    LinearizabilityResult linearizability,
    long traceHash,
    long events,
    long virtualEndNs,
    SimulationStats stats,
    long relaxedViolations,
    String firstRelaxedViolation)
{
    /**
     * One-line summary.
     *
     * @return the summary.
     */
    public String summary()
    {
        return "seed=" + seed + " plan=" + plan.name() + " events=" + events + " virtual=" + virtualEndNs / 1_000_000 +
            "ms " + stats + (relaxedViolations > 0 ? " toleratedViolations=" + relaxedViolations : "");
    }
}
