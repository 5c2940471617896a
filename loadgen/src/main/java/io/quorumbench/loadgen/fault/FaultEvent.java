package io.quorumbench.loadgen.fault;

/**
 * A fault that happened during a run, for the summary.
 *
 * @param atNs   time since the run's start, nanoseconds.
 * @param action what was done, e.g. {@code kill-leader}.
 * @param nodeId the node it was done to, or -1.
 * @param note   what came of it, e.g. {@code "no leader to kill"}; empty if nothing to add.
 */
public record FaultEvent(long atNs, String action, int nodeId, String note)
{
}
