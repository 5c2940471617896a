/**
 * Clusters of separate node processes on this machine: {@link io.quorumbench.loadgen.cluster.ClusterRunner}
 * starts one JVM per node of either implementation from a cluster configuration file, follows the
 * leader through the nodes' log lines, and injects process faults (SIGKILL, SIGSTOP/SIGCONT,
 * restart); {@link io.quorumbench.loadgen.cluster.ClusterCommand} is the {@code scripts/cluster}
 * command line over it. State (pid files, logs, data, Aeron directories) lives in one work
 * directory per cluster, so separate invocations see the same cluster.
 */
package io.quorumbench.loadgen.cluster;
