package io.quorumbench.conformance.linearizability;

import io.quorumbench.conformance.history.Op;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Outcome of a linearizability check.
 *
 * @param outcome       linearizable, not, or unknown (the search hit a bound).
 * @param key           the first key whose sub-history failed or could not be decided, or {@code null}.
 * @param witness       for {@link Outcome#VIOLATION}, a small sub-history of that key (invoke and
 *                      completion entries) that is still not linearizable on its own and is
 *                      self-contained (it holds every write its reads, cas and mismatches may have
 *                      seen, so it proves the whole history is not linearizable); removing any single
 *                      operation from it (and closing it again) makes it linearizable unless
 *                      {@code minimal} is false.
 * @param minimal       whether witness minimisation finished within its budget.
 * @param keysChecked   number of keys whose sub-histories were checked.
 * @param opsChecked    number of operations considered (after dropping failed ops and unknown reads).
 * @param message       human-readable summary.
 * @param keysByMethod  how many keys each method decided ({@link Method#UNDECIDED}: not decided).
 * @param keyMethod     the method that decided {@code key} ({@link Method#UNDECIDED} for an unknown
 *                      outcome); for a linearizable history, {@link Method#SEARCH} if any key needed
 *                      the search, else {@link Method#UNIQUE_VALUES}.
 * @param elapsedNs     wall-clock time the check took, witness shrinking included.
 */
public record LinearizabilityResult(
    Outcome outcome,
    String key,
    List<Op> witness,
    boolean minimal,
    int keysChecked,
    int opsChecked,
    String message,
    Map<Method, Integer> keysByMethod,
    Method keyMethod,
    long elapsedNs)
{
    /** The verdict. */
    public enum Outcome
    {
        /** Every key's sub-history has a linearization. */
        LINEARIZABLE,
        /** Some key's sub-history has none; see the witness. */
        VIOLATION,
        /** The search exceeded its operation, memory or time bound before deciding. */
        UNKNOWN
    }

    /** What decided a key. */
    public enum Method
    {
        /**
         * The unique-value fast path: the order of writes built from which write each read saw,
         * checked by replaying it (linearizable), or a conflict it found confirmed by the reference
         * search on a self-contained sub-history (violation).
         */
        UNIQUE_VALUES("unique-values"),
        /** The reference Wing &amp; Gong / Lowe search, on the key's history cut into segments. */
        SEARCH("search"),
        /** Nothing: the key was not decided within the bounds. */
        UNDECIDED("undecided");

        private final String label;

        Method(final String label)
        {
            this.label = label;
        }

        /**
         * Short name for summaries.
         *
         * @return e.g. {@code "unique-values"}.
         */
        public String label()
        {
            return label;
        }
    }

    /**
     * Validates and copies.
     */
    public LinearizabilityResult
    {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(keyMethod, "keyMethod");
        witness = null == witness ? List.of() : List.copyOf(witness);
        final Map<Method, Integer> counts = new EnumMap<>(Method.class);
        if (null != keysByMethod)
        {
            counts.putAll(keysByMethod);
        }
        keysByMethod = Map.copyOf(counts);
    }

    /**
     * A result without method counts or timing (as before they were recorded).
     *
     * @param outcome     the verdict.
     * @param key         the key named, or {@code null}.
     * @param witness     the witness.
     * @param minimal     whether the witness is minimal.
     * @param keysChecked keys checked.
     * @param opsChecked  operations considered.
     * @param message     summary.
     */
    public LinearizabilityResult(
        final Outcome outcome, final String key, final List<Op> witness, final boolean minimal, final int keysChecked,
        final int opsChecked, final String message)
    {
        this(outcome, key, witness, minimal, keysChecked, opsChecked, message, Map.of(),
            outcome == Outcome.UNKNOWN ? Method.UNDECIDED : Method.SEARCH, 0);
    }

    /**
     * Whether the history was shown linearizable.
     *
     * @return true for {@link Outcome#LINEARIZABLE}.
     */
    public boolean isLinearizable()
    {
        return outcome == Outcome.LINEARIZABLE;
    }

    /**
     * Keys decided by each method, e.g. {@code "unique-values 15, search 1"}.
     *
     * @return the summary, methods with no key left out.
     */
    public String methodSummary()
    {
        final StringBuilder sb = new StringBuilder();
        for (final Method method : Method.values())
        {
            final int count = keysByMethod.getOrDefault(method, 0);
            if (count > 0)
            {
                sb.append(sb.length() == 0 ? "" : ", ").append(method.label()).append(' ').append(count);
            }
        }
        return sb.length() == 0 ? "no keys" : sb.toString();
    }

    /**
     * A multi-line description: verdict, key, witness one entry per line.
     *
     * @return the description.
     */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder(message);
        sb.append(String.format(Locale.ROOT, "\nkeys decided by: %s; %.3f s", methodSummary(), elapsedNs / 1e9));
        if (!witness.isEmpty())
        {
            sb.append("\nwitness (").append(minimal ? "minimal" : "not minimised").append(", key ").append(key).append("):");
            for (final Op op : witness)
            {
                sb.append("\n  ").append(op);
            }
        }
        return sb.toString();
    }
}
