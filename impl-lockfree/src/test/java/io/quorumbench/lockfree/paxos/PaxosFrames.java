package io.quorumbench.lockfree.paxos;

import io.quorumbench.lockfree.codec.Crc32cChecksum;
import io.quorumbench.lockfree.codec.FrameHeaderFlyweight;
import io.quorumbench.lockfree.paxos.codec.AcceptFlyweight;
import io.quorumbench.lockfree.paxos.codec.AcceptedFlyweight;
import io.quorumbench.lockfree.paxos.codec.BatchDescriptor;
import io.quorumbench.lockfree.paxos.codec.PaxosFrameType;
import io.quorumbench.lockfree.paxos.codec.PrepareFlyweight;
import io.quorumbench.lockfree.paxos.codec.SlotRecordDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.HEADER_LENGTH;

/** Frames and values forged by tests, encoded with the production flyweights. Allocates. */
final class PaxosFrames
{
    private static final Crc32cChecksum CRC = new Crc32cChecksum();
    private static long sequence;

    private PaxosFrames()
    {
    }

    /** A batch value of one command per argument, client 77, each with a sequence of its own. */
    static byte[] batch(final byte[]... commands)
    {
        int length = BatchDescriptor.HEADER_LENGTH;
        for (final byte[] command : commands)
        {
            length += BatchDescriptor.entryLength(command.length);
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        BatchDescriptor.count(buffer, 0, commands.length);
        int position = BatchDescriptor.HEADER_LENGTH;
        for (int i = 0; i < commands.length; i++)
        {
            position = BatchDescriptor.putEntry(buffer, position, 77, ++sequence, new UnsafeBuffer(commands[i]), 0, commands[i].length);
        }
        return buffer.byteArray();
    }

    static byte[] prepare(final int from, final long ballot, final long fromSlot)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[HEADER_LENGTH + PrepareFlyweight.BODY_LENGTH]);
        new PrepareFlyweight().wrap(frame, HEADER_LENGTH).encode(ballot, fromSlot);
        return seal(frame, from, PaxosFrameType.TYPE_PREPARE);
    }

    static byte[] accept(final int from, final long ballot, final long slot, final long commitSlot, final byte[] value)
    {
        final int recordLength = SlotRecordDescriptor.recordLength(value.length);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[HEADER_LENGTH + AcceptFlyweight.HEADER_LENGTH + recordLength]);
        new AcceptFlyweight().wrap(frame, HEADER_LENGTH).encode(commitSlot);
        SlotRecordDescriptor.encode(frame, HEADER_LENGTH + AcceptFlyweight.HEADER_LENGTH, slot, ballot,
            new UnsafeBuffer(value), 0, value.length, CRC);
        return seal(frame, from, PaxosFrameType.TYPE_ACCEPT);
    }

    static byte[] accepted(final int from, final long ballot, final long promised, final long first, final long last)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[HEADER_LENGTH + AcceptedFlyweight.BODY_LENGTH]);
        new AcceptedFlyweight().wrap(frame, HEADER_LENGTH).encode(ballot, promised, first, last, 0);
        return seal(frame, from, PaxosFrameType.TYPE_ACCEPTED);
    }

    private static byte[] seal(final UnsafeBuffer frame, final int from, final byte type)
    {
        final int length = frame.capacity();
        new FrameHeaderFlyweight().wrapForEncode(frame, 0)
            .encode(type, PaxosTestCluster.CLUSTER_ID, from, length - HEADER_LENGTH, 0);
        final int after = FrameHeaderFlyweight.CHECKSUM_OFFSET + FrameHeaderFlyweight.CHECKSUM_LENGTH;
        frame.putInt(FrameHeaderFlyweight.CHECKSUM_OFFSET,
            CRC.compute(frame, 0, FrameHeaderFlyweight.CHECKSUM_OFFSET, after, length - after), FrameHeaderFlyweight.BYTE_ORDER);
        return frame.byteArray();
    }
}
