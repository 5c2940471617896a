package io.quorumbench.loadgen.workload;

import io.quorumbench.api.client.ClientSession;

import java.util.Map;

/**
 * What the load generator sends and how it checks the answers. A workload encodes commands for
 * the state machine the target runs (KV today; Paxos and locks plug in the same way), remembers
 * what it needs to check the run, and after the run verifies it: the history against a
 * linearizability checker and every acknowledged write read back.
 *
 * <p><b>Threading</b>: {@link #newSession} and {@link #verify} run on the controlling thread;
 * each {@link WorkloadSession} is used by one sender thread.
 */
public interface Workload
{
    /**
     * Short name recorded in results, e.g. {@code kv}.
     *
     * @return the name.
     */
    String name();

    /**
     * The workload's settings, recorded in the run's summary under {@code context.workloadSettings}.
     *
     * @return an ordered map.
     */
    Map<String, Object> settings();

    /**
     * Largest command {@link WorkloadSession#encode} writes.
     *
     * @return length in bytes.
     */
    int maxCommandLength();

    /**
     * A per-sender session.
     *
     * @param senderIndex    0-based sender index; makes value ids unique across senders.
     * @param slotCapacity   in-flight slots the sender uses (power of two); slot indexes passed
     *                       to the session are below it.
     * @param track          whether to keep what {@link #verify} needs (history, acknowledged
     *                       writes); false against targets that apply nothing.
     * @param seed           seed of this session's random choices.
     * @return the session.
     */
    WorkloadSession newSession(int senderIndex, int slotCapacity, boolean track, long seed);

    /**
     * Prepare before the senders start, e.g. read what a running cluster already holds. Nothing
     * by default.
     *
     * @param session    a target session, owned by the calling thread until the run starts.
     * @param deadlineNs {@link System#nanoTime()} by which to give up.
     */
    default void prepare(final ClientSession session, final long deadlineNs)
    {
    }

    /**
     * Check the run after every sender has stopped: read back acknowledged writes through
     * {@code readSession} and check the recorded history, each within its own budget (the check's
     * clock starts when the read-back ends).
     *
     * @param sessions      the sessions of every sender, in sender order.
     * @param readSession   a target session for read-back, owned by the calling thread.
     * @param budgets       how long the read-back and the history check may each take; a check that
     *                      runs out of time says so (INCONCLUSIVE).
     * @return the verdicts, never a silent default.
     */
    Verification verify(WorkloadSession[] sessions, ClientSession readSession, CheckBudgets budgets);
}
