package io.quorumbench.loadgen.workload.kv;

import io.quorumbench.api.results.CheckResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The explicit opt-out of the history check ({@code --no-history-check}): the workload records no
 * history, and the verdict is SKIPPED with the option named, so a summary never shows a check that
 * did not happen, and a run without it is not inconclusive for that reason.
 */
public final class SkippedHistoryChecker implements HistoryChecker
{
    private final String reason;

    /**
     * An opt-out.
     *
     * @param reason what opted out, e.g. "history check skipped by --no-history-check".
     */
    public SkippedHistoryChecker(final String reason)
    {
        this.reason = reason;
    }

    /** {@inheritDoc} */
    @Override
    public Result check(final List<KvHistoryOp> ops, final long deadlineNs)
    {
        final Map<String, Object> details = new LinkedHashMap<>();
        details.put("checker", "none");
        details.put("checked", false);
        details.put("verdict", "SKIPPED");
        details.put("why", reason);
        return new Result(CheckResult.skipped(reason), details);
    }

    /** {@inheritDoc} */
    @Override
    public boolean wantsHistory()
    {
        return false;
    }
}
