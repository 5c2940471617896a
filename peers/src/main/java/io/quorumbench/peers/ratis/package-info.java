/**
 * Apache Ratis as a peer ({@code raft/ratis}): {@link io.quorumbench.peers.ratis.RatisPeer} registers
 * it; each server is a {@code RaftServer} on gRPC running the project's KV state machine in
 * {@link io.quorumbench.peers.ratis.KvRatisStateMachine}; the client is one {@code RaftClient} per session.
 */
package io.quorumbench.peers.ratis;
