package io.quorumbench.baseline.raft.host;

import io.quorumbench.api.consensus.RejectReason;

/**
 * The client TCP protocol of the baseline host: length-prefixed request and response messages,
 * big-endian. A connection may carry many requests; responses come back in commit order, which is
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
public final class ClientProtocolDescriptor
{
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

    private ClientProtocolDescriptor()
    {
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
