package io.quorumbench.loadgen.workload;

/**
 * One sender's side of a {@link Workload}: encodes the next command into the slot the sender
 * assigns it and hears how it ended. Keeps the per-slot details (op, key, value) itself, in
 * preallocated arrays, so the sender's hot path does not allocate.
 *
 * <p><b>Threading</b>: single-threaded, the owning sender's.
 */
public interface WorkloadSession
{
    /**
     * Encode the next command.
     *
     * @param slot      in-flight slot the sender will hold it in, below the slot capacity.
     * @param requestId the sender's request id for it, increasing.
     * @param invokeNs  time the operation is invoked, nanoseconds ({@link System#nanoTime()}).
     * @param buffer    destination, at least {@link Workload#maxCommandLength()} bytes.
     * @return the number of bytes written.
     */
    int encode(int slot, long requestId, long invokeNs, byte[] buffer);

    /**
     * The command in {@code slot} finished.
     *
     * @param slot        the slot it was encoded into.
     * @param outcome     {@link io.quorumbench.api.client.CompletionHandler#OK},
     *                    {@code FAILED} or {@code UNKNOWN}.
     * @param completeNs  time the response arrived.
     * @param result      buffer holding the result; valid only during the call.
     * @param offset      first byte of the result.
     * @param length      result length.
     */
    void onComplete(int slot, int outcome, long completeNs, byte[] result, int offset, int length);

    /**
     * The command in {@code slot} got no answer in time; its outcome is unknown.
     *
     * @param slot the slot it was encoded into.
     */
    void onTimeout(int slot);
}
