package io.quorumbench.loadgen.workload;

import java.util.Map;

/**
 * Verdicts of a workload's after-run checks.
 *
 * @param linearizable    whether the recorded history is linearizable; {@code null} when not checked.
 * @param lostAckedWrites acknowledged writes whose effect was not visible on read-back (must be 0);
 *                        {@code null} when not checked.
 * @param details         how the checks were done and what they saw (history mode, counts,
 *                        first violation); written to the summary under {@code verification}.
 */
public record Verification(Boolean linearizable, Long lostAckedWrites, Map<String, Object> details)
{
    /**
     * Whether every check that ran passed.
     *
     * @return false if the history is not linearizable or an acknowledged write was lost.
     */
    public boolean passed()
    {
        return !Boolean.FALSE.equals(linearizable) && (null == lostAckedWrites || lostAckedWrites == 0);
    }
}
