package io.quorumbench.conformance.linearizability;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fast path for one key whose written values are unique: every observed value names the one
 * write it came from, so instead of searching orders of operations it builds the order of writes
 * directly, in O(n log n), and hands the resulting linearization to
 * {@link LinearizationVerifier}. A {@link Kind#LINEARIZABLE} answer is given only for a proposal
 * the verifier accepted; a {@link Kind#VIOLATION} answer names a small set of operations that the
 * caller must confirm with the reference search before reporting it; anything else is
 * {@link Kind#UNDECIDED} and goes to the reference search.
 *
 * <h2>Why the write order is nearly forced</h2>
 * With unique values the register holds each value during one contiguous stretch of the
 * linearization, its <em>epoch</em>, opened by the value's write and closed by the next write.
 * <ul>
 *   <li>A write is <em>effective</em> (certainly took effect) if it completed ok, or if its value
 *       is observed: an ok get returned it, or an ok or effective cas expected it. Other writes of
 *       unknown outcome are left out (they may never have taken effect; leaving them out can only
 *       make this path fail to find a linearization, never invent one).</li>
 *   <li>An effective cas e-&gt;v closes e's epoch and opens v's: it comes right after e's write.
 *       Two effective cas expecting the same e, or cas expecting each other in a cycle, cannot
 *       all happen. Effective writes thus form disjoint <em>chains</em>, each headed by a put or
 *       by the initial absent value, which occupy contiguous stretches of the write order.</li>
 *   <li>Placing each operation at an instant inside its interval, a chain started at instant s
 *       finishes (its last epoch's last reader placed) at the earliest at max(s, K) and must
 *       start by D, with K and D computed from its writes' and readers' calls and returns
 *       (and a chain whose own constraints clash, A<sub>i</sub> &gt; D<sub>i</sub> below, is a
 *       violation). A chain with K &gt; D is <em>forward</em>: in any linearization it occupies
 *       at least [D, K]. One with K &le; D is <em>backward</em>: it fits in one instant of [K, D].
 *       This is the zone argument of Gibbons &amp; Korach (1997) for read/write registers with a
 *       known reads-from relation, with chains in place of single writes.</li>
 *   <li>So the chains can be ordered iff forward zones do not overlap (beyond endpoints) and each
 *       backward chain has an instant in [K, D] not strictly inside a forward zone; ordering
 *       forward chains by D and backward chains at their earliest such instant, then placing
 *       everything as early as possible, yields a linearization of the effective writes, gets
 *       and ok cas.</li>
 *   <li>A cas mismatch expecting e then needs an instant in its interval outside e's epoch. The
 *       earliest-possible placement closes epochs as early as possible, which is what a mismatch
 *       issued after seeing e needs. Where e's epoch ends its chain, a write of unknown outcome
 *       that nobody observed may be put right after e's last reader to end it (fail-overs leave
 *       such writes, and a mismatch is often the only sign one happened). If a mismatch still has
 *       no place the answer is {@link Kind#UNDECIDED} (a later placement of e might fit), with the
 *       operations involved as suspects.</li>
 * </ul>
 * Abdulla et al. (2025) found published fast checkers wrong; this one needs no such trust for a
 * {@code LINEARIZABLE}, and its violations are confirmed by the reference search.
 * Stateless.
 */
final class UniqueValueChecker
{
    /** How a key was decided. */
    enum Kind
    {
        LINEARIZABLE, VIOLATION, UNDECIDED
    }

    /**
     * The answer.
     *
     * @param kind     the verdict.
     * @param suspects for {@link Kind#VIOLATION} (and, when known, {@link Kind#UNDECIDED}): the
     *                 operations that cannot be linearized together.
     * @param reason   what was found.
     */
    record Decision(Kind kind, List<KeyOperation> suspects, String reason)
    {
    }

    private static final int ABSENT = 0;
    private static final int NONE = -1;
    private static final int INIT = -1;

    private UniqueValueChecker()
    {
    }

    /**
     * Decide one key.
     *
     * @param history the key's prepared operations.
     * @return the decision.
     */
    static Decision check(final KeyHistory history)
    {
        if (!history.uniqueValues)
        {
            return new Decision(Kind.UNDECIDED, List.of(), "a value is written more than once");
        }
        return new Run(history).decide();
    }

    /** One chain of effective writes: a head (a put, or the initial value) and the cas following it. */
    private static final class Chain
    {
        /** Operation indices of the writes; {@link #INIT} for the initial value. */
        final int[] writes;
        final int[] values;
        long releaseNs;
        long deadlineNs = Long.MAX_VALUE;
        long finishNs;
        long positionNs;
        boolean forward;

        Chain(final int[] writes, final int[] values)
        {
            this.writes = writes;
            this.values = values;
        }

        boolean isInitial()
        {
            return writes[0] == INIT;
        }
    }

    /** The state of one decision. */
    private static final class Run
    {
        private final KeyHistory history;
        private final List<KeyOperation> ops;
        private final int n;
        private final Map<String, Integer> valueIds = new HashMap<>();
        private final int[] writeValue;
        private final int[] observedValue;
        private int[] writerOf;
        private int[] readerStart;
        private int[] readers;
        private long[] readerMaxCallNs;
        private long[] readerMinReturnNs;
        /** Writes that certainly took effect: ok ones, and unknown ones whose value was observed. */
        private boolean[] effective;
        /** For a write of unknown outcome made effective: the operation whose observation made it so. */
        private int[] neededBy;
        /** Why {@link #order} found no order. */
        private Decision lastClash;
        /** Indices of the mismatches expecting each value, built when first needed. */
        private Map<Integer, List<Integer>> mismatchesByExpected;

        Run(final KeyHistory history)
        {
            this.history = history;
            this.ops = history.ops;
            n = ops.size();
            valueIds.put(null, ABSENT);
            writeValue = new int[n];
            observedValue = new int[n];
            for (int i = 0; i < n; i++)
            {
                final KeyOperation op = ops.get(i);
                writeValue[i] = op.kind == KeyOperation.GET ? NONE : id(op.value);
                observedValue[i] = op.kind == KeyOperation.GET ? id(op.value) :
                    op.kind == KeyOperation.CAS ? id(op.expected) : NONE;
            }
        }

        private int id(final String value)
        {
            return valueIds.computeIfAbsent(value, v -> valueIds.size());
        }

        Decision decide()
        {
            final int values = valueIds.size();
            writerOf = new int[values];
            Arrays.fill(writerOf, NONE);
            for (int i = 0; i < n; i++)
            {
                if (ops.get(i).isWrite())
                {
                    writerOf[writeValue[i]] = i;
                }
            }
            indexReaders(values);

            // effective writes: ok ones, and unknown ones whose value something that happened observed
            effective = new boolean[n];
            neededBy = new int[n];
            Arrays.fill(neededBy, NONE);
            final ArrayDeque<Integer> needed = new ArrayDeque<>();
            for (int i = 0; i < n; i++)
            {
                final KeyOperation op = ops.get(i);
                if (op.outcome == KeyOperation.Outcome.OK)
                {
                    effective[i] = op.isWrite();
                    if (op.observes())
                    {
                        needed.add(i);
                    }
                }
            }
            while (!needed.isEmpty())
            {
                final int by = needed.poll();
                final int value = observedValue[by];
                if (value == ABSENT)
                {
                    continue;
                }
                final int writer = writerOf[value];
                if (writer == NONE)
                {
                    return violation(List.of(ops.get(by)), "observed a value no operation wrote: " + ops.get(by));
                }
                if (!effective[writer])
                {
                    effective[writer] = true;
                    neededBy[writer] = by;
                    if (ops.get(writer).kind == KeyOperation.CAS)
                    {
                        needed.add(writer);
                    }
                }
            }

            // each value is followed by at most one effective cas
            final int[] successor = new int[values];
            Arrays.fill(successor, NONE);
            for (int i = 0; i < n; i++)
            {
                if (effective[i] && ops.get(i).kind == KeyOperation.CAS)
                {
                    final int expected = observedValue[i];
                    if (successor[expected] != NONE)
                    {
                        final List<KeyOperation> suspects = new ArrayList<>();
                        suspects.add(ops.get(successor[expected]));
                        suspects.add(ops.get(i));
                        if (writerOf[expected] != NONE)
                        {
                            suspects.add(ops.get(writerOf[expected]));
                        }
                        return violation(suspects, "two cas took effect from the same value: " + ops.get(successor[expected]) +
                            " and " + ops.get(i));
                    }
                    successor[expected] = i;
                }
            }

            final List<Chain> chains = new ArrayList<>();
            final boolean[] chained = new boolean[n];
            chains.add(chain(INIT, ABSENT, successor, chained));
            for (int i = 0; i < n; i++)
            {
                if (effective[i] && ops.get(i).kind == KeyOperation.PUT)
                {
                    chains.add(chain(i, writeValue[i], successor, chained));
                }
            }
            for (int i = 0; i < n; i++)
            {
                if (effective[i] && !chained[i])
                {
                    return violation(cycle(i), "cas expecting each other's values in a cycle: " + ops.get(i));
                }
            }

            for (final Chain chain : chains)
            {
                final Decision clash = measure(chain);
                if (null != clash)
                {
                    return clash;
                }
            }
            final List<Chain> order = order(chains);
            if (order.isEmpty())
            {
                return lastClash;
            }
            return place(order);
        }

        private void indexReaders(final int values)
        {
            readerStart = new int[values + 1];
            readerMaxCallNs = new long[values];
            readerMinReturnNs = new long[values];
            Arrays.fill(readerMaxCallNs, Long.MIN_VALUE);
            Arrays.fill(readerMinReturnNs, Long.MAX_VALUE);
            int count = 0;
            for (int i = 0; i < n; i++)
            {
                if (isReader(i))
                {
                    readerStart[observedValue[i] + 1]++;
                    count++;
                }
            }
            for (int v = 0; v < values; v++)
            {
                readerStart[v + 1] += readerStart[v];
            }
            final int[] fill = Arrays.copyOf(readerStart, values);
            final Integer[] byCall = new Integer[count];
            for (int i = 0; i < n; i++)
            {
                if (isReader(i))
                {
                    byCall[fill[observedValue[i]]++] = i;
                    final int v = observedValue[i];
                    readerMaxCallNs[v] = Math.max(readerMaxCallNs[v], ops.get(i).callNs);
                    readerMinReturnNs[v] = Math.min(readerMinReturnNs[v], history.returnNs[i]);
                }
            }
            // within each value, by call time: that is the order they are placed in
            for (int v = 0; v < values; v++)
            {
                Arrays.sort(byCall, readerStart[v], readerStart[v + 1], Comparator.comparingLong(i -> ops.get(i).callNs));
            }
            readers = new int[count];
            for (int k = 0; k < count; k++)
            {
                readers[k] = byCall[k];
            }
        }

        private boolean isReader(final int i)
        {
            final KeyOperation op = ops.get(i);
            return op.kind == KeyOperation.GET && op.outcome == KeyOperation.Outcome.OK;
        }

        private Chain chain(final int head, final int headValue, final int[] successor, final boolean[] chained)
        {
            final List<Integer> writes = new ArrayList<>();
            final List<Integer> values = new ArrayList<>();
            writes.add(head);
            values.add(headValue);
            if (head != INIT)
            {
                chained[head] = true;
            }
            int value = headValue;
            while (successor[value] != NONE)
            {
                final int cas = successor[value];
                chained[cas] = true;
                writes.add(cas);
                value = writeValue[cas];
                values.add(value);
            }
            return new Chain(writes.stream().mapToInt(Integer::intValue).toArray(),
                values.stream().mapToInt(Integer::intValue).toArray());
        }

        private List<KeyOperation> cycle(final int start)
        {
            final List<KeyOperation> cycle = new ArrayList<>();
            int cas = start;
            do
            {
                cycle.add(ops.get(cas));
                cas = writerOf[observedValue[cas]];
            }
            while (cas != start && cas != NONE && cycle.size() <= n);
            return cycle;
        }

        /**
         * Release, deadline and earliest finish of a chain. Write i of the chain can be placed no
         * earlier than A_i (its call, and the calls of every reader of the values before it, which
         * must all precede it) and no later than D_i (its return and the returns of the readers of
         * its value, which must all follow it). Started at s, it is placed at max(s, A_i).
         */
        private Decision measure(final Chain chain)
        {
            long earliestNs = chain.isInitial() ? Long.MIN_VALUE : ops.get(chain.writes[0]).callNs;
            chain.releaseNs = earliestNs;
            for (int j = 0; j < chain.writes.length; j++)
            {
                final int write = chain.writes[j];
                final int value = chain.values[j];
                if (j > 0)
                {
                    earliestNs = Math.max(earliestNs, ops.get(write).callNs);
                }
                final long latestNs = write == INIT ? Long.MAX_VALUE :
                    Math.min(history.returnNs[write], readerMinReturnNs[value]);
                if (earliestNs > latestNs)
                {
                    return violation(chainOps(chain, j), "a write must come after an operation that returned " +
                        "before it could happen: " + (write == INIT ? "initial value" : ops.get(write)));
                }
                chain.deadlineNs = Math.min(chain.deadlineNs, latestNs);
                earliestNs = Math.max(earliestNs, readerMaxCallNs[value]);
            }
            chain.finishNs = earliestNs;
            chain.forward = chain.isInitial() || chain.finishNs > chain.deadlineNs;
            return null;
        }

        /** The writes of a chain up to index {@code last} and the readers of their values. */
        private List<KeyOperation> chainOps(final Chain chain, final int last)
        {
            final List<KeyOperation> result = new ArrayList<>();
            for (int j = 0; j <= last && j < chain.writes.length; j++)
            {
                if (chain.writes[j] != INIT)
                {
                    result.add(ops.get(chain.writes[j]));
                }
                final int v = chain.values[j];
                for (int k = readerStart[v]; k < readerStart[v + 1]; k++)
                {
                    result.add(ops.get(readers[k]));
                }
            }
            return result;
        }

        /**
         * Forward chains by deadline (the initial value first), each backward chain at the earliest
         * instant of [K, D] not strictly inside a forward zone; on equal instants a backward chain
         * goes before the forward chain starting there. Empty with {@link #lastClash} set if zones clash.
         */
        private List<Chain> order(final List<Chain> chains)
        {
            final List<Chain> forward = new ArrayList<>();
            final List<Chain> backward = new ArrayList<>();
            for (final Chain chain : chains)
            {
                (chain.forward ? forward : backward).add(chain);
            }
            // the initial chain has deadline +inf but must come first: position it at -inf
            for (final Chain chain : forward)
            {
                chain.positionNs = chain.isInitial() ? Long.MIN_VALUE : chain.deadlineNs;
            }
            forward.sort(Comparator.comparingLong(c -> c.positionNs));
            for (int k = 1; k < forward.size(); k++)
            {
                final Chain before = forward.get(k - 1);
                final Chain after = forward.get(k);
                if (before.finishNs > after.positionNs)
                {
                    final List<KeyOperation> suspects = chainOps(before, before.writes.length);
                    suspects.addAll(chainOps(after, after.writes.length));
                    lastClash = violation(suspects, "two values must each hold throughout overlapping stretches of time");
                    return List.of();
                }
            }
            final long[] zoneStartNs = new long[forward.size()];
            for (int k = 0; k < forward.size(); k++)
            {
                zoneStartNs[k] = forward.get(k).positionNs;
            }
            for (final Chain chain : backward)
            {
                long atNs = chain.finishNs;
                // the zone starting last before atNs; zones are disjoint, so only it can contain atNs
                int k = Arrays.binarySearch(zoneStartNs, atNs);
                k = k >= 0 ? k - 1 : -k - 2;
                while (k >= 0 && zoneStartNs[k] == atNs)
                {
                    k--;
                }
                if (k >= 0 && forward.get(k).finishNs > atNs)
                {
                    atNs = forward.get(k).finishNs;
                    if (atNs > chain.deadlineNs)
                    {
                        final List<KeyOperation> suspects = chainOps(chain, chain.writes.length);
                        suspects.addAll(chainOps(forward.get(k), forward.get(k).writes.length));
                        lastClash = violation(suspects, "a value must hold at an instant where another must hold throughout");
                        return List.of();
                    }
                }
                chain.positionNs = atNs;
            }
            final List<Chain> order = new ArrayList<>(forward.size() + backward.size());
            order.addAll(forward);
            order.addAll(backward);
            order.sort(Comparator.<Chain>comparingLong(c -> c.positionNs)
                .thenComparingInt(c -> c.isInitial() ? 0 : c.forward ? 2 : 1));
            return order;
        }

        /**
         * Place every chain as early as possible in the given order, then the mismatches; verify.
         *
         * <p>A mismatch whose interval lies inside its expected value's epoch may still be explained
         * by a write of unknown outcome that nobody observed (left out so far): if that epoch ends
         * its chain (the next write does not need its value), such a write can take effect right
         * after the epoch's last reader, and the mismatch sees its value. This is what fail-overs
         * produce: writes time out, and a cas answered CAS_MISMATCH is the only sign one of them
         * happened. Each such write is used once, in one epoch; mismatches in the same stretch
         * share it.
         */
        private Decision place(final List<Chain> order)
        {
            final int[] sequence = new int[n];
            final long[] instants = new long[n];
            int length = 0;
            // epochs: value, opening instant, where its operations start in the sequence, when its
            // last reader is placed, whether the next write needs its value
            final int[] epochValue = new int[n + 2];
            final long[] epochStartNs = new long[n + 2];
            final int[] epochFirst = new int[n + 2];
            final long[] epochBusyUntilNs = new long[n + 2];
            final boolean[] epochEndsChain = new boolean[n + 2];
            int epochs = 0;
            long nowNs = Long.MIN_VALUE;
            for (final Chain chain : order)
            {
                for (int j = 0; j < chain.writes.length; j++)
                {
                    final int write = chain.writes[j];
                    if (write != INIT)
                    {
                        nowNs = Math.max(nowNs, ops.get(write).callNs);
                    }
                    epochValue[epochs] = chain.values[j];
                    epochStartNs[epochs] = nowNs;
                    epochFirst[epochs] = length;
                    epochEndsChain[epochs] = j == chain.writes.length - 1;
                    if (write != INIT)
                    {
                        sequence[length] = write;
                        instants[length++] = nowNs;
                    }
                    final int v = chain.values[j];
                    long lastNs = nowNs;
                    for (int k = readerStart[v]; k < readerStart[v + 1]; k++)
                    {
                        final int reader = readers[k];
                        sequence[length] = reader;
                        instants[length++] = Math.max(nowNs, ops.get(reader).callNs);
                        lastNs = Math.max(lastNs, ops.get(reader).callNs);
                    }
                    nowNs = lastNs;
                    epochBusyUntilNs[epochs] = lastNs;
                    epochs++;
                }
            }
            epochFirst[epochs] = length;

            // unknown writes nobody observed, by call time, each usable once
            final List<Integer> unobserved = new ArrayList<>();
            for (int i = 0; i < n; i++)
            {
                if (!effective[i] && ops.get(i).isWrite())
                {
                    unobserved.add(i);
                }
            }
            unobserved.sort(Comparator.comparingLong(i -> ops.get(i).callNs));
            final boolean[] used = new boolean[unobserved.size()];
            final int[] insertedWrite = new int[epochs];
            final long[] insertedAtNs = new long[epochs];
            Arrays.fill(insertedWrite, NONE);

            // each mismatch into the first epoch of another value that its interval meets; {op, instant, rank}
            final long[] epochEndNs = new long[epochs];
            for (int e = 0; e < epochs; e++)
            {
                epochEndNs[e] = e + 1 < epochs ? epochStartNs[e + 1] : Long.MAX_VALUE;
            }
            final List<List<long[]>> extra = new ArrayList<>(epochs);
            for (int e = 0; e < epochs; e++)
            {
                extra.add(null);
            }
            for (int i = 0; i < n; i++)
            {
                final KeyOperation op = ops.get(i);
                if (op.outcome != KeyOperation.Outcome.MISMATCH)
                {
                    continue;
                }
                final long callNs = op.callNs;
                final long returnNs = history.returnNs[i];
                int e = firstEndingAtOrAfter(epochEndNs, epochs, callNs);
                int placedIn = NONE;
                long atNs = 0;
                for (; e < epochs && epochStartNs[e] <= returnNs; e++)
                {
                    if (epochValue[e] != observedValue[i])
                    {
                        placedIn = e;
                        atNs = Math.max(epochStartNs[e], callNs);
                        break;
                    }
                    // the expected value's epoch: after an unobserved write inserted into it, or a new one
                    final long latestNs = Math.min(returnNs, epochEndNs[e]);
                    if (insertedWrite[e] == NONE && epochEndsChain[e])
                    {
                        insertUnobservedWrite(e, epochValue[e], latestNs, epochBusyUntilNs[e], epochEndNs[e], unobserved,
                            used, insertedWrite, insertedAtNs);
                    }
                    if (insertedWrite[e] != NONE && Math.max(insertedAtNs[e], callNs) <= latestNs)
                    {
                        placedIn = e;
                        atNs = Math.max(insertedAtNs[e], callNs);
                        break;
                    }
                }
                if (placedIn == NONE)
                {
                    final List<KeyOperation> suspects = new ArrayList<>();
                    suspects.add(op);
                    for (final Chain chain : order)
                    {
                        for (int j = 0; j < chain.values.length; j++)
                        {
                            if (chain.values[j] == observedValue[i])
                            {
                                suspects.addAll(chainOps(chain, chain.writes.length));
                            }
                        }
                    }
                    return new Decision(Kind.UNDECIDED, justified(suspects), "no place found for a cas mismatch: " + op);
                }
                if (null == extra.get(placedIn))
                {
                    extra.set(placedIn, new ArrayList<>());
                }
                extra.get(placedIn).add(new long[]{ i, atNs, 2 });
            }
            for (int e = 0; e < epochs; e++)
            {
                if (insertedWrite[e] != NONE)
                {
                    if (null == extra.get(e))
                    {
                        extra.set(e, new ArrayList<>());
                    }
                    extra.get(e).add(new long[]{ insertedWrite[e], insertedAtNs[e], 1 });
                }
            }

            // merge: per epoch its write, then by instant its readers, an inserted write, the mismatches
            final int total = length + countExtra(extra);
            final int[] merged = new int[total];
            final long[] mergedNs = new long[total];
            int m = 0;
            for (int e = 0; e < epochs; e++)
            {
                final List<long[]> epochOps = new ArrayList<>();
                int k = epochFirst[e];
                if (k < epochFirst[e + 1] && ops.get(sequence[k]).isWrite())
                {
                    merged[m] = sequence[k];
                    mergedNs[m++] = instants[k];
                    k++;
                }
                for (; k < epochFirst[e + 1]; k++)
                {
                    epochOps.add(new long[]{ sequence[k], instants[k], 0 });
                }
                if (null != extra.get(e))
                {
                    epochOps.addAll(extra.get(e));
                }
                epochOps.sort(Comparator.<long[]>comparingLong(p -> p[1]).thenComparingLong(p -> p[2]));
                for (final long[] p : epochOps)
                {
                    merged[m] = (int)p[0];
                    mergedNs[m++] = p[1];
                }
            }
            final String problem = LinearizationVerifier.verify(history, merged, mergedNs, null);
            if (null != problem)
            {
                return new Decision(Kind.UNDECIDED, List.of(), "proposed order failed verification: " + problem);
            }
            return new Decision(Kind.LINEARIZABLE, List.of(), "linearization of " + epochs + " values verified");
        }

        /**
         * Take the latest-called unused unobserved write that can follow epoch {@code e}'s last
         * reader by {@code latestNs} and would change its value (a put, or a cas expecting it),
         * leaving earlier-called ones (which fit more epochs) for later, and none whose value a
         * mismatch meeting the stretch it would hold expects.
         */
        private void insertUnobservedWrite(
            final int e, final int epochValue, final long latestNs, final long busyUntilNs, final long endNs,
            final List<Integer> unobserved,
            final boolean[] used, final int[] insertedWrite, final long[] insertedAtNs)
        {
            if (busyUntilNs > latestNs)
            {
                return;
            }
            for (int k = unobserved.size() - 1; k >= 0; k--)
            {
                final int write = unobserved.get(k);
                final long atNs = Math.max(busyUntilNs, ops.get(write).callNs);
                // a cas applies only where the value is its expectation
                final boolean applies = ops.get(write).kind == KeyOperation.PUT || observedValue[write] == epochValue;
                if (!used[k] && applies && ops.get(write).callNs <= latestNs &&
                    !mismatchExpectsWithin(writeValue[write], atNs, endNs))
                {
                    used[k] = true;
                    insertedWrite[e] = write;
                    insertedAtNs[e] = atNs;
                    return;
                }
            }
        }

        private boolean mismatchExpectsWithin(final int value, final long fromNs, final long toNs)
        {
            if (null == mismatchesByExpected)
            {
                mismatchesByExpected = new HashMap<>();
                for (int i = 0; i < n; i++)
                {
                    if (ops.get(i).outcome == KeyOperation.Outcome.MISMATCH)
                    {
                        mismatchesByExpected.computeIfAbsent(observedValue[i], v -> new ArrayList<>()).add(i);
                    }
                }
            }
            for (final int i : mismatchesByExpected.getOrDefault(value, List.of()))
            {
                if (ops.get(i).callNs <= toNs && history.returnNs[i] >= fromNs)
                {
                    return true;
                }
            }
            return false;
        }

        private static int countExtra(final List<List<long[]>> extra)
        {
            int count = 0;
            for (final List<long[]> list : extra)
            {
                count += null == list ? 0 : list.size();
            }
            return count;
        }

        /** First epoch whose end is at or after {@code ns}; ends never decrease. */
        private static int firstEndingAtOrAfter(final long[] endNs, final int epochs, final long ns)
        {
            int low = 0;
            int high = epochs;
            while (low < high)
            {
                final int mid = (low + high) >>> 1;
                if (endNs[mid] < ns)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid;
                }
            }
            return low;
        }

        private Decision violation(final List<KeyOperation> suspects, final String reason)
        {
            return new Decision(Kind.VIOLATION, justified(suspects), reason);
        }

        /**
         * The suspects plus, for each write of unknown outcome among them, the observations that
         * show it took effect: without them a sub-history could simply leave it out.
         */
        private List<KeyOperation> justified(final List<KeyOperation> suspects)
        {
            final Map<KeyOperation, Integer> index = new HashMap<>();
            for (int i = 0; i < n; i++)
            {
                index.put(ops.get(i), i);
            }
            final Set<KeyOperation> in = new HashSet<>(suspects);
            final List<KeyOperation> result = new ArrayList<>(in);
            for (int k = 0; k < result.size(); k++)
            {
                final Integer i = index.get(result.get(k));
                if (null != i && null != neededBy && neededBy[i] != NONE && in.add(ops.get(neededBy[i])))
                {
                    result.add(ops.get(neededBy[i]));
                }
            }
            return result;
        }
    }
}
