package io.quorumbench.conformance.linearizability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sub-histories of one key that prove a violation on their own, and their shrinking.
 *
 * <p>A sub-history S of a key's history H is <em>self-contained</em> when
 * <ol>
 *   <li>for every get in S that returned a value, and every ok or unknown cas in S that expected
 *       one, every write of that value in H is in S; and</li>
 *   <li>for every cas mismatch m in S, every write in H that could be the register's value at m's
 *       instant is in S: every write called before m returned, unless an ok write certainly came
 *       between it and m (called after it returned, and returned before m was called).</li>
 * </ol>
 * <b>Lemma</b>: if H is linearizable, so is every self-contained S. Take a linearization L of H
 * and keep only S's operations, moving any unknown cas that did not apply in L to the end (where
 * it may apply or not, unobserved). Real-time order still holds. At the instant of an operation
 * of S, the last write before it in L is still in S (rule 1 for reads and cas, whose value was
 * written by it; rule 2 for mismatches), and no write of S lies between the two that did not in L,
 * so every operation sees the same value as in L. Hence a self-contained S with no linearization
 * proves that H has none; this is how violations from the fast path are confirmed by the reference
 * search, and why the shrunk witness stays a real violation rather than an artefact of dropping
 * the write a read needed. Without rule 1 the smallest witness of a stale read would be the read
 * alone; without rule 2, "put a; put b; cas a-&gt;c fails" would shrink to the false witness
 * "put a; cas a-&gt;c fails".
 */
final class Witness
{
    private final Map<String, List<KeyOperation>> writesByValue = new HashMap<>();
    private final List<KeyOperation> writes = new ArrayList<>();
    private final Map<KeyOperation, Long> overwrittenByNs = new IdentityHashMap<>();
    private final Map<KeyOperation, Integer> position = new IdentityHashMap<>();

    /**
     * Closure rules over a key's history.
     *
     * @param all every operation of the key (as classified by {@link KeyOperation#of}).
     */
    Witness(final List<KeyOperation> all)
    {
        final List<KeyOperation> okWrites = new ArrayList<>();
        for (int i = 0; i < all.size(); i++)
        {
            final KeyOperation op = all.get(i);
            position.put(op, i);
            if (op.isWrite())
            {
                writes.add(op);
                writesByValue.computeIfAbsent(op.value, v -> new ArrayList<>()).add(op);
                if (op.outcome == KeyOperation.Outcome.OK)
                {
                    okWrites.add(op);
                }
            }
        }
        // for each write, the earliest return of an ok write called after it returned
        okWrites.sort(Comparator.comparingLong(op -> op.callNs));
        final long[] calls = new long[okWrites.size()];
        final long[] suffixMinReturnNs = new long[okWrites.size() + 1];
        suffixMinReturnNs[okWrites.size()] = Long.MAX_VALUE;
        for (int k = okWrites.size() - 1; k >= 0; k--)
        {
            calls[k] = okWrites.get(k).callNs;
            suffixMinReturnNs[k] = Math.min(suffixMinReturnNs[k + 1], okWrites.get(k).returnNs);
        }
        for (final KeyOperation write : writes)
        {
            // first ok write called strictly after this one returned
            int low = 0;
            int high = calls.length;
            while (low < high)
            {
                final int mid = (low + high) >>> 1;
                if (calls[mid] > write.returnNs)
                {
                    high = mid;
                }
                else
                {
                    low = mid + 1;
                }
            }
            overwrittenByNs.put(write, suffixMinReturnNs[low]);
        }
    }

    /**
     * The smallest self-contained sub-history holding the given operations.
     *
     * @param seed operations of this key.
     * @return the closure, in history order.
     */
    List<KeyOperation> closure(final Iterable<KeyOperation> seed)
    {
        final Set<KeyOperation> in = Collections.newSetFromMap(new IdentityHashMap<>());
        final ArrayDeque<KeyOperation> work = new ArrayDeque<>();
        for (final KeyOperation op : seed)
        {
            if (in.add(op))
            {
                work.add(op);
            }
        }
        while (!work.isEmpty())
        {
            final KeyOperation op = work.poll();
            for (final KeyOperation needed : needs(op))
            {
                if (in.add(needed))
                {
                    work.add(needed);
                }
            }
        }
        final List<KeyOperation> result = new ArrayList<>(in);
        result.sort(Comparator.comparingInt(position::get));
        return result;
    }

