package io.quorumbench.lockfree.raft;

import io.quorumbench.api.consensus.ClientResponder;
import io.quorumbench.api.consensus.RejectReason;

/**
 * The checks a tuned core makes on a client command before it takes it (the baseline's
 * {@code PendingCommands.admit} is the twin): a sound slice of a legal length, this node the leader, not
 * already applied for its session (a retry is answered from the session's remembered result). Each
 * refusal is answered through the responder here, so a core only appends what {@link #admit} lets in and
 * keeps its own backpressure check (what its log or batch ring holds).
 *
 * <p>Shared by {@link RaftCore} and the tuned Multi-Paxos core. Single-threaded (the core's thread);
 * no allocation.
 */
public final class CommandAdmission
{
    private final ClientResponder responder;
    private final ClientSessions sessions;
    private final int maxCommandLength;

    /**
     * @param responder        where refusals and remembered answers go.
     * @param sessions         the core's client sessions.
     * @param maxCommandLength largest command, bytes.
     */
    public CommandAdmission(final ClientResponder responder, final ClientSessions sessions, final int maxCommandLength)
    {
        this.responder = responder;
        this.sessions = sessions;
        this.maxCommandLength = maxCommandLength;
    }

    /**
     * Whether a command given as an array slice lies within its array; if not, it is refused as invalid.
     *
     * @param clientId client session id.
     * @param sequence client sequence number.
     * @param command  the array, may be null.
     * @param offset   first byte.
     * @param length   bytes.
     * @param leaderId the leader this node believes in, for the hint.
     * @return true if the slice is sound.
     */
    public boolean isSlice(
        final long clientId, final long sequence, final byte[] command, final int offset, final int length, final int leaderId)
    {
        if (null == command || offset < 0 || length < 0 || offset > command.length - length)
        {
            responder.onRejected(clientId, sequence, RejectReason.INVALID_COMMAND, leaderId);
            return false;
        }
        return true;
    }

    /**
     * Whether to take a command: of a legal length, this node leading, not applied before. Otherwise it
     * is answered: INVALID_COMMAND, NOT_LEADER, or its session's remembered outcome.
     *
     * @param clientId client session id.
     * @param sequence client sequence number.
     * @param length   command bytes.
     * @param leader   whether this node leads.
     * @param leaderId the leader this node believes in, for hints.
     * @return true if the core may take it (subject to its own backpressure).
     */
    public boolean admit(final long clientId, final long sequence, final int length, final boolean leader, final int leaderId)
    {
        if (length > maxCommandLength || length < 0)
        {
            responder.onRejected(clientId, sequence, RejectReason.INVALID_COMMAND, leaderId);
            return false;
        }
        if (!leader)
        {
            responder.onRejected(clientId, sequence, RejectReason.NOT_LEADER, leaderId);
            return false;
        }
        final ClientSessions.Session session = sessions.get(clientId);
        if (null != session && session.isApplied(sequence))
        {
            answerDuplicate(clientId, sequence, session, leaderId);
            return false;
        }
        return true;
    }

    /**
     * Answer a command its session already applied: its remembered result, or LEADERSHIP_LOST when the
     * result is no longer remembered (the client cannot tell it from a lost answer, and retrying is safe).
     *
     * @param clientId client session id.
     * @param sequence client sequence number.
     * @param session  the session that applied it.
     * @param leaderId the leader this node believes in, for the hint.
     */
    public void answerDuplicate(final long clientId, final long sequence, final ClientSessions.Session session, final int leaderId)
    {
        final int slot = session.resultSlot(sequence);
        if (slot >= 0)
        {
            responder.onCommitted(
                clientId, sequence, session.resultIndex(slot), session.result(slot), session.resultOffset(slot),
                session.resultLength(slot));
        }
        else
        {
            responder.onRejected(clientId, sequence, RejectReason.LEADERSHIP_LOST, leaderId);
        }
    }
}
