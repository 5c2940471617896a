/**
 * Existing engines that users would deploy instead of writing their own replicated service,
 * registered as {@link io.quorumbench.api.registry.ImplementationKind#PEER} implementations of Raft
 * so that every harness tool drives them like ours: Aeron Cluster ({@code raft/aeron-cluster},
 * {@code io.quorumbench.peers.aeron}) and Apache Ratis ({@code raft/ratis},
 * {@code io.quorumbench.peers.ratis}). Each runs the project's {@link io.quorumbench.api.kv.KvStateMachine}
 * inside the engine's own state-machine interface and is configured only through the engine's public
 * API; nothing of the engine is changed. {@link io.quorumbench.peers.PeerSupport} holds what both share.
 */
package io.quorumbench.peers;
