package io.quorumbench.api.registry;

import io.quorumbench.api.client.ClusterClient;
import io.quorumbench.api.fault.FaultInjector;

/**
 * A cluster of one implementation running inside this process, with its client: what the load
 * generator's embedded target, the benchmarks' fixtures and integration tests drive. Started by
 * {@link Implementation#launch}; its nodes can be killed, restarted from their data, paused and
 * cut off ({@link FaultInjector}); {@link #close()} stops every node and thread it started and,
 * unless told otherwise, deletes its data.
 *
 * <p><b>Threading</b>: control methods from one controlling thread (faults may come from a
 * monitor thread while sessions run); sessions as {@link io.quorumbench.api.client.ClientSession}.
 */
public interface EmbeddedCluster extends ClusterClient, FaultInjector
{
    /**
     * Wait until some node leads and can take commands.
     *
     * @param timeoutNs how long to wait, nanoseconds.
     * @return the leader's node id.
     * @throws IllegalStateException if no leader is known within the timeout.
     */
    int awaitLeader(long timeoutNs);
}
