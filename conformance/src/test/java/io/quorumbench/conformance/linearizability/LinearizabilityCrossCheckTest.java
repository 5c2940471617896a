package io.quorumbench.conformance.linearizability;

import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.history.HistoryWriter;
import io.quorumbench.conformance.history.Op;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The fast path, the segmented search and the whole checker against the reference search run on
 * the raw key history (no cuts, no dropped or bounded operations), on thousands of random small
 * histories with and without an injected violation. Whenever two decide they must agree; a
 * violation the fast path reports must be confirmed on its self-contained closure; a violation
 * the checker reports must come with a self-contained witness that has no linearization.
 */
class LinearizabilityCrossCheckTest
{
    private static final long BUDGET_NS = 10_000_000_000L;
    private static final int MEMO = 2_000_000;

    /** What the rounds saw, so the test can show it exercised both verdicts and every path. */
    private static final class Tally
    {
        int histories;
        int violations;
        int fastLinearizable;
        int fastViolation;
        int fastUndecided;
        int fastUndecidedWithoutMismatch;
        int mismatches;
        int segmented;
        int witnesses;
        int repeatedValueKeys;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldAgreeWithTheReferenceSearchOnRandomUniqueValueHistories()
    {
        final Tally tally = run(RandomHistories.Values.UNIQUE, 1_200, 11, 1);
        assertTrue(tally.violations > tally.histories / 5, "too few violations to be a test: " + describe(tally));
        assertTrue(tally.histories - tally.violations > tally.histories / 5, "too few linearizable: " + describe(tally));
        assertTrue(tally.fastViolation > 50 && tally.fastLinearizable > tally.histories / 3, describe(tally));
        assertTrue(tally.mismatches > tally.histories / 2, "mismatches must be exercised: " + describe(tally));
        assertEquals(0, tally.fastUndecidedWithoutMismatch,
            "the write-order construction is complete without mismatches: " + describe(tally));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldAgreeWithTheReferenceSearchOnRandomRepeatedValueHistories()
    {
        final Tally tally = run(RandomHistories.Values.REPEATED, 1_000, 11, 1);
        assertTrue(tally.violations > tally.histories / 10, describe(tally));
        assertTrue(tally.repeatedValueKeys > tally.histories / 2, describe(tally));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldAgreeOnMultiKeyHistoriesWithSegments()
    {
        final Tally tally = run(RandomHistories.Values.UNIQUE, 400, 40, 3);
        assertTrue(tally.segmented > 0, describe(tally));
        assertTrue(tally.witnesses > 20, describe(tally));
    }

    @Test
    @Tag("slow")
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void shouldAgreeOnManyMoreHistories()
    {
        for (final RandomHistories.Values values : RandomHistories.Values.values())
        {
            for (final int ops : new int[]{ 6, 12, 16 })
            {
                run(values, 20_000, ops, 1);
            }
            run(values, 5_000, 40, 3);
        }
    }

    private static String describe(final Tally t)
    {
        return "histories " + t.histories + ", violations " + t.violations + ", fast linearizable " + t.fastLinearizable +
            ", fast violation " + t.fastViolation + ", fast undecided " + t.fastUndecided + " (without mismatches " +
            t.fastUndecidedWithoutMismatch + "), with mismatches " + t.mismatches + ", multi-segment keys " +
            t.segmented + ", witnesses checked " + t.witnesses + ", keys with repeated values " + t.repeatedValueKeys;
    }

    private static Tally run(final RandomHistories.Values values, final int rounds, final int ops, final int keys)
    {
        final Tally tally = new Tally();
        final RandomHistories random = new RandomHistories(42L + ops + 1000L * keys + values.ordinal(), values);
        final LinearizabilityChecker checker = new LinearizabilityChecker(
            LinearizabilityChecker.DEFAULT_MAX_OPS_PER_KEY, MEMO, BUDGET_NS, BUDGET_NS);
        for (int round = 0; round < rounds; round++)
        {
            final History generated = random.generate(2 + round % 4, ops, keys);
            check(checker, generated, tally, true);
            check(checker, random.mutate(generated), tally, false);
        }
        return tally;
    }

    private static void check(final LinearizabilityChecker checker, final History history, final Tally tally,
        final boolean generated)
    {
        tally.histories++;
        final long deadlineNs = System.nanoTime() + BUDGET_NS;
        final Map<String, List<KeyOperation>> byKey = LinearizabilityChecker.operationsByKey(history);
        boolean anyViolation = false;
        for (final List<KeyOperation> raw : byKey.values())
        {
            final WglSearch.Verdict reference = reference(raw, deadlineNs);
            if (reference == WglSearch.Verdict.UNKNOWN)
            {
                fail("reference undecided:\n" + dump(history));
            }
            anyViolation |= reference == WglSearch.Verdict.VIOLATION;
            if (generated && reference != WglSearch.Verdict.LINEARIZABLE)
            {
                fail("a history generated from a real execution must be linearizable:\n" + dump(history));
            }
            final boolean hasMismatch = raw.stream().anyMatch(op -> op.outcome == KeyOperation.Outcome.MISMATCH);
            tally.mismatches += hasMismatch ? 1 : 0;

            final KeyHistory prepared = KeyHistory.prepare(raw);
            final UniqueValueChecker.Decision fast = UniqueValueChecker.check(prepared);
            if (!prepared.uniqueValues)
            {
                tally.repeatedValueKeys++;
                assertEquals(UniqueValueChecker.Kind.UNDECIDED, fast.kind(), "repeated values must not use the fast path");
            }
            switch (fast.kind())
            {
                case LINEARIZABLE:
                    tally.fastLinearizable++;
                    assertEquals(WglSearch.Verdict.LINEARIZABLE, reference, "fast path said linearizable:\n" + dump(history));
                    break;
                case VIOLATION:
                    tally.fastViolation++;
                    assertEquals(WglSearch.Verdict.VIOLATION, reference,
                        "fast path said violation (" + fast.reason() + "):\n" + dump(history));
                    final List<KeyOperation> closed = new Witness(raw).closure(fast.suspects());
                    assertEquals(WglSearch.Verdict.VIOLATION, Witness.search(closed, deadlineNs, MEMO),
                        "the closure of the fast path's suspects must have no linearization (" + fast.reason() + "):\n" +
                        dump(history));
                    break;
                default:
                    tally.fastUndecided++;
                    if (prepared.uniqueValues && !hasMismatch)
                    {
                        tally.fastUndecidedWithoutMismatch++;
                        fail("fast path undecided without mismatches (" + fast.reason() + "):\n" + dump(history));
                    }
                    break;
            }

            final List<Segments.Segment> segments = Segments.cut(prepared);
            tally.segmented += segments.size() > 1 ? 1 : 0;
            final LinearizabilityChecker.KeyVerdict searched = checker.search(raw, deadlineNs);
            assertEquals(reference, searched.outcome(), "segmented search (" + segments.size() + " segments):\n" +
                dump(history));
        }
        tally.violations += anyViolation ? 1 : 0;

        final LinearizabilityResult result = checker.check(history);
        assertEquals(anyViolation ? LinearizabilityResult.Outcome.VIOLATION : LinearizabilityResult.Outcome.LINEARIZABLE,
            result.outcome(), result.describe() + "\n" + dump(history));
        if (anyViolation)
        {
            tally.witnesses++;
            final List<KeyOperation> raw = byKey.get(result.key());
            final List<KeyOperation> witness = witnessOps(raw, result.witness());
            assertTrue(new Witness(raw).isSelfContained(witness), "witness not self-contained:\n" + result.describe());
            assertEquals(WglSearch.Verdict.VIOLATION, Witness.search(witness, deadlineNs, MEMO),
                "witness linearizable:\n" + result.describe());
            assertTrue(result.minimal(), result.describe());
        }
    }

    private static WglSearch.Verdict reference(final List<KeyOperation> raw, final long deadlineNs)
    {
        final long[] returns = new long[raw.size()];
        for (int i = 0; i < raw.size(); i++)
        {
            returns[i] = raw.get(i).returnNs;
        }
        return new WglSearch(raw, returns, null, deadlineNs, MEMO).run();
    }

    private static List<KeyOperation> witnessOps(final List<KeyOperation> raw, final List<Op> witness)
    {
        final Set<Op> entries = Collections.newSetFromMap(new IdentityHashMap<>());
        entries.addAll(witness);
        final List<KeyOperation> ops = new ArrayList<>();
        for (final KeyOperation op : raw)
        {
            if (entries.contains(op.invoke))
            {
                ops.add(op);
            }
        }
        return ops;
    }

    private static String dump(final History history)
    {
        final StringWriter out = new StringWriter();
        try
        {
            HistoryWriter.write(history, out);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }
}
