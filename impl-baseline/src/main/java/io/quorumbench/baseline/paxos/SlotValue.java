package io.quorumbench.baseline.paxos;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one Paxos slot decides: a batch of client commands, or a no-op that fills a hole. The bytes
 * ({@link PaxosFrameDescriptor}, "slot value") are what acceptors accept and what the kit's
 * agreement oracle compares; this class encodes and decodes them.
 */
public final class SlotValue
{
    /** Kind byte of a no-op. */
    static final byte NOOP_KIND = 0;
    /** Kind byte of a batch. */
    static final byte BATCH_KIND = 1;
    /** The encoded no-op. */
    private static final byte[] NOOP = {NOOP_KIND};

    /**
     * One client command of a batch.
     *
     * @param clientId client session id.
     * @param sequence client sequence number.
     * @param command  the command bytes, never modified.
     */
    public record Command(long clientId, long sequence, byte[] command)
    {
        int encodedLength()
        {
            return PaxosFrameDescriptor.COMMAND_HEADER_LENGTH + command.length;
        }
    }

    private SlotValue()
    {
    }

    /**
     * The no-op value (a fresh copy).
     *
     * @return its bytes.
     */
    static byte[] noop()
    {
        return NOOP.clone();
    }

    /**
     * Encode a batch.
     *
     * @param commands at least one command.
     * @return the value bytes.
     */
    public static byte[] batch(final List<Command> commands)
    {
        try
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            final DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(BATCH_KIND);
            out.writeInt(commands.size());
            for (final Command c : commands)
            {
                out.writeLong(c.clientId());
                out.writeLong(c.sequence());
                out.writeInt(c.command().length);
                out.write(c.command());
            }
            return bytes.toByteArray();
        }
        catch (final IOException ex)
        {
            // ByteArrayOutputStream never throws; keep the compiler honest.
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Decode a value.
     *
     * @param value            the bytes.
     * @param maxCommandLength largest legal command.
     * @return the commands (empty for a no-op), or null if the bytes are not a valid value.
     */
    static List<Command> decode(final byte[] value, final int maxCommandLength)
    {
        if (value.length == 0)
        {
            return null;
        }
        if (value[0] == NOOP_KIND)
        {
            return value.length == 1 ? Collections.emptyList() : null;
        }
        if (value[0] != BATCH_KIND)
        {
            return null;
        }
        try
        {
            final DataInputStream in = new DataInputStream(new ByteArrayInputStream(value, 1, value.length - 1));
            final int count = in.readInt();
            if (count < 1 || count > in.available() / PaxosFrameDescriptor.COMMAND_HEADER_LENGTH)
            {
                return null;
            }
            final List<Command> commands = new ArrayList<>(count);
            for (int i = 0; i < count; i++)
            {
                final long clientId = in.readLong();
                final long sequence = in.readLong();
                final int length = in.readInt();
                if (length < 0 || length > maxCommandLength || length > in.available())
                {
                    return null;
                }
                final byte[] command = new byte[length];
                in.readFully(command);
                commands.add(new Command(clientId, sequence, command));
            }
            return in.available() == 0 ? commands : null;
        }
        catch (final IOException ex)
        {
            return null;
        }
    }
}
