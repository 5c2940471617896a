package io.quorumbench.lockfree.ring;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * libketama's MD5 scheme, so that {@link ArrayRing#ketamaMd5()} places every key exactly where the
 * plain {@code KetamaRing} does.
 *
 * <p>Key position: the first four bytes of the key's MD5 read little-endian (libketama's
 * {@code ketama_hashi}), an unsigned 32-bit value. Node points: for {@code i} in
 * {@code [0, count / 4)} the MD5 of {@code node + "-" + i} gives four points, bytes
 * {@code [4h, 4h + 4)} little-endian for {@code h} in {@code 0..3}. A {@code long} key is hashed as
 * its 8 bytes big-endian. Text keys are hashed as their UTF-8 bytes.
 *
 * <p>The 32-bit values are shifted into the top half of the 64-bit circle ({@code v << 32}): order
 * and ties are kept, so "first point at or after the key" selects the same point as ketama does.
 *
 * <p><b>Threading</b>: each thread uses its own {@link MessageDigest} and scratch arrays, so key
 * hashing allocates nothing after a thread's first lookup.
 */
final class KetamaMd5RingHash extends RingHash
{
    /** Shared instance; per-thread state lives in a thread local. */
    static final KetamaMd5RingHash INSTANCE = new KetamaMd5RingHash();

    private static final ThreadLocal<Md5Scratch> SCRATCH = ThreadLocal.withInitial(Md5Scratch::new);

    private KetamaMd5RingHash()
    {
    }

    long hashLong(final long key)
    {
        final Md5Scratch scratch = SCRATCH.get();
        final byte[] bytes = scratch.longBytes;
        for (int i = 0; i < 8; i++)
        {
            bytes[i] = (byte)(key >>> (56 - 8 * i));
        }
        return scratch.position(bytes, 0, 8);
    }

    long hashBytes(final byte[] key, final int offset, final int length)
    {
        return SCRATCH.get().position(key, offset, length);
    }

    long hashChars(final CharSequence key)
    {
        final Md5Scratch scratch = SCRATCH.get();
        final int length = scratch.utf8.encode(key);
        return scratch.position(scratch.utf8.bytes, 0, length);
    }

    long hashBuffer(final DirectBuffer buffer, final int offset, final int length)
    {
        final Md5Scratch scratch = SCRATCH.get();
        final byte[] array = buffer.byteArray();
        if (null != array)
        {
            return scratch.position(array, buffer.wrapAdjustment() + offset, length);
        }
        final byte[] bytes = scratch.utf8.ensureCapacity(length);
        buffer.getBytes(offset, bytes, 0, length);
        return scratch.position(bytes, 0, length);
    }

    long[] nodePoints(final String node, final int count)
    {
        final long[] points = new long[count];
        final MessageDigest md5 = newMd5();
        for (int i = 0; i < count / 4; i++)
        {
            final byte[] digest = md5.digest((node + "-" + i).getBytes(StandardCharsets.UTF_8));
            for (int h = 0; h < 4; h++)
            {
                points[4 * i + h] = littleEndianUInt(digest, 4 * h) << 32;
            }
        }
        return points;
    }

    static long littleEndianUInt(final byte[] bytes, final int offset)
    {
        return ((bytes[offset + 3] & 0xFFL) << 24) |
            ((bytes[offset + 2] & 0xFFL) << 16) |
            ((bytes[offset + 1] & 0xFFL) << 8) |
            (bytes[offset] & 0xFFL);
    }

    static MessageDigest newMd5()
    {
        try
        {
            return MessageDigest.getInstance("MD5");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("MD5 is required of every Java platform but is missing", ex);
        }
    }

    private static final class Md5Scratch
    {
        final MessageDigest md5 = newMd5();
        final byte[] digest = new byte[16];
        final byte[] longBytes = new byte[8];
        final Utf8Scratch utf8 = new Utf8Scratch();

        long position(final byte[] key, final int offset, final int length)
        {
            md5.update(key, offset, length);
            try
            {
                md5.digest(digest, 0, 16);
            }
            catch (final DigestException ex)
            {
                throw new IllegalStateException("MD5 digest of 16 bytes did not fit 16 bytes", ex);
            }
            return littleEndianUInt(digest, 0) << 32;
        }
    }
}
