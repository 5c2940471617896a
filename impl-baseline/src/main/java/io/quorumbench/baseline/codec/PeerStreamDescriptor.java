package io.quorumbench.baseline.codec;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The peer TCP stream of the baseline host, whatever the protocol. Big-endian. Each connection
 * carries frames one way, from the connecting node to the accepting one; a node opens one
 * connection to each peer. The host does not look inside a frame: the protocol's codec checks it
 * ({@link FrameHeaderDescriptor}, CRC and all).
 *
 * <pre>
 *  handshake : magic u32 'QBRH' | cluster id i32 | sender node id i32
 *  then      : frame length u32 | frame (the protocol's, itself CRC-checked), repeated
 * </pre>
 * A connection with a bad handshake, or a frame length outside 1..{@link #MAX_FRAME_LENGTH}, is
 * closed (the stream cannot be resynchronised); the sender reconnects.
 */
public final class PeerStreamDescriptor
{
    /** "QBRH": quorumbench replica handshake; unchanged since the first baseline host, so old and new nodes interoperate. */
    public static final int HANDSHAKE_MAGIC = 0x51425248;
    /** Largest frame accepted on the stream, bytes. */
    public static final int MAX_FRAME_LENGTH = 64 * 1024 * 1024;

    private PeerStreamDescriptor()
    {
    }

    /**
     * Write the handshake that opens a connection, and flush it.
     *
     * @param out       the connection's stream.
     * @param clusterId the cluster's id.
     * @param nodeId    the connecting (sending) node.
     * @throws IOException if the connection fails.
     */
    public static void writeHandshake(final DataOutputStream out, final int clusterId, final int nodeId) throws IOException
    {
        out.writeInt(HANDSHAKE_MAGIC);
        out.writeInt(clusterId);
        out.writeInt(nodeId);
        out.flush();
    }

    /**
     * Read and check a handshake.
     *
     * @param in        the accepted connection's stream.
     * @param clusterId the cluster's id; another is refused.
     * @return the sender id.
     * @throws IOException on a short stream or a handshake that is not ours.
     */
    public static int readHandshake(final DataInputStream in, final int clusterId) throws IOException
    {
        final int magic = in.readInt();
        final int cluster = in.readInt();
        final int from = in.readInt();
        if (magic != HANDSHAKE_MAGIC)
        {
            throw new IOException("bad handshake magic 0x" + Integer.toHexString(magic));
        }
        if (cluster != clusterId)
        {
            throw new IOException("handshake from cluster " + cluster + ", expected " + clusterId);
        }
        return from;
    }
}
