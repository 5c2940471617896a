package io.quorumbench.conformance.linearizability;

import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.history.Op;
import io.quorumbench.conformance.history.OpType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Checks that a key-value {@link History} is linearizable. The history is split by key
 * (P-compositionality: a history is linearizable iff each key's sub-history is, as keys are
 * independent registers) and each key is decided by the first of these that can:
 * <ol>
 *   <li><b>The unique-value fast path</b> ({@link UniqueValueChecker}), for keys where no value is
 *       written twice (the simulator and the load generator write unique values): it builds the
 *       order of writes from which write each read saw, in O(n log n), and replays the resulting
 *       linearization to check it; or it finds writes and reads that cannot be ordered, and that
 *       conflict is confirmed by the reference search on a self-contained sub-history
 *       ({@link Witness}).</li>
 *   <li><b>The reference search</b> ({@link WglSearch}): Wing &amp; Gong's algorithm as improved by
 *       Lowe and implemented by Porcupine (just-in-time linearization, memoising every (set of
 *       linearized operations, register state) pair), on the key's history cut into
 *       {@link Segments} where no operation is pending and the value is determined. Exact for any
 *       history, exponential in the worst case.</li>
 * </ol>
 *
 * <p>Each key is a register holding a string or nothing: {@code put} writes, {@code get} must read
 * the current value ({@code null} = absent), {@code cas} writes its new value only if the current
 * one equals its expected value ({@code null} = absent). A {@code fail} with error
 * {@value #CAS_MISMATCH} is an observation: at some instant inside the operation the value differed
 * from the expected one (Porcupine's cas model). Any other {@code fail} did not take effect and
 * observed nothing, and is dropped. Operations that ended {@code info}, or never completed, may or
 * may not have taken effect: their return is at +&infin; (Jepsen's convention), a {@code cas} of
 * unknown outcome applies if its expectation holds where it is linearized, and a read of unknown
 * outcome is dropped as it changes nothing.
 *
 * <p><b>Other models</b>: {@link #LinearizabilityChecker(Model)} checks a history against any
 * {@link Model} (a lock, a counter): the history is cut by {@link Model#partition} and each part is
 * decided by the reference search for that model ({@link ModelSearch}); there is no fast path and no
 * shrinking, the witness is the part's whole history.
 *
 * <p>The reference search is bounded by operations per segment, memo entries and wall-clock time;
 * past a bound the key is {@link LinearizabilityResult.Outcome#UNKNOWN}, never a hang and never a
 * guess. On a violation the key's witness is shrunk (delta debugging over self-contained
 * sub-histories, within {@link #minimiseBudgetNs}).
 *
 * <p><b>Threading</b>: instances are immutable and may be shared; each call uses its own state.
 */
public final class LinearizabilityChecker
{
    /** The {@code error} of a cas {@code fail} that observed a value other than the expected one. */
    public static final String CAS_MISMATCH = "CAS_MISMATCH";
    /**
     * Default cap on the operations of one segment given to the reference search. The unique-value
     * fast path has no cap; with it, whole keys of fault runs (tens of thousands of operations) are
     * decided without search, so this only bounds the fallback.
     */
    public static final int DEFAULT_MAX_OPS_PER_KEY = 20_000;
    /** Default cap on memoised configurations per search. */
    public static final int DEFAULT_MAX_MEMO_ENTRIES = 2_000_000;
    /** Default wall-clock budget for deciding the whole history. */
    public static final long DEFAULT_TIME_BUDGET_NS = 20_000_000_000L;
    /** Default wall-clock budget for shrinking a witness. */
    public static final long DEFAULT_MINIMISE_BUDGET_NS = 2_000_000_000L;

    private final Model<?> model;
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
     * @param maxOpsPerKey     a segment of more operations than this is not searched (its key is
     *                         UNKNOWN unless the fast path decides it).
     * @param maxMemoEntries   more memoised configurations than this in one search gives UNKNOWN.
     * @param timeBudgetNs     wall-clock budget for the whole history; exceeded gives UNKNOWN.
     * @param minimiseBudgetNs wall-clock budget for shrinking a witness.
     */
    public LinearizabilityChecker(
        final int maxOpsPerKey, final int maxMemoEntries, final long timeBudgetNs, final long minimiseBudgetNs)
    {
        this(null, maxOpsPerKey, maxMemoEntries, timeBudgetNs, minimiseBudgetNs);
    }

    /**
     * A checker of another model, with the default bounds.
     *
     * @param model the sequential specification.
     */
    public LinearizabilityChecker(final Model<?> model)
    {
        this(Objects.requireNonNull(model, "model"), DEFAULT_MAX_OPS_PER_KEY, DEFAULT_MAX_MEMO_ENTRIES,
            DEFAULT_TIME_BUDGET_NS, DEFAULT_MINIMISE_BUDGET_NS);
    }

    private LinearizabilityChecker(
        final Model<?> model, final int maxOpsPerKey, final int maxMemoEntries, final long timeBudgetNs,
        final long minimiseBudgetNs)
    {
        this.model = model;
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
     *                                  a completion of another function or key, or one timed
     *                                  before its invocation).
     */
    public LinearizabilityResult check(final History history)
    {
        if (null != model)
        {
            return checkModel(model, history);
        }
        final long startNs = System.nanoTime();
        final long deadlineNs = startNs + timeBudgetNs;
        final Map<String, List<KeyOperation>> byKey = operationsByKey(history);
        int opsChecked = 0;
        for (final List<KeyOperation> ops : byKey.values())
        {
            opsChecked += ops.size();
        }
        final Map<String, KeyVerdict> verdicts = new TreeMap<>();

        // the fast path first for every key: it is cheap, and a violation found anywhere ends the check
        for (final Map.Entry<String, List<KeyOperation>> entry : byKey.entrySet())
        {
            final KeyVerdict verdict = fastPath(entry.getValue(), deadlineNs);
            verdicts.put(entry.getKey(), verdict);
            if (verdict.outcome == WglSearch.Verdict.VIOLATION)
            {
                return violation(entry.getKey(), entry.getValue(), verdict, byKey.size(), opsChecked, verdicts, startNs);
            }
        }
        for (final Map.Entry<String, List<KeyOperation>> entry : byKey.entrySet())
        {
            if (verdicts.get(entry.getKey()).outcome != WglSearch.Verdict.UNKNOWN)
            {
                continue;
            }
            final KeyVerdict verdict = search(entry.getValue(), deadlineNs);
            verdicts.put(entry.getKey(), verdict);
            if (verdict.outcome == WglSearch.Verdict.VIOLATION)
            {
                return violation(entry.getKey(), entry.getValue(), verdict, byKey.size(), opsChecked, verdicts, startNs);
            }
        }
        for (final Map.Entry<String, KeyVerdict> entry : verdicts.entrySet())
        {
            final KeyVerdict verdict = entry.getValue();
            if (verdict.outcome == WglSearch.Verdict.UNKNOWN)
            {
                final String key = entry.getKey();
                return new LinearizabilityResult(LinearizabilityResult.Outcome.UNKNOWN, key, List.of(), false,
                    byKey.size(), opsChecked, "unknown: key " + key + " (" + byKey.get(key).size() + " operations): " +
                    verdict.detail + " (" + undecidedCount(verdicts) + " of " + byKey.size() + " keys undecided)",
                    methodCounts(verdicts), LinearizabilityResult.Method.UNDECIDED, System.nanoTime() - startNs);
            }
        }
        final Map<LinearizabilityResult.Method, Integer> counts = methodCounts(verdicts);
        return new LinearizabilityResult(LinearizabilityResult.Outcome.LINEARIZABLE, null, List.of(), true,
            byKey.size(), opsChecked, "linearizable: " + byKey.size() + " keys, " + opsChecked + " operations",
            counts, counts.containsKey(LinearizabilityResult.Method.SEARCH) ? LinearizabilityResult.Method.SEARCH :
            LinearizabilityResult.Method.UNIQUE_VALUES, System.nanoTime() - startNs);
    }

    /** How one key was decided; for a violation, a self-contained sub-history shown not linearizable. */
    record KeyVerdict(
        WglSearch.Verdict outcome, LinearizabilityResult.Method method, String detail, List<KeyOperation> witness)
    {
        static KeyVerdict undecided(final String detail)
        {
            return new KeyVerdict(WglSearch.Verdict.UNKNOWN, LinearizabilityResult.Method.UNDECIDED, detail, List.of());
        }
    }

    /**
     * The unique-value fast path on one key, a conflict it finds confirmed by the reference search.
     *
     * @param ops        the key's operations.
     * @param deadlineNs when to give up.
     * @return the verdict; {@link WglSearch.Verdict#UNKNOWN} where the search must take over.
     */
    KeyVerdict fastPath(final List<KeyOperation> ops, final long deadlineNs)
    {
        final KeyHistory prepared = KeyHistory.prepare(ops);
        final UniqueValueChecker.Decision decision = UniqueValueChecker.check(prepared);
        if (decision.kind() == UniqueValueChecker.Kind.LINEARIZABLE)
        {
            return new KeyVerdict(WglSearch.Verdict.LINEARIZABLE, LinearizabilityResult.Method.UNIQUE_VALUES,
                decision.reason(), List.of());
        }
        if (!decision.suspects().isEmpty())
        {
            // a conflict counts only once the reference search confirms it on a self-contained sub-history
            final Witness rules = new Witness(ops);
            final List<KeyOperation> candidate = rules.closure(decision.suspects());
            if (candidate.size() <= maxOpsPerKey &&
                Witness.search(candidate, deadlineNs, maxMemoEntries) == WglSearch.Verdict.VIOLATION)
            {
                return new KeyVerdict(WglSearch.Verdict.VIOLATION, LinearizabilityResult.Method.UNIQUE_VALUES,
                    decision.reason(), candidate);
            }
        }
        return KeyVerdict.undecided(decision.reason());
    }

    /**
     * The reference search on one key, segment by segment.
     *
     * @param ops        the key's operations.
     * @param deadlineNs when to give up.
     * @return the verdict; a violation in any segment is one of the key, as is an unknown.
     */
    KeyVerdict search(final List<KeyOperation> ops, final long deadlineNs)
    {
        final List<Segments.Segment> segments = Segments.cut(KeyHistory.prepare(ops));
        String unknown = null;
        final List<KeyOperation> prefix = new ArrayList<>();
        for (final Segments.Segment segment : segments)
        {
            prefix.addAll(segment.ops());
            if (segment.ops().size() > maxOpsPerKey)
            {
                unknown = "a segment of " + segment.ops().size() + " operations, more than " + maxOpsPerKey;
                continue;
            }
            final WglSearch.Verdict verdict = new WglSearch(segment.ops(), segment.returnNs(), segment.startValue(),
                deadlineNs, maxMemoEntries).run();
            if (verdict == WglSearch.Verdict.UNKNOWN)
            {
                unknown = "the search of a segment of " + segment.ops().size() +
                    " operations exceeded its time or memo bound";
            }
            else if (verdict == WglSearch.Verdict.VIOLATION)
            {
                // every segment before it ran from a determined value, so this prefix has no linearization
                return new KeyVerdict(WglSearch.Verdict.VIOLATION, LinearizabilityResult.Method.SEARCH,
                    "segment " + (segments.indexOf(segment) + 1) + " of " + segments.size() + " (" +
                    segment.ops().size() + " operations) has no linearization", witnessStart(ops, segment, prefix,
                    deadlineNs));
            }
        }
        return null == unknown ? new KeyVerdict(WglSearch.Verdict.LINEARIZABLE, LinearizabilityResult.Method.SEARCH,
            segments.size() + " segments searched", List.of()) : KeyVerdict.undecided(unknown);
    }

    /**
     * Where shrinking starts: the failing segment closed over the key's history if that alone fails,
     * else the whole prefix up to it closed, else that prefix as it is (known to fail by the cut
     * argument of {@link Segments}, though not self-contained).
     */
    private List<KeyOperation> witnessStart(
        final List<KeyOperation> ops, final Segments.Segment segment, final List<KeyOperation> prefix,
        final long deadlineNs)
    {
        final Witness rules = new Witness(ops);
        for (final List<KeyOperation> seed : List.of(segment.ops(), prefix))
        {
            final List<KeyOperation> closed = rules.closure(seed);
            if (closed.size() <= maxOpsPerKey &&
                Witness.search(closed, deadlineNs, maxMemoEntries) == WglSearch.Verdict.VIOLATION)
            {
                return closed;
            }
        }
        return rules.inHistoryOrder(prefix);
    }

    private LinearizabilityResult violation(
        final String key, final List<KeyOperation> keyOps, final KeyVerdict verdict, final int keys,
        final int opsChecked, final Map<String, KeyVerdict> verdicts, final long startNs)
    {
        // every step shrinking accepts is self-contained and has no linearization, so it proves the violation
        final Witness.Shrunk shrunk = new Witness(keyOps).shrink(
            verdict.witness, System.nanoTime() + minimiseBudgetNs, maxMemoEntries);
        final List<KeyOperation> ops = shrunk.ops();
        final boolean minimal = shrunk.minimal();
        final List<Op> witness = new ArrayList<>();
        for (final KeyOperation op : ops)
        {
            witness.add(op.invoke);
            if (null != op.completion)
            {
                witness.add(op.completion);
            }
        }
        witness.sort(Comparator.comparingLong(Op::index));
        return new LinearizabilityResult(LinearizabilityResult.Outcome.VIOLATION, key, witness, minimal, keys, opsChecked,
            "not linearizable: key " + key + ": " + verdict.detail + "; witness of " + ops.size() + " operations",
            methodCounts(verdicts), verdict.method, System.nanoTime() - startNs);
    }

    private static Map<LinearizabilityResult.Method, Integer> methodCounts(final Map<String, KeyVerdict> verdicts)
    {
        final Map<LinearizabilityResult.Method, Integer> counts = new EnumMap<>(LinearizabilityResult.Method.class);
        for (final KeyVerdict verdict : verdicts.values())
        {
            counts.merge(verdict.method, 1, Integer::sum);
        }
        return counts;
    }

    private static long undecidedCount(final Map<String, KeyVerdict> verdicts)
    {
        return verdicts.values().stream().filter(v -> v.outcome == WglSearch.Verdict.UNKNOWN).count();
    }

    /**
     * Pair invocations with completions and classify them by key.
     *
     * @param history the history.
     * @return each key's operations in invocation order, failed operations and unknown reads dropped.
     */
    static Map<String, List<KeyOperation>> operationsByKey(final History history)
    {
        final Map<Op, Op> completions = new HashMap<>();
        final List<Op> invokes = pair(history, completions);
        final Map<String, List<KeyOperation>> byKey = new TreeMap<>();
        for (final Op invoke : invokes)
        {
            if (!Op.PUT.equals(invoke.f()) && !Op.GET.equals(invoke.f()) && !Op.CAS.equals(invoke.f()))
            {
                throw new IllegalArgumentException("unknown function \"" + invoke.f() + "\" for the register model, " +
                    "expected put, get or cas: " + invoke);
            }
            final List<KeyOperation> ops = byKey.computeIfAbsent(invoke.key(), k -> new ArrayList<>());
            final KeyOperation op = KeyOperation.of(invoke, completions.get(invoke));
            if (null != op)
            {
                ops.add(op);
            }
        }
        return byKey;
    }

    /**
     * Pair invocations with their completions.
     *
     * @param history     the history.
     * @param completions filled with each completed invocation's completion.
     * @return the invocations, in history order.
     */
    private static List<Op> pair(final History history, final Map<Op, Op> completions)
    {
        final Map<Integer, Op> pending = new HashMap<>();
        final List<Op> invokes = new ArrayList<>();
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
                invokes.add(op);
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
                if (op.timeNs() < invoke.timeNs())
                {
                    throw new IllegalArgumentException("completion " + op + " is timed before its invocation " + invoke);
                }
                completions.put(invoke, op);
            }
        }
        return invokes;
    }

    /** Any other model: each part by the reference search, no fast path. */
    private <S> LinearizabilityResult checkModel(final Model<S> checked, final History history)
    {
        final long startNs = System.nanoTime();
        final long deadlineNs = startNs + timeBudgetNs;
        final Map<Op, Op> completions = new HashMap<>();
        final Map<String, List<ModelSearch.Operation>> parts = new TreeMap<>();
        int opsChecked = 0;
        for (final Op invoke : pair(history, completions))
        {
            final Op completion = completions.get(invoke);
            final boolean unknown = null == completion || completion.type() == OpType.INFO;
            if (!unknown && completion.type() == OpType.FAIL && checked.failDidNothing(invoke, completion))
            {
                continue;
            }
            parts.computeIfAbsent(checked.partition(invoke), k -> new ArrayList<>()).add(new ModelSearch.Operation(
                invoke, unknown ? null : completion, invoke.timeNs(), unknown ? Long.MAX_VALUE : completion.timeNs()));
            opsChecked++;
        }
        if (0 == opsChecked)
        {
            // nothing that took effect or observed anything: nothing was shown, so no verdict
            return new LinearizabilityResult(LinearizabilityResult.Outcome.UNKNOWN, null, List.of(), false, 0, 0,
                "unknown: no operation to check", Map.of(), LinearizabilityResult.Method.UNDECIDED, System.nanoTime() - startNs);
        }
        final Map<LinearizabilityResult.Method, Integer> counts = new EnumMap<>(LinearizabilityResult.Method.class);
        for (final Map.Entry<String, List<ModelSearch.Operation>> part : parts.entrySet())
        {
            final List<ModelSearch.Operation> ops = part.getValue();
            final WglSearch.Verdict verdict = ops.size() > maxOpsPerKey ? WglSearch.Verdict.UNKNOWN :
                new ModelSearch<>(checked, ops, deadlineNs, maxMemoEntries).run();
            if (verdict == WglSearch.Verdict.LINEARIZABLE)
            {
                counts.merge(LinearizabilityResult.Method.SEARCH, 1, Integer::sum);
                continue;
            }
            final List<Op> witness = new ArrayList<>();
            for (final ModelSearch.Operation op : ops)
            {
                witness.add(op.invoke());
                if (null != completions.get(op.invoke()))
                {
                    witness.add(completions.get(op.invoke()));
                }
            }
            witness.sort(Comparator.comparingLong(Op::index));
            final boolean violation = verdict == WglSearch.Verdict.VIOLATION;
            counts.merge(violation ? LinearizabilityResult.Method.SEARCH : LinearizabilityResult.Method.UNDECIDED, 1,
                Integer::sum);
            return new LinearizabilityResult(violation ? LinearizabilityResult.Outcome.VIOLATION :
                LinearizabilityResult.Outcome.UNKNOWN, part.getKey(), violation ? witness : List.of(), false, parts.size(),
                opsChecked, (violation ? "not linearizable: " : "unknown: ") + "part " + part.getKey() + " (" + ops.size() +
                " operations) of model " + checked.getClass().getSimpleName() + (violation ? " has no linearization" :
                " exceeded the search's operation, time or memo bound"), counts,
                violation ? LinearizabilityResult.Method.SEARCH : LinearizabilityResult.Method.UNDECIDED,
                System.nanoTime() - startNs);
        }
        return new LinearizabilityResult(LinearizabilityResult.Outcome.LINEARIZABLE, null, List.of(), true, parts.size(),
            opsChecked, "linearizable: " + parts.size() + " parts, " + opsChecked + " operations of model " +
            checked.getClass().getSimpleName(), counts, LinearizabilityResult.Method.SEARCH, System.nanoTime() - startNs);
    }

    @Override
    public String toString()
    {
        return "LinearizabilityChecker{maxOpsPerKey=" + maxOpsPerKey + ", maxMemoEntries=" + maxMemoEntries +
            ", timeBudgetNs=" + timeBudgetNs + '}';
    }
}
