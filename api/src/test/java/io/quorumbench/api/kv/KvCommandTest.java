package io.quorumbench.api.kv;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KvCommandTest
{
    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void shouldLayOutPutLittleEndianAtDocumentedOffsets()
    {
        final byte[] dst = new byte[64];
        final int length = KvCommand.encodePut(dst, 3, b("ab"), b("xyz"));
        assertEquals(KvCommand.HEADER_LENGTH + 5, length);
        assertEquals(KvCommand.OP_PUT, dst[3]);
        assertEquals(0, dst[4]);
        assertEquals(2, dst[3 + KvCommand.KEY_LENGTH_OFFSET]);
        assertEquals(0, dst[3 + KvCommand.KEY_LENGTH_OFFSET + 1]);
        assertEquals(3, dst[3 + KvCommand.VALUE_LENGTH_OFFSET]);
        assertEquals(0, dst[3 + KvCommand.VALUE_LENGTH_OFFSET + 3]);
        assertEquals('a', dst[3 + KvCommand.HEADER_LENGTH]);
        assertEquals('x', dst[3 + KvCommand.HEADER_LENGTH + 2]);
        assertTrue(KvCommand.isWellFormed(dst, 3, length));
        assertArrayEquals(b("ab"), KvCommand.key(dst, 3));
        assertArrayEquals(b("xyz"), KvCommand.value(dst, 3));
    }

    @Test
    void shouldRoundTripCasWithExpectedValueOrAbsent()
    {
        final byte[] dst = new byte[64];
        int length = KvCommand.encodeCas(dst, 0, b("k"), b("old"), b("new"));
        assertTrue(KvCommand.isWellFormed(dst, 0, length));
        assertEquals(KvCommand.OP_CAS, KvCommand.op(dst, 0));
        assertArrayEquals(b("old"), KvCommand.expected(dst, 0));
        assertArrayEquals(b("new"), KvCommand.value(dst, 0));

        length = KvCommand.encodeCas(dst, 0, b("k"), null, b("new"));
        assertTrue(KvCommand.isWellFormed(dst, 0, length));
        assertEquals(KvCommand.EXPECT_ABSENT, KvCommand.expectedLength(dst, 0));
        assertNull(KvCommand.expected(dst, 0));

        length = KvCommand.encodeGet(dst, 0, b("k"));
        assertEquals(KvCommand.HEADER_LENGTH + 1, length);
        assertTrue(KvCommand.isWellFormed(dst, 0, length));
    }

    @Test
    void shouldRejectLengthsThatDoNotAddUp()
    {
        final byte[] dst = new byte[64];
        final int length = KvCommand.encodePut(dst, 0, b("k"), b("v"));
        assertFalse(KvCommand.isWellFormed(dst, 0, length - 1));
        assertFalse(KvCommand.isWellFormed(dst, 0, length + 1));
        assertFalse(KvCommand.isWellFormed(dst, 60, length), "past the end of the buffer");
        dst[KvCommand.VALUE_LENGTH_OFFSET + 3] = (byte)0x7F;
        assertFalse(KvCommand.isWellFormed(dst, 0, length), "absurd value length");
        dst[KvCommand.VALUE_LENGTH_OFFSET + 3] = (byte)0x80;
        assertFalse(KvCommand.isWellFormed(dst, 0, length), "negative value length");
    }

    @Test
    void shouldRefuseToEncodeWhatDoesNotFit()
    {
        assertThrows(IndexOutOfBoundsException.class, () -> KvCommand.encodePut(new byte[10], 0, b("k"), b("v")));
        assertThrows(IllegalArgumentException.class,
            () -> KvCommand.encodeGet(new byte[70_000], 0, new byte[KvCommand.MAX_KEY_LENGTH + 1]));
    }
}
