package io.quorumbench.lockfree.paxos.codec;

import io.quorumbench.lockfree.codec.Crc32cChecksum;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * One accepted slot: {@code (slot, ballot, value)}, the unit of the acceptor's log
 * ({@code MappedSlotLog}) and of the frames that carry accepted values (phase 2a, phase 1b), byte
 * for byte, so a value travels from a leader's log to an acceptor's log without re-encoding.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  value length (int32); {@link #PADDING} = rest of segment empty |
 *  +---------------------------------------------------------------+
 *  |  CRC32C of bytes [0, 4) then [8, 24 + value length) (int32)   |
 *  +---------------------------------------------------------------+
 *  |                      slot (int64, >= 1)                       |
 *  +---------------------------------------------------------------+
 *  |            ballot (int64, packed api.paxos.Ballot)            |
 *  +---------------------------------------------------------------+
 *  |          value ... (a {@link BatchDescriptor} batch)         ...
 *  +---------------------------------------------------------------+
 *  |            zero padding to a multiple of 8 bytes              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Little-endian. A record whose slot is 0 marks the end of a log (mapped files are zero filled).
 */
public final class SlotRecordDescriptor
{
    /** Offset of the value length. */
    public static final int VALUE_LENGTH_OFFSET = 0;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 4;
    /** Offset of the slot. */
    public static final int SLOT_OFFSET = 8;
    /** Offset of the ballot. */
    public static final int BALLOT_OFFSET = 16;
    /** Length of the header; the value follows. */
    public static final int HEADER_LENGTH = 24;
    /** Alignment of every record. */
    public static final int ALIGNMENT = 8;
    /** Value length of a padding marker. */
    public static final int PADDING = -1;

    private SlotRecordDescriptor()
    {
    }

    /**
     * Length of a record holding a value.
     *
     * @param valueLength value bytes.
     * @return record bytes, aligned.
     */
    public static int recordLength(final int valueLength)
    {
        return BitUtil.align(HEADER_LENGTH + valueLength, ALIGNMENT);
    }

    /**
     * Write a record header and its value and checksum it.
     *
     * @param buffer      destination.
     * @param offset      first byte of the record.
     * @param slot        slot, >= 1.
     * @param ballot      accepted ballot.
     * @param value       buffer holding the value.
     * @param valueOffset first byte of the value.
     * @param valueLength value bytes.
     * @param crc         checksum helper.
     * @return the record length.
     */
    public static int encode(
        final MutableDirectBuffer buffer,
        final int offset,
        final long slot,
        final long ballot,
        final DirectBuffer value,
        final int valueOffset,
        final int valueLength,
        final Crc32cChecksum crc)
    {
        buffer.putInt(offset + VALUE_LENGTH_OFFSET, valueLength, BYTE_ORDER);
        buffer.putLong(offset + SLOT_OFFSET, slot, BYTE_ORDER);
        buffer.putBytes(offset + HEADER_LENGTH, value, valueOffset, valueLength);
        return patchBallot(buffer, offset, ballot, crc);
    }

    /**
     * Set the ballot of a complete record (a value re-proposed in a later ballot) and re-checksum it.
     *
     * @param buffer holding the record.
     * @param offset first byte of the record.
     * @param ballot the new ballot.
     * @param crc    checksum helper.
     * @return the record length.
     */
    public static int patchBallot(final MutableDirectBuffer buffer, final int offset, final long ballot, final Crc32cChecksum crc)
    {
        final int valueLength = valueLength(buffer, offset);
        final int length = recordLength(valueLength);
        buffer.putLong(offset + BALLOT_OFFSET, ballot, BYTE_ORDER);
        buffer.setMemory(offset + HEADER_LENGTH + valueLength, length - HEADER_LENGTH - valueLength, (byte)0);
        buffer.putInt(offset + CHECKSUM_OFFSET, checksum(buffer, offset, valueLength, crc), BYTE_ORDER);
        return length;
    }

    /**
     * Check a record's bounds, fields and checksum.
     *
     * @param buffer         holding the record.
     * @param offset         first byte.
     * @param available      bytes readable from offset.
     * @param maxValueLength largest legal value.
     * @param crc            checksum helper.
     * @return the record length, or -1 if it is not a valid record.
     */
    public static int validate(
        final DirectBuffer buffer, final int offset, final int available, final int maxValueLength, final Crc32cChecksum crc)
    {
        if (available < HEADER_LENGTH)
        {
            return -1;
        }
        final int valueLength = valueLength(buffer, offset);
        if (valueLength < BatchDescriptor.HEADER_LENGTH || valueLength > maxValueLength)
        {
            return -1;
        }
        final int length = recordLength(valueLength);
        if (length > available || slot(buffer, offset) < 1 || ballot(buffer, offset) <= 0 ||
            checksum(buffer, offset, valueLength, crc) != buffer.getInt(offset + CHECKSUM_OFFSET, BYTE_ORDER))
        {
            return -1;
        }
        return length;
    }

    /**
     * Whether a run of records, as a phase 1b or 2a frame carries them, is sound: exactly
     * {@code count} valid records ({@link #validate}) filling {@code length}, each slot in
     * {@code [minSlot, limitSlot)}, each ballot at most {@code maxBallot}, each value a valid batch.
     *
     * @param buffer           holding the records.
     * @param offset           first byte of the first record.
     * @param length           bytes of the records.
     * @param count            records expected.
     * @param minSlot          lowest legal slot.
     * @param limitSlot        first slot above the legal ones.
     * @param maxBallot        highest legal ballot.
     * @param maxValueLength   largest legal value.
     * @param maxCommandLength largest legal command in a batch.
     * @param crc              checksum helper.
     * @return true if every record is sound and they fill the length exactly.
     */
    public static boolean validRecords(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int count,
        final long minSlot,
        final long limitSlot,
        final long maxBallot,
        final int maxValueLength,
        final int maxCommandLength,
        final Crc32cChecksum crc)
    {
        int position = offset;
        final int end = offset + length;
        for (int i = 0; i < count; i++)
        {
            final int recordLength = validate(buffer, position, end - position, maxValueLength, crc);
            if (recordLength < 0)
            {
                return false;
            }
            final long slot = slot(buffer, position);
            final long ballot = ballot(buffer, position);
            if (slot < minSlot || slot >= limitSlot || ballot > maxBallot ||
                !BatchDescriptor.isValid(buffer, position + HEADER_LENGTH, valueLength(buffer, position), maxCommandLength))
            {
                return false;
            }
            position += recordLength;
        }
        return position == end;
    }

    /**
     * Value length field.
     *
     * @param buffer holding the record.
     * @param offset first byte.
     * @return the value length ({@link #PADDING} for a padding marker).
     */
    public static int valueLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + VALUE_LENGTH_OFFSET, BYTE_ORDER);
    }

    /**
     * Slot field.
     *
     * @param buffer holding the record.
     * @param offset first byte.
     * @return the slot.
     */
    public static long slot(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SLOT_OFFSET, BYTE_ORDER);
    }

    /**
     * Ballot field.
     *
     * @param buffer holding the record.
     * @param offset first byte.
     * @return the packed ballot.
     */
    public static long ballot(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + BALLOT_OFFSET, BYTE_ORDER);
    }

    private static int checksum(final DirectBuffer buffer, final int offset, final int valueLength, final Crc32cChecksum crc)
    {
        return crc.compute(buffer, offset, CHECKSUM_OFFSET, offset + SLOT_OFFSET, HEADER_LENGTH - SLOT_OFFSET + valueLength);
    }
}
