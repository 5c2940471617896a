package io.quorumbench.loadgen.workload.kv;

import io.quorumbench.api.results.CheckResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A history checker that cannot check: its verdict is INCONCLUSIVE, so a run that asked for the
 * check and got none is never taken for a passed one. (Tests use it where the history is not
 * the point; the opt-out that skips the check on purpose is {@link SkippedHistoryChecker}.)
 */
public final class UnavailableHistoryChecker implements HistoryChecker
{
    /** {@inheritDoc} */
    @Override
    public Result check(final List<KvHistoryOp> ops, final long deadlineNs)
    {
        final String why = "no linearizability checker is wired in";
        final Map<String, Object> details = new LinkedHashMap<>();
        details.put("checker", "none");
        details.put("checked", false);
        details.put("why", why);
        return new Result(CheckResult.inconclusive(why), details);
    }
}
