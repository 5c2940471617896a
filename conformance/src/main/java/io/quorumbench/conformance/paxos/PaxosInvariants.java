package io.quorumbench.conformance.paxos;

import io.quorumbench.conformance.check.Invariant;
import io.quorumbench.conformance.check.ReplicatedLogInvariant;

import java.util.ArrayList;
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

    /**
     * Everything a Multi-Paxos kit test checks: the consensus-neutral log invariants (a committed
     * entry never changes, state-machine safety) and {@link #all()}.
     *
     * @return the list, fresh instances.
     */
    public static List<Invariant> forMultiPaxos()
    {
        final List<Invariant> invariants = new ArrayList<>(ReplicatedLogInvariant.consensusNeutral());
        invariants.addAll(all());
        return invariants;
    }
}
