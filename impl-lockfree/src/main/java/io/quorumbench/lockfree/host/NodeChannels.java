package io.quorumbench.lockfree.host;

/**
 * Aeron channels and stream ids between the nodes of a cluster. Each directed link {@code from -> to} has its
 * own stream id, so the receiving agent knows the sender from the subscription a frame arrived
 * on (the core checks it against the frame header) and a link can be cut on its own.
 */
public final class NodeChannels
{
    /** Base of the peer stream ids. */
    public static final int PEER_STREAM_BASE = 0x5200_0000;
    /** Term buffer length of peer channels; small, per the harness rules, and enough for 8 KiB messages. */
    public static final String TERM_LENGTH = "64k";
    /**
     * MTU of the IPC peer links: a whole default AppendEntries batch (7 KiB of entries) in one
     * fragment. With Aeron's default of 1408 bytes a full batch went out as six fragments that
     * every follower reassembled by copying (0.4% of the one busy core at 500k ops/s), and each
     * fragment counted against the poll's fragment limit; IPC has no network MTU to respect.
     */
    public static final String IPC_MTU = "8k";
    /** IPC channel of the peer links in one process. */
    public static final String IPC_CHANNEL = "aeron:ipc?term-length=" + TERM_LENGTH + "|mtu=" + IPC_MTU;

    private NodeChannels()
    {
    }

    /**
     * Stream id of the link from one node to another.
     *
     * @param from sender id (0..999).
     * @param to   receiver id (0..999).
     * @return the stream id.
     */
    public static int peerStreamId(final int from, final int to)
    {
        if (from < 0 || from > 999 || to < 0 || to > 999)
        {
            throw new IllegalArgumentException("node ids must be in 0..999, got " + from + " -> " + to);
        }
        return PEER_STREAM_BASE + from * 1000 + to;
    }

    /**
     * UDP channel of a node's peer endpoint.
     *
     * @param endpoint host:port.
     * @return the channel.
     */
    public static String udpChannel(final String endpoint)
    {
        return "aeron:udp?endpoint=" + endpoint + "|term-length=" + TERM_LENGTH;
    }

    /**
     * UDP channel of a node's peer endpoint with a term length that carries frames of a size.
     *
     * @param endpoint       host:port.
     * @param maxFrameLength largest frame in bytes.
     * @return the channel.
     */
    public static String udpChannel(final String endpoint, final int maxFrameLength)
    {
        return "aeron:udp?endpoint=" + endpoint + "|term-length=" + termLength(maxFrameLength);
    }

    /**
     * Smallest term length (a power of two, at least 64 KiB) whose maximum message (term / 8)
     * holds a frame.
     *
     * @param maxFrameLength largest frame in bytes.
     * @return the term length in bytes.
     */
    public static int termLength(final int maxFrameLength)
    {
        return Math.max(64 * 1024, org.agrona.BitUtil.findNextPositivePowerOfTwo(maxFrameLength * 8));
    }
}
