package io.quorumbench.conformance.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An append-only history of key-value operations in the order they happened, as recorded by the
 * simulator's clients or the load generator, or read from a file by {@link HistoryReader}.
 * Entries are numbered by their position ({@link Op#index()}).
 *
 * <p><b>Threading</b>: not thread-safe; one recorder thread (the simulator's) or external locking.
 */
public final class History
{
    private final List<Op> ops = new ArrayList<>();

    /**
     * Append an entry, renumbering it to its position.
     *
     * @param op the entry; its index is replaced.
     * @return the entry as stored.
     */
    public Op add(final Op op)
    {
        final Op stored = op.withIndex(ops.size());
        ops.add(stored);
        return stored;
    }

    /**
     * Record an invocation.
     *
     * @param process  the client process.
     * @param f        function.
     * @param key      key.
     * @param value    value written (put, cas) or {@code null}.
     * @param expected expected value (cas) or {@code null}.
     * @param timeNs   when.
     * @return the entry.
     */
    public Op invoke(
        final int process, final String f, final String key, final String value, final String expected, final long timeNs)
    {
        return add(new Op(process, OpType.INVOKE, f, key, value, expected, timeNs, 0, -1, null));
    }

    /**
     * Record the completion of an invocation.
     *
     * @param invocation the invocation being completed.
     * @param type       ok, fail or info.
     * @param value      for an ok get the value read ({@code null} if absent), otherwise the invocation's value.
     * @param timeNs     when.
     * @param logIndex   log index applied at, or -1.
     * @param error      reason for fail/info, or {@code null}.
     * @return the entry.
     */
    public Op complete(
        final Op invocation, final OpType type, final String value, final long timeNs, final long logIndex, final String error)
    {
        if (invocation.type() != OpType.INVOKE || type == OpType.INVOKE)
        {
            throw new IllegalArgumentException("complete needs an invoke and a completion type, got " +
                invocation.type() + " and " + type);
        }
        return add(new Op(invocation.process(), type, invocation.f(), invocation.key(), value, invocation.expected(),
            timeNs, 0, logIndex, error));
    }

    /**
     * The entries in order.
     *
     * @return an unmodifiable view.
     */
    public List<Op> ops()
    {
        return Collections.unmodifiableList(ops);
    }

    /**
     * Number of entries.
     *
     * @return the size.
     */
    public int size()
    {
        return ops.size();
    }
}
