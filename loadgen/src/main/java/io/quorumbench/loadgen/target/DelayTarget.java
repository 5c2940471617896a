package io.quorumbench.loadgen.target;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.api.consensus.StateMachine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A fake target for tests and for checking the generator's bookkeeping: every request completes a
 * fixed {@code delayNs} after it was sent, and optionally the target <em>stalls</em> — refuses
 * every send — for {@code stallNs} starting {@code stallAfterNs} after the session's first send.
 * A stall is what a closed-loop client would suffer silently (coordinated omission): requests due
 * during it are sent late, so only the latency measured from the intended send time shows it.
 *
 * <p>With a state machine, commands are applied in send order (under one lock shared by all
 * sessions, so the fake is linearizable by construction) and results are real.
 *
 * <p><b>Threading</b>: each session is used by one sender thread; the state machine is guarded
 * by a lock because sessions of different senders share it.
 */
public final class DelayTarget implements LoadTarget
{
    private static final int CAPACITY = 1 << 16;
    private static final byte[] EMPTY = new byte[0];

    private final long delayNs;
    private final long stallAfterNs;
    private final long stallNs;
    private final StateMachine stateMachine;
    private final int resultCapacity;
    private long appliedIndex; // guarded by stateMachine

    /**
     * A fake target.
     *
     * @param delayNs      time from send to completion, in nanoseconds, &ge; 0.
     * @param stallAfterNs when the stall begins, relative to a session's first send, in nanoseconds.
     * @param stallNs      how long sends are refused, in nanoseconds; 0 for no stall.
     * @param stateMachine factory of the state machine commands are applied to, or {@code null}
     *                     to apply nothing and answer with empty results.
     */
    public DelayTarget(
        final long delayNs, final long stallAfterNs, final long stallNs, final Supplier<StateMachine> stateMachine)
    {
        if (delayNs < 0 || stallAfterNs < 0 || stallNs < 0)
        {
            throw new IllegalArgumentException("delays must be >= 0");
        }
        this.delayNs = delayNs;
        this.stallAfterNs = stallAfterNs;
        this.stallNs = stallNs;
        this.stateMachine = null == stateMachine ? null : stateMachine.get();
        this.resultCapacity = null == this.stateMachine ? 0 : this.stateMachine.maxResultLength();
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return "delay";
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> context()
    {
        final Map<String, Object> context = new LinkedHashMap<>();
        context.put("implementation", "delay");
        context.put("transport", "in-process");
        context.put("nodes", 1);
        context.put("fsyncPolicy", "n/a");
        context.put("delayNs", delayNs);
        context.put("stallAfterNs", stallAfterNs);
        context.put("stallNs", stallNs);
        return context;
    }

    /** {@inheritDoc} */
    @Override
    public boolean appliesCommands()
    {
        return null != stateMachine;
    }

    /** {@inheritDoc} */
    @Override
    public ClientSession openSession(final int sessionIndex)
    {
        return new Session();
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
    }

    private final class Session implements ClientSession
    {
        private final long[] requestIds = new long[CAPACITY];
        private final long[] dueNs = new long[CAPACITY];
        private final int[] resultLengths = new int[CAPACITY];
        private final byte[][] results = new byte[CAPACITY][];
        private long head;
        private long tail;
        private long firstSendNs = Long.MIN_VALUE;

        @Override
        public boolean trySend(final long requestId, final byte[] command, final int offset, final int length)
        {
            final long nowNs = System.nanoTime();
            if (Long.MIN_VALUE == firstSendNs)
            {
                firstSendNs = nowNs;
            }
            final long sinceFirstNs = nowNs - firstSendNs;
            if (stallNs > 0 && sinceFirstNs >= stallAfterNs && sinceFirstNs < stallAfterNs + stallNs)
            {
                return false;
            }
            if (tail - head == CAPACITY)
            {
                return false;
            }
            final int slot = (int)(tail & (CAPACITY - 1));
            requestIds[slot] = requestId;
            long appliedNs = nowNs;
            resultLengths[slot] = 0;
            if (null != stateMachine)
            {
                if (null == results[slot])
                {
                    results[slot] = new byte[resultCapacity];
                }
                synchronized (stateMachine)
                {
                    resultLengths[slot] = stateMachine.apply(++appliedIndex, command, offset, length, results[slot]);
                }
                // stamp the answer after the command took effect: waiting for the other sessions' lock, or
                // descheduled on a loaded machine, it may apply milliseconds after nowNs, and a response
                // stamped before its effect makes a correct store's history not linearizable
                appliedNs = System.nanoTime();
            }
            dueNs[slot] = appliedNs + delayNs;
            tail++;
            return true;
        }

        @Override
        public int poll(final CompletionHandler handler, final int limit)
        {
            int delivered = 0;
            if (head == tail)
            {
                return 0;
            }
            final long nowNs = System.nanoTime();
            while (head < tail && delivered < limit)
            {
                final int slot = (int)(head & (CAPACITY - 1));
                if (dueNs[slot] > nowNs)
                {
                    break;
                }
                head++;
                delivered++;
                final byte[] result = null == results[slot] ? EMPTY : results[slot];
                // completion is stamped with the simulated response time, not the poll time
                handler.onComplete(requestIds[slot], CompletionHandler.OK, dueNs[slot], result, 0, resultLengths[slot]);
            }
            return delivered;
        }

        @Override
        public void close()
        {
            head = tail;
        }
    }
}
