package io.quorumbench.conformance.linearizability;

import io.quorumbench.conformance.history.Op;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The reference search for a {@link Model} on one part of a history: Wing &amp; Gong's algorithm
 * with Lowe's memoisation of every (set of linearized operations, model state) pair, as Porcupine
 * does it. An operation may be linearized next if no other operation still to be linearized
 * returned before it was called; the search succeeds when every operation that completed
 * {@code ok} is linearized (an operation of unknown outcome returns at +&infin; and may be left
 * out: it never took effect). Depth-first, with an explicit stack (histories of thousands of
 * operations would overflow the thread's stack).
 *
 * <p>Bounded by memo entries and a wall-clock deadline: past either the verdict is
 * {@link WglSearch.Verdict#UNKNOWN}, never a guess. Single use, single-threaded.
 *
 * @param <S> the model's state type.
 */
final class ModelSearch<S>
{
    /** One operation of the part. */
    record Operation(Op invoke, Op completion, long callNs, long returnNs)
    {
    }

    private final Model<S> model;
    private final List<Operation> ops;
    private final long deadlineNs;
    private final int maxMemoEntries;

    ModelSearch(final Model<S> model, final List<Operation> ops, final long deadlineNs, final int maxMemoEntries)
    {
        this.model = model;
        this.ops = ops;
        this.deadlineNs = deadlineNs;
        this.maxMemoEntries = maxMemoEntries;
    }

    private final class Frame
    {
        final BitSet linearized;
        final S state;
        int next;

        Frame(final BitSet linearized, final S state)
        {
            this.linearized = linearized;
            this.state = state;
        }
    }

    private record Visited(BitSet linearized, Object state)
    {
    }

    WglSearch.Verdict run()
    {
        final int n = ops.size();
        final BitSet mustLinearize = new BitSet(n);
        for (int i = 0; i < n; i++)
        {
            if (null != ops.get(i).completion())
            {
                mustLinearize.set(i);
            }
        }
        final Set<Visited> memo = new HashSet<>();
        final ArrayDeque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(new BitSet(n), model.init()));
        long steps = 0;
        while (!stack.isEmpty())
        {
            final Frame frame = stack.peek();
            final BitSet left = (BitSet)mustLinearize.clone();
            left.andNot(frame.linearized);
            if (left.isEmpty())
            {
                return WglSearch.Verdict.LINEARIZABLE;
            }
            if ((++steps & 0xFF) == 0 && System.nanoTime() > deadlineNs)
            {
                return WglSearch.Verdict.UNKNOWN;
            }
            final long minReturnNs = minReturnNs(frame.linearized);
            boolean descended = false;
            while (frame.next < n && !descended)
            {
                final int i = frame.next++;
                final Operation op = ops.get(i);
                if (frame.linearized.get(i) || op.callNs() > minReturnNs)
                {
                    continue;
                }
                final S after = model.step(frame.state, op.invoke(), op.completion());
                if (null == after)
                {
                    continue;
                }
                final BitSet linearized = (BitSet)frame.linearized.clone();
                linearized.set(i);
                if (memo.add(new Visited(linearized, after)))
                {
                    if (memo.size() > maxMemoEntries)
                    {
                        return WglSearch.Verdict.UNKNOWN;
                    }
                    stack.push(new Frame(linearized, after));
                    descended = true;
                }
            }
            if (!descended)
            {
                stack.pop();
            }
        }
        return WglSearch.Verdict.VIOLATION;
    }

    private long minReturnNs(final BitSet linearized)
    {
        long min = Long.MAX_VALUE;
        for (int i = linearized.nextClearBit(0); i < ops.size(); i = linearized.nextClearBit(i + 1))
        {
            min = Math.min(min, ops.get(i).returnNs());
        }
        return min;
    }
}
