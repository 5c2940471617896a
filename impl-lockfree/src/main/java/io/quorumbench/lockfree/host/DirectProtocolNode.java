package io.quorumbench.lockfree.host;

import io.quorumbench.api.consensus.ProtocolNode;
import org.agrona.DirectBuffer;

/**
 * A deterministic protocol core that also takes its input straight from Agrona buffers, so the
 * host hands it a frame where Aeron left it (a term buffer, a ring-buffer record) instead of
 * copying it into a {@code byte[]} first. Everything else (tick, queries, crash) is
 * {@link ProtocolNode}'s; a core implements both overloads with the same meaning.
 *
 * <p><b>Threading</b>: single-threaded, as {@link ProtocolNode}. The buffers are only valid for
 * the duration of the call: a core copies what it keeps.
 */
public interface DirectProtocolNode extends ProtocolNode
{
    /**
     * Deliver a frame from a peer, zero copy; same contract as
     * {@link ProtocolNode#onMessage(int, byte[], int, int)}.
     *
     * @param fromNodeId sender as the transport knows it.
     * @param buffer     buffer holding the frame.
     * @param offset     first byte of the frame.
     * @param length     frame length in bytes.
     */
    void onMessage(int fromNodeId, DirectBuffer buffer, int offset, int length);

    /**
     * Submit a client command, zero copy; same contract as
     * {@link ProtocolNode#onClientCommand(long, long, byte[], int, int)}.
     *
     * @param clientId client session id.
     * @param sequence client's sequence number; a retry reuses it.
     * @param command  buffer holding the command.
     * @param offset   first byte of the command.
     * @param length   command length in bytes.
     */
    void onClientCommand(long clientId, long sequence, DirectBuffer command, int offset, int length);
}
