package io.quorumbench.conformance.linearizability;

import java.util.List;
import java.util.Objects;

/**
 * Replays a proposed linearization of one key and says whether it is one. This is what makes a
 * {@code LINEARIZABLE} from {@link UniqueValueChecker} trustworthy without trusting how it was
 * found: the order is checked against the history directly.
 *
 * <p>A proposal is a sequence of (operation, instant) pairs. It is a linearization iff
 * <ul>
 *   <li>every ok operation and every cas mismatch appears exactly once; an operation of unknown
 *       outcome at most once (one left out never took effect, or took effect last, where nothing
 *       observes it);</li>
 *   <li>instants never decrease along the sequence and each lies in its operation's
 *       [call, return]. Such instants exist iff the order respects real time (an operation that
 *       returned before another was called comes first), so checking them checks that;</li>
 *   <li>replayed from the start value, each operation is legal: a get reads the current value, an
 *       ok cas finds its expectation, a mismatch does not, an unknown cas applies iff it finds its
 *       expectation.</li>
 * </ul>
 * Stateless.
 */
final class LinearizationVerifier
{
    private LinearizationVerifier()
    {
    }

    /**
     * Check a proposal.
     *
     * @param history    the key's operations.
     * @param order      indices into {@code history.ops}, in linearization order.
     * @param instantsNs the instant of each element of {@code order}.
     * @param startValue the value before the first operation, {@code null} = absent.
     * @return {@code null} if the proposal is a linearization, else what is wrong with it.
     */
    static String verify(final KeyHistory history, final int[] order, final long[] instantsNs, final String startValue)
    {
        final int n = history.size();
        final boolean[] seen = new boolean[n];
        String state = startValue;
        long previousNs = Long.MIN_VALUE;
        for (int k = 0; k < order.length; k++)
        {
            final int i = order[k];
            final KeyOperation op = history.ops.get(i);
            final long atNs = instantsNs[k];
            if (seen[i])
            {
                return "operation placed twice: " + op;
            }
            seen[i] = true;
            if (atNs < previousNs)
            {
                return "instants go back in time at " + op;
            }
            if (atNs < op.callNs || atNs > history.returnNs[i])
            {
                return "instant " + atNs + " outside the interval of " + op;
            }
            previousNs = atNs;
            switch (op.kind)
            {
                case KeyOperation.PUT:
                    state = op.value;
                    break;
                case KeyOperation.GET:
                    if (!Objects.equals(state, op.value))
                    {
                        return "read of " + op.value + " where the value is " + state + ": " + op;
                    }
                    break;
                default:
                    final boolean matches = Objects.equals(state, op.expected);
                    if (op.outcome == KeyOperation.Outcome.MISMATCH)
                    {
                        if (matches)
                        {
                            return "mismatch where the value is the expected one: " + op;
                        }
                    }
                    else if (matches)
                    {
                        state = op.value;
                    }
                    else if (op.outcome == KeyOperation.Outcome.OK)
                    {
                        return "ok cas where the value is " + state + ": " + op;
                    }
                    break;
            }
        }
        final List<KeyOperation> ops = history.ops;
        for (int i = 0; i < n; i++)
        {
            if (!seen[i] && ops.get(i).outcome != KeyOperation.Outcome.INFO)
            {
                return "operation left out: " + ops.get(i);
            }
        }
        return null;
    }
}
