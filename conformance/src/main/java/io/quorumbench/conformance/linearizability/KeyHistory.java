package io.quorumbench.conformance.linearizability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One key's operations after the simplifications that change no verdict (each is an equivalence:
 * the key is linearizable with them iff it is without them), with the facts the checkers need.
 *
 * <ul>
 *   <li><b>Unobserved unknown writes are dropped</b> when nothing can tell they happened: a put or
 *       cas of unknown outcome whose value no get returned and no ok or unknown cas expected, and
 *       with no cas mismatch returning at or after its call. If it applied in some linearization,
 *       removing it changes the state only inside its own span, where (having no observer) only
 *       mismatches and no-op cas could be; no mismatch can be there, and a no-op unknown cas may
 *       as well be linearized last. Conversely a linearization without it stays one with it put
 *       last. (A mismatch could need it: "put a; info put b; cas a-&gt;c fails" is linearizable
 *       only if b applied before the cas, so such writes stay.)</li>
 *   <li><b>An unknown write whose value is observed gets a return time</b> when written values
 *       are unique: it must precede every operation that observed its value, so it lies before
 *       the earliest return among the ok ones; the interval only loses instants no
 *       linearization can use. This is what lets {@link Segments} cut a fault run: otherwise every
 *       timed-out write would stay pending to the end of the history.</li>
 * </ul>
 *
 * Immutable.
 */
final class KeyHistory
{
    /** The operations kept, in the order given. */
    final List<KeyOperation> ops;
    /** Return time of each kept operation, after bounding. */
    final long[] returnNs;
    /** Whether every write writes a non-null value no other write writes. */
    final boolean uniqueValues;

    private KeyHistory(final List<KeyOperation> ops, final long[] returnNs, final boolean uniqueValues)
    {
        this.ops = ops;
        this.returnNs = returnNs;
        this.uniqueValues = uniqueValues;
    }

    /**
     * Prepare a key's operations, standing alone (the register starts absent).
     *
     * @param raw the key's operations.
     * @return the prepared history.
     */
    static KeyHistory prepare(final List<KeyOperation> raw)
    {
        final boolean unique = hasUniqueValues(raw);
        final Set<String> observed = new HashSet<>();
        long lastMismatchReturnNs = Long.MIN_VALUE;
        for (final KeyOperation op : raw)
        {
            if (op.observes())
            {
                observed.add(op.observed());
            }
            if (op.outcome == KeyOperation.Outcome.MISMATCH)
            {
                lastMismatchReturnNs = Math.max(lastMismatchReturnNs, op.returnNs);
            }
        }
        final Map<String, Long> firstObserverReturnNs = new HashMap<>();
        if (unique)
        {
            for (final KeyOperation op : raw)
            {
                if (op.observes() && op.outcome == KeyOperation.Outcome.OK && null != op.observed())
                {
                    firstObserverReturnNs.merge(op.observed(), op.returnNs, Math::min);
                }
            }
        }
        final List<KeyOperation> kept = new ArrayList<>(raw.size());
        final long[] returns = new long[raw.size()];
        for (final KeyOperation op : raw)
        {
            long returnNs = op.returnNs;
            if (op.outcome == KeyOperation.Outcome.INFO)
            {
                if (!observed.contains(op.value) && lastMismatchReturnNs < op.callNs)
                {
                    continue;
                }
                final Long bound = firstObserverReturnNs.get(op.value);
                if (null != bound)
                {
                    returnNs = Math.max(op.callNs, bound);
                }
            }
            returns[kept.size()] = returnNs;
            kept.add(op);
        }
        return new KeyHistory(kept, Arrays.copyOf(returns, kept.size()), unique);
    }

    /**
     * Whether every put and cas that may have taken effect writes a non-null value that no other
     * one writes, so each observed value names the single write it came from.
     *
     * @param ops the operations.
     * @return true if values are unique.
     */
    static boolean hasUniqueValues(final List<KeyOperation> ops)
    {
        final Set<String> written = new HashSet<>();
        for (final KeyOperation op : ops)
        {
            if (op.isWrite() && (null == op.value || !written.add(op.value)))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Number of operations kept.
     *
     * @return the count.
     */
    int size()
    {
        return ops.size();
    }
}
