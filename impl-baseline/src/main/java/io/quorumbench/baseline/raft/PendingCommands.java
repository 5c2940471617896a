package io.quorumbench.baseline.raft;

import io.quorumbench.api.consensus.ClientResponder;
import io.quorumbench.api.consensus.RejectReason;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A leader's client commands between submission and application, and the admission rules every
 * baseline core applies to a new one (used by the baseline Raft and Multi-Paxos): a malformed or
 * oversize command is rejected, a non-leader points at the leader, a command the replicated
 * {@link ClientSessions} already applied is answered at once, a retry of one still in flight is
 * counted and answered with it, and past {@link #MAX_PENDING_COMMANDS} the leader pushes back.
 *
 * <p><b>Threading</b>: not thread-safe; owned by its node.
 */
public final class PendingCommands
{
    /** Client commands a leader holds unanswered before it answers {@link RejectReason#BACKPRESSURE}. */
    public static final int MAX_PENDING_COMMANDS = 100_000;

    private record ClientKey(long clientId, long sequence)
    {
    }

    private final Map<ClientKey, Integer> waiting = new HashMap<>();
    private final ClientSessions sessions;
    private final ClientResponder responder;
    private final int maxCommandLength;

    /**
     * @param sessions         the node's replicated session table.
     * @param responder        where outcomes go.
     * @param maxCommandLength largest command accepted.
     */
    public PendingCommands(final ClientSessions sessions, final ClientResponder responder, final int maxCommandLength)
    {
        this.sessions = sessions;
        this.responder = responder;
        this.maxCommandLength = maxCommandLength;
    }

    /**
     * Admit a client command, or answer it.
     *
     * @param clientId client session id.
     * @param sequence client sequence number.
     * @param command  buffer holding the command.
     * @param offset   first byte.
     * @param length   length.
     * @param leader   whether this node is the leader.
     * @param leaderId the leader this node believes in, for hints.
     * @param nodeId   this node, the hint of a backpressure answer.
     * @return true if the command is new and now pending: the caller appends or queues it.
     */
    public boolean admit(
        final long clientId, final long sequence, final byte[] command, final int offset, final int length,
        final boolean leader, final int leaderId, final int nodeId)
    {
        if (command == null || length < 0 || length > maxCommandLength || offset < 0 || offset > command.length - length)
        {
            responder.onRejected(clientId, sequence, RejectReason.INVALID_COMMAND, leaderId);
            return false;
        }
        if (!leader)
        {
            responder.onRejected(clientId, sequence, RejectReason.NOT_LEADER, leaderId);
            return false;
        }
        final ClientSessions.Result known = sessions.lookup(clientId, sequence);
        if (known != null)
        {
            answer(clientId, sequence, known, leaderId);
            return false;
        }
        final ClientKey key = new ClientKey(clientId, sequence);
        final Integer count = waiting.get(key);
        if (count != null)
        {
            // Already in this leader's log: answer both submissions when it applies.
            waiting.put(key, count + 1);
            return false;
        }
        if (waiting.size() >= MAX_PENDING_COMMANDS)
        {
            responder.onRejected(clientId, sequence, RejectReason.BACKPRESSURE, nodeId);
            return false;
        }
        waiting.put(key, 1);
        return true;
    }

    /**
     * A command was applied (or found already applied): answer every submission waiting for it.
     *
     * @param clientId client session id.
     * @param sequence client sequence number.
     * @param result   the outcome of its first application.
     * @param leaderId the leader hint of a {@link ClientSessions#TOO_OLD} answer.
     */
    public void onApplied(final long clientId, final long sequence, final ClientSessions.Result result, final int leaderId)
    {
        final Integer count = waiting.remove(new ClientKey(clientId, sequence));
        if (count != null)
        {
            for (int i = 0; i < count; i++)
            {
                answer(clientId, sequence, result, leaderId);
            }
        }
    }

    /**
     * Leadership was lost: every waiting command may still be chosen under the next leader, so its
     * outcome is unknown ({@link RejectReason#LEADERSHIP_LOST}); answered in (client, sequence) order.
     *
     * @param leaderHint the leader now believed in.
     */
    public void failAll(final int leaderHint)
    {
        final List<ClientKey> keys = new ArrayList<>(waiting.keySet());
        keys.sort((a, b) -> a.clientId() != b.clientId() ?
            Long.compare(a.clientId(), b.clientId()) : Long.compare(a.sequence(), b.sequence()));
        for (final ClientKey key : keys)
        {
            final int count = waiting.remove(key);
            for (int i = 0; i < count; i++)
            {
                responder.onRejected(key.clientId(), key.sequence(), RejectReason.LEADERSHIP_LOST, leaderHint);
            }
        }
    }

    private void answer(final long clientId, final long sequence, final ClientSessions.Result result, final int leaderId)
    {
        if (result == ClientSessions.TOO_OLD)
        {
            responder.onRejected(clientId, sequence, RejectReason.INVALID_COMMAND, leaderId);
        }
        else
        {
            responder.onCommitted(clientId, sequence, result.logIndex(), result.result(), 0, result.result().length);
        }
    }
}
