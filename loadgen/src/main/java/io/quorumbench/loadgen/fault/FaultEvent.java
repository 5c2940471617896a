package io.quorumbench.loadgen.fault;

/**
 * A fault that happened during a run, for the summary.
 *
 * @param atNs   time since the run's start when it was done, nanoseconds.
 * @param action what was done, e.g. {@code kill-leader}, {@code partition}.
 * @param nodeId the (first) node it was done to, or -1.
 * @param note   what came of it, e.g. {@code "no leader to kill"}, or the nodes of a partition;
 *               empty if nothing to add.
 */
public record FaultEvent(long atNs, String action, int nodeId, String note)
{
}
