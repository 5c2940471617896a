package io.quorumbench.jmh.ring;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Keys the ring benchmarks look up, precomputed so that generating a key is not part of what is
 * measured. {@value #COUNT} keys (a power of two, indexed with {@code i & MASK}) are enough to
 * defeat branch-prediction memorisation of the answers while their arrays stay in L2.
 *
 * <p>Text keys look like {@code "user:004812339123"}: 17 ASCII characters, a typical id length.
 * Keys are generated from a fixed seed, so every fork and every placement sees the same keys.
 */
final class RingKeys
{
    /** Number of keys, a power of two. */
    static final int COUNT = 4096;

    /** Mask turning a running counter into an index. */
    static final int MASK = COUNT - 1;

    /** Seed of the key generator. */
    static final long SEED = 0x5EED_0F_4B1E5L;

    private RingKeys()
    {
    }

    static long[] longKeys()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final long[] keys = new long[COUNT];
        for (int i = 0; i < COUNT; i++)
        {
            keys[i] = random.nextLong();
        }
        return keys;
    }

    static String[] stringKeys()
    {
        final SplittableRandom random = new SplittableRandom(SEED + 1);
        final String[] keys = new String[COUNT];
        for (int i = 0; i < COUNT; i++)
        {
            keys[i] = String.format("user:%012d", random.nextLong(1_000_000_000_000L));
        }
        return keys;
    }

    static byte[][] utf8(final String[] keys)
    {
        final byte[][] bytes = new byte[keys.length][];
        for (int i = 0; i < keys.length; i++)
        {
            bytes[i] = keys[i].getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }
}
