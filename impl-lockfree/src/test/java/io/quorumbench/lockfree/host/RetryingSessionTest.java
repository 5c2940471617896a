package io.quorumbench.lockfree.host;

import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.api.consensus.RejectReason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tuned sessions' retry rules, against a scripted client (no cluster); moved from loadgen's LockfreeSessionTest. */
class RetryingSessionTest
{
    /** Records offers; answers are injected by the test through the ResponseHandler methods. */
    static final class ScriptedSession extends RetryingSession
    {
        final List<long[]> offers = new ArrayList<>();
        final List<byte[]> offeredBytes = new ArrayList<>();
        int hint = -1;

        ScriptedSession(final long resendAfterNs)
        {
            super(16, 32, resendAfterNs);
        }

        @Override
        boolean offer(final long sequence, final DirectBuffer command, final int offset, final int length)
        {
            offers.add(new long[] {sequence, hint});
            final byte[] copy = new byte[length];
            command.getBytes(offset, copy);
            offeredBytes.add(copy);
            return true;
        }

        @Override
        int pollClient(final int limit)
        {
            return 0;
        }

        @Override
        void leaderHint(final int nodeId)
        {
            hint = nodeId;
        }

        @Override
        void onNoLeaderKnown()
        {
            hint = -2;
        }

        @Override
        void closeClient()
        {
        }
    }

    private final List<long[]> completions = new ArrayList<>();
    private final CompletionHandler handler = (requestId, outcome, completedNs, result, offset, length) ->
        completions.add(new long[] {requestId, outcome});

