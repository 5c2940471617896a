package io.quorumbench.conformance.paxos;

import io.quorumbench.conformance.check.Invariant;

import java.util.List;

/**
 * The invariants a Multi-Paxos adds to {@link io.quorumbench.conformance.check.ReplicatedLogInvariant#consensusNeutral()}.
 */
public final class PaxosInvariants
{
    private PaxosInvariants()
    {
    }

    /**
     * Agreement over all acceptors ({@link PaxosAgreementInvariant}) and acceptor state that never
     * goes backwards ({@link AcceptorDurabilityInvariant}); fresh instances.
     *
     * @return the list.
     */
    public static List<Invariant> all()
    {
        return List.of(new PaxosAgreementInvariant(), new AcceptorDurabilityInvariant());
    }
}
