/**
 * Clusters of separate node processes on this machine: {@link io.quorumbench.cluster.ClusterRunner}
 * starts one JVM per node of either implementation from a cluster configuration file, follows the
 * leader through the nodes' log lines, and injects process faults (SIGKILL, SIGSTOP/SIGCONT,
 * restart, and partition/heal when each node runs in its own network namespace);
 * {@link io.quorumbench.cluster.NetNamespaces} makes and removes those namespaces (veth
 * pairs on a bridge, blackhole routes for cut links) through a
 * {@link io.quorumbench.cluster.CommandRunner}; {@link io.quorumbench.cluster.ClusterCommand}
 * is the {@code scripts/cluster} command line over it. State (pid files, logs, data, Aeron
 * directories, the namespaces' description) lives in one work directory per cluster, so separate
 * invocations see the same cluster.
 */
package io.quorumbench.cluster;
