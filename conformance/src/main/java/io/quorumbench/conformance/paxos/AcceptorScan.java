package io.quorumbench.conformance.paxos;

import io.quorumbench.api.paxos.AcceptorView;
import io.quorumbench.api.paxos.Ballot;

import java.util.Arrays;

/**
 * Which slots of one node's {@link AcceptorView} an invariant reads after a step, so that checking
 * after every step stays cheap for a thousand seeded runs: every step reads the accepted
 * <em>ballot</em> (a cheap lookup, no copy) of the top {@link #WINDOW_SLOTS} slots below
 * {@link AcceptorView#highestAcceptedSlot()}, and every {@link #FULL_SCAN_EVERY}-th step that
 * touches the node, or when its promise changed, every retained slot. A value is copied only when
 * the slot's ballot differs from the one last seen. What this can miss: a slot more than
 * {@link #WINDOW_SLOTS} below the top that is accepted in two new ballots between two full scans
 * (the earlier of the two acceptances is never seen); the last state is always seen.
 *
 * <p>Remembers, per slot, the last ballot seen; it is kept across restarts of the node, because the
 * acceptor state is durable. Single-threaded.
 */
final class AcceptorScan
{
    /** Slots below the highest accepted slot read on every step. */
    static final int WINDOW_SLOTS = 256;
    /** A full scan of a node's retained slots happens every this many steps that touch it. */
    static final int FULL_SCAN_EVERY = 16;

    /** Receives each slot whose accepted ballot changed since the last scan. */
    @FunctionalInterface
    interface Visitor
    {
        /**
         * A slot's accepted ballot differs from the one last seen.
         *
         * @param slot           the slot.
         * @param previousBallot the ballot last seen ({@link Ballot#NONE} if none).
         * @param ballot         the ballot now.
         */
        void onChanged(long slot, long previousBallot, long ballot);
    }

    private long[] seen = new long[64];
    private long touches;
    private long lastPromise = Ballot.NONE;

    /**
     * Scan a node after a step.
     *
     * @param view    the node's acceptor.
     * @param visitor called for every changed slot, in slot order.
     */
    void scan(final AcceptorView view, final Visitor visitor)
    {
        touches++;
        final long promise = view.promisedBallot();
        final boolean full = touches % FULL_SCAN_EVERY == 0 || promise != lastPromise;
        lastPromise = promise;
        final long highest = view.highestAcceptedSlot();
        final long first = Math.max(1, view.firstRetainedSlot());
        final long from = full ? first : Math.max(first, highest - WINDOW_SLOTS + 1);
        if (highest >= seen.length)
        {
            seen = Arrays.copyOf(seen, (int)Math.max(highest + 1, seen.length * 2L));
        }
        for (long slot = from; slot <= highest; slot++)
        {
            final long ballot = view.acceptedBallotAt(slot);
            final long previous = seen[(int)slot];
            if (ballot != previous)
            {
                seen[(int)slot] = ballot;
                visitor.onChanged(slot, previous, ballot);
            }
        }
    }
}
