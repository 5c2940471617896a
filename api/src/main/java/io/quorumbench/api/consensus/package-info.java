/**
 * The service-provider contract between a replicated-log protocol core (Raft, Multi-Paxos) and
 * whatever drives it: the conformance kit's deterministic simulator, a real host, a benchmark.
 *
 * <p>A {@link io.quorumbench.api.consensus.ProtocolNode} is built by a
 * {@link io.quorumbench.api.consensus.ProtocolNodeFactory} from a
 * {@link io.quorumbench.api.consensus.NodeConfig}; it is fed frames, ticks and client commands,
 * and emits frames to an {@link io.quorumbench.api.consensus.Outbox}, outcomes to a
 * {@link io.quorumbench.api.consensus.ClientResponder} and committed commands to a
 * {@link io.quorumbench.api.consensus.StateMachine}. Frames are plain bytes so the simulator can
 * drop, delay, duplicate, reorder, truncate and corrupt them.
 */
package io.quorumbench.api.consensus;
