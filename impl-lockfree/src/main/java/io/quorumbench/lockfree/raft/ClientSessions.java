package io.quorumbench.lockfree.raft;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * Client sessions as replicated state (thesis section 6.3), built identically on every replica by
 * applying the same log, so a retried command is answered, never applied twice.
 *
 * <p>Per client: the highest applied sequence, a bitmap of which of the last
 * {@link #WINDOW} sequences below it were applied, and the results of the last
 * {@link #RESULT_SLOTS} applied commands, kept in a byte ring of at most
 * {@link #RESULT_BYTES} (results are copied in back to back, so small results cost only their
 * size; the ring starts at 4 KiB and doubles as a client's results need it). A pipelining client
 * may have commands rejected (e.g. NOT_LEADER) while later ones commit: retrying the earlier ones
 * still applies them, because the window records exactly which sequences were applied, not just
 * the highest. A retry of an applied command is answered with its stored result while it is
 * among the last {@link #RESULT_SLOTS} and its bytes are still in the ring; older ones, and
 * anything more than {@link #WINDOW} below the highest, can only be answered "outcome unknown".
 *
 * <p>Why so many: after a fail-over a client resends everything unanswered, often thousands of
 * commands at 10k ops/s, and the old leader may have committed most of them. With the last 16
 * results only, 386-1,663 of them per leader kill came back as "outcome unknown"; a result kept
 * per sequence of the window answers them.
 *
 * <p>Allocates only when a new client appears or its result ring grows.
 *
 * <p>Not thread-safe: owned by one node thread.
 */
final class ClientSessions
{
    /** Sequences tracked below a client's highest applied one. */
    static final int WINDOW = 4096;
    /** Results kept per client (their sequences), at most. */
    static final int RESULT_SLOTS = WINDOW;
    /** Largest result ring per client, bytes. */
    static final int RESULT_BYTES = 1 << 20;
    /** First size of a client's result ring, bytes. */
    static final int INITIAL_RESULT_BYTES = 4096;

    /** One client's session. */
    static final class Session
    {
        private long highest;
        private final long[] appliedBits = new long[WINDOW / 64];
        private final long[] resultSequence = new long[RESULT_SLOTS];
        private final long[] resultIndex = new long[RESULT_SLOTS];
        /** Where each result starts, counted in bytes ever written to the ring (never wraps). */
        private final long[] resultPosition = new long[RESULT_SLOTS];
        private final int[] resultLength = new int[RESULT_SLOTS];
        private final int maxRingBytes;
        private byte[] ring;
        private long written;
        private int stored;

        Session(final int maxResultLength)
        {
            // the ring must hold at least one result of the largest size
            maxRingBytes = Math.max(RESULT_BYTES, maxResultLength);
            ring = new byte[Math.min(INITIAL_RESULT_BYTES, maxRingBytes)];
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

        /** Slot of a stored result whose bytes are still in the ring, or -1. */
        int resultSlot(final long sequence)
        {
            final int slot = (int)(sequence & (RESULT_SLOTS - 1));
            return resultSequence[slot] == sequence && resultPosition[slot] >= written - ring.length ? slot : -1;
        }

        long resultIndex(final int slot)
        {
            return resultIndex[slot];
        }

        int resultLength(final int slot)
        {
            return resultLength[slot];
        }

        /** The array holding a stored result; it starts at {@link #resultOffset(int)}. */
        byte[] result(final int slot)
        {
            return ring;
        }

        int resultOffset(final int slot)
        {
            return (int)(resultPosition[slot] % ring.length);
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
            resultPosition[slot] = store(result, length);
        }

        /** Copy a result into the ring, growing it while it has not wrapped yet; its position. */
        private long store(final byte[] result, final int length)
        {
            if (written + length > ring.length && ring.length < maxRingBytes && written <= ring.length &&
                stored < RESULT_SLOTS)
            {
                // room for the first RESULT_SLOTS results, no more; not wrapped yet, so positions are
                // offsets and a larger copy keeps every one valid
                int size = ring.length;
                while (size < maxRingBytes && written + length > size)
                {
                    size = (int)Math.min((long)size * 2, maxRingBytes);
                }
                ring = java.util.Arrays.copyOf(ring, size);
            }
            long position = written;
            if (position % ring.length + length > ring.length)
            {
                // a result never straddles the end: start it at the beginning of the next lap
                position += ring.length - position % ring.length;
            }
            System.arraycopy(result, 0, ring, (int)(position % ring.length), length);
            written = position + length;
            stored++;
            return position;
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
