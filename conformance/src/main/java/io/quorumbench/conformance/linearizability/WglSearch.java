package io.quorumbench.conformance.linearizability;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference decision procedure for one key: Wing &amp; Gong's search as improved by Lowe
 * (just-in-time linearization over a doubly linked list of call and return events, memoising every
 * (set of linearized operations, register state) pair already explored), as Porcupine implements
 * it. Exact for any history, values repeated or not; exponential in the worst case, so it is
 * bounded by a deadline and a memo size and answers {@link Verdict#UNKNOWN} past them.
 *
 * <p>Register semantics per operation: a put writes; an ok get needs the state to equal its result;
 * an ok cas needs its expectation and writes; a cas of unknown outcome writes if the state equals
 * its expectation and otherwise does nothing; a cas mismatch needs the state to differ from its
 * expectation and changes nothing. Single use, not thread-safe.
 */
final class WglSearch
{
    /** Result of a search. */
    enum Verdict
    {
        LINEARIZABLE, VIOLATION, UNKNOWN
    }

    private static final int PUT = 0;
    private static final int GET = 1;
    private static final int CAS = 2;
    private static final int CAS_UNKNOWN = 3;
    private static final int MISMATCH = 4;
    private static final int ABSENT = 0;

    private final int count;
    private final int[] kind;
    private final int[] arg;
    private final int[] expected;
    private final int startState;
    private final Entry head = new Entry(-1, false, Long.MIN_VALUE);
    private final long deadlineNs;
    private final int maxMemoEntries;

    /**
     * A search.
     *
     * @param ops            the operations of one key.
     * @param returnNs       the return time of each operation (+&infin; for unknown outcomes).
     * @param startValue     the register's value before the first operation, {@code null} = absent.
     * @param deadlineNs     {@link System#nanoTime()} after which the search gives up.
     * @param maxMemoEntries memoised configurations after which the search gives up.
     */
    WglSearch(
        final List<KeyOperation> ops, final long[] returnNs, final String startValue, final long deadlineNs,
        final int maxMemoEntries)
    {
        this.deadlineNs = deadlineNs;
        this.maxMemoEntries = maxMemoEntries;
        count = ops.size();
        kind = new int[count];
        arg = new int[count];
        expected = new int[count];
        final Map<String, Integer> values = new HashMap<>();
        startState = intern(values, startValue);
        final List<Entry> entries = new ArrayList<>(2 * count);
        for (int i = 0; i < count; i++)
        {
            final KeyOperation op = ops.get(i);
            switch (op.kind)
            {
                case KeyOperation.PUT:
                    kind[i] = PUT;
                    arg[i] = intern(values, op.value);
                    break;
                case KeyOperation.GET:
                    kind[i] = GET;
                    arg[i] = intern(values, op.value);
                    break;
                default:
                    kind[i] = op.outcome == KeyOperation.Outcome.OK ? CAS :
                        op.outcome == KeyOperation.Outcome.INFO ? CAS_UNKNOWN : MISMATCH;
                    arg[i] = intern(values, op.value);
                    expected[i] = intern(values, op.expected);
                    break;
            }
            final Entry call = new Entry(i, true, op.callNs);
            final Entry ret = new Entry(i, false, returnNs[i]);
            call.match = ret;
            entries.add(call);
            entries.add(ret);
        }
        // by time; on a tie calls first, so operations with equal stamps count as concurrent
        entries.sort((a, b) ->
        {
            final int byTime = Long.compare(a.timeNs, b.timeNs);
            if (byTime != 0)
            {
                return byTime;
            }
            if (a.isCall != b.isCall)
            {
                return a.isCall ? -1 : 1;
            }
            return Integer.compare(a.id, b.id);
        });
        Entry tail = head;
        for (final Entry entry : entries)
        {
            tail.next = entry;
            entry.prev = tail;
            tail = entry;
        }
    }

    private static int intern(final Map<String, Integer> values, final String value)
    {
        if (null == value)
        {
            return ABSENT;
        }
        return values.computeIfAbsent(value, v -> values.size() + 1);
    }

    /** Returns the new state, or -1 if the operation cannot be linearized in {@code state}. */
    private int step(final int op, final int state)
    {
        switch (kind[op])
        {
            case PUT:
                return arg[op];
            case GET:
                return state == arg[op] ? state : -1;
            case CAS:
                return state == expected[op] ? arg[op] : -1;
            case CAS_UNKNOWN:
                // a cas of unknown outcome that finds another value simply did not apply
                return state == expected[op] ? arg[op] : state;
            default:
                return state != expected[op] ? state : -1;
        }
    }

    /**
     * Run the search.
     *
     * @return the verdict.
     */
    Verdict run()
    {
        final BitSet linearized = new BitSet(count);
        final Set<MemoKey> memo = new HashSet<>();
        final Entry[] callStack = new Entry[count];
        final int[] stateStack = new int[count];
        int depth = 0;
        int state = startState;
        Entry entry = head.next;
        long steps = 0;
        while (null != head.next)
        {
            if ((++steps & 0x3FF) == 0 && System.nanoTime() - deadlineNs > 0)
            {
                return Verdict.UNKNOWN;
            }
            if (entry.isCall)
            {
                final int newState = step(entry.id, state);
                boolean lifted = false;
                if (newState >= 0)
                {
                    linearized.set(entry.id);
                    final MemoKey key = new MemoKey((BitSet)linearized.clone(), newState);
                    if (memo.add(key))
                    {
                        if (memo.size() > maxMemoEntries)
                        {
                            return Verdict.UNKNOWN;
                        }
                        callStack[depth] = entry;
                        stateStack[depth] = state;
                        depth++;
                        state = newState;
                        lift(entry);
                        entry = head.next;
                        lifted = true;
                    }
                    else
                    {
                        linearized.clear(entry.id);
                    }
                }
                if (!lifted)
                {
                    entry = entry.next;
                }
            }
            else
            {
                // a return whose call is not linearized yet: everything before it failed; backtrack
                if (depth == 0)
                {
                    return Verdict.VIOLATION;
                }
                depth--;
                final Entry call = callStack[depth];
                state = stateStack[depth];
                linearized.clear(call.id);
                unlift(call);
                entry = call.next;
            }
        }
        return Verdict.LINEARIZABLE;
    }

    private static void lift(final Entry call)
    {
        call.prev.next = call.next;
        call.next.prev = call.prev;
        final Entry ret = call.match;
        ret.prev.next = ret.next;
        if (null != ret.next)
        {
            ret.next.prev = ret.prev;
        }
    }

    private static void unlift(final Entry call)
    {
        final Entry ret = call.match;
        ret.prev.next = ret;
        if (null != ret.next)
        {
            ret.next.prev = ret;
        }
        call.prev.next = call;
        call.next.prev = call;
    }

    /** One call or return event of the doubly linked list the search lifts operations out of. */
    private static final class Entry
    {
        final int id;
        final boolean isCall;
        final long timeNs;
        Entry match;
        Entry prev;
        Entry next;

        Entry(final int id, final boolean isCall, final long timeNs)
        {
            this.id = id;
            this.isCall = isCall;
            this.timeNs = timeNs;
        }
    }

    private record MemoKey(BitSet linearized, int state)
    {
    }
}
