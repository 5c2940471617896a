package io.quorumbench.lockfree.paxos.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * Body of a phase 1a Prepare: a candidate asks for a promise of its ballot and for every value accepted from a slot on (its commit point + 1, or where the previous chunk of the answer stopped).
 *
 * <pre>
 *   +---------------------------------------------------------------+
 *   |  ballot (int64)                                               |
 *   +---------------------------------------------------------------+
 *   |  fromSlot (int64)                                             |
 *   +---------------------------------------------------------------+
 * </pre>
 *
 * Little-endian. Not thread-safe.
 */
public final class PrepareFlyweight
{
    /** Offset of the the candidate's ballot (packed api.paxos.Ballot). */
    public static final int BALLOT_OFFSET = 0;
    /** Offset of the first slot whose accepted values are asked for. */
    public static final int FROM_SLOT_OFFSET = 8;
    /** Body length in bytes. */
    public static final int BODY_LENGTH = 16;

    private DirectBuffer buffer;
    private int offset;

    /**
     * Wrap a body for reading or (if the buffer is mutable) writing.
     *
     * @param buffer holding the body.
     * @param offset of the body's first byte.
     * @return this.
     */
    public PrepareFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Write the fixed fields.
     *
     * @param ballot the the candidate's ballot (packed api.paxos.Ballot).
     * @param fromSlot the first slot whose accepted values are asked for.
     * @return this.
     */
    public PrepareFlyweight encode(final long ballot, final long fromSlot)
    {
        final MutableDirectBuffer out = (MutableDirectBuffer)buffer;
        out.putLong(offset + BALLOT_OFFSET, ballot, BYTE_ORDER);
        out.putLong(offset + FROM_SLOT_OFFSET, fromSlot, BYTE_ORDER);
        return this;
    }

    /**
     * The the candidate's ballot (packed api.paxos.Ballot).
     *
     * @return the value as encoded.
     */
    public long ballot()
    {
        return buffer.getLong(offset + BALLOT_OFFSET, BYTE_ORDER);
    }

    /**
     * The first slot whose accepted values are asked for.
     *
     * @return the value as encoded.
     */
    public long fromSlot()
    {
        return buffer.getLong(offset + FROM_SLOT_OFFSET, BYTE_ORDER);
    }
}
