package io.quorumbench.lockfree.codec;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * CRC32C ({@link CRC32C}, hardware accelerated) over a region of any {@link DirectBuffer}
 * without allocating: heap buffers go through {@link CRC32C#update(byte[], int, int)}; buffers
 * over a direct {@link ByteBuffer} (mapped log segments, Aeron term buffers) through
 * {@link CRC32C#update(ByteBuffer)} with position and limit set around the region and restored
 * (absolute accessors are unaffected); raw addresses are copied through a scratch array.
 * Agrona's {@code Crc32c} is not used because it needs {@code --add-opens java.util.zip}.
 *
 * <p>Not thread-safe: one instance per node thread.
 */
public final class Crc32cChecksum
{
    private final CRC32C crc = new CRC32C();
    private final byte[] scratch = new byte[4096];

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
        crc.reset();
        return update(buffer, offset, length);
    }

    /**
     * Checksum two regions as if they were contiguous (e.g. a frame around its checksum field).
     *
     * @param buffer       holding the bytes.
     * @param firstOffset  first byte of the first region.
     * @param firstLength  bytes of the first region.
     * @param secondOffset first byte of the second region.
     * @param secondLength bytes of the second region.
     * @return the CRC32C.
     */
    public int compute(
        final DirectBuffer buffer, final int firstOffset, final int firstLength, final int secondOffset, final int secondLength)
    {
        crc.reset();
        update(buffer, firstOffset, firstLength);
        return update(buffer, secondOffset, secondLength);
    }

    private int update(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] array = buffer.byteArray();
        if (null != array)
        {
            crc.update(array, (int)(buffer.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET) + offset, length);
            return (int)crc.getValue();
        }
        final ByteBuffer byteBuffer = buffer.byteBuffer();
        if (null != byteBuffer && byteBuffer.isDirect())
        {
            final int position = byteBuffer.position();
            final int limit = byteBuffer.limit();
            final int start = buffer.wrapAdjustment() + offset;
            byteBuffer.limit(start + length).position(start);
            crc.update(byteBuffer);
            byteBuffer.limit(limit).position(position);
            return (int)crc.getValue();
        }
        int done = 0;
        while (done < length)
        {
            final int chunk = Math.min(scratch.length, length - done);
            buffer.getBytes(offset + done, scratch, 0, chunk);
            crc.update(scratch, 0, chunk);
            done += chunk;
        }
        return (int)crc.getValue();
    }
}
