package io.quorumbench.loadgen.workload.kv;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.api.results.CheckResult;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.loadgen.engine.Arrivals;
import io.quorumbench.loadgen.engine.LoadRun;
import io.quorumbench.loadgen.engine.RunConfig;
import io.quorumbench.loadgen.engine.RunResult;
import io.quorumbench.loadgen.target.DelayTarget;
import io.quorumbench.loadgen.workload.CheckBudgets;
import io.quorumbench.loadgen.workload.KeyDistribution;
import io.quorumbench.loadgen.workload.Verification;
import io.quorumbench.loadgen.workload.WorkloadSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A check that was asked for and did not decide never reads as a pass: a checker that gives up, an
 * empty history, unknown starting values and a read-back cut short are INCONCLUSIVE; only the
 * explicit opt-out skips the history check; the read-back and the history check each get their own
 * budget.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KvWorkloadVerdictsTest
{
    private static final long MS = 1_000_000L;
    private static final CheckBudgets SHORT = new CheckBudgets(2_000 * MS, 2_000 * MS);

    @TempDir
    Path dir;

    /** A checker that never decides, as the conformance checker does when its search gives up. */
    private static HistoryChecker givingUp(final AtomicInteger calls)
    {
        return (ops, deadlineNs) ->
        {
            calls.incrementAndGet();
            return new HistoryChecker.Result(CheckResult.inconclusive("gave up on key 0 (" + ops.size() + " operations)"),
                Map.of("checker", "test: gives up"));
        };
    }

    /** A checker that would call anything linearizable, so only the workload's own rules can stop a pass. */
    private static HistoryChecker approving(final AtomicInteger calls)
    {
        return (ops, deadlineNs) ->
        {
            calls.incrementAndGet();
            return new HistoryChecker.Result(CheckResult.pass("approved " + ops.size() + " operations"), Map.of());
        };
    }

    private static KvWorkload workload(final int historyKeys, final int historyOps, final HistoryChecker checker)
    {
        return new KvWorkload(20, KeyDistribution.UNIFORM, 0.99, 0.3, 0.1, 16, historyKeys, historyOps, checker);
    }

    private RunResult run(final KvWorkload workload)
    {
        final RunConfig config = new RunConfig(2_000, Arrivals.CONSTANT, 800 * MS, 100 * MS, 1, 1024, 5_000 * MS, 7, false);
        return new LoadRun(config, new DelayTarget(0, 0, 0, KvStateMachine::new), workload, dir,
            new PrintStream(OutputStream.nullOutputStream())).checkBudgets(SHORT).execute();
    }

    /** One sender's session after {@code ops} requests answered synchronously by a correct store. */
    private static WorkloadSession answered(final KvWorkload workload, final int ops, final KvStateMachine store)
    {
        final WorkloadSession session = workload.newSession(0, 16, true, 11);
        final byte[] command = new byte[workload.maxCommandLength()];
        final byte[] result = new byte[store.maxResultLength()];
        for (int i = 0; i < ops; i++)
        {
            final int slot = i % 16;
            final long invokeNs = System.nanoTime();
            final int length = session.encode(slot, i, invokeNs, command);
            final int resultLength = store.apply(i + 1, command, 0, length, result);
            session.onComplete(slot, CompletionHandler.OK, System.nanoTime(), result, 0, resultLength);
        }
        return session;
    }

    @Test
    void shouldNotPassARunWhoseHistoryCheckerGaveUp()
    {
        final AtomicInteger calls = new AtomicInteger();
        final RunResult result = run(workload(4, 100_000, givingUp(calls)));

        assertEquals(1, calls.get(), "the checker ran");
        assertTrue(result.onSchedule(), result.onScheduleReasons().toString());
        assertEquals(CheckVerdict.PASS, result.verification().readBack().verdict(), result.verification().readBack().reason());
        assertEquals(CheckVerdict.INCONCLUSIVE, result.verification().history().verdict());
        assertTrue(result.verification().history().reason().contains("gave up on key 0"), result.verification().history().reason());
        assertEquals(CheckVerdict.INCONCLUSIVE, result.verdict());
        assertFalse(result.passed(), "an undecided check is not a pass");
        final Map<String, Object> summary = result.toMap();
        assertEquals(false, summary.get("passed"));
        assertEquals("INCONCLUSIVE", summary.get("verdict"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> verdicts = (Map<String, Object>)summary.get("verdicts");
        assertNull(verdicts.get("linearizable"), "undecided: neither true nor false");
        assertEquals("INCONCLUSIVE", verdicts.get("history"));
        assertTrue(result.verdictReasons().stream().anyMatch(r -> r.startsWith("history check INCONCLUSIVE")),
            result.verdictReasons().toString());
    }

    @Test
    void shouldCallAnEmptyHistoryInconclusiveAndNeverLinearizable()
    {
        for (final int[] window : new int[][]{{0, 100_000}, {4, 0}})
        {
            final AtomicInteger calls = new AtomicInteger();
            final RunResult result = run(workload(window[0], window[1], approving(calls)));

            assertEquals(0, calls.get(), "nothing to give the checker: " + result.verification().history());
            assertEquals(CheckVerdict.INCONCLUSIVE, result.verification().history().verdict());
            assertTrue(result.verification().history().reason().contains("the history is empty"),
                result.verification().history().reason());
            assertTrue(result.verification().history().reason().contains(0 == window[0] ? "--history-keys 0" : "--history-ops 0"),
                result.verification().history().reason());
            @SuppressWarnings("unchecked")
            final Map<String, Object> verdicts = (Map<String, Object>)result.toMap().get("verdicts");
            assertNull(verdicts.get("linearizable"), "an empty history is never linearizable: true");
            assertEquals(CheckVerdict.INCONCLUSIVE, result.verdict());
        }
    }

    @Test
    void shouldSkipTheHistoryCheckOnlyWhenOptedOutAndSaySo()
    {
        final RunResult result = run(workload(4, 100_000, new SkippedHistoryChecker("history check skipped by --no-history-check")));

        assertEquals(CheckVerdict.SKIPPED, result.verification().history().verdict());
        assertEquals("history check skipped by --no-history-check", result.verification().history().reason());
        @SuppressWarnings("unchecked")
        final Map<String, Object> history = (Map<String, Object>)result.verification().details().get("history");
        assertEquals(0, history.get("recorded"), "the opt-out records no history");
        assertEquals(CheckVerdict.PASS, result.verification().readBack().verdict(), "the read-back still runs");
        assertEquals(CheckVerdict.PASS, result.verdict(), "a skipped check does not make the run inconclusive");
    }

    @Test
    void shouldGiveTheHistoryCheckItsOwnBudgetAfterAReadBackThatUsedAllOfItsOwn()
    {
        final AtomicLong remainingNs = new AtomicLong(-1);
        final KvWorkload workload = workload(4, 100_000, (ops, deadlineNs) ->
        {
            remainingNs.set(deadlineNs - System.nanoTime());
            return new HistoryChecker.Result(CheckResult.pass("checked"), Map.of());
        });
        final WorkloadSession session = answered(workload, 200, new KvStateMachine());

        final long checkBudgetNs = TimeUnit.SECONDS.toNanos(30);
        final Verification verification = workload.verify(
            new WorkloadSession[]{session}, new SilentSession(), new CheckBudgets(200 * MS, checkBudgetNs));

        assertTrue(remainingNs.get() > checkBudgetNs - TimeUnit.SECONDS.toNanos(5),
            "the checker got its own 30 s after a read-back that ran out of time: " + remainingNs.get() + " ns left");
        assertEquals(CheckVerdict.PASS, verification.history().verdict());
        assertEquals(CheckVerdict.INCONCLUSIVE, verification.readBack().verdict(), "a read-back cut short did not decide");
        assertTrue(verification.readBack().reason().contains("--read-back-budget"), verification.readBack().reason());
        assertNull(verification.lostAckedWrites(), "no count of 0 from a read-back that read nothing");
        @SuppressWarnings("unchecked")
        final Map<String, Object> readBack = (Map<String, Object>)verification.details().get("readBack");
        assertEquals(200 * MS, readBack.get("budgetNs"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> history = (Map<String, Object>)verification.details().get("history");
        assertEquals(checkBudgetNs, history.get("budgetNs"));
    }

    @Test
    void shouldCallTheHistoryInconclusiveWhenTheValuesBeforeTheRunCouldNotBeRead()
    {
        final AtomicInteger calls = new AtomicInteger();
        final KvWorkload workload = workload(4, 100_000, approving(calls));
        // a running cluster's keys hold values from before the run; unread, the history has no start
        workload.prepare(new SilentSession(), System.nanoTime() + 50 * MS);
        final KvStateMachine store = new KvStateMachine();
        final WorkloadSession session = answered(workload, 200, store);

        final Verification verification = workload.verify(new WorkloadSession[]{session}, new AnsweringSession(store), SHORT);

        assertEquals(0, calls.get());
        assertEquals(CheckVerdict.INCONCLUSIVE, verification.history().verdict());
        assertTrue(verification.history().reason().contains("before the run could not be read"), verification.history().reason());
        assertEquals(CheckVerdict.PASS, verification.readBack().verdict(), verification.readBack().reason());
        assertEquals(CheckVerdict.INCONCLUSIVE, verification.verdict());
        assertFalse(verification.passed());
    }

    /** A target session that takes every request and never answers. */
    static final class SilentSession implements ClientSession
    {
        @Override
        public boolean trySend(final long requestId, final byte[] command, final int offset, final int length)
        {
            return true;
        }

        @Override
        public int poll(final CompletionHandler handler, final int limit)
        {
            return 0;
        }

        @Override
        public void close()
        {
        }
    }

    /** A target session over a correct store that answers each request on the next poll. */
    static final class AnsweringSession implements ClientSession
    {
        private final KvStateMachine store;
        private final byte[] result;
        private final List<Object[]> pending = new java.util.ArrayList<>();
        private long index = 1_000_000;

        AnsweringSession(final KvStateMachine store)
        {
            this.store = store;
            this.result = new byte[store.maxResultLength()];
        }

        @Override
        public boolean trySend(final long requestId, final byte[] command, final int offset, final int length)
        {
            pending.add(new Object[]{requestId, java.util.Arrays.copyOfRange(command, offset, offset + length)});
            return true;
        }

        @Override
        public int poll(final CompletionHandler handler, final int limit)
        {
            final List<Object[]> now = List.copyOf(pending);
            pending.clear();
            for (final Object[] request : now)
            {
                final byte[] command = (byte[])request[1];
                final int length = store.apply(++index, command, 0, command.length, result);
                handler.onComplete((Long)request[0], CompletionHandler.OK, System.nanoTime(), result, 0, length);
            }
            return now.size();
        }

        @Override
        public void close()
        {
        }
    }
}
