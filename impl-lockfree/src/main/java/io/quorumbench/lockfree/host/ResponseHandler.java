package io.quorumbench.lockfree.host;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.RejectReason;
import org.agrona.DirectBuffer;

/**
 * Receives the outcomes a client ({@link InProcessClient}, {@link UdpClient}) polls: committed
 * results and rejections, on the polling thread.
 */
public interface ResponseHandler
{
    /**
     * A command was committed and applied.
     *
     * @param clientId this client.
     * @param sequence the command's sequence.
     * @param logIndex log index it was applied at.
     * @param result   buffer holding the state machine's result; valid during the call only.
     * @param offset   first result byte.
     * @param length   result length.
     */
    void onCommitted(long clientId, long sequence, long logIndex, DirectBuffer result, int offset, int length);

    /**
     * A command was rejected (or its outcome is unknown: LEADERSHIP_LOST).
     *
     * @param clientId   this client.
     * @param sequence   the command's sequence.
     * @param reason     why.
     * @param leaderHint node to try next, or {@link NodeConfig#NO_NODE}.
     */
    void onRejected(long clientId, long sequence, RejectReason reason, int leaderHint);
}
