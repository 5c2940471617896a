package io.quorumbench.peers;

import io.quorumbench.api.client.CompletionHandler;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Completions stamped where the answer arrived (an engine's callback thread, or inside an egress
 * poll) and handed to the session's owner in {@link #drain}, so a {@link CompletionHandler} is only
 * ever called on the sender thread that owns the session, as the client contract requires.
 *
 * <p><b>Threading</b>: {@link #add} from any thread; {@link #drain} from the owner only.
 */
public final class CompletionQueue
{
    private static final byte[] EMPTY = new byte[0];

    private record Completion(long requestId, int outcome, long completedNs, byte[] result)
    {
    }

    private final ConcurrentLinkedQueue<Completion> queue = new ConcurrentLinkedQueue<>();

    /**
     * Queue one finished request.
     *
     * @param requestId   the request.
     * @param outcome     {@link CompletionHandler#OK}, {@link CompletionHandler#FAILED} or
     *                    {@link CompletionHandler#UNKNOWN}.
     * @param completedNs when the answer arrived, {@link System#nanoTime()}.
     * @param result      the answer's bytes (kept, not copied), or null for none.
     */
    public void add(final long requestId, final int outcome, final long completedNs, final byte[] result)
    {
        queue.add(new Completion(requestId, outcome, completedNs, null == result ? EMPTY : result));
    }

    /**
     * Deliver queued completions to {@code handler}.
     *
     * @param handler receives each.
     * @param limit   most to deliver.
     * @return the number delivered.
     */
    public int drain(final CompletionHandler handler, final int limit)
    {
        int delivered = 0;
        Completion completion;
        while (delivered < limit && null != (completion = queue.poll()))
        {
            handler.onComplete(completion.requestId(), completion.outcome(), completion.completedNs(),
                completion.result(), 0, completion.result().length);
            delivered++;
        }
        return delivered;
    }

    /**
     * @return whether nothing is queued.
     */
    public boolean isEmpty()
    {
        return queue.isEmpty();
    }
}
