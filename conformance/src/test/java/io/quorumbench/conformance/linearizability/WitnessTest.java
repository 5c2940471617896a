package io.quorumbench.conformance.linearizability;

import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.history.Op;
import io.quorumbench.conformance.history.OpType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WitnessTest
{
    private final History history = new History();

    private void op(final int process, final String f, final String value, final String expected, final long from,
        final long to, final OpType type, final String error)
    {
        final Op invoke = history.invoke(process, f, "k", Op.GET.equals(f) ? null : value, expected, from);
        history.complete(invoke, type, value, to, -1, error);
    }

    private List<KeyOperation> ops()
    {
        return LinearizabilityChecker.operationsByKey(history).get("k");
    }

    @Test
    void shouldCloseAReadOverTheWriteOfItsValue()
    {
        op(1, Op.PUT, "a", null, 0, 1, OpType.OK, null);
        op(1, Op.PUT, "b", null, 2, 3, OpType.OK, null);
        op(2, Op.GET, "a", null, 4, 5, OpType.OK, null);
        final List<KeyOperation> ops = ops();
        final Witness rules = new Witness(ops);
        assertEquals(List.of(ops.get(0), ops.get(2)), rules.closure(List.of(ops.get(2))));
        assertFalse(rules.isSelfContained(List.of(ops.get(1), ops.get(2))), "the read needs the write of a");
    }

    @Test
    void shouldCloseAMismatchOverEveryWriteItMayHaveSeenButNotTheOnesCertainlyOverwritten()
    {
        // put a; put b; cas a->c fails (fine: it saw b). "put a; cas a->c fails" alone has no
        // linearization, so a witness without b would blame a mismatch that saw b
        op(1, Op.PUT, "a", null, 0, 1, OpType.OK, null);
        op(1, Op.PUT, "b", null, 2, 3, OpType.OK, null);
        op(2, Op.CAS, "c", "a", 4, 5, OpType.FAIL, LinearizabilityChecker.CAS_MISMATCH);
        final List<KeyOperation> ops = ops();
        final Witness rules = new Witness(ops);
        assertFalse(rules.isSelfContained(List.of(ops.get(0), ops.get(2))));
        assertEquals(WglSearch.Verdict.VIOLATION, Witness.search(List.of(ops.get(0), ops.get(2)), Long.MAX_VALUE, 1_000));
        // a was certainly overwritten by b before the mismatch began: only b may be what it saw
        assertEquals(List.of(ops.get(1), ops.get(2)), rules.closure(List.of(ops.get(2))));
        assertTrue(rules.isSelfContained(List.of(ops.get(1), ops.get(2))));
    }

    @Test
    void shouldCloseAMismatchOverAWriteOfUnknownOutcomeCalledBeforeItReturned()
    {
        op(1, Op.PUT, "a", null, 0, 1, OpType.OK, null);
        op(3, Op.PUT, "b", null, 2, 3, OpType.INFO, "timeout");
        op(2, Op.CAS, "c", "a", 4, 5, OpType.FAIL, LinearizabilityChecker.CAS_MISMATCH);
        op(4, Op.PUT, "d", null, 6, 7, OpType.INFO, "timeout");
        final List<KeyOperation> ops = ops();
        assertEquals(List.of(ops.get(0), ops.get(1), ops.get(2)), new Witness(ops).closure(List.of(ops.get(2))),
            "a and b may each be the value the mismatch saw; d was called after it returned");
    }

    @Test
    void shouldShrinkToAOneMinimalSelfContainedWitness()
    {
        op(1, Op.PUT, "a", null, 0, 1, OpType.OK, null);
        op(1, Op.PUT, "b", null, 2, 3, OpType.OK, null);
        op(2, Op.CAS, "c", "a", 4, 5, OpType.FAIL, LinearizabilityChecker.CAS_MISMATCH);
        op(1, Op.PUT, "x", null, 6, 7, OpType.OK, null);
        op(1, Op.PUT, "y", null, 8, 9, OpType.OK, null);
        op(2, Op.GET, "x", null, 10, 11, OpType.OK, null);
        final List<KeyOperation> ops = ops();
        final Witness rules = new Witness(ops);
        final Witness.Shrunk shrunk = rules.shrink(ops, Long.MAX_VALUE, 100_000);
        assertTrue(shrunk.minimal());
        assertEquals(List.of(ops.get(3), ops.get(4), ops.get(5)), shrunk.ops(), "the stale read, not the mismatch");
    }
}
