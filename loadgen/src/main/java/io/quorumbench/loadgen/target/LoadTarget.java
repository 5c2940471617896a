package io.quorumbench.loadgen.target;

import io.quorumbench.api.client.ClientSession;

import java.util.Map;

/**
 * What the load generator drives: an in-process no-op, a fake with a configurable delay, or a
 * replicated-log cluster of one implementation. A target is started by its constructor or factory
 * and owns every thread, process and resource it starts until {@link #close()}.
 *
 * <p><b>Threading</b>: {@link #openSession(int)} and {@link #close()} are called from the
 * controlling thread; each {@link ClientSession} is then used by one sender thread only.
 */
public interface LoadTarget extends AutoCloseable
{
    /**
     * Short name recorded in results, e.g. {@code noop}, {@code baseline}, {@code lockfree}.
     *
     * @return the name.
     */
    String name();

    /**
     * Facts about the target recorded in the run's context: implementation, transport, node
     * count, fsync policy. Keys are stable (see {@code loadgen/SUMMARY-FORMAT.md}).
     *
     * @return an ordered map of context entries.
     */
    Map<String, Object> context();

    /**
     * Whether results from this target carry application state, so a history can be checked for
     * linearizability and acknowledged writes read back. False for the no-op target, whose
     * verdicts are then reported as "not checked" rather than as passed.
     *
     * @return true if the target applies commands to a real state machine (the default: every
     *         consensus target does).
     */
    default boolean appliesCommands()
    {
        return true;
    }

    /**
     * Peak size of the nodes' data directory over the run so far, for targets that own it (an
     * embedded cluster); summary.json records it as {@code dataDirPeakBytes}.
     *
     * @return bytes, or -1 if this target does not measure it (the default; the key is then left out).
     */
    default long dataDirPeakBytes()
    {
        return -1;
    }

    /**
     * Open a client session for one sender.
     *
     * @param sessionIndex 0-based index of the sender that will own the session.
     * @return the session.
     */
    ClientSession openSession(int sessionIndex);

    /** Stop everything the target started (threads, nodes, drivers) and release resources. Idempotent. */
    @Override
    void close();
}
