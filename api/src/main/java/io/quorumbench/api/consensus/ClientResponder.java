package io.quorumbench.api.consensus;

/**
 * Where a protocol node reports the outcome of client commands. Called on the node's own thread.
 * The result bytes are valid only for the duration of the call.
 */
public interface ClientResponder
{
    /**
     * The command was committed and applied; {@code result} is what the state machine returned.
     * A retried command (same client id and sequence) is answered with the result of its first
     * application and is not applied again.
     *
     * @param clientId client session id.
     * @param sequence client's sequence number of the command.
     * @param logIndex log index (or slot) at which the command was applied.
     * @param result   buffer holding the result.
     * @param offset   first byte of the result.
     * @param length   result length in bytes.
     */
    void onCommitted(long clientId, long sequence, long logIndex, byte[] result, int offset, int length);

    /**
     * The command was not accepted by this node. The client may retry at {@code leaderHint}.
     *
     * @param clientId   client session id.
     * @param sequence   client's sequence number of the command.
     * @param reason     why it was rejected.
     * @param leaderHint node id the client should try next, or {@link NodeConfig#NO_NODE}.
     */
    void onRejected(long clientId, long sequence, RejectReason reason, int leaderHint);
}
