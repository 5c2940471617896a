package io.quorumbench.loadgen.workload.kv;

import java.util.List;
import java.util.Map;

/**
 * Checks a KV history for linearizability (a register per key). One call, so the conformance
 * kit's checker plugs in without touching the workload.
 *
 * <p><b>Threading</b>: called once, on the controlling thread, after the run.
 */
@FunctionalInterface
public interface HistoryChecker
{
    /**
     * Check a history.
     *
     * @param ops        the operations, in completion order per process.
     * @param deadlineNs {@link System#nanoTime()} by which to give up (and say so).
     * @return the verdict.
     */
    Result check(List<KvHistoryOp> ops, long deadlineNs);

    /**
     * A verdict.
     *
     * @param linearizable true/false, or {@code null} if the check could not be made.
     * @param details      what was checked and, on a violation, where.
     */
    record Result(Boolean linearizable, Map<String, Object> details)
    {
    }
}
