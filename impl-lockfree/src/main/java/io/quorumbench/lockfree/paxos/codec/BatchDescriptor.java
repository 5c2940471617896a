package io.quorumbench.lockfree.paxos.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * A slot's value: a batch of client commands, chosen together. A no-op (the filler a new leader
 * proposes for a hole) is the empty batch.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 command count (int32, >= 0)                   |
 *  +---------------------------------------------------------------+
 *  then count times, unaligned:
 *  +---------------------------------------------------------------+
 *  |                      client id (int64)                        |
 *  +---------------------------------------------------------------+
 *  |                   client sequence (int64)                     |
 *  +---------------------------------------------------------------+
 *  |                  command length (int32)                       |
 *  +---------------------------------------------------------------+
 *  |                      command ...                             ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Little-endian.
 */
public final class BatchDescriptor
{
    /** Offset of the command count. */
    public static final int COUNT_OFFSET = 0;
    /** Length of the batch header; the first command follows. */
    public static final int HEADER_LENGTH = 4;
    /** Offset of the client id within a command entry. */
    public static final int CLIENT_ID_OFFSET = 0;
    /** Offset of the sequence within a command entry. */
    public static final int SEQUENCE_OFFSET = 8;
    /** Offset of the command length within a command entry. */
    public static final int LENGTH_OFFSET = 16;
    /** Length of a command entry's header; the command follows. */
    public static final int ENTRY_HEADER_LENGTH = 20;

    private BatchDescriptor()
    {
    }

    /**
     * Bytes a command adds to a batch.
     *
     * @param commandLength command bytes.
     * @return entry bytes.
     */
    public static int entryLength(final int commandLength)
    {
        return ENTRY_HEADER_LENGTH + commandLength;
    }

    /**
     * Command count of a batch.
     *
     * @param buffer holding the batch.
     * @param offset first byte of the batch.
     * @return the count.
     */
    public static int count(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + COUNT_OFFSET, BYTE_ORDER);
    }

    /**
     * Set the command count.
     *
     * @param buffer holding the batch.
     * @param offset first byte of the batch.
     * @param count  command count.
     */
    public static void count(final MutableDirectBuffer buffer, final int offset, final int count)
    {
        buffer.putInt(offset + COUNT_OFFSET, count, BYTE_ORDER);
    }

    /**
     * Append a command entry at a position.
     *
     * @param buffer        destination.
     * @param position      first byte of the entry.
     * @param clientId      client session id.
     * @param sequence      client sequence.
     * @param command       buffer holding the command.
     * @param commandOffset first byte of the command.
     * @param commandLength command bytes.
     * @return the position after the entry.
     */
    public static int putEntry(
        final MutableDirectBuffer buffer,
        final int position,
        final long clientId,
        final long sequence,
        final DirectBuffer command,
        final int commandOffset,
        final int commandLength)
    {
        buffer.putLong(position + CLIENT_ID_OFFSET, clientId, BYTE_ORDER);
        buffer.putLong(position + SEQUENCE_OFFSET, sequence, BYTE_ORDER);
        buffer.putInt(position + LENGTH_OFFSET, commandLength, BYTE_ORDER);
        buffer.putBytes(position + ENTRY_HEADER_LENGTH, command, commandOffset, commandLength);
        return position + ENTRY_HEADER_LENGTH + commandLength;
    }

    /**
     * Client id of the entry at a position.
     *
     * @param buffer   holding the batch.
     * @param position first byte of the entry.
     * @return the client id.
     */
    public static long clientId(final DirectBuffer buffer, final int position)
    {
        return buffer.getLong(position + CLIENT_ID_OFFSET, BYTE_ORDER);
    }

    /**
     * Sequence of the entry at a position.
     *
     * @param buffer   holding the batch.
     * @param position first byte of the entry.
     * @return the sequence.
     */
    public static long sequence(final DirectBuffer buffer, final int position)
    {
        return buffer.getLong(position + SEQUENCE_OFFSET, BYTE_ORDER);
    }

    /**
     * Command length of the entry at a position.
     *
     * @param buffer   holding the batch.
     * @param position first byte of the entry.
     * @return the command length.
     */
    public static int commandLength(final DirectBuffer buffer, final int position)
    {
        return buffer.getInt(position + LENGTH_OFFSET, BYTE_ORDER);
    }

    /**
     * Whether a batch is well formed: its entries fill exactly its length.
     *
     * @param buffer           holding the batch.
     * @param offset           first byte.
     * @param length           batch bytes.
     * @param maxCommandLength largest legal command.
     * @return true if well formed.
     */
    public static boolean isValid(final DirectBuffer buffer, final int offset, final int length, final int maxCommandLength)
    {
        if (length < HEADER_LENGTH)
        {
            return false;
        }
        final int count = count(buffer, offset);
        final int end = offset + length;
        int position = offset + HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            if (end - position < ENTRY_HEADER_LENGTH)
            {
                return false;
            }
            final int commandLength = commandLength(buffer, position);
            if (commandLength < 0 || commandLength > maxCommandLength || commandLength > end - position - ENTRY_HEADER_LENGTH)
            {
                return false;
            }
            position += ENTRY_HEADER_LENGTH + commandLength;
        }
        return count >= 0 && position == end;
    }
}
