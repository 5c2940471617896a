package io.quorumbench.baseline.paxos;

import java.util.List;

/**
 * The messages of the baseline Multi-Paxos ({@link PaxosFrameDescriptor} has their byte layout).
 * Every message carries the ballot it is about; values are slot values ({@link SlotValue}).
 */
public sealed interface PaxosMessage
{
    /**
     * The ballot this message is sent in or answers.
     *
     * @return a packed ballot.
     */
    long ballot();

    /**
     * The frame type.
     *
     * @return one of {@link PaxosFrameDescriptor}'s types.
     */
    byte type();

    /**
     * A value an acceptor holds for a slot, as phase 1b reports it.
     *
     * @param slot   the slot.
     * @param ballot the ballot it was accepted in.
     * @param value  the value bytes.
     */
    record AcceptedSlot(long slot, long ballot, byte[] value)
    {
    }

    /**
     * A value known chosen for a slot, as catch-up ships it.
     *
     * @param slot  the slot.
     * @param value the value bytes.
     */
    record ChosenSlot(long slot, byte[] value)
    {
    }

    /**
     * Phase 1a, once for every slot from {@code fromSlot} on.
     *
     * @param ballot   the proposer's new ballot.
     * @param fromSlot first slot the proposer does not know chosen.
     */
    record Prepare(long ballot, long fromSlot) implements PaxosMessage
    {
        @Override
        public byte type()
        {
            return PaxosFrameDescriptor.PREPARE;
        }
    }

    /**
     * Phase 1b: a promise with every accepted value from the asked slot on, or a refusal.
     *
     * @param ballot       the ballot asked for.
     * @param ok           whether it was promised.
     * @param promised     the acceptor's promise after this answer (above {@code ballot} on a refusal).
     * @param chosenPrefix the acceptor's contiguous chosen prefix.
     * @param accepted     accepted values from the asked slot on (empty on a refusal).
     */
    record Promise(long ballot, boolean ok, long promised, long chosenPrefix, List<AcceptedSlot> accepted)
        implements PaxosMessage
    {
        @Override
        public byte type()
        {
            return PaxosFrameDescriptor.PROMISE;
        }
    }

    /**
     * Phase 2a for one slot, with the proposer's commit point piggy-backed.
     *
     * @param ballot      the leader's ballot.
     * @param slot        the slot.
     * @param commitPoint the leader's contiguous chosen prefix.
     * @param value       the value.
     */
    record Accept(long ballot, long slot, long commitPoint, byte[] value) implements PaxosMessage
    {
        @Override
        public byte type()
        {
            return PaxosFrameDescriptor.ACCEPT;
        }
    }

    /**
     * Phase 2b: accepted, or refused because of a higher promise.
     *
     * @param ballot       the ballot of the {@link Accept} answered.
     * @param slot         its slot.
     * @param ok           whether it was accepted.
     * @param promised     the acceptor's promise.
     * @param chosenPrefix the acceptor's contiguous chosen prefix.
     */
    record Accepted(long ballot, long slot, boolean ok, long promised, long chosenPrefix) implements PaxosMessage
    {
        @Override
        public byte type()
        {
            return PaxosFrameDescriptor.ACCEPTED;
        }
    }

    /**
     * The leader's heartbeat: its commit point and, for a lagging replica, chosen values.
     *
     * @param ballot      the leader's ballot.
     * @param commitPoint the leader's contiguous chosen prefix.
     * @param chosen      chosen values the receiver lacks (may be empty).
     */
    record Commit(long ballot, long commitPoint, List<ChosenSlot> chosen) implements PaxosMessage
    {
        @Override
        public byte type()
        {
            return PaxosFrameDescriptor.COMMIT;
        }
    }

    /**
     * Answer to a {@link Commit}: the replica's progress, or a refusal because of a higher promise.
     *
     * @param ballot       the ballot of the {@link Commit} answered.
     * @param ok           whether the sender's ballot is at least the promise.
     * @param promised     the acceptor's promise.
     * @param chosenPrefix the replica's contiguous chosen prefix.
     */
    record CommitAck(long ballot, boolean ok, long promised, long chosenPrefix) implements PaxosMessage
    {
        @Override
        public byte type()
        {
            return PaxosFrameDescriptor.COMMIT_ACK;
        }
    }
}
