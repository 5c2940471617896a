package io.quorumbench.jmh.ring;

import net.openhft.hashing.LongHashFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.TimeUnit;

/**
 * Hash cost alone, no search: what turning a key into a ring position costs, over the same keys as
 * {@link RingLookupBenchmark}. Subtract it from a lookup to see what the search costs.
 * <ul>
 *   <li>{@code baseline}: exactly the baseline ring's per-lookup hashing: encode the key
 *       ({@code ByteBuffer.allocate(8).putLong} or {@code String.getBytes(UTF_8)}), MD5 it with a
 *       thread-local digest, take the first 4 bytes little-endian (ketama).</li>
 *   <li>{@code md5}: MD5 alone over precomputed key bytes into a reused output array, no
 *       allocation: the floor of any MD5 ring.</li>
 *   <li>{@code lockfree}: what the tuned ring does: xxh3 {@code hashLong} for a long key; for text,
 *       UTF-8 encoding into reused scratch and xxh3 over those bytes.</li>
 * </ul>
 * The setup checks that each variant computes the hash it claims (baseline and md5 agree; xxh3 of
 * the encoded text equals xxh3 of its UTF-8 bytes).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Thread)
public class RingHashBenchmark
{
    /** Hash variant, see the class javadoc. */
    @Param({ "baseline", "md5", "lockfree" })
    public String impl;

    /** {@code long} keys or text keys. */
    @Param({ "long", "string" })
    public String keyType;

    private static final LongHashFunction XX3 = LongHashFunction.xx3();
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(RingHashBenchmark::newMd5);

    private long[] longKeys;
    private String[] stringKeys;
    private byte[][] keyBytes;
    private final byte[] scratch = new byte[256];
    private final byte[] digest = new byte[16];
    private MessageDigest md5;
    private KeyHash hash;
    private int index;

    /** One hashing variant; one implementation per fork keeps the call site monomorphic. */
    private interface KeyHash
    {
        long hash(int i);
    }

    /**
     * Pick the variant and check that it computes the hash it claims.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        longKeys = RingKeys.longKeys();
        stringKeys = RingKeys.stringKeys();
        final boolean text;
        switch (keyType)
        {
            case "long" -> text = false;
            case "string" -> text = true;
            default -> throw new IllegalArgumentException("keyType must be long or string, got " + keyType);
        }
        keyBytes = new byte[RingKeys.COUNT][];
        for (int i = 0; i < RingKeys.COUNT; i++)
        {
            keyBytes[i] = text ? stringKeys[i].getBytes(StandardCharsets.UTF_8) : ByteBuffer.allocate(Long.BYTES).putLong(longKeys[i]).array();
        }
        md5 = newMd5();

        final KeyHash baseline = text ? this::baselineString : this::baselineLong;
        final KeyHash md5Only = this::md5Bytes;
        final KeyHash xx = text ? this::xxString : this::xxLong;
        hash = switch (impl)
        {
            case "baseline" -> baseline;
            case "md5" -> md5Only;
            case "lockfree" -> xx;
            default -> throw new IllegalArgumentException("impl must be baseline, md5 or lockfree, got " + impl);
        };

        for (int i = 0; i < RingKeys.COUNT; i++)
        {
            if (baseline.hash(i) != md5Only.hash(i))
            {
                throw new IllegalStateException("md5 variants disagree on key " + i);
            }
            final long expectedXx = text ? XX3.hashBytes(keyBytes[i]) : XX3.hashLong(longKeys[i]);
            if (xx.hash(i) != expectedXx)
            {
                throw new IllegalStateException("xxh3 variant disagrees with xxh3 of the key's bytes on key " + i);
            }
        }
    }

    /**
     * Hash the next key.
     *
     * @return its ring position.
     */
    @Benchmark
    public long hash()
    {
        return hash.hash(index++ & RingKeys.MASK);
    }

    private long baselineLong(final int i)
    {
        final MessageDigest digest = MD5.get();
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(longKeys[i]).array());
        return ketamaPoint(digest.digest());
    }

    private long baselineString(final int i)
    {
        final MessageDigest digest = MD5.get();
        digest.update(stringKeys[i].getBytes(StandardCharsets.UTF_8));
        return ketamaPoint(digest.digest());
    }

    private long md5Bytes(final int i)
    {
        final byte[] key = keyBytes[i];
        md5.update(key, 0, key.length);
        try
        {
            md5.digest(digest, 0, digest.length);
        }
        catch (final DigestException ex)
        {
            throw new IllegalStateException(ex);
        }
        return ketamaPoint(digest);
    }

    private long xxLong(final int i)
    {
        return XX3.hashLong(longKeys[i]);
    }

    private long xxString(final int i)
    {
        final String key = stringKeys[i];
        final int length = key.length();
        for (int c = 0; c < length; c++)
        {
            final char ch = key.charAt(c);
            if (ch >= 0x80)
            {
                // Benchmark keys are ASCII; anything else would need the full encoder the ring uses.
                throw new IllegalStateException("benchmark text keys must be ASCII: " + key);
            }
            scratch[c] = (byte)ch;
        }
        return XX3.hashBytes(scratch, 0, length);
    }

    /** libketama: the first 4 digest bytes, little-endian, as an unsigned 32-bit position. */
    private static long ketamaPoint(final byte[] digest)
    {
        return (digest[0] & 0xFFL) | (digest[1] & 0xFFL) << 8 | (digest[2] & 0xFFL) << 16 | (digest[3] & 0xFFL) << 24;
    }

    private static MessageDigest newMd5()
    {
        try
        {
            return MessageDigest.getInstance("MD5");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("MD5 is required by every JDK", ex);
        }
    }
}
