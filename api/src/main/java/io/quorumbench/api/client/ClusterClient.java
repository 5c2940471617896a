package io.quorumbench.api.client;

import java.util.Map;

/**
 * A connection to a replicated service (in this process or elsewhere) that opens client sessions.
 * Built by {@link io.quorumbench.api.registry.Implementation#connect} for a running cluster, or
 * part of an {@link io.quorumbench.api.registry.EmbeddedCluster}.
 *
 * <p><b>Threading</b>: {@link #openSession(int)}, {@link #context()} and {@link #close()} are called
 * from one controlling thread; each session is then owned by one thread (see {@link ClientSession}).
 */
public interface ClusterClient extends AutoCloseable
{
    /**
     * Open a session for one owner thread.
     *
     * @param sessionIndex 0-based index of the owner (a sender), unique per client; an
     *                     implementation may use it to spread sessions over its resources.
     * @return the session.
     * @throws IllegalStateException if the client is closed or has no room for another session.
     */
    ClientSession openSession(int sessionIndex);

    /**
     * Facts recorded in a run's context: implementation, protocol, transport, node count, fsync
     * policy, the client's own tuning. Keys are stable (see {@code loadgen/SUMMARY-FORMAT.md}).
     *
     * @return an ordered map of context entries.
     */
    Map<String, Object> context();

    /** Close every session and release the client's resources (threads, drivers). Idempotent. */
    @Override
    void close();
}
