package io.quorumbench.loadgen.fault;

/**
 * Faults a target can suffer during a run. Implemented by the embedded Raft targets.
 *
 * <p><b>Threading</b>: called from the run's controlling (monitor) thread while senders run.
 */
public interface FaultInjector
{
    /**
     * Crash the current leader the way a killed process would (no orderly shutdown).
     *
     * @return the killed node's id, or -1 if there was no leader to kill.
     */
    int killLeader();
}
