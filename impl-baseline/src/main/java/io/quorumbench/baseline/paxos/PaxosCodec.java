package io.quorumbench.baseline.paxos;

import io.quorumbench.baseline.codec.FrameEnvelope;
import io.quorumbench.baseline.codec.FrameHeaderDescriptor;
import io.quorumbench.baseline.codec.FrameVerdict;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Encodes {@link PaxosMessage}s into frames ({@link PaxosFrameDescriptor}) and decodes them back
 * with every check a frame from an unreliable network needs: the shared {@link FrameEnvelope}
 * checks the header and the CRC over the whole frame, this class the body (ranges, lengths, slot
 * values that parse). Not thread-safe: one per node.
 */
public final class PaxosCodec
{
    private final int maxCommandLength;
    private final int maxValueLength;
    private final FrameEnvelope envelope;
    private final ByteArrayOutputStream bodyBytes = new ByteArrayOutputStream(1024);
    private final DataOutputStream body = new DataOutputStream(bodyBytes);
    private FrameVerdict lastVerdict = FrameVerdict.OK;

    /**
     * @param clusterId        stamped on, and required of, every frame.
     * @param nodeId           this node, the sender of encoded frames.
     * @param maxCommandLength largest command a batch may carry.
     * @param maxValueLength   largest slot value.
     */
    public PaxosCodec(final int clusterId, final int nodeId, final int maxCommandLength, final int maxValueLength)
    {
        this.maxCommandLength = maxCommandLength;
        this.maxValueLength = maxValueLength;
        this.envelope = new FrameEnvelope(PaxosFrameDescriptor.MAGIC, PaxosFrameDescriptor.VERSION, clusterId, nodeId);
    }

    /**
     * Encode a message. The returned array is fresh and owned by the caller.
     *
     * @param message the message.
     * @return the frame bytes.
     */
    public byte[] encode(final PaxosMessage message)
    {
        try
        {
            bodyBytes.reset();
            body.writeLong(message.ballot());
            writeBody(message);
            return envelope.wrap(message.type(), bodyBytes.toByteArray());
        }
        catch (final IOException ex)
        {
            // ByteArrayOutputStream never throws; keep the compiler honest.
            throw new UncheckedIOException(ex);
        }
    }

    private void writeBody(final PaxosMessage message) throws IOException
    {
        if (message instanceof PaxosMessage.Prepare m)
        {
            body.writeLong(m.fromSlot());
        }
        else if (message instanceof PaxosMessage.Promise m)
        {
            body.writeBoolean(m.ok());
            body.writeLong(m.promised());
            body.writeLong(m.chosenPrefix());
            body.writeInt(m.accepted().size());
            for (final PaxosMessage.AcceptedSlot a : m.accepted())
            {
                body.writeLong(a.slot());
                body.writeLong(a.ballot());
                writeValue(a.value());
            }
        }
        else if (message instanceof PaxosMessage.Accept m)
        {
            body.writeLong(m.slot());
            body.writeLong(m.commitPoint());
            writeValue(m.value());
        }
        else if (message instanceof PaxosMessage.Accepted m)
        {
            body.writeLong(m.slot());
            body.writeBoolean(m.ok());
            body.writeLong(m.promised());
            body.writeLong(m.chosenPrefix());
        }
        else if (message instanceof PaxosMessage.Commit m)
        {
            body.writeLong(m.commitPoint());
            body.writeInt(m.chosen().size());
            for (final PaxosMessage.ChosenSlot c : m.chosen())
            {
                body.writeLong(c.slot());
                writeValue(c.value());
            }
        }
        else if (message instanceof PaxosMessage.CommitAck m)
        {
            body.writeBoolean(m.ok());
            body.writeLong(m.promised());
            body.writeLong(m.chosenPrefix());
        }
    }

    private void writeValue(final byte[] value) throws IOException
    {
        body.writeInt(value.length);
        body.write(value);
    }

    /**
     * Decode a frame. On failure returns null; {@link #lastVerdict()} says why.
     *
     * @param transportFrom the sender as the transport knows it.
     * @param buffer        bytes.
     * @param offset        first byte.
     * @param length        frame length.
     * @param isPeer        whether a node id is one of our peers (not us).
     * @return the message, or null if the frame is rejected.
     */
    public PaxosMessage decode(
        final int transportFrom, final byte[] buffer, final int offset, final int length, final IntPredicate isPeer)
    {
        lastVerdict = envelope.open(transportFrom, buffer, offset, length, isPeer);
        if (lastVerdict != FrameVerdict.OK)
        {
            return null;
        }
        final DataInputStream in = new DataInputStream(new ByteArrayInputStream(
            buffer, offset + FrameHeaderDescriptor.HEADER_LENGTH, length - FrameHeaderDescriptor.HEADER_LENGTH));
        try
        {
            final PaxosMessage message = readBody(envelope.type(), in);
            if (message == null || in.available() != 0)
            {
                lastVerdict = FrameVerdict.MALFORMED;
                return null;
            }
            return message;
        }
        catch (final IOException ex)
        {
            lastVerdict = FrameVerdict.TRUNCATED;
            return null;
        }
    }

