package io.quorumbench.lockfree.raft;

import org.agrona.collections.Long2ObjectHashMap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Client sessions as replicated state (thesis section 6.3), built identically on every replica by
 * applying the same log, so a retried command is answered, never applied twice.
 *
 * <p>Per client: the highest applied sequence, a bitmap of which of the last {@link #WINDOW}
 * sequences below it were applied, and the result of every applied command of that window, kept
 * in a byte ring of entries (sequence, length, result) of at most {@link #RESULT_BYTES}, so small
 * results cost only their size. The ring starts at 4 KiB and the per-sequence slots at 64; both
 * double whenever an entry still in the window would otherwise be overwritten (so a client that
 * sends little costs little, and results that grow after the ring wrapped still fit). A
 * pipelining client may have commands rejected (e.g. NOT_LEADER) while later ones commit:
 * retrying the earlier ones still applies them, because the window records exactly which
 * sequences were applied, not just the highest. A retry of an applied command is answered with
 * its stored result while its entry is in the ring; anything more than {@link #WINDOW} below the
 * highest, or dropped from a ring at its largest, can only be answered "outcome unknown".
 *
 * <p>Why so many: after a fail-over a client resends everything unanswered, thousands of commands
 * at 10k ops/s, and the old leader had committed most of them. With the last 16 results and a
 * 4096 window, 874-1,451 of them per leader kill (3 node processes over UDP, 10k ops/s) ended
 * "outcome unknown": every retry was answered LEADERSHIP_LOST, the result being gone or the
 * sequence older than the window. With this store the same runs ended 0 and 16.
 *
 * <p>Allocates only when a new client appears or its ring or slots grow.
 *
 * <p>Not thread-safe: owned by one node thread.
 */
public final class ClientSessions
{
    /** Sequences tracked below a client's highest applied one (the loadgen client resends up to 32768). */
    static final int WINDOW = 16384;
    /** Results kept per client (their sequences), at most. */
    static final int RESULT_SLOTS = WINDOW;
    /** First number of result slots of a client; they double as its sequences need, up to {@link #RESULT_SLOTS}. */
    static final int INITIAL_RESULT_SLOTS = 64;
    /** Largest result ring per client, bytes. */
    static final int RESULT_BYTES = 2 << 20;
    /** First size of a client's result ring, bytes. */
    static final int INITIAL_RESULT_BYTES = 4096;

    /** One client's session. */
    public static final class Session
    {
        /** A ring entry: the command's sequence (8 bytes), the result's length (4), the result. */
        private static final int HEADER = 12;
        /** Length of a padding entry: the rest of the ring's lap is empty. */
        private static final int PAD = -1;
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

        private long highest;
        private final long[] appliedBits = new long[WINDOW / 64];
        private long[] resultSequence = new long[INITIAL_RESULT_SLOTS];
        private long[] resultIndex = new long[INITIAL_RESULT_SLOTS];
        /** Where each result's bytes start, counted in bytes ever written to the ring (never wraps). */
        private long[] resultPosition = new long[INITIAL_RESULT_SLOTS];
        private int[] resultLength = new int[INITIAL_RESULT_SLOTS];
        private final int maxRingBytes;
        private byte[] ring;
        /** Start of the oldest entry still intact, and end of the newest; absolute positions. */
        private long oldest;
        private long written;

        Session(final int maxResultLength)
        {
            // the ring holds at least one entry of the largest result
            maxRingBytes = Math.max(RESULT_BYTES, HEADER + maxResultLength);
            ring = new byte[Math.min(maxRingBytes, Math.max(INITIAL_RESULT_BYTES, 2 * (HEADER + maxResultLength)))];
            java.util.Arrays.fill(resultSequence, Long.MIN_VALUE);
        }

        /**
         * Whether a sequence was applied, or is too old to know (treated as applied, so it is
         * never applied a second time).
         */
        public boolean isApplied(final long sequence)
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
        public int resultSlot(final long sequence)
        {
            final int slot = (int)(sequence & (resultSequence.length - 1));
            return resultSequence[slot] == sequence && resultPosition[slot] - HEADER >= oldest ? slot : -1;
        }

        /**
         * Log index (or command position) the stored result was applied at.
         *
         * @param slot from {@link #resultSlot(long)}.
         * @return the index.
         */
        public long resultIndex(final int slot)
        {
            return resultIndex[slot];
        }

        /**
         * Length of a stored result.
         *
         * @param slot from {@link #resultSlot(long)}.
         * @return bytes.
         */
        public int resultLength(final int slot)
        {
            return resultLength[slot];
        }

        /** The array holding a stored result; it starts at {@link #resultOffset(int)}. */
        public byte[] result(final int slot)
        {
            return ring;
        }

        /**
         * Where a stored result starts in {@link #result(int)}.
         *
         * @param slot from {@link #resultSlot(long)}.
         * @return the offset.
         */
        public int resultOffset(final int slot)
        {
            return (int)(resultPosition[slot] % ring.length);
        }

        /**
         * Record a command as applied, with its result.
         *
         * @param sequence the command's sequence.
         * @param index    log index (or command position) it was applied at.
         * @param result   result bytes from offset 0.
         * @param length   result length.
         */
        public void markApplied(final long sequence, final long index, final byte[] result, final int length)
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
            int slot = (int)(sequence & (resultSequence.length - 1));
            final long evicted = resultSequence[slot];
            if (resultSequence.length < RESULT_SLOTS && Long.MIN_VALUE != evicted && evicted != sequence &&
                evicted > sequence - RESULT_SLOTS)
            {
                // the slot's result is still within the window: make room rather than forget it
                growSlots();
                slot = (int)(sequence & (resultSequence.length - 1));
            }
            resultSequence[slot] = sequence;
            resultIndex[slot] = index;
            resultLength[slot] = length;
            resultPosition[slot] = store(sequence, result, length);
        }

        private void growSlots()
        {
            final long[] oldSequence = resultSequence;
            final long[] oldIndex = resultIndex;
            final long[] oldPosition = resultPosition;
            final int[] oldLength = resultLength;
            final int size = oldSequence.length * 2;
            resultSequence = new long[size];
            resultIndex = new long[size];
            resultPosition = new long[size];
            resultLength = new int[size];
            java.util.Arrays.fill(resultSequence, Long.MIN_VALUE);
            for (int i = 0; i < oldSequence.length; i++)
            {
                if (Long.MIN_VALUE != oldSequence[i])
                {
                    // distinct modulo the old size, so distinct modulo the new one
                    final int slot = (int)(oldSequence[i] & (size - 1));
                    resultSequence[slot] = oldSequence[i];
                    resultIndex[slot] = oldIndex[i];
                    resultPosition[slot] = oldPosition[i];
                    resultLength[slot] = oldLength[i];
                }
            }
        }

        /**
         * Append a result to the ring; the position of its bytes. Older entries give way only if
         * they are out of the window (or the ring is at its largest); else the ring doubles.
         */
        private long store(final long sequence, final byte[] result, final int length)
        {
            final int need = HEADER + length;
            while (true)
            {
                final long position = startOf(written, need);
                if (makeRoom(position + need - ring.length))
                {
                    append(ring, written, position, sequence, result, 0, length);
                    written = position + need;
                    if (oldest > position)
                    {
                        oldest = position;
                    }
                    return position + HEADER;
                }
                grow();
            }
        }

        /** Where an entry of {@code need} bytes written at {@code position} starts: never across the ring's end. */
        private long startOf(final long position, final int need)
        {
            final int offset = (int)(position % ring.length);
            return offset + need > ring.length ? position + ring.length - offset : position;
        }

        /** Give up the oldest entries below {@code limit}; false if one is still in the window and the ring can grow. */
        private boolean makeRoom(final long limit)
        {
            while (oldest < limit && oldest < written)
            {
                final int offset = (int)(oldest % ring.length);
                if (ring.length - offset < HEADER || PAD == (int)INTS.get(ring, offset + Long.BYTES))
                {
                    oldest += ring.length - offset;
                    continue;
                }
                if ((long)LONGS.get(ring, offset) > highest - RESULT_SLOTS && ring.length < maxRingBytes)
                {
                    return false;
                }
                oldest += HEADER + (int)INTS.get(ring, offset + Long.BYTES);
            }
            if (oldest >= written)
            {
                // everything older is gone: the ring is empty up to the next entry
                oldest = Long.MAX_VALUE;
            }
            return true;
        }

        /** Write an entry at {@code position}, with a padding mark at {@code end} if the entry skips the lap's rest. */
        private static void append(
            final byte[] ring,
            final long end,
            final long position,
            final long sequence,
            final byte[] source,
            final int sourceOffset,
            final int length)
        {
            final int endOffset = (int)(end % ring.length);
            if (position != end && ring.length - endOffset >= HEADER)
            {
                INTS.set(ring, endOffset + Long.BYTES, PAD);
            }
            final int offset = (int)(position % ring.length);
            LONGS.set(ring, offset, sequence);
            INTS.set(ring, offset + Long.BYTES, length);
            System.arraycopy(source, sourceOffset, ring, offset + HEADER, length);
        }

        /** Double the ring and re-append every intact entry, in order, updating its slot's position. */
        private void grow()
        {
            final byte[] old = ring;
            final long from = oldest;
            final long to = written;
            ring = new byte[(int)Math.min((long)old.length * 2, maxRingBytes)];
            written = 0;
            oldest = Long.MAX_VALUE;
            long position = from;
            while (position < to)
            {
                final int offset = (int)(position % old.length);
                if (old.length - offset < HEADER || PAD == (int)INTS.get(old, offset + Long.BYTES))
                {
                    position += old.length - offset;
                    continue;
                }
                final long sequence = (long)LONGS.get(old, offset);
                final int length = (int)INTS.get(old, offset + Long.BYTES);
                final long target = startOf(written, HEADER + length);
                append(ring, written, target, sequence, old, offset + HEADER, length);
                oldest = Math.min(oldest, target);
                written = target + HEADER + length;
                final int slot = (int)(sequence & (resultSequence.length - 1));
                if (resultSequence[slot] == sequence && resultPosition[slot] == position + HEADER)
                {
                    resultPosition[slot] = target + HEADER;
                }
                position += HEADER + length;
            }
        }
    }

    private final Long2ObjectHashMap<Session> sessions = new Long2ObjectHashMap<>();
    private final int maxResultLength;

    /**
     * Empty sessions.
     *
     * @param maxResultLength largest result a command can have.
     */
    public ClientSessions(final int maxResultLength)
    {
        this.maxResultLength = maxResultLength;
    }

    /**
     * A client's session.
     *
     * @param clientId the client.
     * @return its session or null if it never had a command applied.
     */
    public Session get(final long clientId)
    {
        return sessions.get(clientId);
    }

    /**
     * A client's session, created (allocating) on its first command.
     *
     * @param clientId the client.
     * @return its session.
     */
    public Session getOrCreate(final long clientId)
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
