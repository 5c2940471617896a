package io.quorumbench.loadgen.workload;

import java.util.Map;

/**
 * Verdicts of a workload's after-run checks.
 *
 * @param linearizable    whether the recorded history is linearizable; {@code null} when not checked.
 * @param lostAckedWrites acknowledged writes whose effect was not visible on read-back (must be 0);
 *                        {@code null} when not checked.
 * @param complete        whether every check ran to the end (a read-back cut short by its deadline
 *                        is not complete, and fails the run rather than passing it unseen).
 * @param details         how the checks were done and what they saw (history mode, counts,
 *                        first violation); written to the summary under {@code verification}.
 */
public record Verification(Boolean linearizable, Long lostAckedWrites, boolean complete, Map<String, Object> details)
{
    /**
     * Whether every check that ran passed.
     *
     * @return false if the history is not linearizable, an acknowledged write was lost, or a check
     *         could not finish.
     */
    public boolean passed()
    {
        return complete && !Boolean.FALSE.equals(linearizable) && (null == lostAckedWrites || lostAckedWrites == 0);
    }
}
