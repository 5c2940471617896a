package io.quorumbench.loadgen.workload.kv;

import io.quorumbench.api.results.CheckResult;
import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.history.HistoryWriter;
import io.quorumbench.conformance.history.Op;
import io.quorumbench.conformance.history.OpType;
import io.quorumbench.conformance.linearizability.LinearizabilityChecker;
import io.quorumbench.conformance.linearizability.LinearizabilityResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the load generator's KV history with the conformance kit's
 * {@link LinearizabilityChecker} (per-key Wing &amp; Gong / Lowe search, Porcupine style) and
 * writes it as {@code history.jsonl} in the kit's documented JSON-lines format, so outside
 * checkers can read the same file.
 *
 * <p>Senders pipeline, so every operation gets a process of its own (the kit's model allows one
 * outstanding operation per process). Invocations and completions are ordered by time; on equal
 * times a completion goes first, which is sound because invoke times are taken before the send
 * and completion times after the answer. Operations of unknown outcome get an {@code info}
 * completion at the end of the history. Values are the decimal value ids, absent is {@code null}.
 * A failed operation's {@code error} says what the failure means: {@value LinearizabilityChecker#CAS_MISMATCH}
 * for a CAS the state machine found not matching (an observation the checker uses),
 * {@value #REJECTED} or {@value #INVALID} for one that changed and observed nothing.
 */
public final class ConformanceHistoryChecker implements HistoryChecker
{
    /** The {@code error} of a {@code fail} the target rejected before the state machine saw it. */
    public static final String REJECTED = "REJECTED";
    /** The {@code error} of a {@code fail} the state machine answered {@code INVALID}. */
    public static final String INVALID = "INVALID";

    private final Path historyFile;

    /**
     * A checker.
     *
     * @param historyFile where to write the history, or {@code null} to keep it in memory only.
     */
    public ConformanceHistoryChecker(final Path historyFile)
    {
        this.historyFile = historyFile;
    }

    /** {@inheritDoc} */
    @Override
    public Result check(final List<KvHistoryOp> ops, final long deadlineNs)
    {
        final History history = toHistory(ops);
        final Map<String, Object> details = new LinkedHashMap<>();
        details.put("checker", "conformance LinearizabilityChecker (per-key, Wing & Gong / Lowe, memoised)");
        if (null != historyFile)
        {
            try
            {
                HistoryWriter.write(history, historyFile);
                details.put("historyFile", historyFile.getFileName().toString());
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot write " + historyFile, ex);
            }
        }
        final long budgetNs = Math.max(1_000_000_000L, deadlineNs - System.nanoTime());
        final LinearizabilityResult result = new LinearizabilityChecker(
            LinearizabilityChecker.DEFAULT_MAX_OPS_PER_KEY, LinearizabilityChecker.DEFAULT_MAX_MEMO_ENTRIES,
            budgetNs, LinearizabilityChecker.DEFAULT_MINIMISE_BUDGET_NS).check(history);
        details.put("checked", result.outcome() != LinearizabilityResult.Outcome.UNKNOWN);
        details.put("outcome", result.outcome().name().toLowerCase(java.util.Locale.ROOT));
        details.put("keysChecked", result.keysChecked());
        details.put("opsChecked", result.opsChecked());
        details.put("message", result.message());
        if (result.outcome() == LinearizabilityResult.Outcome.VIOLATION)
        {
            details.put("witness", result.describe());
        }
        final CheckResult verdict;
        switch (result.outcome())
        {
            case LINEARIZABLE:
                verdict = CheckResult.pass(result.message());
                break;
            case VIOLATION:
                verdict = CheckResult.fail(result.message());
                break;
            default:
                // the search gave up (operation, memory or time bound): undecided, never a pass
                verdict = CheckResult.inconclusive(result.message());
                break;
        }
        details.put("verdict", verdict.verdict().name());
        return new Result(verdict, details);
    }

    /**
     * Convert to the kit's history model.
     *
     * @param ops the load generator's operations.
     * @return the history, entries in time order.
     */
    public static History toHistory(final List<KvHistoryOp> ops)
    {
        final List<long[]> events = new ArrayList<>(ops.size() * 2);
        for (int i = 0; i < ops.size(); i++)
        {
            final KvHistoryOp op = ops.get(i);
            // {time, 0 = completion / 1 = invocation (completions first on ties), op index}
            events.add(new long[]{op.invokeNs(), 1, i});
            events.add(new long[]{op.completeNs(), 0, i});
        }
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]).thenComparingLong(e -> e[2]));
        final History history = new History();
        final Op[] invocations = new Op[ops.size()];
        for (final long[] event : events)
        {
            final int i = (int)event[2];
            final KvHistoryOp op = ops.get(i);
            final String key = Long.toString(op.key());
            if (event[1] == 1)
            {
                final String f = f(op);
                final String value = op.op() == KvWorkload.OP_GET ? null : value(op.value());
                final String expected = op.op() == KvWorkload.OP_CAS ? value(op.expected()) : null;
                invocations[i] = history.invoke(i, f, key, value, expected, op.invokeNs());
            }
            else
            {
                final Op invocation = invocations[i];
                switch (op.type())
                {
                    case KvHistoryOp.OK:
                        history.complete(invocation, OpType.OK,
                            op.op() == KvWorkload.OP_GET ? value(op.result()) : invocation.value(), op.completeNs(), -1, null);
                        break;
                    case KvHistoryOp.CAS_MISMATCH:
                        if (op.op() != KvWorkload.OP_CAS)
                        {
                            throw new IllegalArgumentException("a cas mismatch recorded for a " + f(op) + ": " + op);
                        }
                        history.complete(invocation, OpType.FAIL, invocation.value(), op.completeNs(), -1,
                            LinearizabilityChecker.CAS_MISMATCH);
                        break;
                    case KvHistoryOp.FAIL:
                        history.complete(invocation, OpType.FAIL, invocation.value(), op.completeNs(), -1, REJECTED);
                        break;
                    case KvHistoryOp.INVALID:
                        history.complete(invocation, OpType.FAIL, invocation.value(), op.completeNs(), -1, INVALID);
                        break;
                    default:
                        history.complete(invocation, OpType.INFO, invocation.value(), op.completeNs(), -1,
                            "unknown outcome (timeout or leadership lost)");
                        break;
                }
            }
        }
        return history;
    }

    private static String f(final KvHistoryOp op)
    {
        return op.op() == KvWorkload.OP_PUT ? Op.PUT : op.op() == KvWorkload.OP_GET ? Op.GET : Op.CAS;
    }

    private static String value(final long valueId)
    {
        return KvHistoryOp.ABSENT == valueId ? null : Long.toString(valueId);
    }
}
