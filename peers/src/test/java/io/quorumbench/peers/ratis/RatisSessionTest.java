package io.quorumbench.peers.ratis;

import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.api.kv.KvCommand;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.api.AsyncApi;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Ratis session's window, against a client whose requests Ratis never finishes (a server too
 * busy to answer while the client keeps retrying): a request reported unknown after the operation
 * timeout still counts until Ratis is done with it. A session that reopened its window on the
 * report sent past the Ratis client's own permits, and Ratis's send then blocked the sender for good
 * (seen as a loadgen run at 2,000/s stuck at 0/s).
 */
class RatisSessionTest
{
    /** A RaftClient whose async sends return futures nobody completes; other calls are not expected. */
    private static RaftClient neverAnswering(final List<CompletableFuture<?>> sent)
    {
        final AsyncApi async = (AsyncApi)Proxy.newProxyInstance(AsyncApi.class.getClassLoader(),
            new Class<?>[]{AsyncApi.class}, (proxy, method, args) ->
            {
                final CompletableFuture<Object> future = new CompletableFuture<>();
                sent.add(future);
                return future;
            });
        return (RaftClient)Proxy.newProxyInstance(RaftClient.class.getClassLoader(), new Class<?>[]{RaftClient.class},
            (proxy, method, args) -> "async".equals(method.getName()) ? async : null);
    }

    @Test
    void shouldKeepTheWindowClosedWhileRatisStillHoldsRequestsReportedUnknown()
    {
        final List<CompletableFuture<?>> sent = new ArrayList<>();
        final RatisSession session = new RatisSession(neverAnswering(sent), false, 4, TimeUnit.MILLISECONDS.toNanos(300));
        final byte[] command = new byte[32];
        final int length = KvCommand.encodePut(command, 0, new byte[]{'k'}, new byte[]{'v'});
        for (long id = 1; id <= 4; id++)
        {
            assertTrue(session.trySend(id, command, 0, length));
        }
        assertFalse(session.trySend(5, command, 0, length), "the window of 4 is full");

        final int[] unknown = {0};
        final CompletionHandler handler = (requestId, outcome, completedNs, result, offset, resultLength) ->
        {
            assertEquals(CompletionHandler.UNKNOWN, outcome);
            unknown[0]++;
        };
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (unknown[0] < 4 && System.nanoTime() - deadlineNs < 0)
        {
            session.poll(handler, 16);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertEquals(4, unknown[0], "each request reported unknown after the operation timeout");
        assertFalse(session.trySend(5, command, 0, length), "Ratis still holds all four: no fifth send");
        assertEquals(4, sent.size());

        sent.get(0).completeExceptionally(new IllegalStateException("Ratis gave up"));
        assertTrue(session.trySend(5, command, 0, length), "one finished in Ratis: one more may go");
        session.poll(handler, 16);
        assertEquals(4, unknown[0], "a request already reported is not reported again");
    }
}
