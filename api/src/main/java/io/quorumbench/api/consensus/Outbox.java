package io.quorumbench.api.consensus;

/**
 * Where a protocol node puts the frames it wants sent. The host (or the simulator) owns delivery:
 * frames may be lost, delayed, duplicated, reordered or corrupted on the way.
 *
 * <p>The bytes are only valid for the duration of the call: an implementation copies or transmits
 * them before returning, so a node can reuse one encode buffer for every frame.
 */
@FunctionalInterface
public interface Outbox
{
    /**
     * Send one frame to a peer.
     *
     * @param toNodeId destination node id.
     * @param frame    buffer holding the frame.
     * @param offset   first byte of the frame.
     * @param length   length of the frame in bytes.
     */
    void send(int toNodeId, byte[] frame, int offset, int length);
}
