package io.quorumbench.jmh.consensus;

import io.quorumbench.api.kv.CountingStateMachine;
import io.quorumbench.baseline.codec.ClientMessageDescriptor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A pipelining client of the baseline host, written as ordinary Java would: one TCP connection to
 * the leader, {@code DataOutputStream} requests written back to back, {@code DataInputStream}
 * blocking reads of the answers, per {@link ClientMessageDescriptor}. The baseline's own
 * {@code NodeClient} holds one command at a time, so the throughput benchmark needs this to keep a
 * window of commands in flight; it talks the same documented protocol.
 *
 * <p>Requests are flushed only when the client is about to wait for an answer and none is already
 * buffered, so a full window goes out in a few writes, as a buffered stream would send it.
 *
 * <p><b>Threading</b>: not thread-safe; one thread.
 */
final class BaselinePipelinedClient implements AutoCloseable
{
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final long clientId;
    private final byte[] command;
    private long nextSequence = 1;
    private long oldestSequence = 1;
    private boolean unflushed;

    BaselinePipelinedClient(final InetSocketAddress leader, final long clientId, final byte[] command)
    {
        this.clientId = clientId;
        this.command = command.clone();
        try
        {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(leader, (int)ConsensusBenchSettings.COMMIT_TIMEOUT_MS);
            socket.setSoTimeout((int)ConsensusBenchSettings.COMMIT_TIMEOUT_MS);
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot connect to the leader at " + leader, ex);
        }
    }

    /** Write one more request; it goes out with the next flush. */
    void submit()
    {
        try
        {
            out.writeInt(ClientMessageDescriptor.REQUEST_HEADER_LENGTH + command.length);
            out.writeLong(clientId);
            out.writeLong(nextSequence++);
            out.write(command);
            unflushed = true;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot send to the leader", ex);
        }
    }

    int inFlight()
    {
        return (int)(nextSequence - oldestSequence);
    }

    /**
     * Wait for the answer to the oldest request in flight and check it.
     *
     * @return the count the state machine answered.
     */
    long awaitOldest()
    {
        if (inFlight() == 0)
        {
            throw new IllegalStateException("nothing in flight");
        }
        try
        {
            if (unflushed && in.available() < 4 + ClientMessageDescriptor.RESPONSE_HEADER_LENGTH)
            {
                out.flush();
                unflushed = false;
            }
            final int length = in.readInt();
            final long respClient = in.readLong();
            final long respSequence = in.readLong();
            final byte status = in.readByte();
            final int leaderHint = in.readInt();
            in.readLong();
            final int resultLength = length - ClientMessageDescriptor.RESPONSE_HEADER_LENGTH;
            if (resultLength < 0 || resultLength > 64)
            {
                throw new IllegalStateException("response of length " + length + " from the leader");
            }
            final byte[] result = new byte[resultLength];
            in.readFully(result);
            final long expected = oldestSequence++;
            if (status != ClientMessageDescriptor.STATUS_OK)
            {
                throw new IllegalStateException("command " + respSequence + " answered status " + status +
                    " (leader hint " + leaderHint + "): the leader changed or pushed back during the benchmark");
            }
            if (respClient != clientId || respSequence != expected || resultLength != CountingStateMachine.RESULT_LENGTH)
            {
                throw new IllegalStateException("expected the answer to client " + clientId + " sequence " + expected +
                    ", got client " + respClient + " sequence " + respSequence + " with " + resultLength + " result bytes");
            }
            return CountingStateMachine.decode(result, 0);
        }
        catch (final SocketTimeoutException ex)
        {
            throw new IllegalStateException("no answer from the leader within " + ConsensusBenchSettings.COMMIT_TIMEOUT_MS + " ms", ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("lost the connection to the leader", ex);
        }
    }

    @Override
    public void close()
    {
        try
        {
            socket.close();
        }
        catch (final IOException ex)
        {
            // Closing at tear-down: the servers close their end anyway.
        }
    }
}
