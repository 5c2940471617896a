package io.quorumbench.baseline.codec;

/**
 * Layout of the header every baseline peer frame starts with, whatever the protocol; the
 * protocol's codec lays out the body and picks the magic and version that tell its frames from
 * another protocol's. Big-endian (the {@code DataOutputStream} order) throughout.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    magic (the protocol's)                     |
 *  +---------------+---------------+-------------------------------+
 *  |    version    |     type      |                               |
 *  +---------------+---------------+                               |
 *  |                          cluster id                           |
 *  +                               +-------------------------------+
 *  |                               |                               |
 *  +-------------------------------+                               |
 *  |                        from node id                           |
 *  +                               +-------------------------------+
 *  |                               |                               |
 *  +-------------------------------+                               |
 *  |                        body length                            |
 *  +                               +-------------------------------+
 *  |                               |                               |
 *  +-------------------------------+                               |
 *  |            CRC32 of bytes 0..17 and of the body               |
 *  +                               +-------------------------------+
 *  |                               |   body (message fields) ...   |
 *  +-------------------------------+-------------------------------+
 * </pre>
 *
 * <p>The CRC covers the header too, so a flipped bit in the type, cluster or sender is caught,
 * not misread. {@link FrameEnvelope} writes and checks this header.
 */
public final class FrameHeaderDescriptor
{
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the version. */
    public static final int VERSION_OFFSET = 4;
    /** Offset of the type. */
    public static final int TYPE_OFFSET = 5;
    /** Offset of the cluster id. */
    public static final int CLUSTER_ID_OFFSET = 6;
    /** Offset of the sender id. */
    public static final int FROM_OFFSET = 10;
    /** Offset of the body length. */
    public static final int BODY_LENGTH_OFFSET = 14;
    /** Offset of the CRC32. */
    public static final int CRC_OFFSET = 18;
    /** Header length; the body follows. */
    public static final int HEADER_LENGTH = 22;
    /**
     * Largest body accepted: far above any legal frame (a protocol caps what it puts in one frame
     * well below this), so only garbage exceeds it.
     */
    public static final int MAX_BODY_LENGTH = 64 * 1024 * 1024;

    private FrameHeaderDescriptor()
    {
    }
}
