package io.quorumbench.lockfree.ring;

import net.openhft.hashing.LongHashFunction;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * xxHash3 (64-bit) positions via zero-allocation-hashing.
 *
 * <p>Keys: {@code long} keys through {@link LongHashFunction#hashLong(long)} (xxh3's mixer of the
 * 8 bytes), byte keys through {@link LongHashFunction#hashBytes(byte[], int, int)}, buffers on or
 * off heap through the same function over the same bytes, text keys as UTF-8 encoded into
 * {@link Utf8Scratch} ({@link LongHashFunction#hashChars(String)} would hash UTF-16, which would
 * break the text/bytes agreement of the contract).
 *
 * <p>Node points: the {@code i}-th point of node {@code n} is xxh3 of the UTF-8 bytes of
 * {@code n + "-" + i}, the ketama naming scheme with a 64-bit hash.
 */
final class XxRingHash extends RingHash
{
    /** Shared instance; stateless apart from per-thread scratch. */
    static final XxRingHash INSTANCE = new XxRingHash();

    private static final LongHashFunction XX3 = LongHashFunction.xx3();

    private XxRingHash()
    {
    }

    long hashLong(final long key)
    {
        return XX3.hashLong(key);
    }

    long hashBytes(final byte[] key, final int offset, final int length)
    {
        return XX3.hashBytes(key, offset, length);
    }

    long hashChars(final CharSequence key)
    {
        final byte[] ascii = Latin1Strings.asciiBytesOrNull(key);
        if (null != ascii)
        {
            return XX3.hashBytes(ascii);
        }
        final Utf8Scratch scratch = Utf8Scratch.get();
        final int length = scratch.encode(key);
        return XX3.hashBytes(scratch.bytes, 0, length);
    }

    long hashBuffer(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (null != array)
        {
            return XX3.hashBytes(array, buffer.wrapAdjustment() + offset, length);
        }
        return XX3.hashMemory(buffer.addressOffset() + offset, length);
    }

    long[] nodePoints(final String node, final int count)
    {
        final long[] points = new long[count];
        for (int i = 0; i < count; i++)
        {
            points[i] = XX3.hashBytes((node + "-" + i).getBytes(StandardCharsets.UTF_8));
        }
        return points;
    }

    /**
     * Hash of a node name with a seed, for placements that derive per-node parameters (Maglev).
     *
     * @param node name of the node.
     * @param seed seed of the hash.
     * @return 64-bit hash.
     */
    static long hashName(final String node, final long seed)
    {
        return LongHashFunction.xx3(seed).hashBytes(node.getBytes(StandardCharsets.UTF_8));
    }
}
