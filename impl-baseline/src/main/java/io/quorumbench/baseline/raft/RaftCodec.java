package io.quorumbench.baseline.raft;

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
 * Encodes {@link RaftMessage}s into frames ({@link FrameDescriptor}) and decodes them back with
 * every check a frame from an unreliable network needs: the shared {@link FrameEnvelope} checks
 * the header and CRC, this class the Raft body. Not thread-safe: one per node.
 */
public final class RaftCodec
{
    private final int maxCommandLength;
    private final FrameEnvelope envelope;
    private final ByteArrayOutputStream bodyBytes = new ByteArrayOutputStream(1024);
    private final DataOutputStream body = new DataOutputStream(bodyBytes);
    private FrameVerdict lastVerdict = FrameVerdict.OK;

    /**
     * @param clusterId        stamped on, and required of, every frame.
     * @param nodeId           this node, the sender of encoded frames.
     * @param maxCommandLength largest command an entry may carry.
     */
    public RaftCodec(final int clusterId, final int nodeId, final int maxCommandLength)
    {
        this.maxCommandLength = maxCommandLength;
        this.envelope = new FrameEnvelope(FrameDescriptor.MAGIC, FrameDescriptor.VERSION, clusterId, nodeId);
    }

    /**
     * Encode a message. The returned array is fresh and owned by the caller.
     *
     * @param message the message.
     * @return the frame bytes.
     */
    public byte[] encode(final RaftMessage message)
    {
        try
        {
            bodyBytes.reset();
            writeBody(message);
            return envelope.wrap(message.type(), bodyBytes.toByteArray());
        }
        catch (final IOException ex)
        {
            // ByteArrayOutputStream never throws; keep the compiler honest.
            throw new UncheckedIOException(ex);
        }
    }

    private void writeBody(final RaftMessage message) throws IOException
    {
        if (message instanceof RaftMessage.PreVote m)
        {
            body.writeLong(m.term());
            body.writeLong(m.lastLogIndex());
            body.writeLong(m.lastLogTerm());
        }
        else if (message instanceof RaftMessage.RequestVote m)
        {
            body.writeLong(m.term());
            body.writeLong(m.lastLogIndex());
            body.writeLong(m.lastLogTerm());
        }
        else if (message instanceof RaftMessage.PreVoteResponse m)
        {
            body.writeLong(m.term());
            body.writeBoolean(m.granted());
        }
        else if (message instanceof RaftMessage.RequestVoteResponse m)
        {
            body.writeLong(m.term());
            body.writeBoolean(m.granted());
        }
        else if (message instanceof RaftMessage.AppendEntries m)
        {
            body.writeLong(m.term());
            body.writeLong(m.prevLogIndex());
            body.writeLong(m.prevLogTerm());
            body.writeLong(m.leaderCommit());
            body.writeInt(m.entries().size());
            for (final Entry e : m.entries())
            {
                writeEntry(body, e);
            }
        }
        else if (message instanceof RaftMessage.AppendEntriesResponse m)
        {
            body.writeLong(m.term());
            body.writeBoolean(m.success());
            body.writeLong(m.rejectedIndex());
            body.writeLong(m.matchIndex());
            body.writeLong(m.conflictTerm());
            body.writeLong(m.conflictIndex());
        }
        else if (message instanceof RaftMessage.InstallSnapshot m)
        {
            body.writeLong(m.term());
            body.writeLong(m.lastIncludedIndex());
            body.writeLong(m.lastIncludedTerm());
            body.writeInt(m.offset());
            body.writeInt(m.totalLength());
            body.writeInt(m.chunkCrc());
            body.writeInt(m.data().length);
            body.write(m.data());
        }
        else if (message instanceof RaftMessage.InstallSnapshotResponse m)
        {
            body.writeLong(m.term());
            body.writeLong(m.lastIncludedIndex());
            body.writeInt(m.nextOffset());
            body.writeBoolean(m.done());
        }
        else
        {
            throw new IllegalArgumentException("unknown message " + message);
        }
    }

    /**
     * Write one entry in the {@link FrameDescriptor} entry layout (also used by {@link FileLog}).
     *
     * @param out   destination.
     * @param entry the entry.
     * @throws IOException if the stream fails.
     */
    static void writeEntry(final DataOutputStream out, final Entry entry) throws IOException
    {
        out.writeLong(entry.term());
        out.writeByte(entry.type());
        out.writeLong(entry.clientId());
        out.writeLong(entry.sequence());
        out.writeInt(entry.command().length);
        out.write(entry.command());
    }

    /**
     * Read one entry, validating every field.
     *
     * @param in               source.
     * @param maxCommandLength largest legal command.
     * @return the entry, or null if a field is out of range.
     * @throws IOException if the stream ends early.
     */
    static Entry readEntry(final DataInputStream in, final int maxCommandLength) throws IOException
    {
        final long term = in.readLong();
        final byte type = in.readByte();
        final long clientId = in.readLong();
        final long sequence = in.readLong();
        final int length = in.readInt();
        if (term < 1 || (type != Entry.TYPE_NOOP && type != Entry.TYPE_COMMAND) || length < 0 ||
            length > maxCommandLength || length > in.available())
        {
            return null;
        }
        final byte[] command = new byte[length];
        in.readFully(command);
        return new Entry(term, type, clientId, sequence, command);
    }

