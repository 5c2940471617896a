package io.quorumbench.conformance.linearizability;

import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.history.Op;
import io.quorumbench.conformance.history.OpType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinearizabilityCheckerTest
{
    private final LinearizabilityChecker checker = new LinearizabilityChecker();
    private final History history = new History();

    private Op invoke(final int process, final String f, final String key, final String value, final String expected,
        final long time)
    {
        return history.invoke(process, f, key, value, expected, time);
    }

    private void ok(final Op invoke, final String value, final long time)
    {
        history.complete(invoke, OpType.OK, value, time, -1, null);
    }

    private void put(final int process, final String key, final String value, final long from, final long to)
    {
        ok(invoke(process, Op.PUT, key, value, null, from), value, to);
    }

    private void get(final int process, final String key, final String read, final long from, final long to)
    {
        ok(invoke(process, Op.GET, key, null, null, from), read, to);
    }

    private LinearizabilityResult.Outcome verdict()
    {
        return checker.check(history).outcome();
    }

    @Test
    void shouldAcceptSequentialReadsOfTheLatestWrite()
    {
        get(0, "k", null, 0, 1);
        put(0, "k", "a", 2, 3);
        get(1, "k", "a", 4, 5);
        put(1, "k", "b", 6, 7);
        get(0, "k", "b", 8, 9);
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, verdict());
    }

    @Test
    void shouldRejectStaleReadAfterAcknowledgedWrite()
    {
        put(0, "k", "a", 0, 1);
        put(0, "k", "b", 2, 3);
        get(1, "k", "a", 4, 5);
        final LinearizabilityResult result = checker.check(history);
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, result.outcome(), result.describe());
        assertEquals("k", result.key());
        assertTrue(result.minimal());
        // the two writes and the stale read are all needed to show the violation
        assertEquals(6, result.witness().size(), result.describe());
    }

    @Test
    void shouldAcceptReadConcurrentWithWriteSeeingEitherValue()
    {
        put(0, "k", "a", 0, 1);
        final Op write = invoke(0, Op.PUT, "k", "b", null, 2);
        get(1, "k", "a", 3, 4);
        get(2, "k", "b", 5, 6);
        ok(write, "b", 10);
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, verdict());
    }

    @Test
    void shouldRejectReadGoingBackInTimeWhileWriteIsConcurrent()
    {
        put(0, "k", "a", 0, 1);
        final Op write = invoke(0, Op.PUT, "k", "b", null, 2);
        get(1, "k", "b", 3, 4);
        get(2, "k", "a", 5, 6);
        ok(write, "b", 10);
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, verdict());
    }

    @Test
    void shouldAcceptInfoWriteThatLaterReadsObserve()
    {
        put(0, "k", "a", 0, 1);
        final Op lost = invoke(1, Op.PUT, "k", "b", null, 2);
        history.complete(lost, OpType.INFO, "b", 3, -1, "timeout");
        get(2, "k", "b", 100, 101);
        get(2, "k", "b", 102, 103);
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, verdict());
    }

    @Test
    void shouldAcceptInfoWriteNeverObserved()
    {
        put(0, "k", "a", 0, 1);
        final Op lost = invoke(1, Op.PUT, "k", "b", null, 2);
        history.complete(lost, OpType.INFO, "b", 3, -1, "timeout");
        get(2, "k", "a", 100, 101);
        get(2, "k", "a", 102, 103);
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, verdict());
    }

    @Test
    void shouldRejectInfoWriteObservedThenUnobserved()
    {
        put(0, "k", "a", 0, 1);
        final Op lost = invoke(1, Op.PUT, "k", "b", null, 2);
        history.complete(lost, OpType.INFO, "b", 3, -1, "timeout");
        get(2, "k", "b", 100, 101);
        get(2, "k", "a", 102, 103);
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, verdict());
    }

    @Test
    void shouldRejectReadOfValueNobodyWrote()
    {
        put(0, "k", "a", 0, 1);
        get(1, "k", "zzz", 2, 3);
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, verdict());
    }

    @Test
    void shouldTreatNeverCompletedOperationsAsInfo()
    {
        put(0, "k", "a", 0, 1);
        invoke(1, Op.PUT, "k", "b", null, 2);
        get(2, "k", "b", 5, 6);
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, verdict());
    }

    @Test
    void shouldLetOnlyOneOfConcurrentCasFromSameValueSucceed()
    {
        put(0, "k", "a", 0, 1);
        final Op cas1 = invoke(1, Op.CAS, "k", "b", "a", 2);
        final Op cas2 = invoke(2, Op.CAS, "k", "c", "a", 2);
        ok(cas1, "b", 5);
        ok(cas2, "c", 6);
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, verdict(), "both cas a->x cannot succeed");
    }

    @Test
    void shouldAcceptConcurrentCasWhereLoserFails()
    {
        put(0, "k", "a", 0, 1);
        final Op cas1 = invoke(1, Op.CAS, "k", "b", "a", 2);
        final Op cas2 = invoke(2, Op.CAS, "k", "c", "a", 2);
        ok(cas1, "b", 5);
        history.complete(cas2, OpType.FAIL, "c", 6, -1, "CAS_MISMATCH");
        get(0, "k", "b", 7, 8);
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, verdict());
    }

    @Test
    void shouldAcceptChainOfConcurrentCasInAnyOrderThatWorks()
    {
        final Op cas1 = invoke(1, Op.CAS, "k", "b", "a", 0);
        final Op cas2 = invoke(2, Op.CAS, "k", "c", "b", 0);
        final Op cas3 = invoke(3, Op.CAS, "k", "a", null, 0);
        ok(cas1, "b", 10);
        ok(cas2, "c", 10);
        ok(cas3, "a", 10);
        get(0, "k", "c", 11, 12);
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, verdict());
    }

    @Test
    void shouldAllowInfoCasToApplyOrNot()
    {
        put(0, "k", "a", 0, 1);
        final Op unknown = invoke(1, Op.CAS, "k", "b", "a", 2);
        history.complete(unknown, OpType.INFO, "b", 3, -1, "timeout");
        get(2, "k", "a", 4, 5);
        get(2, "k", "b", 6, 7);
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, verdict());

        final History other = new History();
        other.complete(other.invoke(0, Op.PUT, "k", "x", null, 0), OpType.OK, "x", 1, -1, null);
        final Op unknownCas = other.invoke(1, Op.CAS, "k", "b", "a", 2);
        other.complete(unknownCas, OpType.INFO, "b", 3, -1, "timeout");
        other.complete(other.invoke(2, Op.GET, "k", null, null, 4), OpType.OK, "b", 5, -1, null);
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, checker.check(other).outcome(),
            "an unknown cas a->b cannot explain b when the value was never a");
    }

    private void mismatch(final int process, final String key, final String expected, final String value,
        final long from, final long to)
    {
        final Op cas = invoke(process, Op.CAS, key, value, expected, from);
        history.complete(cas, OpType.FAIL, value, to, -1, LinearizabilityChecker.CAS_MISMATCH);
    }

    @Test
    void shouldRejectCasMismatchWhileTheExpectedValueHeld()
    {
        // the example: a mismatch is an observation, "the value was not a", and it was a
        put(1, "k", "a", 1, 2);
        mismatch(2, "k", "a", "b", 3, 4);
        final LinearizabilityResult result = checker.check(history);
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, result.outcome(), result.describe());
        assertEquals(4, result.witness().size(), result.describe());
    }

    @Test
    void shouldAcceptCasMismatchOnceAnotherValueWasWritten()
    {
        put(1, "k", "a", 1, 2);
        put(1, "k", "b", 3, 4);
        mismatch(2, "k", "a", "c", 5, 6);
        get(3, "k", "b", 7, 8);
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, verdict());
    }

    @Test
    void shouldAcceptCasMismatchConcurrentWithTheWriteThatChangedTheValue()
    {
        put(1, "k", "a", 1, 2);
        final Op write = invoke(1, Op.PUT, "k", "b", null, 3);
        mismatch(2, "k", "a", "c", 4, 5);
        get(3, "k", "a", 6, 7);
        ok(write, "b", 10);
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, verdict(),
            "b must precede the mismatch, and then a read after it cannot see a again");
        final History other = new History();
        other.complete(other.invoke(1, Op.PUT, "k", "a", null, 1), OpType.OK, "a", 2, -1, null);
        final Op late = other.invoke(1, Op.PUT, "k", "b", null, 3);
        other.complete(other.invoke(3, Op.GET, "k", null, null, 4), OpType.OK, "a", 5, -1, null);
        final Op cas = other.invoke(2, Op.CAS, "k", "c", "a", 6);
        other.complete(cas, OpType.FAIL, "c", 7, -1, LinearizabilityChecker.CAS_MISMATCH);
        other.complete(late, OpType.OK, "b", 10, -1, null);
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, checker.check(other).outcome(),
            "b may take effect between the read and the mismatch");
    }

    @Test
    void shouldTreatMismatchExpectingAbsenceAsSeeingAValue()
    {
        mismatch(1, "k", null, "a", 1, 2);
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, verdict(), "nothing was ever written");

        final History other = new History();
        final Op write = other.invoke(1, Op.PUT, "k", "x", null, 0);
        final Op cas = other.invoke(2, Op.CAS, "k", "a", null, 1);
        other.complete(cas, OpType.FAIL, "a", 2, -1, LinearizabilityChecker.CAS_MISMATCH);
        other.complete(write, OpType.INFO, "x", 3, -1, "timeout");
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, checker.check(other).outcome(),
            "the write of unknown outcome may have happened before the mismatch");
    }

    /** put a; then {@code f} of unknown outcome writing x (a cas expecting absence); then cas a->c fails. */
    private LinearizabilityResult mismatchAfterAWriteOfUnknownOutcome(final String f)
    {
        put(1, "k", "a", 1, 2);
        final Op lost = invoke(2, f, "k", "x", null, 3);
        history.complete(lost, OpType.INFO, "x", 4, -1, "timeout");
        mismatch(3, "k", "a", "c", 5, 6);
        final LinearizabilityResult result = checker.check(history);
        assertEquals(LinearizabilityResult.Method.UNIQUE_VALUES, result.keyMethod(), "decided without search: " +
            result.describe());
        return result;
    }

    @Test
    void shouldKeepAnUnobservedWriteOfUnknownOutcomeThatAMismatchNeeds()
    {
        // nobody read x, but only x explains why cas a->c found another value
        final LinearizabilityResult result = mismatchAfterAWriteOfUnknownOutcome(Op.PUT);
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, result.outcome(), result.describe());
    }

    @Test
    void shouldNotLetACasOfUnknownOutcomeExplainAMismatchWhereItCouldNotApply()
    {
        // the cas expected absence, the key held a: it could not have changed a, so the mismatch saw a
        final LinearizabilityResult result = mismatchAfterAWriteOfUnknownOutcome(Op.CAS);
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, result.outcome(), result.describe());
    }

    @Test
    void shouldSayWhichMethodDecidedAndHowLongItTook()
    {
        put(0, "u", "a", 0, 1);
        get(1, "u", "a", 2, 3);
        // repeated values: only the search can decide this key
        put(0, "r", "v", 0, 1);
        put(0, "r", "v", 2, 3);
        get(1, "r", "v", 4, 5);
        final LinearizabilityResult result = checker.check(history);
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, result.outcome(), result.describe());
        assertEquals(1, result.keysByMethod().get(LinearizabilityResult.Method.UNIQUE_VALUES));
        assertEquals(1, result.keysByMethod().get(LinearizabilityResult.Method.SEARCH));
        assertTrue(result.elapsedNs() > 0);
        assertEquals("unique-values 1, search 1", result.methodSummary());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldDecideAFailOverWithHundredsOfOperationsOutstandingQuickly()
    {
        // 30,000 operations on 16 keys; 300 clients; every operation called during the stall takes
        // effect after it, in random order, and a seventh of them end info or never complete
        final RandomHistories random = new RandomHistories(7, RandomHistories.Values.UNIQUE);
        final History failOver = random.generate(300, 30_000, 16, 200, 400);
        final LinearizabilityChecker bounded = new LinearizabilityChecker(
            LinearizabilityChecker.DEFAULT_MAX_OPS_PER_KEY, LinearizabilityChecker.DEFAULT_MAX_MEMO_ENTRIES,
            30_000_000_000L, LinearizabilityChecker.DEFAULT_MINIMISE_BUDGET_NS);
        final LinearizabilityResult result = bounded.check(failOver);
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, result.outcome(), result.describe());
        assertEquals(16, result.keysByMethod().get(LinearizabilityResult.Method.UNIQUE_VALUES), result.describe());

        // one read in the middle of it changed to a value its key never held: found, with a small witness
        final History tampered = new History();
        final List<Op> ops = failOver.ops();
        int target = -1;
        for (int i = ops.size() / 2; i < ops.size() && target < 0; i++)
        {
            if (ops.get(i).type() == OpType.OK && Op.GET.equals(ops.get(i).f()) && null != ops.get(i).value())
            {
                target = i;
            }
        }
        for (int i = 0; i < ops.size(); i++)
        {
            final Op op = ops.get(i);
            tampered.add(i == target ? new Op(op.process(), op.type(), op.f(), op.key(), "w0", null, op.timeNs(), 0, -1,
                null) : op);
        }
        final LinearizabilityResult violation = bounded.check(tampered);
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, violation.outcome(), violation.describe());
        assertTrue(violation.witness().size() <= 8, violation.describe());
    }

    @Test
    void shouldCheckKeysIndependentlyAndNameTheFailingOne()
    {
        put(0, "a", "1", 0, 1);
        get(1, "a", "1", 2, 3);
        put(0, "b", "1", 4, 5);
        put(0, "b", "2", 6, 7);
        get(1, "b", "1", 8, 9);
        final LinearizabilityResult result = checker.check(history);
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, result.outcome());
        assertEquals("b", result.key());
        assertEquals(2, result.keysChecked());
        assertTrue(result.witness().stream().allMatch(op -> op.key().equals("b")));
    }

    @Test
    void shouldRejectMalformedHistories()
    {
        invoke(0, Op.PUT, "k", "a", null, 0);
        invoke(0, Op.PUT, "k", "b", null, 1);
        assertThrows(IllegalArgumentException.class, () -> checker.check(history));

        final History orphan = new History();
        orphan.add(new Op(0, OpType.OK, Op.PUT, "k", "a", null, 0, 0, -1, null));
        assertThrows(IllegalArgumentException.class, () -> checker.check(orphan));
    }

    @Test
    void shouldReportUnknownInsteadOfHangingWhenBoundsAreHit()
    {
        // values repeat, so only the bounded reference search applies; all overlap, so it cannot cut
        for (int i = 0; i < 20; i++)
        {
            put(i, "k", "v" + i % 3, i, 100);
        }
        final LinearizabilityChecker tiny = new LinearizabilityChecker(10, 1_000, 1_000_000_000L, 0);
        final LinearizabilityResult result = tiny.check(history);
        assertEquals(LinearizabilityResult.Outcome.UNKNOWN, result.outcome());
        assertEquals("k", result.key());
        assertFalse(result.isLinearizable());
    }

    @Test
    void shouldDecideManyConcurrentInfoWritesQuickly()
    {
        // 200 writes of unknown outcome on one key: without memoisation this is 200! orders
        for (int i = 0; i < 200; i++)
        {
            final Op w = invoke(i, Op.PUT, "k", "v" + i, null, i);
            history.complete(w, OpType.INFO, "v" + i, i + 1, -1, "timeout");
        }
        get(1000, "k", "v7", 500, 501);
        get(1000, "k", "v7", 502, 503);
        assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, verdict());
    }

    /**
     * Randomised cross-check: histories generated from a real sequential register with random
     * overlapping intervals are linearizable; the same histories with one read's value changed to
     * one never written are not.
     */
    @Test
    void shouldAcceptGeneratedLinearizableHistoriesAndRejectTamperedOnes()
    {
        final SplittableRandom random = new SplittableRandom(1234);
        // no witness shrinking here: the verdict is what is being cross-checked
        final LinearizabilityChecker checker = new LinearizabilityChecker(
            LinearizabilityChecker.DEFAULT_MAX_OPS_PER_KEY, LinearizabilityChecker.DEFAULT_MAX_MEMO_ENTRIES,
            LinearizabilityChecker.DEFAULT_TIME_BUDGET_NS, 0);
        for (int round = 0; round < 150; round++)
        {
            final History generated = generate(random, 4, 30);
            assertEquals(LinearizabilityResult.Outcome.LINEARIZABLE, checker.check(generated).outcome(), "round " + round);

            final History tampered = new History();
            final List<Op> ops = generated.ops();
            int readToTamper = -1;
            for (int i = ops.size() - 1; i >= 0; i--)
            {
                if (ops.get(i).type() == OpType.OK && Op.GET.equals(ops.get(i).f()))
                {
                    readToTamper = i;
                    break;
                }
            }
            if (readToTamper < 0)
            {
                continue;
            }
            for (int i = 0; i < ops.size(); i++)
            {
                final Op op = ops.get(i);
                tampered.add(i == readToTamper ?
                    new Op(op.process(), op.type(), op.f(), op.key(), "never-written", null, op.timeNs(), 0, -1, null) : op);
            }
            assertEquals(LinearizabilityResult.Outcome.VIOLATION, checker.check(tampered).outcome(), "round " + round);
        }
    }

    /** Operations take effect at a random instant inside their [invoke, complete] interval. */
    private static History generate(final SplittableRandom random, final int processes, final int opsPerProcess)
    {
        final List<Object[]> ops = new ArrayList<>();
        for (int p = 0; p < processes; p++)
        {
            long t = random.nextInt(10);
            for (int i = 0; i < opsPerProcess; i++)
            {
                final long invokeAt = t + random.nextInt(5);
                final long effectAt = invokeAt + 1 + random.nextInt(20);
                final long completeAt = effectAt + 1 + random.nextInt(20);
                ops.add(new Object[]{ p, invokeAt, effectAt, completeAt, random.nextInt(3), "v" + random.nextInt(4),
                    random.nextBoolean() ? null : "v" + random.nextInt(4) });
                t = completeAt + 1;
            }
        }
        ops.sort((a, b) -> Long.compare((long)a[2], (long)b[2]));
        String state = null;
        final List<Object[]> events = new ArrayList<>();
        for (final Object[] op : ops)
        {
            final int kind = (int)op[4];
            final String f = kind == 0 ? Op.PUT : kind == 1 ? Op.GET : Op.CAS;
            final String value = kind == 1 ? null : (String)op[5];
            final String expected = kind == 2 ? (String)op[6] : null;
            String result = value;
            OpType type = OpType.OK;
            if (kind == 0)
            {
                state = value;
            }
            else if (kind == 1)
            {
                result = state;
            }
            else if (Objects.equals(state, expected))
            {
                state = value;
            }
            else
            {
                type = OpType.FAIL;
            }
            events.add(new Object[]{ op[1], op[0], f, value, expected, null, null, true });
            events.add(new Object[]{ op[3], op[0], f, result, expected, type, op[1], false });
        }
        events.sort((a, b) -> Long.compare((long)a[0], (long)b[0]));
        final History history = new History();
        final Map<Integer, Op> pending = new HashMap<>();
        for (final Object[] e : events)
        {
            final int process = (int)e[1];
            if ((boolean)e[7])
            {
                pending.put(process, history.invoke(process, (String)e[2], "k", (String)e[3], (String)e[4], (long)e[0]));
            }
            else
            {
                history.complete(pending.remove(process), (OpType)e[5], (String)e[3], (long)e[0], -1, null);
            }
        }
        return history;
    }
}
