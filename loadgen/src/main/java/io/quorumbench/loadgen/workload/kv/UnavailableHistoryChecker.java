package io.quorumbench.loadgen.workload.kv;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history checker used while no linearizability checker is wired in: it checks nothing and
 * says so ({@code linearizable: null}), so a summary never claims a check that did not happen.
 */
public final class UnavailableHistoryChecker implements HistoryChecker
{
    /** {@inheritDoc} */
    @Override
    public Result check(final List<KvHistoryOp> ops, final long deadlineNs)
    {
        final Map<String, Object> details = new LinkedHashMap<>();
        details.put("checker", "none");
        details.put("checked", false);
        details.put("why", "no linearizability checker is wired into this build of the load generator");
        return new Result(null, details);
    }
}
