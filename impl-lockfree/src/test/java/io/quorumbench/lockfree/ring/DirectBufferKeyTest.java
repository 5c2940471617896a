package io.quorumbench.lockfree.ring;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keys in Agrona buffers, on heap, off heap and wrapped at an offset, land where the same bytes in
 * a {@code byte[]} land, for every tuned placement.
 */
class DirectBufferKeyTest
{
    private interface BufferLookup
    {
        String nodeFor(DirectBuffer buffer, int offset, int length);
    }

    @Test
    void shouldPlaceBufferKeysAsTheirBytes()
    {
        final ArrayRing xx = ArrayRing.xxHash();
        final ArrayRing ketama = ArrayRing.ketamaMd5();
        final JumpRing jump = new JumpRing();
        final MaglevRing maglev = new MaglevRing();
        for (int i = 0; i < 20; i++)
        {
            xx.addNode("b-" + i);
            ketama.addNode("b-" + i);
            jump.addNode("b-" + i);
            maglev.addNode("b-" + i);
        }

        final SplittableRandom random = new SplittableRandom(4);
        final UnsafeBuffer offHeap = new UnsafeBuffer(ByteBuffer.allocateDirect(512));
        final ExpandableArrayBuffer expandable = new ExpandableArrayBuffer(512);
        final byte[] backing = new byte[600];
        final UnsafeBuffer wrappedAtOffset = new UnsafeBuffer(backing, 37, 512);
        int checked = 0;
        for (int i = 0; i < 3_000; i++)
        {
            final byte[] key = ("k" + random.nextLong() + "ö".repeat(random.nextInt(3))).getBytes(StandardCharsets.UTF_8);
            final int offset = random.nextInt(100);
            offHeap.putBytes(offset, key);
            expandable.putBytes(offset, key);
            wrappedAtOffset.putBytes(offset, key);

            for (final Object[] ring : List.of(
                new Object[]{ xx, (BufferLookup)xx::nodeFor },
                new Object[]{ ketama, (BufferLookup)ketama::nodeFor },
                new Object[]{ jump, (BufferLookup)jump::nodeFor },
                new Object[]{ maglev, (BufferLookup)maglev::nodeFor }))
            {
                final String expected = ((io.quorumbench.api.ring.ConsistentHashRing)ring[0]).nodeFor(key);
                final BufferLookup lookup = (BufferLookup)ring[1];
                assertEquals(expected, lookup.nodeFor(offHeap, offset, key.length));
                assertEquals(expected, lookup.nodeFor(expandable, offset, key.length));
                assertEquals(expected, lookup.nodeFor(wrappedAtOffset, offset, key.length));
                checked++;
            }
        }
        assertTrue(checked > 0);
    }

    @Test
    void shouldRejectBadBufferRanges()
    {
        final ArrayRing ring = ArrayRing.xxHash();
        ring.addNode("a");
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        assertThrows(NullPointerException.class, () -> ring.nodeFor((DirectBuffer)null, 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> ring.nodeFor(buffer, 10, 7));
        assertThrows(IndexOutOfBoundsException.class, () -> ring.nodeFor(buffer, -1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> ring.nodeFor(buffer, 0, -1));
    }
}
