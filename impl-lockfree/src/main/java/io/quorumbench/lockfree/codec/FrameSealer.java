package io.quorumbench.lockfree.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Seals and checks the {@link FrameHeaderFlyweight} of one node's peer frames, the same for every
 * protocol: {@link #seal} writes the header after the body is in place and checksums the whole frame
 * except the checksum field (so a flipped type, sender or reserved bit is caught as surely as a flipped
 * body bit); {@link #isValid} checks magic, version, cluster, sender, body length and checksum before a
 * core reads any body field. Membership (a sender that is no peer) stays with the core.
 *
 * <p>Not thread-safe: one per node thread. No allocation.
 */
public final class FrameSealer
{
    private static final int AFTER_CHECKSUM = FrameHeaderFlyweight.CHECKSUM_OFFSET + FrameHeaderFlyweight.CHECKSUM_LENGTH;

    private final FrameHeaderFlyweight header = new FrameHeaderFlyweight();
    private final int clusterId;
    private final int nodeId;
    private final Crc32cChecksum crc;

    /**
     * @param clusterId the cluster every frame belongs to.
     * @param nodeId    this node, the sender of the frames it seals.
     * @param crc       checksum helper (shared with the node's log; single-threaded).
     */
    public FrameSealer(final int clusterId, final int nodeId, final Crc32cChecksum crc)
    {
        this.clusterId = clusterId;
        this.nodeId = nodeId;
        this.crc = crc;
    }

    /**
     * Write the header of a frame whose body is already at {@code offset + HEADER_LENGTH}, checksum included.
     *
     * @param buffer     holding the frame.
     * @param offset     first byte of the frame.
     * @param type       the protocol's frame type.
     * @param bodyLength body bytes.
     * @return the frame length, header included.
     */
    public int seal(final MutableDirectBuffer buffer, final int offset, final byte type, final int bodyLength)
    {
        final int length = FrameHeaderFlyweight.HEADER_LENGTH + bodyLength;
        header.wrapForEncode(buffer, offset).encode(type, clusterId, nodeId, bodyLength, 0);
        buffer.putInt(offset + FrameHeaderFlyweight.CHECKSUM_OFFSET, checksum(buffer, offset, length),
            FrameHeaderFlyweight.BYTE_ORDER);
        return length;
    }

    /**
     * Whether a received frame's header is sound: this protocol version, this cluster, sent by
     * {@code fromNodeId} (and not by this node), its body exactly the rest of the frame, the checksum right.
     * On true, {@link #header()} is wrapped on it.
     *
     * @param buffer     holding the frame.
     * @param offset     first byte of the frame.
     * @param length     frame bytes as received.
     * @param fromNodeId the node the transport says sent it.
     * @return true if a core may read the body.
     */
    public boolean isValid(final DirectBuffer buffer, final int offset, final int length, final int fromNodeId)
    {
        if (length < FrameHeaderFlyweight.HEADER_LENGTH)
        {
            return false;
        }
        header.wrap(buffer, offset);
        return header.magic() == FrameHeaderFlyweight.MAGIC &&
            header.version() == FrameHeaderFlyweight.VERSION &&
            header.clusterId() == clusterId &&
            header.from() == fromNodeId &&
            fromNodeId != nodeId &&
            header.bodyLength() == length - FrameHeaderFlyweight.HEADER_LENGTH &&
            checksum(buffer, offset, length) == header.checksum();
    }

    /**
     * The header of the last frame {@link #isValid} accepted.
     *
     * @return the flyweight.
     */
    public FrameHeaderFlyweight header()
    {
        return header;
    }

    /**
     * CRC32C of a frame, around its checksum field.
     *
     * @param buffer holding the frame.
     * @param offset first byte of the frame.
     * @param length frame bytes.
     * @return the checksum.
     */
    public int checksum(final DirectBuffer buffer, final int offset, final int length)
    {
        return crc.compute(buffer, offset, FrameHeaderFlyweight.CHECKSUM_OFFSET, offset + AFTER_CHECKSUM, length - AFTER_CHECKSUM);
    }
}
