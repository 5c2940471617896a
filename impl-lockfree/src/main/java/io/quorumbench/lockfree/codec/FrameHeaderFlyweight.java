package io.quorumbench.lockfree.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Header in front of every frame between the nodes of a tuned protocol: the same 24 bytes for
 * every protocol, so one host, one corruption check and one simulator serve them all. The type
 * byte is the protocol's own (each protocol's codec lists its types); a cluster runs one protocol,
 * and a frame of a type the core does not know is rejected like any malformed frame.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+---------------+---------------+
 *  |        magic (0x5152)         |    version    |  type (proto) |
 *  +-------------------------------+---------------+---------------+
 *  |                          cluster id                           |
 *  +---------------------------------------------------------------+
 *  |                         from node id                          |
 *  +---------------------------------------------------------------+
 *  |                    body length (bytes)                        |
 *  +---------------------------------------------------------------+
 *  |  CRC32C of the whole frame except this field: bytes [0, 16)   |
 *  |  then [20, 24 + body length), so no header bit goes unchecked |
 *  +---------------------------------------------------------------+
 *  |                     reserved (zero)                           |
 *  +---------------------------------------------------------------+
 *  |                          body ...                            ...
 * </pre>
 *
 * Little-endian. Not thread-safe.
 */
public final class FrameHeaderFlyweight
{
    /** Byte order of every field in this package's layouts: little-endian, stated once here. */
    public static final java.nio.ByteOrder BYTE_ORDER = java.nio.ByteOrder.LITTLE_ENDIAN;

    /** Magic number, "QR" little-endian. */
    public static final short MAGIC = 0x5152;
    /** Layout version; a frame of another version is rejected. */
    public static final byte VERSION = 1;

    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the version. */
    public static final int VERSION_OFFSET = 2;
    /** Offset of the type. */
    public static final int TYPE_OFFSET = 3;
    /** Offset of the cluster id. */
    public static final int CLUSTER_ID_OFFSET = 4;
    /** Offset of the sender's node id. */
    public static final int FROM_OFFSET = 8;
    /** Offset of the body length. */
    public static final int BODY_LENGTH_OFFSET = 12;
    /** Offset of the body checksum. */
    public static final int CHECKSUM_OFFSET = 16;
    /** Length of the checksum. */
    public static final int CHECKSUM_LENGTH = 4;
    /** Offset of the reserved word. */
    public static final int RESERVED_OFFSET = 20;
    /** Length of the header in bytes. */
    public static final int HEADER_LENGTH = 24;

    private DirectBuffer buffer;
    private MutableDirectBuffer mutableBuffer;
    private int offset;

    /**
     * Wrap a frame for reading.
     *
     * @param buffer holding the frame.
     * @param offset of the frame's first byte.
     * @return this.
     */
    public FrameHeaderFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutableBuffer = null;
        this.offset = offset;
        return this;
    }

    /**
     * Wrap a frame for writing.
     *
     * @param buffer to write to.
     * @param offset of the frame's first byte.
     * @return this.
     */
    public FrameHeaderFlyweight wrapForEncode(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.mutableBuffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * Write every header field.
     *
     * @param type       frame type, one of the protocol's.
     * @param clusterId  cluster id.
     * @param from       sender node id.
     * @param bodyLength body length in bytes.
     * @param checksum   CRC32C of the frame around the checksum field.
     * @return this.
     */
    public FrameHeaderFlyweight encode(
        final byte type, final int clusterId, final int from, final int bodyLength, final int checksum)
    {
        mutableBuffer.putShort(offset + MAGIC_OFFSET, MAGIC, BYTE_ORDER);
        mutableBuffer.putByte(offset + VERSION_OFFSET, VERSION);
        mutableBuffer.putByte(offset + TYPE_OFFSET, type);
        mutableBuffer.putInt(offset + CLUSTER_ID_OFFSET, clusterId, BYTE_ORDER);
        mutableBuffer.putInt(offset + FROM_OFFSET, from, BYTE_ORDER);
        mutableBuffer.putInt(offset + BODY_LENGTH_OFFSET, bodyLength, BYTE_ORDER);
        mutableBuffer.putInt(offset + CHECKSUM_OFFSET, checksum, BYTE_ORDER);
        mutableBuffer.putInt(offset + RESERVED_OFFSET, 0, BYTE_ORDER);
        return this;
    }

    /**
     * Magic number.
     *
     * @return the magic.
     */
    public short magic()
    {
        return buffer.getShort(offset + MAGIC_OFFSET, BYTE_ORDER);
    }

    /**
     * Layout version.
     *
     * @return the version.
     */
    public byte version()
    {
        return buffer.getByte(offset + VERSION_OFFSET);
    }

    /**
     * Frame type, one of the protocol's types if well formed.
     *
     * @return the type.
     */
    public byte type()
    {
        return buffer.getByte(offset + TYPE_OFFSET);
    }

    /**
     * Cluster id.
     *
     * @return the cluster id.
     */
    public int clusterId()
    {
        return buffer.getInt(offset + CLUSTER_ID_OFFSET, BYTE_ORDER);
    }

    /**
     * Sender's node id.
     *
     * @return the sender.
     */
    public int from()
    {
        return buffer.getInt(offset + FROM_OFFSET, BYTE_ORDER);
    }

    /**
     * Body length in bytes.
     *
     * @return the body length.
     */
    public int bodyLength()
    {
        return buffer.getInt(offset + BODY_LENGTH_OFFSET, BYTE_ORDER);
    }

    /**
     * CRC32C of the frame except the checksum field.
     *
     * @return the checksum.
     */
    public int checksum()
    {
        return buffer.getInt(offset + CHECKSUM_OFFSET, BYTE_ORDER);
    }
}
