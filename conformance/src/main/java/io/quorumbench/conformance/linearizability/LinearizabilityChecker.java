package io.quorumbench.conformance.linearizability;

import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.history.Op;
import io.quorumbench.conformance.history.OpType;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks that a key-value {@link History} is linearizable, the way Porcupine does: the history is
 * split by key (P-compositionality: a history is linearizable iff each key's sub-history is, as
 * keys are independent registers) and each sub-history is searched with Wing &amp; Gong's algorithm
 * as improved by Lowe (just-in-time linearization, memoising every (set of linearized operations,
 * register state) pair already explored so no configuration is searched twice).
 *
 * <p>Each key is a register holding a string or nothing: {@code put} writes, {@code get} must read
 * the current value ({@code null} = absent), {@code cas} writes its new value only if the current
 * one equals its expected value ({@code null} = absent). Operations that ended {@code fail} did not
 * take effect and are dropped. Operations that ended {@code info}, or never completed, may or may not
 * have taken effect: their return is at +∞ (Jepsen's convention), a {@code cas} of unknown outcome
 * is modelled as "applies if its expectation holds when it is linearized", and a read of unknown
 * outcome is dropped as it changes nothing. An operation never taking effect is covered because it
 * may always be linearized after every completed one, where nothing observes it.
 *
 * <p>The search is bounded by operations per key, memo entries and wall-clock time; past a bound the
 * result is {@link LinearizabilityResult.Outcome#UNKNOWN}, never a hang. On a violation the failing
 * key's sub-history is shrunk (delta debugging, within {@link #minimiseBudgetNs}) to a small witness.
 *
 * <p><b>Threading</b>: instances are immutable and may be shared; each call uses its own state.
 */
public final class LinearizabilityChecker
{
    /** Default cap on completed-or-unknown operations per key. */
    public static final int DEFAULT_MAX_OPS_PER_KEY = 20_000;
    /** Default cap on memoised configurations per key. */
    public static final int DEFAULT_MAX_MEMO_ENTRIES = 2_000_000;
    /** Default wall-clock budget for deciding the whole history. */
    public static final long DEFAULT_TIME_BUDGET_NS = 20_000_000_000L;
    /** Default wall-clock budget for shrinking a witness. */
    public static final long DEFAULT_MINIMISE_BUDGET_NS = 2_000_000_000L;

    private static final int PUT = 0;
    private static final int GET = 1;
    private static final int CAS = 2;
    private static final int ABSENT = 0;

    private final int maxOpsPerKey;
    private final int maxMemoEntries;
    private final long timeBudgetNs;
    private final long minimiseBudgetNs;

    /** A checker with the default bounds. */
    public LinearizabilityChecker()
    {
        this(DEFAULT_MAX_OPS_PER_KEY, DEFAULT_MAX_MEMO_ENTRIES, DEFAULT_TIME_BUDGET_NS, DEFAULT_MINIMISE_BUDGET_NS);
    }

    /**
     * A checker with explicit bounds.
     *
     * @param maxOpsPerKey     more operations than this on one key gives UNKNOWN.
     * @param maxMemoEntries   more memoised configurations than this on one key gives UNKNOWN.
     * @param timeBudgetNs     wall-clock budget for the whole history; exceeded gives UNKNOWN.
     * @param minimiseBudgetNs wall-clock budget for shrinking a witness.
     */
    public LinearizabilityChecker(
        final int maxOpsPerKey, final int maxMemoEntries, final long timeBudgetNs, final long minimiseBudgetNs)
    {
        if (maxOpsPerKey <= 0 || maxMemoEntries <= 0 || timeBudgetNs <= 0 || minimiseBudgetNs < 0)
        {
            throw new IllegalArgumentException("bounds must be positive");
        }
        this.maxOpsPerKey = maxOpsPerKey;
        this.maxMemoEntries = maxMemoEntries;
        this.timeBudgetNs = timeBudgetNs;
        this.minimiseBudgetNs = minimiseBudgetNs;
    }

    /**
     * Budget for shrinking a witness.
     *
     * @return nanoseconds of wall-clock time.
     */
    public long minimiseBudgetNs()
    {
        return minimiseBudgetNs;
    }

    /**
     * Check a history.
     *
     * @param history the history; each process must alternate invoke and completion.
     * @return the verdict.
     * @throws IllegalArgumentException if the history is malformed (a completion without an
     *                                  invocation, two outstanding invocations on one process,
     *                                  a completion of another function or key).
     */
    public LinearizabilityResult check(final History history)
    {
        final long deadlineNs = System.nanoTime() + timeBudgetNs;
        final Map<String, List<Operation>> byKey = operationsByKey(history);
        int opsChecked = 0;
        for (final Map.Entry<String, List<Operation>> entry : byKey.entrySet())
        {
            final String key = entry.getKey();
            final List<Operation> ops = entry.getValue();
            opsChecked += ops.size();
            if (ops.size() > maxOpsPerKey)
            {
                return new LinearizabilityResult(LinearizabilityResult.Outcome.UNKNOWN, key, List.of(), false,
                    byKey.size(), opsChecked, "unknown: key " + key + " has " + ops.size() + " operations, more than " +
                    maxOpsPerKey);
            }
            final Verdict verdict = new Search(ops, deadlineNs).run();
            if (verdict == Verdict.UNKNOWN)
            {
                return new LinearizabilityResult(LinearizabilityResult.Outcome.UNKNOWN, key, List.of(), false,
                    byKey.size(), opsChecked, "unknown: search of key " + key + " (" + ops.size() +
                    " operations) exceeded its time or memo bound");
            }
            if (verdict == Verdict.VIOLATION)
            {
                final long minimiseDeadlineNs = System.nanoTime() + minimiseBudgetNs;
                final Minimised minimised = minimise(ops, minimiseDeadlineNs);
                final List<Op> witness = new ArrayList<>();
                for (final Operation op : minimised.ops)
                {
                    witness.add(op.invoke);
                    if (null != op.completion)
                    {
                        witness.add(op.completion);
                    }
                }
                witness.sort(Comparator.comparingLong(Op::index));
                return new LinearizabilityResult(LinearizabilityResult.Outcome.VIOLATION, key, witness, minimised.minimal,
                    byKey.size(), opsChecked, "not linearizable: key " + key + " (" + ops.size() +
                    " operations) has no linearization; witness of " + minimised.ops.size() + " operations");
            }
        }
        return new LinearizabilityResult(LinearizabilityResult.Outcome.LINEARIZABLE, null, List.of(), true,
            byKey.size(), opsChecked, "linearizable: " + byKey.size() + " keys, " + opsChecked + " operations");
    }

    private static Map<String, List<Operation>> operationsByKey(final History history)
    {
        final Map<Integer, Op> pending = new HashMap<>();
        final List<Operation> all = new ArrayList<>();
        final Map<Op, Operation> byInvoke = new HashMap<>();
        for (final Op op : history.ops())
        {
            if (op.type() == OpType.INVOKE)
            {
                final Op previous = pending.put(op.process(), op);
                if (null != previous)
                {
                    throw new IllegalArgumentException("process " + op.process() + " invoked " + op + " while " +
                        previous + " was outstanding");
                }
                final Operation operation = new Operation(op);
                all.add(operation);
                byInvoke.put(op, operation);
            }
            else
            {
                final Op invoke = pending.remove(op.process());
                if (null == invoke)
                {
                    throw new IllegalArgumentException("completion without invocation: " + op);
                }
                if (!invoke.f().equals(op.f()) || !invoke.key().equals(op.key()))
                {
                    throw new IllegalArgumentException("completion " + op + " does not match invocation " + invoke);
                }
                byInvoke.get(invoke).completion = op;
            }
        }

        final Map<String, List<Operation>> byKey = new TreeMap<>();
        for (final Operation operation : all)
        {
            final OpType outcome = null == operation.completion ? OpType.INFO : operation.completion.type();
            if (outcome == OpType.FAIL)
            {
                continue;
            }
            if (outcome == OpType.INFO && Op.GET.equals(operation.invoke.f()))
            {
                continue;
            }
            byKey.computeIfAbsent(operation.invoke.key(), k -> new ArrayList<>()).add(operation);
        }
        for (final Map.Entry<String, List<Operation>> entry : byKey.entrySet())
        {
            entry.setValue(withoutUnobservedUnknownWrites(entry.getValue()));
        }
        return byKey;
    }

    /**
     * Drops writes of unknown outcome whose value no read returned and no cas expected. Such a write
     * can always be linearized last, after every completed operation, where it changes nothing
     * anybody saw; keeping it only multiplies the search (n concurrent unknown writes give 2^n
     * memo states), and timeouts under faults produce many of them.
     */
    private static List<Operation> withoutUnobservedUnknownWrites(final List<Operation> ops)
    {
        final Set<String> observed = new HashSet<>();
        for (final Operation op : ops)
        {
            if (Op.GET.equals(op.invoke.f()) && null != op.completion.value())
            {
                observed.add(op.completion.value());
            }
            else if (Op.CAS.equals(op.invoke.f()) && null != op.invoke.expected())
            {
                observed.add(op.invoke.expected());
            }
        }
        final List<Operation> kept = new ArrayList<>(ops.size());
        for (final Operation op : ops)
        {
            if (op.known() || Op.GET.equals(op.invoke.f()) || observed.contains(op.invoke.value()))
            {
                kept.add(op);
            }
        }
        return kept;
    }

    private Minimised minimise(final List<Operation> ops, final long deadlineNs)
    {
        // ddmin, complements only: drop chunks while the rest still fails; every kept step still fails
        List<Operation> current = ops;
        final boolean keepSelfContained = selfContained(ops);
        int chunks = 2;
        while (current.size() >= 2)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return new Minimised(current, false);
            }
            final int chunkSize = (current.size() + chunks - 1) / chunks;
            boolean reduced = false;
            for (int start = 0; start < current.size(); start += chunkSize)
            {
                final List<Operation> candidate = new ArrayList<>(current.subList(0, start));
                candidate.addAll(current.subList(Math.min(current.size(), start + chunkSize), current.size()));
                if (candidate.isEmpty() || (keepSelfContained && !selfContained(candidate)))
                {
                    continue;
                }
                final Verdict verdict = new Search(candidate, deadlineNs).run();
                if (verdict == Verdict.UNKNOWN)
                {
                    return new Minimised(current, false);
                }
                if (verdict == Verdict.VIOLATION)
                {
                    current = candidate;
                    chunks = Math.max(chunks - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced)
            {
                if (chunkSize == 1)
                {
                    return new Minimised(current, true);
                }
                chunks = Math.min(current.size(), chunks * 2);
            }
        }
        return new Minimised(current, true);
    }

    /**
     * Whether every value a witness reads or expects is written inside it. Without this rule the
     * smallest witness of a stale read is the read alone ("read a value nobody wrote"), which is
     * true but hides the write it should have seen.
     */
    private static boolean selfContained(final List<Operation> ops)
    {
        final Set<String> written = new HashSet<>();
        for (final Operation op : ops)
        {
            if (!Op.GET.equals(op.invoke.f()))
            {
                written.add(op.invoke.value());
            }
        }
        for (final Operation op : ops)
        {
            final String needed = Op.GET.equals(op.invoke.f()) ? op.completion.value() :
                Op.CAS.equals(op.invoke.f()) ? op.invoke.expected() : null;
            if (null != needed && !written.contains(needed))
            {
                return false;
            }
        }
        return true;
    }

    private record Minimised(List<Operation> ops, boolean minimal)
    {
    }

    private enum Verdict
    {
        LINEARIZABLE, VIOLATION, UNKNOWN
    }

    /** An invocation and its completion ({@code null} if it never completed). */
    private static final class Operation
    {
        final Op invoke;
        Op completion;

        Operation(final Op invoke)
        {
            this.invoke = invoke;
        }

        boolean known()
        {
            return null != completion && completion.type() == OpType.OK;
        }

        long callNs()
        {
            return invoke.timeNs();
        }

        long returnNs()
        {
            return known() ? completion.timeNs() : Long.MAX_VALUE;
        }
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

    /** Wing &amp; Gong / Lowe search over one key's operations. */
    private final class Search
    {
        private final int count;
        private final int[] kind;
        private final int[] arg;
        private final int[] expected;
        private final int[] output;
        private final boolean[] known;
        private final Entry head = new Entry(-1, false, Long.MIN_VALUE);
        private final long deadlineNs;

        Search(final List<Operation> ops, final long deadlineNs)
        {
            this.deadlineNs = deadlineNs;
            count = ops.size();
            kind = new int[count];
            arg = new int[count];
            expected = new int[count];
            output = new int[count];
            known = new boolean[count];
            final Map<String, Integer> values = new HashMap<>();
            final List<Entry> entries = new ArrayList<>(2 * count);
            for (int i = 0; i < count; i++)
            {
                final Operation op = ops.get(i);
                final Op invoke = op.invoke;
                known[i] = op.known();
                switch (invoke.f())
                {
                    case Op.PUT:
                        kind[i] = PUT;
                        arg[i] = intern(values, invoke.value());
                        break;
                    case Op.GET:
                        kind[i] = GET;
                        output[i] = intern(values, op.completion.value());
                        break;
                    default:
                        kind[i] = CAS;
                        arg[i] = intern(values, invoke.value());
                        expected[i] = intern(values, invoke.expected());
                        break;
                }
                final Entry call = new Entry(i, true, op.callNs());
                final Entry ret = new Entry(i, false, op.returnNs());
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

        private int intern(final Map<String, Integer> values, final String value)
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
                    return state == output[op] ? state : -1;
                default:
                    if (state == expected[op])
                    {
                        return arg[op];
                    }
                    // a cas of unknown outcome that finds another value simply did not apply
                    return known[op] ? -1 : state;
            }
        }

        Verdict run()
        {
            final BitSet linearized = new BitSet(count);
            final Set<MemoKey> memo = new HashSet<>();
            final Entry[] callStack = new Entry[count];
            final int[] stateStack = new int[count];
            int depth = 0;
            int state = ABSENT;
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

        private void lift(final Entry call)
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

        private void unlift(final Entry call)
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
    }

    @Override
    public String toString()
    {
        return "LinearizabilityChecker{maxOpsPerKey=" + maxOpsPerKey + ", maxMemoEntries=" + maxMemoEntries +
            ", timeBudgetNs=" + timeBudgetNs + '}';
    }
}
