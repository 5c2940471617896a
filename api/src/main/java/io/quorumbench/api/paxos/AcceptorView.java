package io.quorumbench.api.paxos;

/**
 * Read-only view of one node's Paxos acceptor, for the conformance kit's oracles. Implemented by
 * the Multi-Paxos core of each implementation next to
 * {@link io.quorumbench.api.consensus.ProtocolNode}; the kit reads it after every step of the
 * node, on the node's own thread, so an implementation answers from its state without copying
 * more than {@link #acceptedValueAt(long)} returns.
 *
 * <p>What the view shows is the <em>durable</em> acceptor state in the sense of the node's fsync
 * policy: after {@code crash(powerLoss)} and restart it must show what the node promised and
 * accepted before the crash, except what the policy allows a power loss to lose. The kit checks
 * that promises never go backwards across restarts where the policy makes them durable.
 *
 * <p>Slots are numbered from 1, as log indexes are; a slot that was never accepted (a hole) has
 * ballot {@link Ballot#NONE}. Slots below {@link #firstRetainedSlot()} may have been compacted
 * away once they are chosen and applied.
 */
public interface AcceptorView
{
    /**
     * The highest ballot this acceptor has promised (phase 1b) or accepted in (phase 2b).
     *
     * @return a packed {@link Ballot}, {@link Ballot#NONE} if nothing yet.
     */
    long promisedBallot();

    /**
     * The ballot in which this acceptor last accepted a value for a slot.
     *
     * @param slot 1 .. {@link #highestAcceptedSlot()}.
     * @return a packed {@link Ballot}, {@link Ballot#NONE} for a hole or a slot not retained.
     */
    long acceptedBallotAt(long slot);

    /**
     * The value this acceptor last accepted for a slot: the whole batch as it travels in phase 2a
     * (a no-op filler is a value too, encoded by the implementation), compared byte for byte by the
     * kit.
     *
     * @param slot 1 .. {@link #highestAcceptedSlot()}.
     * @return a copy of the value, or {@code null} for a hole or a slot not retained.
     */
    byte[] acceptedValueAt(long slot);

    /**
     * The highest slot for which this acceptor holds an accepted value.
     *
     * @return 0 if none.
     */
    long highestAcceptedSlot();

    /**
     * The lowest slot whose accepted state is still held (1 until the log is compacted).
     *
     * @return the first retained slot.
     */
    default long firstRetainedSlot()
    {
        return 1;
    }
}
