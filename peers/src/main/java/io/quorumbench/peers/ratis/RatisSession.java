package io.quorumbench.peers.ratis;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.peers.CompletionQueue;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ClientSession} over one Ratis {@link RaftClient} and its async API: a PUT or CAS is
 * {@code async().send}, a GET {@code async().sendReadOnly} (ReadIndex on the leader) unless the reads
 * go through the log. Ratis's client follows the leader and retries with the same call id, which its
 * servers' retry cache deduplicates; the answer is stamped on the Ratis callback thread as it
 * arrives and handed to {@link #poll}.
 *
 * <p>Outcomes: a successful reply is {@link CompletionHandler#OK}; a reply that is not a success,
 * an exception, or no answer within the operation timeout is {@link CompletionHandler#UNKNOWN} (it
 * may still have been applied).
 *
 * <p><b>Threading</b>: {@code trySend}, {@code poll}, {@code close} on the one sender thread; the
 * callbacks on Ratis's threads.
 */
final class RatisSession implements ClientSession
{
    private final RaftClient client;
    private final boolean readsThroughLog;
    private final int maxInFlight;
    private final long operationTimeoutNs;
    private final AtomicInteger inRatis = new AtomicInteger();
    private final CompletionQueue completions = new CompletionQueue();
    private boolean closed;

    /**
     * @param client             the session's own client.
     * @param readsThroughLog    whether GETs go through the log.
     * @param maxInFlight        most unanswered requests (at most the client's outstanding-request limit,
     *                           so Ratis never blocks {@code trySend} on its own window).
     * @param operationTimeoutNs how long a request may stay unanswered before it is reported unknown.
     */
    RatisSession(final RaftClient client, final boolean readsThroughLog, final int maxInFlight, final long operationTimeoutNs)
    {
        this.client = client;
        this.readsThroughLog = readsThroughLog;
        this.maxInFlight = maxInFlight;
        this.operationTimeoutNs = operationTimeoutNs;
    }

    /** {@inheritDoc} */
    @Override
    public boolean trySend(final long requestId, final byte[] command, final int offset, final int length)
    {
        if (closed || inRatis.get() >= maxInFlight)
        {
            return false;
        }
        inRatis.incrementAndGet();
        final Message message = Message.valueOf(ByteString.copyFrom(command, offset, length));
        final CompletableFuture<RaftClientReply> reply =
            !readsThroughLog && KvRatisStateMachine.isReadOnly(command, offset, length) ?
            client.async().sendReadOnly(message) : client.async().send(message);
        // the window counts a request until Ratis itself is done with it, not until it is reported unknown:
        // Ratis keeps retrying it and holds its permit meanwhile, and a send past its permits would block
        reply.whenComplete((answer, failure) -> inRatis.decrementAndGet());
        reply.copy().orTimeout(operationTimeoutNs, TimeUnit.NANOSECONDS)
            .whenComplete((answer, failure) -> onReply(requestId, answer, failure));
        return true;
    }

    private void onReply(final long requestId, final RaftClientReply answer, final Throwable failure)
    {
        final long completedNs = System.nanoTime();
        if (null == failure && null != answer && answer.isSuccess())
        {
            completions.add(requestId, CompletionHandler.OK, completedNs, answer.getMessage().getContent().toByteArray());
        }
        else
        {
            completions.add(requestId, CompletionHandler.UNKNOWN, completedNs, null);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>True: Ratis's callback stamps the completion when the reply arrives.
     */
    @Override
    public boolean stampsCompletionOnArrival()
    {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public int poll(final CompletionHandler handler, final int limit)
    {
        return completions.drain(handler, limit);
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            client.close();
        }
        catch (final IOException ex)
        {
            // the session is going away; its requests are abandoned as the contract allows
            System.getLogger(RatisSession.class.getName()).log(System.Logger.Level.DEBUG, "closing a Ratis client", ex);
        }
    }
}
