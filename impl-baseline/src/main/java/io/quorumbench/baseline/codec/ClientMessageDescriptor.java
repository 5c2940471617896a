package io.quorumbench.baseline.codec;

import io.quorumbench.api.consensus.RejectReason;

import java.nio.ByteBuffer;

/**
 * The client messages of the baseline host, whatever the protocol behind it: length-prefixed
 * request and response messages over TCP, big-endian. A connection may carry many requests; responses come back in commit order, which is
 * not necessarily request order, so each echoes its client id and sequence.
 *
 * <pre>
 *  request  : length u32 (of what follows) | clientId i64 | sequence i64 | command bytes
 *  response : length u32 (of what follows) | clientId i64 | sequence i64 | status u8 |
 *             leaderHint i32 | logIndex i64 | result bytes
 * </pre>
 * Status codes are {@link #STATUS_OK} and one per {@link RejectReason} ({@link #status(RejectReason)}).
 * {@code leaderHint} is a node id, -1 if unknown; {@code logIndex} is 0 unless the status is OK.
 */
public final class ClientMessageDescriptor
{
    /**
     * Largest request length accepted as well-formed; a longer one is garbage and the connection is
     * closed. A request within this bound but above the cluster's {@code max.command.bytes} is
     * answered {@link #STATUS_INVALID_COMMAND} and the connection stays open.
     */
    public static final int MAX_REQUEST_LENGTH = 64 * 1024 * 1024;
    /** Request bytes before the command. */
    public static final int REQUEST_HEADER_LENGTH = 16;
    /** Response bytes before the result. */
    public static final int RESPONSE_HEADER_LENGTH = 8 + 8 + 1 + 4 + 8;
    /** Committed and applied; the result follows. */
    public static final byte STATUS_OK = 0;
    /** Not the leader; try the leader hint. */
    public static final byte STATUS_NOT_LEADER = 1;
    /** Overloaded; back off and retry. */
    public static final byte STATUS_BACKPRESSURE = 2;
    /** Command malformed or too large; do not retry. */
    public static final byte STATUS_INVALID_COMMAND = 3;
    /** Leadership lost before commit; outcome unknown, retry with the same sequence. */
    public static final byte STATUS_LEADERSHIP_LOST = 4;

    private ClientMessageDescriptor()
    {
    }

    /**
     * Encode one response, length prefix included.
     *
     * @param clientId   client id.
     * @param sequence   sequence number.
     * @param status     status code.
     * @param leaderHint leader hint or -1.
     * @param logIndex   index of the committed command, 0 unless OK.
     * @param result     result buffer.
     * @param offset     first result byte.
     * @param length     result length.
     * @return the bytes to write.
     */
    public static byte[] response(
        final long clientId, final long sequence, final byte status, final int leaderHint, final long logIndex,
        final byte[] result, final int offset, final int length)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(4 + RESPONSE_HEADER_LENGTH + length);
        buffer.putInt(RESPONSE_HEADER_LENGTH + length)
            .putLong(clientId).putLong(sequence).put(status).putInt(leaderHint).putLong(logIndex)
            .put(result, offset, length);
        return buffer.array();
    }

    /**
     * The status code of a rejection.
     *
     * @param reason the reason.
     * @return its status byte.
     */
    public static byte status(final RejectReason reason)
    {
        return switch (reason)
        {
            case NOT_LEADER -> STATUS_NOT_LEADER;
            case BACKPRESSURE -> STATUS_BACKPRESSURE;
            case INVALID_COMMAND -> STATUS_INVALID_COMMAND;
            case LEADERSHIP_LOST -> STATUS_LEADERSHIP_LOST;
        };
    }
}
