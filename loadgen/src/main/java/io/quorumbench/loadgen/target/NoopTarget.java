package io.quorumbench.loadgen.target;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A target that completes every request immediately, in process, on the sender's own thread. It
 * measures the load generator itself: schedule, encode, send, poll and record, with nothing behind
 * them, so a run against it shows the highest rate the generator can hold on this machine.
 *
 * <p>Commands are not applied ({@link #appliesCommands()} is false), results are empty.
 *
 * <p><b>Threading</b>: sessions are single-threaded; they share no state.
 */
public final class NoopTarget implements LoadTarget
{
    private static final byte[] EMPTY = new byte[0];

    private final int windowCapacity;

    /**
     * A no-op target whose sessions accept up to {@code windowCapacity} requests between polls.
     *
     * @param windowCapacity requests accepted between two polls, rounded up to a power of two.
     */
    public NoopTarget(final int windowCapacity)
    {
        if (windowCapacity < 1 || windowCapacity > (1 << 24))
        {
            throw new IllegalArgumentException("windowCapacity must be in 1..2^24, got " + windowCapacity);
        }
        this.windowCapacity = Integer.highestOneBit(windowCapacity - 1 == 0 ? 1 : windowCapacity - 1) << 1;
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return "noop";
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> context()
    {
        final Map<String, Object> context = new LinkedHashMap<>();
        context.put("implementation", "noop");
        context.put("transport", "in-process");
        context.put("nodes", 0);
        context.put("fsyncPolicy", "n/a");
        return context;
    }

    /** {@inheritDoc} */
    @Override
    public boolean appliesCommands()
    {
        return false;
    }

    /** {@inheritDoc} */
    @Override
    public ClientSession openSession(final int sessionIndex)
    {
        return new Session(windowCapacity);
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
    }

    private static final class Session implements ClientSession
    {
        private final long[] requestIds;
        private final int mask;
        private long head;
        private long tail;

        Session(final int capacity)
        {
            requestIds = new long[capacity];
            mask = capacity - 1;
        }

        @Override
        public boolean trySend(final long requestId, final byte[] command, final int offset, final int length)
        {
            if (tail - head == requestIds.length)
            {
                return false;
            }
            requestIds[(int)(tail++ & mask)] = requestId;
            return true;
        }

        @Override
        public int poll(final CompletionHandler handler, final int limit)
        {
            final long available = Math.min(tail - head, limit);
            if (available <= 0)
            {
                return 0;
            }
            // one clock read per batch: the "response" is already there when we look
            final long nowNs = System.nanoTime();
            for (long i = 0; i < available; i++)
            {
                handler.onComplete(requestIds[(int)(head++ & mask)], CompletionHandler.OK, nowNs, EMPTY, 0, 0);
            }
            return (int)available;
        }

        @Override
        public void close()
        {
            head = tail;
        }
    }
}