    private static void pollUntil(final ScriptedSession session, final CompletionHandler handler, final int offers)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (session.offers.size() < offers && System.nanoTime() < deadlineNs)
        {
            session.poll(handler, 16);
        }
        assertEquals(offers, session.offers.size(), "offers made");
    }

    @Test
    void shouldTellTheClientWhenARefusingNodeKnowsNoLeaderAndStillRetry()
    {
        final ScriptedSession session = new ScriptedSession(0);
        final byte[] command = {1, 2, 3, 4};
        session.poll(handler, 16);
        session.leaderHint(1);
        assertTrue(session.trySend(7, command, 0, command.length));
        // a leader cut off by a partition answers NOT_LEADER with no hint: stop trusting the old hint
        session.onRejected(99, 7, RejectReason.NOT_LEADER, io.quorumbench.api.consensus.NodeConfig.NO_NODE);
        assertEquals(-2, session.hint, "the client was told no leader is known");
        pollUntil(session, handler, 2);
        assertEquals(7, session.offers.get(1)[0], "retried with the same sequence");
        assertEquals(-2, session.offers.get(1)[1], "retried without the stale hint");
        assertTrue(completions.isEmpty(), "not completed while retries remain");
    }

    @Test
    void shouldRetryNotLeaderOnTheHintedLeaderWithTheSameSequenceAndBytes()
    {
        final ScriptedSession session = new ScriptedSession(0);
        final byte[] command = {1, 2, 3, 4};
        session.poll(handler, 16);
        assertTrue(session.trySend(7, command, 0, command.length));
        session.onRejected(99, 7, RejectReason.NOT_LEADER, 3);
        pollUntil(session, handler, 2);
        assertEquals(7, session.offers.get(1)[0], "same sequence");
        assertEquals(3, session.offers.get(1)[1], "to the hinted leader");
        assertArrayEquals(command, session.offeredBytes.get(1), "same command");
        assertTrue(completions.isEmpty(), "not reported while retried");

        session.onCommitted(99, 7, 1, new UnsafeBuffer(new byte[] {9}), 0, 1);
        assertEquals(1, completions.size());
        assertEquals(CompletionHandler.OK, completions.get(0)[1]);
    }

    @Test
    void shouldReportFailedWhenNoAttemptCanHaveBeenAppendedAndUnknownOtherwise()
    {
        final ScriptedSession session = new ScriptedSession(0);
        final byte[] command = {1};
        session.poll(handler, 16);
        session.trySend(1, command, 0, 1);
        session.trySend(2, command, 0, 1);
        for (int attempt = 0; attempt <= RetryingSession.MAX_RETRIES; attempt++)
        {
            session.onRejected(99, 1, RejectReason.NOT_LEADER, -1);
            // sequence 2 was appended by a leader that then lost office once, then never again reached a leader
            session.onRejected(99, 2, 0 == attempt ? RejectReason.LEADERSHIP_LOST : RejectReason.NOT_LEADER, -1);
            if (attempt < RetryingSession.MAX_RETRIES)
            {
                pollUntil(session, handler, 2 + 2 * (attempt + 1));
            }
        }
        assertEquals(2, completions.size(), "both given up after " + RetryingSession.MAX_RETRIES + " retries");
        assertEquals(CompletionHandler.FAILED, completions.get(0)[1], "only NOT_LEADER: definitely not applied");
        assertEquals(CompletionHandler.UNKNOWN, completions.get(1)[1], "once appended: outcome unknown");
    }

    @Test
    void shouldResendAnUnansweredCommandAndThenCallItUnknown()
    {
        final ScriptedSession session = new ScriptedSession(TimeUnit.MILLISECONDS.toNanos(20));
        session.poll(handler, 16);
        session.trySend(5, new byte[] {4, 2}, 0, 2);
        pollUntil(session, handler, 2);
        assertEquals(5, session.offers.get(1)[0], "resent with the same sequence");
        assertEquals(1, session.resends());
        // the resent attempt is refused: the first may still have been appended
        for (int i = 1; i <= RetryingSession.MAX_RETRIES; i++)
        {
            session.onRejected(99, 5, RejectReason.NOT_LEADER, -1);
            session.poll(handler, 16);
            if (!completions.isEmpty())
            {
                break;
            }
            pollUntil(session, handler, session.offers.size() + 1);
        }
        assertEquals(1, completions.size());
        assertEquals(CompletionHandler.UNKNOWN, completions.get(0)[1]);
    }

    @Test
    void shouldResendEveryUnansweredCommandWhenTheLeaderChangesButNotOneWaitingForItsBackoff()
    {
        final ScriptedSession session = new ScriptedSession(0);
        session.poll(handler, 16);
        session.trySend(1, new byte[] {1}, 0, 1);
        session.trySend(2, new byte[] {2}, 0, 1);
        session.trySend(3, new byte[] {3}, 0, 1);
        session.onCommitted(99, 2, 1, new UnsafeBuffer(new byte[] {9}), 0, 1);
        session.onRejected(99, 3, RejectReason.NOT_LEADER, -1);

        session.resendAllUnanswered();

        assertEquals(3, session.offers.size(), "resends are queued, offered by poll at the transport's pace");
        assertEquals(1, session.resends(), "only sequence 1 queued: 2 was answered, 3 waits for its backoff");
        pollUntil(session, handler, 5);
        // the queue is in order: 3's backoff entry came first, then the resend of 1
        assertEquals(3, session.offers.get(3)[0], "the rejected one comes back after its backoff, once");
        assertEquals(1, session.offers.get(4)[0]);
        assertArrayEquals(new byte[] {1}, session.offeredBytes.get(4), "same bytes");
        session.poll(handler, 16);
        assertEquals(5, session.offers.size(), "nothing is offered twice");

        // the old leader had appended it: its outcome is now unknown if the new leader never answers
        for (int i = 1; i <= RetryingSession.MAX_RETRIES && completions.size() < 2; i++)
        {
            session.onRejected(99, 1, RejectReason.NOT_LEADER, -1);
            session.poll(handler, 16);
            if (completions.size() < 2)
            {
                pollUntil(session, handler, session.offers.size() + 1);
            }
        }
        assertEquals(CompletionHandler.UNKNOWN, completions.get(completions.size() - 1)[1]);
    }
}
