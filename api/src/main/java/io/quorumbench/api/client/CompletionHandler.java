package io.quorumbench.api.client;

/**
 * Receives the outcome of requests sent through a {@link ClientSession}.
 *
 * <p><b>Threading</b>: invoked only from inside {@link ClientSession#poll(CompletionHandler, int)},
 * i.e. on the sender thread that owns the session, never from a target's own threads. That is
 * what lets the load generator record into single-writer histograms without locks.
 */
@FunctionalInterface
public interface CompletionHandler
{
    /** The command was applied; the result bytes are the state machine's answer. */
    int OK = 0;
    /** The command was definitely not applied (rejected, invalid); safe to count as an error. */
    int FAILED = 1;
    /** The outcome is unknown (leadership lost, connection dropped): it may or may not have been applied. */
    int UNKNOWN = 2;

    /**
     * One request finished.
     *
     * @param requestId   the id given to {@link ClientSession#trySend}.
     * @param outcome     {@link #OK}, {@link #FAILED} or {@link #UNKNOWN}.
     * @param completedNs {@link System#nanoTime()} at which the response arrived; stamped by the
     *                    target as close to the wire as it can, so a late poll does not inflate latency.
     * @param result      buffer holding the result; valid only during the call.
     * @param offset      first byte of the result.
     * @param length      result length in bytes, 0 when the target has none.
     */
    void onComplete(long requestId, int outcome, long completedNs, byte[] result, int offset, int length);
}
