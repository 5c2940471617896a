package io.quorumbench.lockfree.raft;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * Client sessions as replicated state (thesis section 6.3): per client id the highest applied
 * sequence and its result, so a retried command is answered, not applied twice. Every replica
 * builds the same table by applying the same log. Allocates only when a new client appears.
 *
 * <p>Not thread-safe: owned by one node thread.
 */
final class ClientSessions
{
    /** One client's session. */
    static final class Session
    {
        long lastSequence;
        long lastIndex;
        int resultLength;
        final byte[] result;

        Session(final int maxResultLength)
        {
            result = new byte[maxResultLength];
        }
    }

    private final Long2ObjectHashMap<Session> sessions = new Long2ObjectHashMap<>();
    private final int maxResultLength;

    ClientSessions(final int maxResultLength)
    {
        this.maxResultLength = maxResultLength;
    }

    Session get(final long clientId)
    {
        return sessions.get(clientId);
    }

    Session record(final long clientId, final long sequence, final long index, final byte[] result, final int length)
    {
        Session session = sessions.get(clientId);
        if (null == session)
        {
            session = new Session(maxResultLength);
            sessions.put(clientId, session);
        }
        session.lastSequence = sequence;
        session.lastIndex = index;
        session.resultLength = length;
        System.arraycopy(result, 0, session.result, 0, length);
        return session;
    }
}
