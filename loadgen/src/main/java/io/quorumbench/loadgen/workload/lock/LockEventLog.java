package io.quorumbench.loadgen.workload.lock;

import io.quorumbench.api.lock.LockEvents;
import io.quorumbench.api.results.CheckResult;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.conformance.lock.LockEventChecker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lock workload's judge: a {@link LockEventChecker} on every node's lock state machine, one per
 * incarnation (a restarted node builds a fresh state machine and re-applies the log, so it gets a
 * fresh checker), fed what the log decided while the run goes on. Given to an embedded cluster
 * through {@code ClusterContext.lockEvents}; member processes keep their events to themselves, so
 * a run on them has nothing to judge by and says so (INCONCLUSIVE), never PASS.
 *
 * <p><b>Threading</b>: {@link #listener} is called from the hosts' threads as nodes start; each
 * checker is then fed by its node's applying thread and read under its own lock by {@link #check()}.
 */
public final class LockEventLog
{
    private final long lockDelayNs;
    private final List<Incarnation> incarnations = new ArrayList<>();

    /** One node incarnation's checker, synchronized so the run can read it while the node applies. */
    private static final class Incarnation implements LockEvents
    {
        private final int nodeId;
        private final LockEventChecker checker;

        Incarnation(final int nodeId, final long lockDelayNs)
        {
            this.nodeId = nodeId;
            this.checker = new LockEventChecker(lockDelayNs);
        }

        @Override
        public synchronized void onSessionOpened(final long logIndex, final long timeNs, final long sessionId, final long leaseEndNs)
        {
            checker.onSessionOpened(logIndex, timeNs, sessionId, leaseEndNs);
        }

        @Override
        public synchronized void onSessionEnded(final long logIndex, final long timeNs, final long sessionId, final byte cause)
        {
            checker.onSessionEnded(logIndex, timeNs, sessionId, cause);
        }

        @Override
        public synchronized void onGranted(
            final long logIndex, final long timeNs, final byte[] lock, final int lockOffset, final int lockLength,
            final long sessionId, final long token)
        {
            checker.onGranted(logIndex, timeNs, lock, lockOffset, lockLength, sessionId, token);
        }

        @Override
        public synchronized void onReleased(
            final long logIndex, final long timeNs, final byte[] lock, final int lockOffset, final int lockLength,
            final long sessionId, final long token, final byte cause, final long lockDelayUntilNs)
        {
            checker.onReleased(logIndex, timeNs, lock, lockOffset, lockLength, sessionId, token, cause, lockDelayUntilNs);
        }

        @Override
        public synchronized void onQueued(
            final long logIndex, final long timeNs, final byte[] lock, final int lockOffset, final int lockLength,
            final long sessionId, final long deadlineNs)
        {
            checker.onQueued(logIndex, timeNs, lock, lockOffset, lockLength, sessionId, deadlineNs);
        }

        @Override
        public synchronized void onWaiterRemoved(
            final long logIndex, final long timeNs, final byte[] lock, final int lockOffset, final int lockLength,
            final long sessionId, final byte cause)
        {
            checker.onWaiterRemoved(logIndex, timeNs, lock, lockOffset, lockLength, sessionId, cause);
        }

        @Override
        public synchronized void onFencedWrite(
            final long logIndex, final long timeNs, final byte[] lock, final int lockOffset, final int lockLength,
            final long token, final boolean accepted)
        {
            checker.onFencedWrite(logIndex, timeNs, lock, lockOffset, lockLength, token, accepted);
        }

        synchronized CheckVerdict verdict()
        {
            return checker.verdict();
        }

        synchronized long grants()
        {
            return checker.grants();
        }

        synchronized List<String> violations()
        {
            return List.copyOf(checker.violations());
        }
    }

    /**
     * @param lockDelayNs the service's lock-delay, as its state machines are configured.
     */
    public LockEventLog(final long lockDelayNs)
    {
        this.lockDelayNs = lockDelayNs;
    }

    /**
     * A listener for a node's new state machine ({@code ClusterContext.lockEvents}).
     *
     * @param nodeId the node.
     * @return its checker.
     */
    public synchronized LockEvents listener(final int nodeId)
    {
        final Incarnation incarnation = new Incarnation(nodeId, lockDelayNs);
        incarnations.add(incarnation);
        return incarnation;
    }

    /**
     * Judge: FAIL if any node's checker found a violation; else PASS if at least one judged a grant;
     * else INCONCLUSIVE (no checker, or no grant decided: nothing to judge is never a pass).
     *
     * @return the verdict, with the violations or the reason.
     */
    public synchronized CheckResult check()
    {
        if (incarnations.isEmpty())
        {
            return CheckResult.inconclusive("the log's decisions were not observed (member processes keep their " +
                "state machines' events; run embedded to judge them)");
        }
        long grants = 0;
        for (final Incarnation incarnation : incarnations)
        {
            final List<String> violations = incarnation.violations();
            if (!violations.isEmpty())
            {
                return CheckResult.fail("node " + incarnation.nodeId + ": " + violations.size() + " violation(s), first: " +
                    violations.get(0));
            }
            grants = Math.max(grants, incarnation.grants());
        }
        if (0 == grants)
        {
            return CheckResult.inconclusive("no grant in the log's history: nothing to judge");
        }
        return CheckResult.pass("no violation on " + incarnations.size() + " node incarnation(s); up to " + grants +
            " grants judged");
    }

    /**
     * What was judged, for the summary.
     *
     * @return node incarnations, and per incarnation its node and grants.
     */
    public synchronized Map<String, Object> details()
    {
        final Map<String, Object> details = new LinkedHashMap<>();
        details.put("checker", "LockEventChecker per node incarnation (the log's decisions)");
        details.put("incarnations", incarnations.size());
        final List<Map<String, Object>> nodes = new ArrayList<>();
        for (final Incarnation incarnation : incarnations)
        {
            nodes.add(Map.of("node", incarnation.nodeId, "grants", incarnation.grants(),
                "verdict", incarnation.verdict().name()));
        }
        details.put("nodes", nodes);
        return details;
    }
}
