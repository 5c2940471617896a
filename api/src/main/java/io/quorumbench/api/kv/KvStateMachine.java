package io.quorumbench.api.kv;

import io.quorumbench.api.consensus.StateMachine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The shared key-value {@link StateMachine}: PUT, GET and CAS over byte keys and byte values, laid
 * out as {@link KvCommand}s, answered with {@link KvResult}s. Every replicated-log implementation
 * runs it, so the conformance kit and the load generator speak one command format.
 *
 * <p>Deterministic: keys are kept in an open-addressing table hashed by their content (no
 * identity hashes), {@link #stateDigest()} visits them in unsigned lexicographic order, and
 * nothing depends on time or on the order of the table; two replicas that apply the same
 * commands hold equal state and have equal {@link #stateDigest()}s.
 *
 * <p>Malformed commands, keys longer than {@link #maxKeyLength()} and values (or expected values)
 * longer than {@link #maxValueLength()} yield {@link KvResult.Status#INVALID} and change nothing;
 * {@link #apply} never throws for any bytes.
 *
 * <p>Allocation: none in steady state. A GET, a CAS and a PUT that overwrites a value no longer
 * than the key's largest earlier value copy bytes into arrays the table already holds; only a
 * new key (its entry: key and value in one array), a value longer than any before it for that
 * key, and the table's doubling allocate. A workload over a bounded key set with fixed-size values therefore
 * allocates nothing once every key has been written, so a replica adds no garbage-collection
 * pauses to the latencies it is measured by (a {@code HashMap<Key, byte[]>} copying every value
 * made a young collection of 8-19 ms every ~20 s at 10k ops/s).
 *
 * <p><b>Threading</b>: not thread-safe; called on the node's own thread only, as
 * {@link StateMachine} requires. The read-only accessors are for the same thread or after the
 * node has stopped.
 */
public final class KvStateMachine implements StateMachine
{
    /** Longest key accepted when none is configured, in bytes. */
    public static final int DEFAULT_MAX_KEY_LENGTH = 256;
    /** Longest value accepted when none is configured, in bytes. */
    public static final int DEFAULT_MAX_VALUE_LENGTH = 4096;

    /** Slots of a new table; it doubles whenever it would be more than half full. */
    static final int INITIAL_CAPACITY = 1024;
    private static final VarHandle LONGS_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** An entry: key length (int), value length (int), the key, the value (its array may be longer). */
    private static final int KEY_LENGTH_AT = 0;
    private static final int VALUE_LENGTH_AT = 4;
    private static final int KEY_AT = 8;

    // Hashed, not sorted: a lookup is one hash and one comparison of an 8-byte key instead of a
    // TreeMap's ~14 unsigned comparisons (profiled: 38% of a 3-node cluster's agent at 300k ops/s);
    // only stateDigest needs key order, and it sorts. Linear probing over the hashes (0 = free;
    // stored hashes have their lowest bit set); a key and its value share one array, so a hit
    // touches the hash, the reference and one entry: three cache misses where parallel key and
    // value arrays took six (find was 21% of the thread running a cluster at 300k ops/s).
    private int[] hashes = new int[INITIAL_CAPACITY];
    private byte[][] entries = new byte[INITIAL_CAPACITY][];
    private int size;
    private final int maxKeyLength;
    private final int maxValueLength;
    private long lastAppliedIndex;
    private long appliedCount;
    // Written by prefetch so that the JIT cannot drop its loads; never read for anything else.
    private int prefetchSink;

    /** A state machine with {@link #DEFAULT_MAX_KEY_LENGTH} and {@link #DEFAULT_MAX_VALUE_LENGTH}. */
    public KvStateMachine()
    {
        this(DEFAULT_MAX_KEY_LENGTH, DEFAULT_MAX_VALUE_LENGTH);
    }

    /**
     * A state machine with explicit limits.
     *
     * @param maxKeyLength   longest key accepted, 0..{@link KvCommand#MAX_KEY_LENGTH} bytes.
     * @param maxValueLength longest value accepted, in bytes; bounds {@link #maxResultLength()}.
     */
    public KvStateMachine(final int maxKeyLength, final int maxValueLength)
    {
        if (maxKeyLength < 0 || maxKeyLength > KvCommand.MAX_KEY_LENGTH)
        {
            throw new IllegalArgumentException("maxKeyLength must be in 0.." + KvCommand.MAX_KEY_LENGTH + ", got " + maxKeyLength);
        }
        if (maxValueLength < 0 || maxValueLength > Integer.MAX_VALUE - KvResult.HEADER_LENGTH)
        {
            throw new IllegalArgumentException("maxValueLength out of range: " + maxValueLength);
        }
        this.maxKeyLength = maxKeyLength;
        this.maxValueLength = maxValueLength;
    }

    /** {@inheritDoc} */
    @Override
    public int apply(
        final long logIndex, final byte[] command, final int offset, final int length, final byte[] result)
    {
        lastAppliedIndex = logIndex;
        appliedCount++;
        if (!KvCommand.isWellFormed(command, offset, length) ||
            KvCommand.keyLength(command, offset) > maxKeyLength ||
            KvCommand.valueLength(command, offset) > maxValueLength ||
            KvCommand.expectedLength(command, offset) > maxValueLength)
        {
            return KvResult.encode(result, 0, KvResult.Status.INVALID, null, 0, KvResult.NO_VALUE);
        }

        final int keyOffset = KvCommand.keyOffset(offset);
        final int keyLength = KvCommand.keyLength(command, offset);
        final int hash = hash(command, keyOffset, keyLength) | 1;
        final int slot = find(hash, command, keyOffset, keyLength);
        switch (KvCommand.op(command, offset))
        {
            case KvCommand.OP_PUT:
                store(slot, hash, command, offset, keyOffset, keyLength);
                return KvResult.encode(result, 0, KvResult.Status.OK, null, 0, KvResult.NO_VALUE);
            case KvCommand.OP_GET:
                return isPresent(slot) ?
                    KvResult.encode(result, 0, KvResult.Status.OK, entries[slot], valueAt(slot), valueLength(slot)) :
                    KvResult.encode(result, 0, KvResult.Status.NOT_FOUND, null, 0, KvResult.NO_VALUE);
            default:
                return onCas(slot, hash, command, offset, keyOffset, keyLength, result);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Loads the key's first probe slot and the entry it refers to: the three dependent loads of
     * a lookup (hash, reference, entry) that take a cache miss each when the table is larger than
     * the cache. Done for the next few commands before any is applied, the misses overlap.
     */
    @Override
    public void prefetch(final byte[] command, final int offset, final int length)
    {
        if (!KvCommand.isWellFormed(command, offset, length))
        {
            return;
        }
        final int keyOffset = KvCommand.keyOffset(offset);
        final int hash = hash(command, keyOffset, KvCommand.keyLength(command, offset)) | 1;
        final int slot = hash & (hashes.length - 1);
        final byte[] entry = entries[slot];
        prefetchSink += hashes[slot] + (null == entry ? 0 : entry[KEY_LENGTH_AT]);
    }

    private int onCas(
        final int slot,
        final int hash,
        final byte[] command,
        final int offset,
        final int keyOffset,
        final int keyLength,
        final byte[] result)
    {
        final boolean present = isPresent(slot);
        final int expectedLength = KvCommand.expectedLength(command, offset);
        final boolean matches;
        if (KvCommand.EXPECT_ABSENT == expectedLength)
        {
            matches = !present;
        }
        else
        {
            final int expectedOffset = KvCommand.expectedOffset(command, offset);
            matches = present && Arrays.equals(
                entries[slot], valueAt(slot), valueAt(slot) + valueLength(slot),
                command, expectedOffset, expectedOffset + expectedLength);
        }

        if (!matches)
        {
            return present ?
                KvResult.encode(result, 0, KvResult.Status.CAS_MISMATCH, entries[slot], valueAt(slot), valueLength(slot)) :
                KvResult.encode(result, 0, KvResult.Status.CAS_MISMATCH, null, 0, KvResult.NO_VALUE);
        }
        store(slot, hash, command, offset, keyOffset, keyLength);
        return KvResult.encode(result, 0, KvResult.Status.OK, null, 0, KvResult.NO_VALUE);
    }

    private boolean isPresent(final int slot)
    {
        return 0 != hashes[slot];
    }

    private int keyLength(final int slot)
    {
        return (int)INTS_LE.get(entries[slot], KEY_LENGTH_AT);
    }

    private int valueAt(final int slot)
    {
        return KEY_AT + keyLength(slot);
    }

    private int valueLength(final int slot)
    {
        return (int)INTS_LE.get(entries[slot], VALUE_LENGTH_AT);
    }

    /** The slot holding the key, or the free slot where it would go; {@code hash} has its lowest bit set. */
    private int find(final int hash, final byte[] key, final int keyOffset, final int keyLength)
    {
        final int[] hashes = this.hashes;
        final int mask = hashes.length - 1;
        int slot = hash & mask;
        while (true)
        {
            final int stored = hashes[slot];
            if (0 == stored)
            {
                return slot;
            }
            if (hash == stored)
            {
                final byte[] entry = entries[slot];
                if ((int)INTS_LE.get(entry, KEY_LENGTH_AT) == keyLength &&
                    Arrays.equals(entry, KEY_AT, KEY_AT + keyLength, key, keyOffset, keyOffset + keyLength))
                {
                    return slot;
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    private void store(
        final int foundSlot,
        final int hash,
        final byte[] command,
        final int offset,
        final int keyOffset,
        final int keyLength)
    {
        int slot = foundSlot;
        final int valueLength = KvCommand.valueLength(command, offset);
        byte[] entry;
        if (!isPresent(slot))
        {
            if (2 * (size + 1) > hashes.length)
            {
                grow();
                slot = find(hash, command, keyOffset, keyLength);
            }
            entry = newEntry(command, keyOffset, keyLength, valueLength);
            entries[slot] = entry;
            hashes[slot] = hash;
            size++;
        }
        else
        {
            entry = entries[slot];
            if (entry.length < KEY_AT + keyLength + valueLength)
            {
                entry = newEntry(command, keyOffset, keyLength, valueLength);
                entries[slot] = entry;
            }
        }
        INTS_LE.set(entry, VALUE_LENGTH_AT, valueLength);
        System.arraycopy(command, KvCommand.valueOffset(command, offset), entry, KEY_AT + keyLength, valueLength);
    }

    private static byte[] newEntry(final byte[] command, final int keyOffset, final int keyLength, final int valueLength)
    {
        final byte[] entry = new byte[KEY_AT + keyLength + valueLength];
        INTS_LE.set(entry, KEY_LENGTH_AT, keyLength);
        System.arraycopy(command, keyOffset, entry, KEY_AT, keyLength);
        return entry;
    }

    private void grow()
    {
        final int[] oldHashes = hashes;
        final byte[][] oldEntries = entries;
        final int capacity = oldHashes.length * 2;
        hashes = new int[capacity];
        entries = new byte[capacity][];
        final int mask = capacity - 1;
        for (int i = 0; i < oldHashes.length; i++)
        {
            if (0 != oldHashes[i])
            {
                int slot = oldHashes[i] & mask;
                while (0 != hashes[slot])
                {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = oldHashes[i];
                entries[slot] = oldEntries[i];
            }
        }
    }

    /**
     * A 32-bit hash of a key's bytes: eight bytes at a time through a 64-bit multiply-xorshift mix
     * (the tail folded in the same way), so keys that differ in any byte spread over the table
     * (a {@code 31 * h + b} polynomial put counter-like binary keys into long probe runs).
     */
    static int hash(final byte[] bytes, final int offset, final int length)
    {
        long h = 0x9E3779B97F4A7C15L ^ length;
        int i = offset;
        final int end = offset + length;
        for (; i + Long.BYTES <= end; i += Long.BYTES)
        {
            h = (h ^ (long)LONGS_LE.get(bytes, i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        long tail = 0;
        for (int shift = 0; i < end; i++, shift += 8)
        {
            tail |= (bytes[i] & 0xFFL) << shift;
        }
        h = (h ^ tail) * 0x94D049BB133111EBL;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return (int)(h ^ (h >>> 32));
    }

    /** {@inheritDoc} */
    @Override
    public boolean supportsSnapshots()
    {
        return true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Layout, little-endian: key count (int), then per key: key length (int), value length
     * (int), key, value; keys in table order. Allocates the image (about the size of the stored
     * keys and values), nothing else.
     */
    @Override
    public byte[] snapshot()
    {
        long bytes = Integer.BYTES;
        for (int slot = 0; slot < hashes.length; slot++)
        {
            if (isPresent(slot))
            {
                bytes += KEY_AT + keyLength(slot) + valueLength(slot);
            }
        }
        if (bytes > Integer.MAX_VALUE - 16)
        {
            throw new IllegalStateException("state of " + bytes + " bytes does not fit one image");
        }
        final byte[] image = new byte[(int)bytes];
        INTS_LE.set(image, 0, size);
        int at = Integer.BYTES;
        for (int slot = 0; slot < hashes.length; slot++)
        {
            if (isPresent(slot))
            {
                final int length = KEY_AT + keyLength(slot) + valueLength(slot);
                System.arraycopy(entries[slot], 0, image, at, length);
                at += length;
            }
        }
        return image;
    }

    /** {@inheritDoc} */
    @Override
    public void restore(final long lastIncludedIndex, final byte[] image, final int offset, final int length)
    {
        if (length < Integer.BYTES || offset < 0 || offset + length > image.length)
        {
            throw new IllegalArgumentException("KV snapshot image of " + length + " bytes is too short");
        }
        final int count = (int)INTS_LE.get(image, offset);
        if (count < 0 || count > (length - Integer.BYTES) / KEY_AT)
        {
            throw new IllegalArgumentException("KV snapshot image claims " + count + " keys in " + length + " bytes");
        }
        // Built aside and swapped in at the end, so a malformed image leaves the state as it was.
        final KvStateMachine restored = new KvStateMachine(maxKeyLength, maxValueLength);
        final int end = offset + length;
        int at = offset + Integer.BYTES;
        for (int i = 0; i < count; i++)
        {
            if (end - at < KEY_AT)
            {
                throw new IllegalArgumentException("KV snapshot image truncated at key " + i);
            }
            final int keyLength = (int)INTS_LE.get(image, at + KEY_LENGTH_AT);
            final int valueLength = (int)INTS_LE.get(image, at + VALUE_LENGTH_AT);
            if (keyLength < 0 || keyLength > maxKeyLength || valueLength < 0 || valueLength > maxValueLength ||
                end - at - KEY_AT < (long)keyLength + valueLength)
            {
                throw new IllegalArgumentException("KV snapshot image has a bad entry at key " + i);
            }
            final int keyOffset = at + KEY_AT;
            final int hash = hash(image, keyOffset, keyLength) | 1;
            int slot = restored.find(hash, image, keyOffset, keyLength);
            if (restored.isPresent(slot))
            {
                throw new IllegalArgumentException("KV snapshot image holds key " + i + " twice");
            }
            if (2 * (restored.size + 1) > restored.hashes.length)
            {
                restored.grow();
                slot = restored.find(hash, image, keyOffset, keyLength);
            }
            restored.entries[slot] = Arrays.copyOfRange(image, at, at + KEY_AT + keyLength + valueLength);
            restored.hashes[slot] = hash;
            restored.size++;
            at += KEY_AT + keyLength + valueLength;
        }
        if (at != end)
        {
            throw new IllegalArgumentException("KV snapshot image has " + (end - at) + " trailing bytes");
        }
        hashes = restored.hashes;
        entries = restored.entries;
        size = restored.size;
        lastAppliedIndex = lastIncludedIndex;
    }

    /** {@inheritDoc} */
    @Override
    public int maxResultLength()
    {
        return KvResult.HEADER_LENGTH + maxValueLength;
    }

    /**
     * Longest key accepted.
     *
     * @return the limit in bytes.
     */
    public int maxKeyLength()
    {
        return maxKeyLength;
    }

    /**
     * Longest value accepted.
     *
     * @return the limit in bytes.
     */
    public int maxValueLength()
    {
        return maxValueLength;
    }

    /**
     * A copy of a key's current value.
     *
     * @param key the key.
     * @return the value, or {@code null} if absent.
     */
    public byte[] get(final byte[] key)
    {
        final int slot = find(hash(key, 0, key.length) | 1, key, 0, key.length);
        return isPresent(slot) ? Arrays.copyOfRange(entries[slot], valueAt(slot), valueAt(slot) + valueLength(slot)) : null;
    }

    /**
     * Number of keys held.
     *
     * @return the key count.
     */
    public int size()
    {
        return size;
    }

    /**
     * Index passed to the last {@link #apply}.
     *
     * @return the log index, 0 before the first apply.
     */
    public long lastAppliedIndex()
    {
        return lastAppliedIndex;
    }

    /**
     * Number of commands applied, invalid ones included.
     *
     * @return the count.
     */
    public long appliedCount()
    {
        return appliedCount;
    }

    /**
     * A 64-bit FNV-1a digest of every key and value in key order, lengths included; equal states
     * give equal digests in any JVM, so replicas can be compared cheaply.
     *
     * @return the digest.
     */
    public long stateDigest()
    {
        final Integer[] order = new Integer[size];
        for (int slot = 0, n = 0; slot < hashes.length; slot++)
        {
            if (isPresent(slot))
            {
                order[n++] = slot;
            }
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(
            entries[a], KEY_AT, KEY_AT + keyLength(a), entries[b], KEY_AT, KEY_AT + keyLength(b)));
        long hash = 0xcbf29ce484222325L;
        for (final int slot : order)
        {
            final byte[] entry = entries[slot];
            final int keyLength = keyLength(slot);
            hash = mix(hash, keyLength);
            for (int i = KEY_AT; i < KEY_AT + keyLength; i++)
            {
                hash = mixByte(hash, entry[i]);
            }
            final int length = valueLength(slot);
            hash = mix(hash, length);
            for (int i = valueAt(slot), end = i + length; i < end; i++)
            {
                hash = mixByte(hash, entry[i]);
            }
        }
        return hash;
    }

    private static long mix(final long hash, final int value)
    {
        long h = hash;
        for (int shift = 0; shift < 32; shift += 8)
        {
            h = mixByte(h, (byte)(value >>> shift));
        }
        return h;
    }

    private static long mixByte(final long hash, final byte b)
    {
        return (hash ^ (b & 0xFF)) * 0x100000001b3L;
    }
}
