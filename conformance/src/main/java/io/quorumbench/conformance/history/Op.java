package io.quorumbench.conformance.history;

import java.util.Objects;

/**
 * One entry of a key-value history: an invocation or a completion of a {@code put}, {@code get}
 * or {@code cas} on one key by one process. Values are strings; {@code null} means "absent".
 *
 * <table>
 *   <caption>Meaning of the value fields by function</caption>
 *   <tr><th>f</th><th>{@code value}</th><th>{@code expected}</th></tr>
 *   <tr><td>put</td><td>value written</td><td>unused ({@code null})</td></tr>
 *   <tr><td>get</td><td>invoke: {@code null}; ok: value read, {@code null} if absent</td><td>unused</td></tr>
 *   <tr><td>cas</td><td>new value</td><td>value required before, {@code null} for "must be absent"</td></tr>
 * </table>
 *
 * @param process  client process; a process has at most one operation outstanding, and a process
 *                 whose operation ended {@link OpType#INFO} is never reused (Jepsen convention).
 * @param type     invoke, ok, fail or info.
 * @param f        the function: {@link #PUT}, {@link #GET} or {@link #CAS} for the KV register, or a name another model knows.
 * @param key      the key.
 * @param value    see the table above.
 * @param expected see the table above.
 * @param timeNs   when it happened, nanoseconds on one clock shared by every process.
 * @param index    position of the entry in its history, from 0.
 * @param logIndex for completions, the replicated-log index the op was applied at, or -1 if unknown.
 * @param error    for fail and info, why (e.g. {@code "timeout"}), else {@code null}.
 */
public record Op(
    int process,
    OpType type,
    String f,
    String key,
    String value,
    String expected,
    long timeNs,
    long index,
    long logIndex,
    String error)
{
    /** Function name of a write. */
    public static final String PUT = "put";
    /** Function name of a read. */
    public static final String GET = "get";
    /** Function name of a compare-and-set. */
    public static final String CAS = "cas";

    /**
     * Validates the entry.
     */
    public Op
    {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(f, "f");
        Objects.requireNonNull(key, "key");
        // the model that checks the history decides which functions it knows (the register: put, get, cas)
        if (f.isBlank())
        {
            throw new IllegalArgumentException("function must not be blank");
        }
        if (process < 0)
        {
            throw new IllegalArgumentException("process must be >= 0, got " + process);
        }
    }

    /**
     * The same entry at another position.
     *
     * @param newIndex position in the history.
     * @return a copy with {@code index} replaced.
     */
    public Op withIndex(final long newIndex)
    {
        return new Op(process, type, f, key, value, expected, timeNs, newIndex, logIndex, error);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append('#').append(index).append(" p").append(process).append(' ').append(type.jsonName()).append(' ')
            .append(f).append(' ').append(key);
        if (CAS.equals(f))
        {
            sb.append(' ').append(expected).append("->").append(value);
        }
        else if (PUT.equals(f) || type == OpType.OK)
        {
            sb.append(' ').append(value);
        }
        sb.append(" @").append(timeNs).append("ns");
        if (logIndex >= 0)
        {
            sb.append(" log=").append(logIndex);
        }
        if (null != error)
        {
            sb.append(" (").append(error).append(')');
        }
        return sb.toString();
    }
}