    private PaxosMessage readBody(final byte type, final DataInputStream in) throws IOException
    {
        final long ballot = in.readLong();
        if (ballot < 0)
        {
            return null;
        }
        switch (type)
        {
            case PaxosFrameDescriptor.PREPARE:
            {
                final long fromSlot = in.readLong();
                return ballot == 0 || !isSlot(fromSlot) ? null : new PaxosMessage.Prepare(ballot, fromSlot);
            }
            case PaxosFrameDescriptor.PROMISE:
            {
                final int ok = in.readUnsignedByte();
                final long promised = in.readLong();
                final long chosenPrefix = in.readLong();
                final int count = in.readInt();
                if (ok > 1 || promised < 0 || !isPrefix(chosenPrefix) || count < 0 || count > in.available() / 20)
                {
                    return null;
                }
                final List<PaxosMessage.AcceptedSlot> accepted = new ArrayList<>(count);
                for (int i = 0; i < count; i++)
                {
                    final long slot = in.readLong();
                    final long acceptedBallot = in.readLong();
                    final byte[] value = readValue(in);
                    if (!isSlot(slot) || acceptedBallot <= 0 || value == null)
                    {
                        return null;
                    }
                    accepted.add(new PaxosMessage.AcceptedSlot(slot, acceptedBallot, value));
                }
                return new PaxosMessage.Promise(ballot, ok == 1, promised, chosenPrefix, accepted);
            }
            case PaxosFrameDescriptor.ACCEPT:
            {
                final long slot = in.readLong();
                final long commitPoint = in.readLong();
                final byte[] value = readValue(in);
                return ballot == 0 || !isSlot(slot) || !isPrefix(commitPoint) || value == null ? null :
                    new PaxosMessage.Accept(ballot, slot, commitPoint, value);
            }
            case PaxosFrameDescriptor.ACCEPTED:
            {
                final long slot = in.readLong();
                final int ok = in.readUnsignedByte();
                final long promised = in.readLong();
                final long chosenPrefix = in.readLong();
                return !isSlot(slot) || ok > 1 || promised < 0 || !isPrefix(chosenPrefix) ? null :
                    new PaxosMessage.Accepted(ballot, slot, ok == 1, promised, chosenPrefix);
            }
            case PaxosFrameDescriptor.COMMIT:
            {
                final long commitPoint = in.readLong();
                final int count = in.readInt();
                if (ballot == 0 || !isPrefix(commitPoint) || count < 0 || count > in.available() / 12)
                {
                    return null;
                }
                final List<PaxosMessage.ChosenSlot> chosen = new ArrayList<>(count);
                for (int i = 0; i < count; i++)
                {
                    final long slot = in.readLong();
                    final byte[] value = readValue(in);
                    if (!isSlot(slot) || value == null)
                    {
                        return null;
                    }
                    chosen.add(new PaxosMessage.ChosenSlot(slot, value));
                }
                return new PaxosMessage.Commit(ballot, commitPoint, chosen);
            }
            case PaxosFrameDescriptor.COMMIT_ACK:
            {
                final int ok = in.readUnsignedByte();
                final long promised = in.readLong();
                final long chosenPrefix = in.readLong();
                return ok > 1 || promised < 0 || !isPrefix(chosenPrefix) ? null :
                    new PaxosMessage.CommitAck(ballot, ok == 1, promised, chosenPrefix);
            }
            default:
                return null;
        }
    }

    private byte[] readValue(final DataInputStream in) throws IOException
    {
        final int length = in.readInt();
        if (length < 1 || length > maxValueLength || length > in.available())
        {
            return null;
        }
        final byte[] value = new byte[length];
        in.readFully(value);
        // A value that does not parse would stop every replica at apply time: refuse it at the door.
        return SlotValue.decode(value, maxCommandLength) == null ? null : value;
    }

    private static boolean isSlot(final long slot)
    {
        return slot >= 1 && slot <= PaxosFrameDescriptor.MAX_SLOT;
    }

    private static boolean isPrefix(final long slot)
    {
        return slot >= 0 && slot <= PaxosFrameDescriptor.MAX_SLOT;
    }

    /**
     * Why the last {@link #decode} returned null.
     *
     * @return the verdict of the last decode.
     */
    public FrameVerdict lastVerdict()
    {
        return lastVerdict;
    }

    /**
     * Sender id claimed by the last decoded header (for log messages).
     *
     * @return the claimed sender.
     */
    int lastClaimedFrom()
    {
        return envelope.claimedFrom();
    }
}