    private List<KeyOperation> needs(final KeyOperation op)
    {
        if (op.outcome == KeyOperation.Outcome.MISMATCH)
        {
            final List<KeyOperation> candidates = new ArrayList<>();
            for (final KeyOperation write : writes)
            {
                if (write.callNs <= op.returnNs && overwrittenByNs.get(write) >= op.callNs)
                {
                    candidates.add(write);
                }
            }
            return candidates;
        }
        if (op.observes() && null != op.observed())
        {
            return writesByValue.getOrDefault(op.observed(), List.of());
        }
        return List.of();
    }

    /**
     * Whether a sub-history is self-contained.
     *
     * @param ops the sub-history.
     * @return true if its closure adds nothing.
     */
    boolean isSelfContained(final List<KeyOperation> ops)
    {
        return closure(ops).size() == ops.size();
    }

    /**
     * Shrink a self-contained sub-history with no linearization (delta debugging, complements
     * only), keeping every step self-contained and non-linearizable.
     *
     * @param start      a self-contained sub-history the reference search found not linearizable.
     * @param deadlineNs {@link System#nanoTime()} to stop at.
     * @param maxMemo    memo bound for each search.
     * @return the smallest found, and whether it is 1-minimal (removing any one operation, then
     *         closing, leaves a linearizable sub-history).
     */
    Shrunk shrink(final List<KeyOperation> start, final long deadlineNs, final int maxMemo)
    {
        List<KeyOperation> current = start;
        int chunks = 2;
        while (current.size() >= 2)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return new Shrunk(current, false);
            }
            final int chunkSize = (current.size() + chunks - 1) / chunks;
            boolean reduced = false;
            for (int from = 0; from < current.size(); from += chunkSize)
            {
                final List<KeyOperation> rest = new ArrayList<>(current.subList(0, from));
                rest.addAll(current.subList(Math.min(current.size(), from + chunkSize), current.size()));
                final List<KeyOperation> candidate = closure(rest);
                if (candidate.isEmpty() || candidate.size() >= current.size())
                {
                    continue;
                }
                final WglSearch.Verdict verdict = search(candidate, deadlineNs, maxMemo);
                if (verdict == WglSearch.Verdict.UNKNOWN)
                {
                    return new Shrunk(current, false);
                }
                if (verdict == WglSearch.Verdict.VIOLATION)
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
                    return new Shrunk(current, true);
                }
                chunks = Math.min(current.size(), chunks * 2);
            }
        }
        return new Shrunk(current, true);
    }

    /**
     * The reference search on a sub-history standing alone.
     *
     * @param ops        the operations.
     * @param deadlineNs when to give up.
     * @param maxMemo    memo bound.
     * @return the verdict.
     */
    static WglSearch.Verdict search(final List<KeyOperation> ops, final long deadlineNs, final int maxMemo)
    {
        final KeyHistory history = KeyHistory.prepare(ops);
        return new WglSearch(history.ops, history.returnNs, null, deadlineNs, maxMemo).run();
    }

    /**
     * A shrunk witness.
     *
     * @param ops     its operations, in history order.
     * @param minimal whether shrinking finished.
     */
    record Shrunk(List<KeyOperation> ops, boolean minimal)
    {
    }

    /**
     * Operations in history order, deduplicated.
     *
     * @param ops operations of this key.
     * @return them in history order.
     */
    List<KeyOperation> inHistoryOrder(final Iterable<KeyOperation> ops)
    {
        final Set<KeyOperation> set = new LinkedHashSet<>();
        for (final KeyOperation op : ops)
        {
            set.add(op);
        }
        final List<KeyOperation> result = new ArrayList<>(set);
        result.sort(Comparator.comparingInt(position::get));
        return result;
    }
}
