package io.quorumbench.lockfree.paxos.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * Body of a phase 1b Promise, one chunk of the answer: the acceptor's promise and the slot records it accepted from fromSlot on, as many as fit one frame; nextFromSlot says where the next chunk starts (0: this is the last). A promise above the asked ballot is a rejection.
 *
 * <pre>
 *   +---------------------------------------------------------------+
 *   |  ballot (int64)                                               |
 *   +---------------------------------------------------------------+
 *   |  promised (int64)                                             |
 *   +---------------------------------------------------------------+
 *   |  fromSlot (int64)                                             |
 *   +---------------------------------------------------------------+
 *   |  nextFromSlot (int64)                                         |
 *   +---------------------------------------------------------------+
 *   |  recordCount (int32)                                          |
 *   +---------------------------------------------------------------+
 *   |  reserved (int32)                                             |
 *   +---------------------------------------------------------------+
 *   |  recordCount slot records (SlotRecordDescriptor) ...          ...
 * </pre>
 *
 * Little-endian. Not thread-safe.
 */
public final class PromiseFlyweight
{
    /** Offset of the the ballot asked for. */
    public static final int BALLOT_OFFSET = 0;
    /** Offset of the the acceptor's promised ballot after the request; above ballot means rejected. */
    public static final int PROMISED_OFFSET = 8;
    /** Offset of the first slot this chunk covers. */
    public static final int FROM_SLOT_OFFSET = 16;
    /** Offset of the first slot of the next chunk, 0 if this chunk is the last. */
    public static final int NEXT_FROM_SLOT_OFFSET = 24;
    /** Offset of the slot records that follow. */
    public static final int RECORD_COUNT_OFFSET = 32;
    /** Offset of the zero. */
    public static final int RESERVED_OFFSET = 36;
    /** Length of the fixed part in bytes; the records follow. */
    public static final int HEADER_LENGTH = 40;

    private DirectBuffer buffer;
    private int offset;

    /**
     * Wrap a body for reading or (if the buffer is mutable) writing.
     *
     * @param buffer holding the body.
     * @param offset of the body's first byte.
     * @return this.
     */
    public PromiseFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Write the fixed fields.
     *
     * @param ballot the the ballot asked for.
     * @param promised the the acceptor's promised ballot after the request; above ballot means rejected.
     * @param fromSlot the first slot this chunk covers.
     * @param nextFromSlot the first slot of the next chunk, 0 if this chunk is the last.
     * @param recordCount the slot records that follow.
     * @return this.
     */
    public PromiseFlyweight encode(final long ballot, final long promised, final long fromSlot, final long nextFromSlot, final int recordCount)
    {
        final MutableDirectBuffer out = (MutableDirectBuffer)buffer;
        out.putLong(offset + BALLOT_OFFSET, ballot, BYTE_ORDER);
        out.putLong(offset + PROMISED_OFFSET, promised, BYTE_ORDER);
        out.putLong(offset + FROM_SLOT_OFFSET, fromSlot, BYTE_ORDER);
        out.putLong(offset + NEXT_FROM_SLOT_OFFSET, nextFromSlot, BYTE_ORDER);
        out.putInt(offset + RECORD_COUNT_OFFSET, recordCount, BYTE_ORDER);
        out.putInt(offset + RESERVED_OFFSET, 0, BYTE_ORDER);
        return this;
    }

    /**
     * The the ballot asked for.
     *
     * @return the value as encoded.
     */
    public long ballot()
    {
        return buffer.getLong(offset + BALLOT_OFFSET, BYTE_ORDER);
    }

    /**
     * The the acceptor's promised ballot after the request; above ballot means rejected.
     *
     * @return the value as encoded.
     */
    public long promised()
    {
        return buffer.getLong(offset + PROMISED_OFFSET, BYTE_ORDER);
    }

    /**
     * The first slot this chunk covers.
     *
     * @return the value as encoded.
     */
    public long fromSlot()
    {
        return buffer.getLong(offset + FROM_SLOT_OFFSET, BYTE_ORDER);
    }

    /**
     * The first slot of the next chunk, 0 if this chunk is the last.
     *
     * @return the value as encoded.
     */
    public long nextFromSlot()
    {
        return buffer.getLong(offset + NEXT_FROM_SLOT_OFFSET, BYTE_ORDER);
    }

    /**
     * The slot records that follow.
     *
     * @return the value as encoded.
     */
    public int recordCount()
    {
        return buffer.getInt(offset + RECORD_COUNT_OFFSET, BYTE_ORDER);
    }
}
