package io.quorumbench.conformance.linearizability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a key's history into segments that can be searched one after the other, so the reference
 * search works on a few dozen operations at a time instead of a whole run.
 *
 * <p>A cut goes at an instant T such that
 * <ol>
 *   <li><b>no operation is pending across T</b>: every operation before the cut returned before
 *       T and every operation after it was called after T (strictly: equal times count as
 *       concurrent). Real-time order then puts every earlier operation before every later one in
 *       any linearization, so a linearization of the whole is exactly a linearization of the part
 *       before T followed by one of the part after T;</li>
 *   <li><b>the state at T is determined</b>: every linearization of the part before T ends in
 *       the same value v. Then the whole is linearizable iff the part before T is and the part
 *       after T is when started from v. The test used: the part before T has no write at all (v
 *       is its own start value), or it has an ok operation x (a get that returned v, or a put or
 *       cas that wrote v) such that every write of another value returned before x was called,
 *       so every such write precedes x and nothing after x can change the value from v.</li>
 * </ol>
 * Where a cut point has an undetermined state, the two parts stay one segment. An operation of
 * unknown outcome has a return of +&infin; (unless {@link KeyHistory} bounded it) and so prevents
 * every later cut. Stateless.
 */
final class Segments
{
    /**
     * One segment: operations searched together, from a known start value.
     *
     * @param ops        the operations, by call time.
     * @param returnNs   their return times.
     * @param startValue the register's value at the start, {@code null} = absent.
     */
    record Segment(List<KeyOperation> ops, long[] returnNs, String startValue)
    {
    }

    private Segments()
    {
    }

    /**
     * Cut a prepared key history.
     *
     * @param history the key's operations.
     * @return the segments, in time order; together they hold every operation once.
     */
    static List<Segment> cut(final KeyHistory history)
    {
        final int n = history.size();
        final Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingLong(i -> history.ops.get(i).callNs));
        final List<Segment> segments = new ArrayList<>();
        String startValue = null;
        int from = 0;
        long maxReturnNs = Long.MIN_VALUE;
        for (int k = 0; k < n; k++)
        {
            final int i = order[k];
            if (k > from && maxReturnNs < history.ops.get(i).callNs)
            {
                final Determined end = endValue(history, order, from, k, startValue);
                if (end.determined)
                {
                    segments.add(segment(history, order, from, k, startValue));
                    startValue = end.value;
                    from = k;
                }
            }
            maxReturnNs = Math.max(maxReturnNs, history.returnNs[i]);
        }
        if (from < n)
        {
            segments.add(segment(history, order, from, n, startValue));
        }
        return segments;
    }

    private static Segment segment(
        final KeyHistory history, final Integer[] order, final int from, final int to, final String startValue)
    {
        final List<KeyOperation> ops = new ArrayList<>(to - from);
        final long[] returns = new long[to - from];
        for (int k = from; k < to; k++)
        {
            returns[k - from] = history.returnNs[order[k]];
            ops.add(history.ops.get(order[k]));
        }
        return new Segment(ops, returns, startValue);
    }

    private record Determined(boolean determined, String value)
    {
    }

    /** The value every linearization of order[from..to) ends in, if the test in the class comment shows one. */
    private static Determined endValue(
        final KeyHistory history, final Integer[] order, final int from, final int to, final String startValue)
    {
        // the latest-returning write, and the latest-returning write of a value other than its value
        long latestReturnNs = Long.MIN_VALUE;
        String latestValue = null;
        long otherReturnNs = Long.MIN_VALUE;
        boolean anyWrite = false;
        for (int k = from; k < to; k++)
        {
            final KeyOperation op = history.ops.get(order[k]);
            if (!op.isWrite())
            {
                continue;
            }
            final long returnNs = history.returnNs[order[k]];
            if (!anyWrite)
            {
                anyWrite = true;
                latestReturnNs = returnNs;
                latestValue = op.value;
            }
            else if (Objects.equals(op.value, latestValue))
            {
                latestReturnNs = Math.max(latestReturnNs, returnNs);
            }
            else if (returnNs > latestReturnNs)
            {
                otherReturnNs = latestReturnNs;
                latestReturnNs = returnNs;
                latestValue = op.value;
            }
            else
            {
                otherReturnNs = Math.max(otherReturnNs, returnNs);
            }
        }
        if (!anyWrite)
        {
            return new Determined(true, startValue);
        }
        for (int k = from; k < to; k++)
        {
            final KeyOperation x = history.ops.get(order[k]);
            if (x.outcome != KeyOperation.Outcome.OK)
            {
                continue;
            }
            final long othersReturnNs = Objects.equals(x.value, latestValue) ? otherReturnNs : latestReturnNs;
            if (othersReturnNs < x.callNs)
            {
                return new Determined(true, x.value);
            }
        }
        return new Determined(false, null);
    }
}
