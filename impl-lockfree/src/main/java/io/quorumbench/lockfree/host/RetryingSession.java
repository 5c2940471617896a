package io.quorumbench.lockfree.host;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.CompletionHandler;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.RejectReason;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * A sender's session of a tuned cluster of any protocol, in-process ({@link EmbeddedNodeCluster},
 * ring buffers) or over Aeron UDP ({@link UdpClusterClient}): the
 * request sequence is the client sequence, answers are stamped as they are taken, and
 * NOT_LEADER / LEADERSHIP_LOST are retried on the hinted (or newly learned) leader with the
 * <em>same</em> sequence, up to {@link #MAX_RETRIES} times, backed off, from a copy of the command
 * kept by sequence in a ring of {@link #RETRY_WINDOW} (a copy overwritten by a newer sequence
 * cannot be retried any more). That is safe because the nodes' client sessions record exactly
 * which sequences of a 16384-wide window were applied and treat anything older as applied: a retry
 * of an applied command is answered (or "outcome unknown"), never applied twice, even after newer
 * ones committed. A command that cannot
 * be retried any more is {@link CompletionHandler#FAILED} only if no attempt may have been
 * appended (NOT_LEADER, BACKPRESSURE, INVALID_COMMAND on every attempt), else
 * {@link CompletionHandler#UNKNOWN} (the history records it as {@code info}).
 *
 * <p>Every core on this host must keep that promise (a retried sequence is answered, never
 * applied twice), or these retries would duplicate commands.
 *
 * <p>Zero allocation per request. <b>Threading</b>: one sender thread.
 */
abstract class RetryingSession implements ClientSession, ResponseHandler
{
    /**
     * Command copies a session keeps for retries (by sequence, modulo this): larger than the commands
     * sent during a fail-over and its resends (a 600 ms process fail-over at 10k/s is 6,000, and a
     * resend burst the new leader's publication back-pressures takes a few resend periods more), so
     * all can be resent. 8192 (819 ms at 10k/s) lost ~850 copies per leader kill over UDP, which
     * then timed out. Costs {@code 32768 × max command length} bytes per session (about 5 MB).
     */
    static final int RETRY_WINDOW = 32768;
    /**
     * Most retries of one command: with the back-off below they span about 0.9 s, longer than an
     * election of node processes (election timeout up to 600 ms, plus the vote). Eight retries
     * (127 ms) ran out during a 600 ms fail-over over UDP and failed ~1,500 requests that the new
     * leader would have taken.
     */
    static final int MAX_RETRIES = 20;
    /** First retry's delay, nanoseconds; doubled per retry up to {@link #MAX_RETRY_BACKOFF_NS}. */
    static final long RETRY_BACKOFF_NS = 500_000;
    /** Longest delay between two retries of a command, nanoseconds. */
    static final long MAX_RETRY_BACKOFF_NS = 64_000_000;
    /**
     * After a refusal that names no leader (an election is running), the session sends nothing,
     * new or retried, for this long, nanoseconds. Without it every command refused during an
     * election was retried on its own back-off, tens of thousands of offers at 8k/s that
     * back-pressured the nodes and left the sender seconds behind once a leader was elected.
     */
    static final long NO_LEADER_HOLD_NS = 10_000_000;

    private final UnsafeBuffer command = new UnsafeBuffer(new byte[0]);
    private final byte[] result;
    private final UnsafeBuffer retryCopies;
    private final int[] retryLength = new int[RETRY_WINDOW];
    private final long[] retrySequence = new long[RETRY_WINDOW];
    private final byte[] retryCount = new byte[RETRY_WINDOW];
    private final boolean[] mayBeAppended = new boolean[RETRY_WINDOW];
    private final long[] retryDueNs = new long[RETRY_WINDOW];
    private final long[] offeredNs = new long[RETRY_WINDOW];
    private final long resendAfterNs;
    private long nextResendScanNs;
    private long resends;
    private final int stride;
    private final long[] pendingRetries = new long[RETRY_WINDOW];
    private int pendingHead;
    private int pendingTail;
    private long holdUntilNs;
    private CompletionHandler handler;
    /** Clock of the current poll batch, nanoseconds. */
    long nowNs;
    /** Time of the last answer of any kind, nanoseconds; 0 before the first. */
    long lastAnswerNs;
    private boolean closed;

    RetryingSession(final int maxResultLength, final int maxCommandLength)
    {
        this(maxResultLength, maxCommandLength, 0);
    }

    /**
     * @param resendAfterNs resend a command unanswered this long (same sequence; the node may have
     *                      dropped its answer, e.g. a UDP response publication back-pressured), 0
     *                      never: the in-process rings lose nothing.
     */
    RetryingSession(final int maxResultLength, final int maxCommandLength, final long resendAfterNs)
    {
        this.resendAfterNs = resendAfterNs;
        this.result = new byte[maxResultLength];
        this.stride = maxCommandLength;
        this.retryCopies = new UnsafeBuffer(new byte[RETRY_WINDOW * maxCommandLength]);
        Arrays.fill(retrySequence, -1);
    }

    abstract boolean offer(long sequence, DirectBuffer command, int offset, int length);

    abstract int pollClient(int limit);

    abstract void leaderHint(int nodeId);

    /**
     * A node refused a command as not leader and knows no leader (it is cut off or an election
     * runs). Default: nothing (a client that learns the leader elsewhere). A client that follows
     * hints should stop sending to that node, or every retry goes to the same one: a leader cut
     * away by a partition stays reachable to clients and refuses them all.
     */
    void onNoLeaderKnown()
    {
    }

    abstract void closeClient();

    @Override
    public boolean trySend(final long requestId, final byte[] bytes, final int offset, final int length)
    {
        return trySend(requestId, bytes, offset, length, System.nanoTime());
    }

    /** {@inheritDoc} */
    @Override
    public boolean trySend(final long requestId, final byte[] bytes, final int offset, final int length, final long nowNs)
    {
        if (holdUntilNs != 0 && nowNs - holdUntilNs < 0)
        {
            // no leader known: refused here like back-pressure, the sender keeps it and falls behind
            return false;
        }
        if (command.byteArray() != bytes)
        {
            command.wrap(bytes);
        }
        if (!offer(requestId, command, offset, length))
        {
            return false;
        }
        // A command RETRY_WINDOW sequences back that is still unanswered loses its copy here and can
        // no longer be resent: at 10k/s that takes a fail-over longer than 800 ms.
        final int slot = (int)(requestId & (RETRY_WINDOW - 1));
        retryCopies.putBytes(slot * stride, bytes, offset, length);
        retryLength[slot] = length;
        retrySequence[slot] = requestId;
        retryCount[slot] = 0;
        mayBeAppended[slot] = false;
        offeredNs[slot] = nowNs;
        return true;
    }

    @Override
    public int poll(final CompletionHandler handler, final int limit)
    {
        return poll(handler, limit, System.nanoTime());
    }

    /** {@inheritDoc} */
    @Override
    public int poll(final CompletionHandler handler, final int limit, final long nowNs)
    {
        this.handler = handler;
        // the caller's clock read serves retries and resends; answers are stamped as they are taken
        this.nowNs = nowNs;
        if (holdUntilNs != 0 && nowNs - holdUntilNs >= 0)
        {
            holdUntilNs = 0;
        }
        while (0 == holdUntilNs && pendingHead != pendingTail)
        {
            final long sequence = pendingRetries[pendingHead & (RETRY_WINDOW - 1)];
            final int slot = (int)(sequence & (RETRY_WINDOW - 1));
            if (retrySequence[slot] == sequence && (nowNs < retryDueNs[slot] || !offerRetry(sequence)))
            {
                break;
            }
            pendingHead++;
        }
        if (resendAfterNs > 0 && nowNs - nextResendScanNs >= 0)
        {
            nextResendScanNs = nowNs + resendAfterNs / 8;
            resendUnanswered();
        }
        final int polled = pollClient(limit);
        if (polled > 0)
        {
            lastAnswerNs = nowNs;
        }
        return polled;
    }

    private void resendUnanswered()
    {
        for (int slot = 0; slot < RETRY_WINDOW; slot++)
        {
            final long sequence = retrySequence[slot];
            if (sequence >= 0 && retryDueNs[slot] <= offeredNs[slot] && nowNs - offeredNs[slot] > resendAfterNs &&
                retryCount[slot] < MAX_RETRIES && !queueResend(slot, sequence))
            {
                return;
            }
        }
    }

    /**
     * Resend every unanswered command, with its sequence: called when the client learns of a new
     * leader, since commands queued at or in flight to the old one may be gone with it. A command the
     * old leader did append is answered from the session table, not applied twice. The resends go
     * through the retry queue, which {@link #poll} drains in order only as fast as the transport
     * takes them: offering thousands at once over UDP back-pressured the new leader's publication,
     * each refused offer spent a retry, and new requests fell seconds behind their schedule.
     */
    final void resendAllUnanswered()
    {
        for (int slot = 0; slot < RETRY_WINDOW; slot++)
        {
            final long sequence = retrySequence[slot];
            if (sequence >= 0 && retryDueNs[slot] <= offeredNs[slot] && retryCount[slot] < MAX_RETRIES &&
                !queueResend(slot, sequence))
            {
                return;
            }
        }
    }

    /**
     * Put an unanswered command on the retry queue, due now.
     *
     * @return false if the queue is full (the command stays as it is, for a later scan).
     */
    private boolean queueResend(final int slot, final long sequence)
    {
        if (pendingTail - pendingHead >= RETRY_WINDOW)
        {
            return false;
        }
        // the first attempt may have been appended: a final failure is then "unknown"
        mayBeAppended[slot] = true;
        retryCount[slot]++;
        offeredNs[slot] = nowNs;
        // due after its "offered" time marks it as waiting in the queue (the scans skip it)
        retryDueNs[slot] = nowNs + 1;
        pendingRetries[pendingTail++ & (RETRY_WINDOW - 1)] = sequence;
        resends++;
        return true;
    }

    /**
     * @return commands queued for a resend because their answer did not come within the resend
     * time or a new leader was learned.
     */
    long resends()
    {
        return resends;
    }

    private boolean offerRetry(final long sequence)
    {
        final int slot = (int)(sequence & (RETRY_WINDOW - 1));
        if (retrySequence[slot] != sequence)
        {
            return true;
        }
        offeredNs[slot] = nowNs;
        return offer(sequence, retryCopies, slot * stride, retryLength[slot]);
    }

    @Override
    public void onCommitted(
        final long clientId, final long sequence, final long logIndex, final DirectBuffer buffer, final int offset,
        final int length)
    {
        // a leader answers: whatever hold an election put on the session is over
        holdUntilNs = 0;
        final int copied = Math.min(length, result.length);
        buffer.getBytes(offset, result, 0, copied);
        forget(sequence);
        // stamped now, not at the start of the poll: the node (another thread, or a duty cycle this poll
        // ran) may have written this answer after that, and a latency must never end before its answer
        handler.onComplete(sequence, CompletionHandler.OK, System.nanoTime(), result, 0, copied);
    }

    @Override
    public void onRejected(final long clientId, final long sequence, final RejectReason reason, final int leaderHint)
    {
        final int slot = (int)(sequence & (RETRY_WINDOW - 1));
        final boolean known = retrySequence[slot] == sequence;
        final boolean retryable = RejectReason.NOT_LEADER == reason || RejectReason.LEADERSHIP_LOST == reason;
        if (known && RejectReason.LEADERSHIP_LOST == reason)
        {
            // appended by a leader that lost its office: it may still commit
            mayBeAppended[slot] = true;
        }
        if (known && retryable && retryCount[slot] < MAX_RETRIES && pendingTail - pendingHead < RETRY_WINDOW)
        {
            if (NodeConfig.NO_NODE != leaderHint)
            {
                holdUntilNs = 0;
                leaderHint(leaderHint);
            }
            else if (RejectReason.NOT_LEADER == reason)
            {
                holdUntilNs = nowNs + NO_LEADER_HOLD_NS;
                onNoLeaderKnown();
            }
            // backed off: an election takes up to a few hundred ms, and retrying at once would spend
            // every attempt on the same node before it ends
            retryDueNs[slot] = nowNs + Math.min(RETRY_BACKOFF_NS << Math.min(retryCount[slot], 20), MAX_RETRY_BACKOFF_NS);
            retryCount[slot]++;
            pendingRetries[pendingTail++ & (RETRY_WINDOW - 1)] = sequence;
            return;
        }
        final boolean notApplied = RejectReason.LEADERSHIP_LOST != reason && !(known && mayBeAppended[slot]);
        forget(sequence);
        handler.onComplete(sequence, notApplied ? CompletionHandler.FAILED : CompletionHandler.UNKNOWN, System.nanoTime(), result, 0, 0);
    }

    private void forget(final long sequence)
    {
        final int slot = (int)(sequence & (RETRY_WINDOW - 1));
        if (retrySequence[slot] == sequence)
        {
            retrySequence[slot] = -1;
        }
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            closeClient();
        }
    }
}
