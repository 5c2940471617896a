package io.quorumbench.lockfree.raft;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * Client sessions as replicated state (thesis section 6.3), built identically on every replica by
 * applying the same log, so a retried command is answered, never applied twice.
 *
 * <p>Per client: the highest applied sequence, a bitmap of which of the last
 * {@link #WINDOW} sequences below it were applied, and the results of the last
 * {@link #RESULT_SLOTS} applied commands. A pipelining client may have commands rejected (e.g.
 * NOT_LEADER) while later ones commit: retrying the earlier ones still applies them, because the
 * window records exactly which sequences were applied, not just the highest. A retry of an applied
 * command is answered with its stored result while it is among the last {@link #RESULT_SLOTS};
 * older ones, and anything more than {@link #WINDOW} below the highest, can only be answered
 * "outcome unknown". Allocates only when a new client appears.
 *
 * <p>Not thread-safe: owned by one node thread.
 */
final class ClientSessions
{
    /** Sequences tracked below a client's highest applied one. */
    static final int WINDOW = 4096;
    /** Results kept per client. */
    static final int RESULT_SLOTS = 16;

    /** One client's session. */
    static final class Session
    {
        private long highest;
        private final long[] appliedBits = new long[WINDOW / 64];
        private final long[] resultSequence = new long[RESULT_SLOTS];
        private final long[] resultIndex = new long[RESULT_SLOTS];
        private final int[] resultLength = new int[RESULT_SLOTS];
        private final byte[][] results;

        Session(final int maxResultLength)
        {
            results = new byte[RESULT_SLOTS][maxResultLength];
            java.util.Arrays.fill(resultSequence, Long.MIN_VALUE);
        }

        /**
         * Whether a sequence was applied, or is too old to know (treated as applied, so it is
         * never applied a second time).
         */
        boolean isApplied(final long sequence)
        {
            if (sequence > highest)
            {
                return false;
            }
            if (sequence <= highest - WINDOW)
            {
                return true;
            }
            final int bit = (int)(sequence & (WINDOW - 1));
            return (appliedBits[bit >>> 6] & (1L << (bit & 63))) != 0;
        }

        /** Slot of a stored result, or -1. */
        int resultSlot(final long sequence)
        {
            final int slot = (int)(sequence & (RESULT_SLOTS - 1));
            return resultSequence[slot] == sequence ? slot : -1;
        }

        long resultIndex(final int slot)
        {
            return resultIndex[slot];
        }

        int resultLength(final int slot)
        {
            return resultLength[slot];
        }

        byte[] result(final int slot)
        {
            return results[slot];
        }

        void markApplied(final long sequence, final long index, final byte[] result, final int length)
        {
            if (sequence > highest)
            {
                // Sequences between the old highest and this one are not applied (yet).
                final long from = Math.max(highest + 1, sequence - WINDOW + 1);
                for (long s = from; s <= sequence; s++)
                {
                    final int bit = (int)(s & (WINDOW - 1));
                    appliedBits[bit >>> 6] &= ~(1L << (bit & 63));
                }
                highest = sequence;
            }
            final int bit = (int)(sequence & (WINDOW - 1));
            appliedBits[bit >>> 6] |= 1L << (bit & 63);
            final int slot = (int)(sequence & (RESULT_SLOTS - 1));
            resultSequence[slot] = sequence;
            resultIndex[slot] = index;
            resultLength[slot] = length;
            System.arraycopy(result, 0, results[slot], 0, length);
        }
    }

    private final Long2ObjectHashMap<Session> sessions = new Long2ObjectHashMap<>();
    private final int maxResultLength;

    ClientSessions(final int maxResultLength)
    {
        this.maxResultLength = maxResultLength;
    }

    Session get(final long clientId)
    {
        return sessions.get(clientId);
    }

    Session getOrCreate(final long clientId)
    {
        Session session = sessions.get(clientId);
        if (null == session)
        {
            session = new Session(maxResultLength);
            sessions.put(clientId, session);
        }
        return session;
    }
}
