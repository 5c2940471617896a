package io.quorumbench.baseline.raft;

import io.quorumbench.api.consensus.StateMachine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Client sessions (Raft thesis section 6.3): the replicated table that makes a retried command
 * take effect once. Every replica applies the same entries in the same order and so builds the
 * same table; it is part of the replicated state, not of the leader's memory.
 *
 * <p>Per client it keeps the results of the last {@link #WINDOW} applied sequence numbers, so a
 * client may have up to that many commands in flight and retry any of them. A sequence number
 * below the window that is not in it is "too old": it is not applied, and its caller learns that
 * its outcome can no longer be told (the client has long moved on if it follows the protocol).
 *
 * <p><b>Threading</b>: not thread-safe; owned by its node.
 */
public final class ClientSessions
{
    /** Results remembered per client. */
    public static final int WINDOW = 1024;

    /**
     * The outcome of applying (or deduplicating) one command.
     *
     * @param logIndex index at which the command took effect.
     * @param result   the state machine's result.
     */
    public record Result(long logIndex, byte[] result)
    {
    }

    /** Marker result for a sequence number that fell out of the window unseen. */
    public static final Result TOO_OLD = new Result(0, new byte[0]);

    private static final class Session
    {
        final TreeMap<Long, Result> results = new TreeMap<>();
        long evictedUpTo = Long.MIN_VALUE;
    }

    private final Map<Long, Session> sessions = new HashMap<>();

    /**
     * The remembered result of a command, if it was already applied.
     *
     * @param clientId client id.
     * @param sequence sequence number.
     * @return the result, {@link #TOO_OLD}, or null if the command has not been applied.
     */
    public Result lookup(final long clientId, final long sequence)
    {
        final Session session = sessions.get(clientId);
        if (session == null)
        {
            return null;
        }
        final Result result = session.results.get(sequence);
        if (result != null)
        {
            return result;
        }
        return sequence <= session.evictedUpTo ? TOO_OLD : null;
    }

    /**
     * Apply a committed client command unless it was applied before.
     *
     * @param logIndex     index of the entry.
     * @param entry        the entry.
     * @param stateMachine the application.
     * @param resultBuffer scratch of at least {@link StateMachine#maxResultLength()} bytes.
     * @return the result of the first application, or {@link #TOO_OLD}.
     */
    public Result apply(final long logIndex, final Entry entry, final StateMachine stateMachine, final byte[] resultBuffer)
    {
        final Result known = lookup(entry.clientId(), entry.sequence());
        if (known != null)
        {
            return known;
        }
        final byte[] command = entry.command();
        final int length = stateMachine.apply(logIndex, command, 0, command.length, resultBuffer);
        final Result result = new Result(logIndex, Arrays.copyOf(resultBuffer, length));
        final Session session = sessions.computeIfAbsent(entry.clientId(), id -> new Session());
        session.results.put(entry.sequence(), result);
        if (session.results.size() > WINDOW)
        {
            final long evicted = session.results.pollFirstEntry().getKey();
            session.evictedUpTo = Math.max(session.evictedUpTo, evicted);
        }
        return result;
    }

    /**
     * Write the whole table, for a snapshot: it is replicated state, so a node restored from a
     * snapshot must still recognise the retries of commands the snapshot covers.
     *
     * @param out where to write.
     * @throws IOException if {@code out} does.
     */
    public void writeTo(final DataOutputStream out) throws IOException
    {
        out.writeInt(sessions.size());
        for (final Map.Entry<Long, Session> e : sessions.entrySet())
        {
            final Session session = e.getValue();
            out.writeLong(e.getKey());
            out.writeLong(session.evictedUpTo);
            out.writeInt(session.results.size());
            for (final Map.Entry<Long, Result> r : session.results.entrySet())
            {
                out.writeLong(r.getKey());
                out.writeLong(r.getValue().logIndex());
                out.writeInt(r.getValue().result().length);
                out.write(r.getValue().result());
            }
        }
    }

    /**
     * Replace the table by one {@link #writeTo} wrote.
     *
     * @param in where to read.
     * @throws IOException if {@code in} does, or the bytes are not such a table (the table is then unchanged).
     */
    public void readFrom(final DataInputStream in) throws IOException
    {
        final int count = in.readInt();
        if (count < 0)
        {
            throw new IOException("negative session count " + count);
        }
        final Map<Long, Session> restored = new HashMap<>();
        for (int i = 0; i < count; i++)
        {
            final long clientId = in.readLong();
            final Session session = new Session();
            session.evictedUpTo = in.readLong();
            final int results = in.readInt();
            if (results < 0 || results > WINDOW)
            {
                throw new IOException("bad result count " + results);
            }
            for (int j = 0; j < results; j++)
            {
                final long sequence = in.readLong();
                final long logIndex = in.readLong();
                final int length = in.readInt();
                if (length < 0 || length > in.available())
                {
                    throw new IOException("bad result length " + length);
                }
                final byte[] result = new byte[length];
                in.readFully(result);
                session.results.put(sequence, new Result(logIndex, result));
            }
            restored.put(clientId, session);
        }
        sessions.clear();
        sessions.putAll(restored);
    }
}
