package io.quorumbench.lockfree.raft.codec;

import io.quorumbench.lockfree.codec.Crc32cChecksum;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * One log entry, identical on disk (in {@code MappedRaftLog} segments) and on the wire (inside
 * AppendEntries), so a leader ships records with one copy and a follower stores them with one.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |  command length (int32); PADDING (-1) marks a segment's end   |
 *  +---------------------------------------------------------------+
 *  |  CRC32C of bytes [TERM_OFFSET, 40 + command length)           |
 *  +---------------------------------------------------------------+
 *  |                 term (int64), always >= 1                     |
 *  +---------------------------------------------------------------+
 *  |                 client id (int64)                             |
 *  +---------------------------------------------------------------+
 *  |                 client sequence (int64)                       |
 *  +---------------------------------------------------------------+
 *  |                 flags (int32): FLAG_NOOP                      |
 *  +---------------------------------------------------------------+
 *  |                 reserved (zero)                               |
 *  +---------------------------------------------------------------+
 *  |                 command bytes, zero padded to 8 bytes        ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * An all-zero header (term 0) is the end of the written log: segments are created zero filled
 * and truncation zeroes what it cuts, so a stale record can never reappear on recovery.
 * Little-endian.
 */
public final class LogRecordDescriptor
{
    /** Offset of the command length. */
    public static final int LENGTH_OFFSET = 0;
    /** Offset of the checksum. */
    public static final int CHECKSUM_OFFSET = 4;
    /** Offset of the term, also where the checksum coverage starts. */
    public static final int TERM_OFFSET = 8;
    /** Offset of the client id. */
    public static final int CLIENT_ID_OFFSET = 16;
    /** Offset of the client sequence. */
    public static final int SEQUENCE_OFFSET = 24;
    /** Offset of the flags. */
    public static final int FLAGS_OFFSET = 32;
    /** Offset of the reserved word. */
    public static final int RESERVED_OFFSET = 36;
    /** Length of the header, also the offset of the command. */
    public static final int HEADER_LENGTH = 40;
    /** Records are padded to this alignment. */
    public static final int ALIGNMENT = 8;
    /** Length value marking the unused tail of a segment. */
    public static final int PADDING = -1;
    /** Flag: the no-op entry a new leader appends (section 8); applied as nothing. */
    public static final int FLAG_NOOP = 1;

    private LogRecordDescriptor()
    {
    }

    /**
     * Space a record with a command of this length occupies.
     *
     * @param commandLength command length in bytes.
     * @return the aligned record length.
     */
    public static int recordLength(final int commandLength)
    {
        return BitUtil.align(HEADER_LENGTH + commandLength, ALIGNMENT);
    }

    /**
     * Write a record header (the command must already be in place) and its checksum.
     *
     * @param buffer        to write to.
     * @param offset        record start.
     * @param term          entry term.
     * @param clientId      client id.
     * @param sequence      client sequence.
     * @param flags         flags.
     * @param commandLength command length.
     * @param crc           checksum helper.
     */
    public static void encodeHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final long term,
        final long clientId,
        final long sequence,
        final int flags,
        final int commandLength,
        final Crc32cChecksum crc)
    {
        buffer.putInt(offset + LENGTH_OFFSET, commandLength, BYTE_ORDER);
        buffer.putLong(offset + TERM_OFFSET, term, BYTE_ORDER);
        buffer.putLong(offset + CLIENT_ID_OFFSET, clientId, BYTE_ORDER);
        buffer.putLong(offset + SEQUENCE_OFFSET, sequence, BYTE_ORDER);
        buffer.putInt(offset + FLAGS_OFFSET, flags, BYTE_ORDER);
        buffer.putInt(offset + RESERVED_OFFSET, 0, BYTE_ORDER);
        final int padded = recordLength(commandLength);
        final int end = offset + HEADER_LENGTH + commandLength;
        if (padded > HEADER_LENGTH + commandLength)
        {
            buffer.setMemory(end, offset + padded - end, (byte)0);
        }
        buffer.putInt(
            offset + CHECKSUM_OFFSET, crc.compute(buffer, offset + TERM_OFFSET, padded - TERM_OFFSET), BYTE_ORDER);
    }

    /**
     * Check a record's bounds and checksum.
     *
     * @param buffer           holding the record.
     * @param offset           record start.
     * @param available        bytes available from {@code offset}.
     * @param maxCommandLength largest acceptable command.
     * @param crc              checksum helper.
     * @return the record length if valid, or -1.
     */
    public static int validate(
        final DirectBuffer buffer, final int offset, final int available, final int maxCommandLength, final Crc32cChecksum crc)
    {
        if (available < HEADER_LENGTH)
        {
            return -1;
        }
        final int commandLength = buffer.getInt(offset + LENGTH_OFFSET, BYTE_ORDER);
        if (commandLength < 0 || commandLength > maxCommandLength)
        {
            return -1;
        }
        final int padded = recordLength(commandLength);
        if (padded > available || buffer.getLong(offset + TERM_OFFSET, BYTE_ORDER) <= 0)
        {
            return -1;
        }
        final int expected = crc.compute(buffer, offset + TERM_OFFSET, padded - TERM_OFFSET);
        return expected == buffer.getInt(offset + CHECKSUM_OFFSET, BYTE_ORDER) ? padded : -1;
    }

    /**
     * Command length of a record.
     *
     * @param buffer holding the record.
     * @param offset record start.
     * @return the command length.
     */
    public static int commandLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + LENGTH_OFFSET, BYTE_ORDER);
    }

    /**
     * Term of a record.
     *
     * @param buffer holding the record.
     * @param offset record start.
     * @return the term.
     */
    public static long term(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + TERM_OFFSET, BYTE_ORDER);
    }

    /**
     * Client id of a record.
     *
     * @param buffer holding the record.
     * @param offset record start.
     * @return the client id.
     */
    public static long clientId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + CLIENT_ID_OFFSET, BYTE_ORDER);
    }

    /**
     * Client sequence of a record.
     *
     * @param buffer holding the record.
     * @param offset record start.
     * @return the sequence.
     */
    public static long sequence(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SEQUENCE_OFFSET, BYTE_ORDER);
    }

    /**
     * Flags of a record.
     *
     * @param buffer holding the record.
     * @param offset record start.
     * @return the flags.
     */
    public static int flags(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + FLAGS_OFFSET, BYTE_ORDER);
    }
}
