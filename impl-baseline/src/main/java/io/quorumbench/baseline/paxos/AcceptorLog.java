package io.quorumbench.baseline.paxos;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.paxos.Ballot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Durable acceptor state of one node: the promised ballot and, per slot, the last accepted
 * {@code (ballot, value)}. Kept in memory (a list indexed by slot, holes as {@code null}) and
 * appended as records to one file, {@value #LOG_FILE} ({@link PaxosFrameDescriptor} has the
 * record layout); recovery replays the records, the promise being the highest ballot any record
 * names. A record whose length or CRC does not check out, and everything after it, is a torn
 * tail: recovery truncates the file there.
 *
 * <p><b>Durability</b> per {@link FsyncPolicy}, as Raft's {@code FileLog}: {@code ALWAYS} forces
 * after every record; {@code BATCH} leaves records in the page cache until {@link #sync()} forces
 * them all at once (the node calls it at the end of every step, before anything that depends on
 * them is sent: a promise or an accept is durable before its answer leaves); {@code NONE} never
 * forces, so a process crash loses nothing but a power loss may lose promises and accepted
 * values, which Paxos's safety argument does not survive.
 *
 * <p>The file only grows (no compaction): every promise and accept is a record.
 *
 * <p><b>Threading</b>: not thread-safe; owned by its node.
 */
public final class AcceptorLog implements AutoCloseable
{
    /** Name of the acceptor file. */
    static final String LOG_FILE = "paxos.acceptor";
    private static final byte PROMISE_RECORD = 1;
    private static final byte ACCEPT_RECORD = 2;
    private static final int RECORD_HEADER_LENGTH = 8;
    private static final System.Logger LOGGER = System.getLogger(AcceptorLog.class.getName());

    private record Accepted(long ballot, byte[] value)
    {
    }

    private final Path dir;
    private final FsyncPolicy fsyncPolicy;
    private final int maxValueLength;
    private final FileChannel channel;
    private final List<Accepted> accepted = new ArrayList<>();
    private final ByteArrayOutputStream recordBytes = new ByteArrayOutputStream(256);
    private final DataOutputStream recordOut = new DataOutputStream(recordBytes);
    private final CRC32 crc = new CRC32();
    private long promised = Ballot.NONE;
    private long fileLength;
    private long forcedLength;
    private boolean closed;

    /**
     * Open (creating if absent) and recover the acceptor state in {@code dir}.
     *
     * @param dir            data directory.
     * @param fsyncPolicy    when to force.
     * @param maxValueLength largest legal value, to tell a torn length field from a real one.
     * @throws UncheckedIOException if the directory cannot be used.
     */
    public AcceptorLog(final Path dir, final FsyncPolicy fsyncPolicy, final int maxValueLength)
    {
        this.dir = dir;
        this.fsyncPolicy = fsyncPolicy;
        this.maxValueLength = maxValueLength;
        try
        {
            Files.createDirectories(dir);
            final Path path = dir.resolve(LOG_FILE);
            final boolean created = !Files.exists(path);
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (created && fsyncPolicy != FsyncPolicy.NONE)
            {
                try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ))
                {
                    d.force(true);
                }
            }
            recover();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open Paxos acceptor log in " + dir, ex);
        }
    }

    private void recover() throws IOException
    {
        final long size = channel.size();
        long position = 0;
        final ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER_LENGTH);
        while (size - position >= RECORD_HEADER_LENGTH)
        {
            header.clear();
            channel.read(header, position);
            final int length = header.getInt(0);
            if (length < 9 || length > 1 + 8 + 8 + 4 + maxValueLength || size - position - RECORD_HEADER_LENGTH < length)
            {
                break;
            }
            final ByteBuffer body = ByteBuffer.allocate(length);
            while (body.hasRemaining())
            {
                channel.read(body, position + RECORD_HEADER_LENGTH + body.position());
            }
            crc.reset();
            crc.update(body.array(), 0, length);
            if ((int)crc.getValue() != header.getInt(4) || !replay(body.array()))
            {
                break;
            }
            position += RECORD_HEADER_LENGTH + length;
        }
        if (position < size)
        {
            LOGGER.log(System.Logger.Level.WARNING, "{0}: truncating torn tail of {1} bytes at offset {2}",
                dir.resolve(LOG_FILE), size - position, position);
            channel.truncate(position);
            if (fsyncPolicy != FsyncPolicy.NONE)
            {
                channel.force(false);
            }
        }
        fileLength = position;
        forcedLength = position;
    }

    private boolean replay(final byte[] body) throws IOException
    {
        final DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        final byte type = in.readByte();
        if (type == PROMISE_RECORD && body.length == 9)
        {
            promised = Math.max(promised, in.readLong());
            return true;
        }
        if (type != ACCEPT_RECORD || body.length < 21)
        {
            return false;
        }
        final long slot = in.readLong();
        final long ballot = in.readLong();
        final int length = in.readInt();
        if (slot < 1 || slot > PaxosFrameDescriptor.MAX_SLOT || ballot <= 0 || length != in.available())
        {
            return false;
        }
        final byte[] value = new byte[length];
        in.readFully(value);
        put(slot, ballot, value);
        return true;
    }

    private void put(final long slot, final long ballot, final byte[] value)
    {
        final int i = (int)(slot - 1);
        while (accepted.size() <= i)
        {
            accepted.add(null);
        }
        accepted.set(i, new Accepted(ballot, value));
        promised = Math.max(promised, ballot);
    }

    /**
     * The promise: the highest ballot promised or accepted in.
     *
     * @return a packed ballot, {@link Ballot#NONE} if none.
     */
    long promised()
    {
        return promised;
    }

    /**
     * Highest slot with an accepted value.
     *
     * @return 0 if none.
     */
    public long highestSlot()
    {
        // The list only grows by put, so its last element is always an accepted value.
        return accepted.size();
    }

    /**
     * Ballot of the value accepted at a slot.
     *
     * @param slot a slot.
     * @return the ballot, {@link Ballot#NONE} for a hole.
     */
    public long ballotAt(final long slot)
    {
        final Accepted a = slot >= 1 && slot <= accepted.size() ? accepted.get((int)(slot - 1)) : null;
        return a == null ? Ballot.NONE : a.ballot();
    }

    /**
     * The value accepted at a slot (not a copy: never modify it).
     *
     * @param slot a slot.
     * @return the value, null for a hole.
     */
    byte[] valueAt(final long slot)
    {
        final Accepted a = slot >= 1 && slot <= accepted.size() ? accepted.get((int)(slot - 1)) : null;
        return a == null ? null : a.value();
    }

    /**
     * Promise a ballot above the current promise.
     *
     * @param ballot the ballot.
     * @param persist whether to write it (false only under a planted mutation).
     */
    void promise(final long ballot, final boolean persist)
    {
        if (ballot <= promised)
        {
            return;
        }
        if (persist)
        {
            write(() ->
            {
                recordOut.writeByte(PROMISE_RECORD);
                recordOut.writeLong(ballot);
            });
        }
        promised = ballot;
    }

    /**
     * Accept a value at a slot in a ballot (which raises the promise to it).
     *
     * @param slot   the slot.
     * @param ballot the ballot.
     * @param value  the value, kept (never modified).
     */
    public void accept(final long slot, final long ballot, final byte[] value)
    {
        write(() ->
        {
            recordOut.writeByte(ACCEPT_RECORD);
            recordOut.writeLong(slot);
            recordOut.writeLong(ballot);
            recordOut.writeInt(value.length);
            recordOut.write(value);
        });
        put(slot, ballot, value);
    }

    @FunctionalInterface
    private interface BodyWriter
    {
        void write() throws IOException;
    }

    private void write(final BodyWriter writer)
    {
        try
        {
            recordBytes.reset();
            recordOut.writeInt(0);
            recordOut.writeInt(0);
            writer.write();
            final byte[] bytes = recordBytes.toByteArray();
            final int length = bytes.length - RECORD_HEADER_LENGTH;
            crc.reset();
            crc.update(bytes, RECORD_HEADER_LENGTH, length);
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            buffer.putInt(0, length).putInt(4, (int)crc.getValue());
            long at = fileLength;
            while (buffer.hasRemaining())
            {
                at += channel.write(buffer, at);
            }
            fileLength = at;
            if (fsyncPolicy == FsyncPolicy.ALWAYS)
            {
                force();
            }
        }
        catch (final IOException ex)
        {
            // An acceptor that cannot persist must stop, not answer as if it had.
            throw new UncheckedIOException("cannot write Paxos acceptor log in " + dir, ex);
        }
    }

    /**
     * Make every record durable as the policy asks: {@code BATCH} forces here (group commit),
     * {@code ALWAYS} already did, {@code NONE} never does.
     */
    public void sync()
    {
        if (fsyncPolicy == FsyncPolicy.BATCH && forcedLength != fileLength)
        {
            try
            {
                force();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot force Paxos acceptor log in " + dir, ex);
            }
        }
    }

    private void force() throws IOException
    {
        channel.force(false);
        forcedLength = fileLength;
    }

    /**
     * Simulate a crash: release the file like a killed process; with {@code powerLoss}, cut it
     * back to what the last force covered.
     *
     * @param powerLoss whether writes not yet forced are lost.
     */
    void crash(final boolean powerLoss)
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (powerLoss)
            {
                channel.truncate(forcedLength);
            }
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot simulate crash of Paxos acceptor log in " + dir, ex);
        }
    }

    /** Orderly close: force per the policy, release the file. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            if (fsyncPolicy != FsyncPolicy.NONE && forcedLength != fileLength)
            {
                force();
            }
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot close Paxos acceptor log in " + dir, ex);
        }
    }
}