    /**
     * Decode a frame. On failure returns null; {@link #lastVerdict()} says why.
     *
     * @param transportFrom  the sender as the transport knows it.
     * @param buffer         bytes.
     * @param offset         first byte.
     * @param length         frame length.
     * @param isMember       whether a node id is one of our peers (not us).
     * @return the message, or null if the frame is rejected.
     */
    public RaftMessage decode(
        final int transportFrom, final byte[] buffer, final int offset, final int length,
        final IntPredicate isMember)
    {
        lastVerdict = envelope.open(transportFrom, buffer, offset, length, isMember);
        if (lastVerdict != FrameVerdict.OK)
        {
            return null;
        }
        final DataInputStream in = new DataInputStream(new ByteArrayInputStream(
            buffer, offset + FrameHeaderDescriptor.HEADER_LENGTH, length - FrameHeaderDescriptor.HEADER_LENGTH));
        try
        {
            final RaftMessage message = readBody(envelope.type(), in);
            if (message == null || in.available() != 0)
            {
                return reject(FrameVerdict.MALFORMED);
            }
            return message;
        }
        catch (final IOException ex)
        {
            return reject(FrameVerdict.TRUNCATED);
        }
    }

    private RaftMessage readBody(final byte type, final DataInputStream in) throws IOException
    {
        final long term = in.readLong();
        if (term < 0)
        {
            return null;
        }
        switch (type)
        {
            case RaftMessage.PRE_VOTE:
            case RaftMessage.REQUEST_VOTE:
            {
                final long lastLogIndex = in.readLong();
                final long lastLogTerm = in.readLong();
                if (lastLogIndex < 0 || lastLogTerm < 0 || lastLogTerm > term)
                {
                    return null;
                }
                return type == RaftMessage.PRE_VOTE ?
                    new RaftMessage.PreVote(term, lastLogIndex, lastLogTerm) :
                    new RaftMessage.RequestVote(term, lastLogIndex, lastLogTerm);
            }
            case RaftMessage.PRE_VOTE_RESPONSE:
            case RaftMessage.REQUEST_VOTE_RESPONSE:
            {
                final int granted = in.readUnsignedByte();
                if (granted > 1)
                {
                    return null;
                }
                return type == RaftMessage.PRE_VOTE_RESPONSE ?
                    new RaftMessage.PreVoteResponse(term, granted == 1) :
                    new RaftMessage.RequestVoteResponse(term, granted == 1);
            }
            case RaftMessage.APPEND_ENTRIES:
            {
                final long prevLogIndex = in.readLong();
                final long prevLogTerm = in.readLong();
                final long leaderCommit = in.readLong();
                final int count = in.readInt();
                if (prevLogIndex < 0 || prevLogTerm < 0 || prevLogTerm > term || leaderCommit < 0 || count < 0 ||
                    count > in.available() / FrameDescriptor.ENTRY_HEADER_LENGTH)
                {
                    return null;
                }
                final List<Entry> entries = new ArrayList<>(count);
                long previousTerm = prevLogTerm;
                for (int i = 0; i < count; i++)
                {
                    final Entry e = readEntry(in, maxCommandLength);
                    // Terms in a log never decrease and never exceed the leader's term.
                    if (e == null || e.term() < previousTerm || e.term() > term)
                    {
                        return null;
                    }
                    previousTerm = e.term();
                    entries.add(e);
                }
                return new RaftMessage.AppendEntries(term, prevLogIndex, prevLogTerm, leaderCommit, entries);
            }
            case RaftMessage.APPEND_ENTRIES_RESPONSE:
            {
                final int success = in.readUnsignedByte();
                final long rejectedIndex = in.readLong();
                final long matchIndex = in.readLong();
                final long conflictTerm = in.readLong();
                final long conflictIndex = in.readLong();
                if (success > 1 || rejectedIndex < 0 || matchIndex < 0 || conflictTerm < 0 || conflictIndex < 0)
                {
                    return null;
                }
                return new RaftMessage.AppendEntriesResponse(
                    term, success == 1, rejectedIndex, matchIndex, conflictTerm, conflictIndex);
            }
            case RaftMessage.INSTALL_SNAPSHOT:
            {
                final long lastIncludedIndex = in.readLong();
                final long lastIncludedTerm = in.readLong();
                final int chunkOffset = in.readInt();
                final int totalLength = in.readInt();
                final int chunkCrc = in.readInt();
                final int chunkLength = in.readInt();
                if (lastIncludedIndex < 1 || lastIncludedTerm < 1 || lastIncludedTerm > term || chunkOffset < 0 ||
                    chunkLength < 0 || chunkLength > in.available() || (long)chunkOffset + chunkLength > totalLength)
                {
                    return null;
                }
                final byte[] data = new byte[chunkLength];
                in.readFully(data);
                return new RaftMessage.InstallSnapshot(
                    term, lastIncludedIndex, lastIncludedTerm, chunkOffset, totalLength, chunkCrc, data);
            }
            case RaftMessage.INSTALL_SNAPSHOT_RESPONSE:
            {
                final long lastIncludedIndex = in.readLong();
                final int nextOffset = in.readInt();
                final int done = in.readUnsignedByte();
                if (lastIncludedIndex < 0 || nextOffset < 0 || done > 1)
                {
                    return null;
                }
                return new RaftMessage.InstallSnapshotResponse(term, lastIncludedIndex, nextOffset, done == 1);
            }
            default:
                return null;
        }
    }

    private RaftMessage reject(final FrameVerdict verdict)
    {
        lastVerdict = verdict;
        return null;
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
    public int lastClaimedFrom()
    {
        return envelope.claimedFrom();
    }
}
