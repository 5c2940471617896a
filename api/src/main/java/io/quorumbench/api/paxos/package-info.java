/**
 * What a Multi-Paxos core shows the conformance kit besides the
 * {@link io.quorumbench.api.consensus.ProtocolNode} contract: its acceptor state, so that the kit's
 * agreement oracle can decide "at most one value is chosen per slot" from what a majority of
 * acceptors accepted rather than by trusting any leader's view.
 *
 * <p>{@link io.quorumbench.api.paxos.Ballot} is the one encoding of a ballot {@code (round, nodeId)}
 * every implementation uses; {@link io.quorumbench.api.paxos.AcceptorView} is the read-only view of
 * one node's acceptor, implemented by the Paxos core of each implementation.
 */
package io.quorumbench.api.paxos;
