package io.quorumbench.api.fault;

import java.util.Set;

/**
 * Faults a cluster can suffer during a run: implemented by every embedded cluster
 * ({@link io.quorumbench.api.registry.EmbeddedCluster}) and by the process cluster runner
 * ({@code --spawn-cluster}).
 *
 * <p>Each target says in {@link #faultModel(FaultAction)} how it realises an action (e.g.
 * {@code pause} in-process drops all the node's peer traffic, for a process it is SIGSTOP), and
 * {@link #supportedFaults()} lists what it can do at all; a schedule asking for more is a usage
 * error before the run starts.
 *
 * <p><b>Threading</b>: called from the run's controlling (monitor) thread while senders run.
 */
public interface FaultInjector
{
    /**
     * @return the actions this target can perform.
     */
    Set<FaultAction> supportedFaults();

    /**
     * @param action an action of {@link #supportedFaults()}.
     * @return how this target realises it, for the summary (e.g. {@code "SIGSTOP"}).
     */
    String faultModel(FaultAction action);

    /**
     * @return the node ids of the cluster.
     */
    int[] members();

    /**
     * Who leads now, as far as the target can tell without waiting.
     *
     * @return the leader's id, or -1 if none is known.
     */
    int leaderId();

    /**
     * Crash the current leader the way a killed process would (no orderly shutdown).
     *
     * @return the killed node's id, or -1 if there was no leader to kill.
     */
    default int killLeader()
    {
        final int leader = leaderId();
        if (leader < 0)
        {
            return -1;
        }
        kill(leader);
        return leader;
    }

    /**
     * Crash a node (kill -9). A node already down is left alone.
     *
     * @param nodeId the node.
     */
    void kill(int nodeId);

    /**
     * Restart a crashed node from its data directory.
     *
     * @param nodeId the node.
     */
    void restart(int nodeId);

    /**
     * Pause a node (it stops taking part until {@link #resume}).
     *
     * @param nodeId the node.
     */
    void pause(int nodeId);

    /**
     * Undo {@link #pause}.
     *
     * @param nodeId the node.
     */
    void resume(int nodeId);

    /**
     * Cut these nodes' peer links (each from every other node).
     *
     * @param nodeIds a minority of the nodes.
     */
    void partition(int[] nodeIds);

    /** Restore every link cut by {@link #partition}. */
    void heal();
}
