package io.quorumbench.api.client;

/**
 * One client session on a replicated service, owned by one thread (a load generator's sender, a
 * benchmark's thread): a non-blocking send and a poll for completions. Every implementation's
 * client offers it ({@link ClusterClient#openSession(int)}), so the load generator, the benchmarks
 * and the tests drive every protocol and implementation the same way; leader discovery, retries
 * and resends are the session's business, not its caller's. The shape suits both kinds of client the implementations offer:
 * <ul>
 *   <li>a zero-allocation ring-buffer client (tuned): {@code trySend} writes into the ingress ring
 *       and {@code poll} drains the egress ring on the calling thread;</li>
 *   <li>a threaded client with callbacks (baseline): the adapter's callback thread stamps the
 *       completion time and queues it; {@code poll} drains that queue on the calling thread.</li>
 * </ul>
 *
 * <p><b>Threading</b>: every method is called from the one sender thread that opened the session
 * (single writer, single reader). {@link #trySend} never blocks: a full queue or window is
 * reported as {@code false} so the sender's lag, not a hidden wait, shows the back-pressure.
 */
public interface ClientSession extends AutoCloseable
{
    /**
     * Send one command without blocking.
     *
     * @param requestId id unique within this session, increasing; echoed in the completion.
     * @param command   buffer holding the command; the bytes are copied or sent before returning.
     * @param offset    first byte of the command.
     * @param length    command length in bytes.
     * @return true if the command was accepted, false if back-pressured (try again later).
     */
    boolean trySend(long requestId, byte[] command, int offset, int length);

    /**
     * {@link #trySend(long, byte[], int, int)} with the caller's latest clock reading, which a
     * session that keeps its own timers (retries, resends) may use instead of reading the clock
     * again. Never used to stamp a latency. The default ignores it.
     *
     * @param requestId id unique within this session, increasing; echoed in the completion.
     * @param command   buffer holding the command; the bytes are copied or sent before returning.
     * @param offset    first byte of the command.
     * @param length    command length in bytes.
     * @param nowNs     {@link System#nanoTime()} read by the caller shortly before the call.
     * @return true if the command was accepted, false if back-pressured (try again later).
     */
    default boolean trySend(long requestId, byte[] command, int offset, int length, long nowNs)
    {
        return trySend(requestId, command, offset, length);
    }

    /**
     * Deliver finished requests to {@code handler} on the calling thread.
     *
     * @param handler receives each completion.
     * @param limit   most completions to deliver in this call.
     * @return the number delivered.
     */
    int poll(CompletionHandler handler, int limit);

    /**
     * {@link #poll(CompletionHandler, int)} with the caller's latest clock reading, for the
     * session's own timers only (see {@link #trySend(long, byte[], int, int, long)}); completions
     * are still stamped when they are taken. The default ignores it.
     *
     * @param handler receives each completion.
     * @param limit   most completions to deliver in this call.
     * @param nowNs   {@link System#nanoTime()} read by the caller shortly before the call.
     * @return the number delivered.
     */
    default int poll(CompletionHandler handler, int limit, long nowNs)
    {
        return poll(handler, limit);
    }

    /**
     * Whether completion times are stamped when the answer arrives, on another thread, rather
     * than when {@link #poll} finds it. If so the sender may park between due times even with
     * requests in flight (freeing the CPU for the target's own threads) without inflating latency;
     * if not, it must keep polling.
     *
     * @return true if a late poll does not change the recorded latency.
     */
    default boolean stampsCompletionOnArrival()
    {
        return false;
    }

    /** Release the session; requests still in flight are abandoned. Idempotent. */
    @Override
    void close();
}
