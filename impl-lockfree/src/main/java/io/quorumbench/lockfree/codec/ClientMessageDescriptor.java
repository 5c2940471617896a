package io.quorumbench.lockfree.codec;

import io.quorumbench.api.consensus.RejectReason;

/**
 * Layouts of the messages between clients and a node's agent on Agrona ring buffers (the ring
 * buffer's own record header carries the type and length), the same for every protocol: a
 * "log index" is the position at which the command was applied (a log index, a Paxos slot).
 * Little-endian.
 *
 * <pre>
 * MSG_COMMAND (client -> node ingress):
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                       client id (int64)                       |
 *  +---------------------------------------------------------------+
 *  |                       sequence (int64)                        |
 *  +---------------------------------------------------------------+
 *  |                       command bytes                          ...
 *
 * MSG_COMMITTED (node -> client egress):
 *  +---------------------------------------------------------------+
 *  |                       client id (int64)                       |
 *  |                       sequence (int64)                        |
 *  |                       log index (int64)                       |
 *  +---------------------------------------------------------------+
 *  |                       result bytes                           ...
 *
 * MSG_REJECTED (node -> client egress):
 *  +---------------------------------------------------------------+
 *  |                       client id (int64)                       |
 *  |                       sequence (int64)                        |
 *  |                 reason (int32, RejectReason ordinal)          |
 *  |                 leader hint (int32, -1 = none)                |
 *  +---------------------------------------------------------------+
 *
 * Over Aeron UDP ({@code AeronClientTransport}, {@code UdpClient}) each message is preceded by
 * an 8-byte prefix because there is no ring-buffer record header to carry the type:
 *  +---------------------------------------------------------------+
 *  |                  message type (int32)                         |
 *  |                  reserved (int32, zero)                       |
 *  +---------------------------------------------------------------+
 *  |                  one of the layouts above                    ...
 * and one more type, MSG_CONNECT (client -> node), whose layout is
 *  |                       client id (int64)                       |
 *  |                       reserved (int64)                        |
 *  |  ASCII Aeron channel the node publishes this client's outcomes to ...
 * </pre>
 */
public final class ClientMessageDescriptor
{
    /** UDP message type announcing a client's response channel. */
    public static final int MSG_CONNECT = 4;
    /** Length of the UDP type prefix. */
    public static final int UDP_PREFIX_LENGTH = 8;
    /** Offset of the type in the UDP prefix. */
    public static final int UDP_TYPE_OFFSET = 0;
    /** Stream id of client commands to a node's client endpoint. */
    public static final int CLIENT_STREAM_ID = 0x5300_0001;
    /** Stream id of outcomes to a client's response endpoint. */
    public static final int RESPONSE_STREAM_ID = 0x5300_0002;

    /** Ring buffer message type of a client command. */
    public static final int MSG_COMMAND = 1;
    /** Ring buffer message type of a committed outcome. */
    public static final int MSG_COMMITTED = 2;
    /** Ring buffer message type of a rejection. */
    public static final int MSG_REJECTED = 3;

    /** Offset of the client id in every message. */
    public static final int CLIENT_ID_OFFSET = 0;
    /** Offset of the sequence in every message. */
    public static final int SEQUENCE_OFFSET = 8;
    /** Offset of the command in MSG_COMMAND. */
    public static final int COMMAND_OFFSET = 16;
    /** Offset of the log index in MSG_COMMITTED. */
    public static final int LOG_INDEX_OFFSET = 16;
    /** Offset of the result in MSG_COMMITTED. */
    public static final int RESULT_OFFSET = 24;
    /** Offset of the reason in MSG_REJECTED. */
    public static final int REASON_OFFSET = 16;
    /** Offset of the leader hint in MSG_REJECTED. */
    public static final int LEADER_HINT_OFFSET = 20;
    /** Length of MSG_REJECTED. */
    public static final int REJECTED_LENGTH = 24;

    private static final RejectReason[] REASONS = RejectReason.values();

    private ClientMessageDescriptor()
    {
    }

    /**
     * Decode a reason without the allocation of {@code RejectReason.values()}.
     *
     * @param ordinal wire value.
     * @return the reason, or INVALID_COMMAND for an unknown value.
     */
    public static RejectReason reason(final int ordinal)
    {
        return ordinal >= 0 && ordinal < REASONS.length ? REASONS[ordinal] : RejectReason.INVALID_COMMAND;
    }
}
