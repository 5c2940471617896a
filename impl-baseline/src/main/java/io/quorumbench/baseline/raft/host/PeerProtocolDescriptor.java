package io.quorumbench.baseline.raft.host;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The peer TCP stream of the baseline host. Big-endian. Each connection carries frames one way,
 * from the connecting node to the accepting one; a node opens one connection to each peer.
 *
 * <pre>
 *  handshake : magic u32 'QBRH' | cluster id i32 | sender node id i32
 *  then      : frame length u32 | frame (a RaftCodec frame, itself CRC-checked), repeated
 * </pre>
 * A connection with a bad handshake, or a frame length outside 1..{@link #MAX_FRAME_LENGTH}, is
 * closed (the stream cannot be resynchronised); the sender reconnects.
 */
public final class PeerProtocolDescriptor
{
    /** "QBRH": quorumbench Raft handshake. */
    public static final int HANDSHAKE_MAGIC = 0x51425248;
    /** Largest frame accepted on the stream, bytes. */
    public static final int MAX_FRAME_LENGTH = 64 * 1024 * 1024;

    private PeerProtocolDescriptor()
    {
    }

    static void writeHandshake(final DataOutputStream out, final int clusterId, final int nodeId) throws IOException
    {
        out.writeInt(HANDSHAKE_MAGIC);
        out.writeInt(clusterId);
        out.writeInt(nodeId);
        out.flush();
    }

    /**
     * Read and check a handshake.
     *
     * @return the sender id.
     * @throws IOException on a short stream or a handshake that is not ours.
     */
    static int readHandshake(final DataInputStream in, final int clusterId) throws IOException
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
