package io.quorumbench.conformance.linearizability;

import io.quorumbench.conformance.history.Op;

import java.util.List;

/**
 * Outcome of a linearizability check.
 *
 * @param outcome       linearizable, not, or unknown (the search hit a bound).
 * @param key           the first key whose sub-history failed or could not be decided, or {@code null}.
 * @param witness       for {@link Outcome#VIOLATION}, a small sub-history of that key (invoke and
 *                      completion entries) that is still not linearizable on its own; removing any
 *                      single operation from it makes it linearizable unless {@code minimal} is false.
 * @param minimal       whether witness minimisation finished within its budget.
 * @param keysChecked   number of keys whose sub-histories were checked.
 * @param opsChecked    number of operations considered (after dropping failed ops and unknown reads).
 * @param message       human-readable summary.
 */
public record LinearizabilityResult(
    Outcome outcome,
    String key,
    List<Op> witness,
    boolean minimal,
    int keysChecked,
    int opsChecked,
    String message)
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
     * A multi-line description: verdict, key, witness one entry per line.
     *
     * @return the description.
     */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder(message);
        if (null != witness && !witness.isEmpty())
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
