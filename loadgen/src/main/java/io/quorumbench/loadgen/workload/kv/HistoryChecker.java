package io.quorumbench.loadgen.workload.kv;

import io.quorumbench.api.results.CheckResult;

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
     * Check a history. The workload never calls this with an empty history (that is inconclusive
     * before any checker runs) unless {@link #wantsHistory()} is false.
     *
     * @param ops        the operations, in completion order per process.
     * @param deadlineNs {@link System#nanoTime()} by which to give up (and say so).
     * @return the verdict: PASS (linearizable), FAIL (a violation, with a witness in the details),
     *         or INCONCLUSIVE (the search gave up: never read as a pass).
     */
    Result check(List<KvHistoryOp> ops, long deadlineNs);

    /**
     * Whether the workload should record a history for this checker. False only for the explicit
     * opt-out ({@link SkippedHistoryChecker}), whose verdict is SKIPPED whatever it is given.
     *
     * @return true by default.
     */
    default boolean wantsHistory()
    {
        return true;
    }

    /**
     * A verdict.
     *
     * @param verdict the verdict and its reason.
     * @param details what was checked and, on a violation, where.
     */
    record Result(CheckResult verdict, Map<String, Object> details)
    {
    }
}
