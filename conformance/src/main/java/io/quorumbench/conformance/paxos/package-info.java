/**
 * The conformance kit's Multi-Paxos checks, read through {@link io.quorumbench.api.paxos.AcceptorView}:
 * {@link io.quorumbench.conformance.paxos.PaxosAgreementInvariant} (at most one value chosen per
 * slot, decided from all acceptors' accepted ballots, and P2b) and
 * {@link io.quorumbench.conformance.paxos.AcceptorDurabilityInvariant} (promises and accepted
 * ballots never go backwards, across restarts included). {@link io.quorumbench.conformance.paxos.PaxosInvariants#all()}
 * lists both for a Multi-Paxos conformance test, next to
 * {@link io.quorumbench.conformance.check.ReplicatedLogInvariant#consensusNeutral()}.
 */
package io.quorumbench.conformance.paxos;
