/**
 * Aeron Cluster as a peer ({@code raft/aeron-cluster}): {@link io.quorumbench.peers.aeron.AeronClusterPeer}
 * registers it; each member is a media driver, archive, consensus module and one clustered service
 * running the project's KV state machine; the client is one {@code AeronCluster} per session.
 */
package io.quorumbench.peers.aeron;
