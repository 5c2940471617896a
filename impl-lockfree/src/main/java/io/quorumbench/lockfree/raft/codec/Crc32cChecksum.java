package io.quorumbench.lockfree.raft.codec;

import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;
import org.agrona.checksum.Crc32c;

/**
 * CRC32C over a region of any {@link DirectBuffer}, heap or off-heap, without allocating:
 * heap buffers go through {@link CRC32C#update(byte[], int, int)}, off-heap ones (mapped log
 * segments, Aeron term buffers) through Agrona's {@link Crc32c} on the raw address.
 *
 * <p>Not thread-safe: one instance per node thread.
 */
public final class Crc32cChecksum
{
    private static final long ARRAY_BASE_OFFSET = org.agrona.BufferUtil.ARRAY_BASE_OFFSET;

    private final CRC32C crc = new CRC32C();

    /**
     * Checksum a region.
     *
     * @param buffer holding the bytes.
     * @param offset first byte.
     * @param length number of bytes.
     * @return the CRC32C.
     */
    public int compute(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (null != array)
        {
            crc.reset();
            crc.update(array, (int)(buffer.addressOffset() - ARRAY_BASE_OFFSET) + offset, length);
            return (int)crc.getValue();
        }
        return Crc32c.INSTANCE.compute(buffer.addressOffset(), offset, length);
    }
}
