package io.quorumbench.api.kv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Layout, encoders and allocation-free decoders of the commands {@link KvStateMachine} applies.
 * Byte order is little-endian throughout.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |    op (u8)    | reserved (0)  |        key length (u16)       |  0
 *  +---------------+---------------+-------------------------------+
 *  |                     value length (i32)                        |  4
 *  +---------------------------------------------------------------+
 *  |                    expected length (i32)                      |  8
 *  +---------------------------------------------------------------+
 *  |                   key bytes (key length)                    ...  12
 *  +---------------------------------------------------------------+
 *  |                 value bytes (value length)                  ...
 *  +---------------------------------------------------------------+
 *  |              expected bytes (max(0, expected length))       ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <ul>
 *   <li>{@link #OP_PUT}: value length &ge; 0, expected length 0.</li>
 *   <li>{@link #OP_GET}: value length 0, expected length 0.</li>
 *   <li>{@link #OP_CAS}: value length &ge; 0 is the new value; expected length &ge; 0 is the value
 *       the key must hold, or {@link #EXPECT_ABSENT} when the key must not exist.</li>
 * </ul>
 * A command is well formed only if its total length is exactly the header plus the three byte
 * sections; {@link #isWellFormed} checks that, and the accessors assume it.
 *
 * <p><b>Threading</b>: stateless; every method is safe from any thread.
 */
public final class KvCommand
{
    /** Op code: store a value under a key. */
    public static final byte OP_PUT = 1;
    /** Op code: read the value of a key. */
    public static final byte OP_GET = 2;
    /** Op code: compare-and-set a key's value. */
    public static final byte OP_CAS = 3;

    /** Offset of the op code (u8). */
    public static final int OP_OFFSET = 0;
    /** Offset of the reserved byte, always 0. */
    public static final int RESERVED_OFFSET = 1;
    /** Offset of the key length (u16). */
    public static final int KEY_LENGTH_OFFSET = 2;
    /** Offset of the value length (i32). */
    public static final int VALUE_LENGTH_OFFSET = 4;
    /** Offset of the expected length (i32). */
    public static final int EXPECTED_LENGTH_OFFSET = 8;
    /** Length of the fixed header; the key starts here. */
    public static final int HEADER_LENGTH = 12;

    /** Largest key length the u16 field can carry. */
    public static final int MAX_KEY_LENGTH = 0xFFFF;
    /** Expected length meaning "the key must be absent" for {@link #OP_CAS}. */
    public static final int EXPECT_ABSENT = -1;

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private KvCommand()
    {
    }

    /**
     * Length of an encoded command.
     *
     * @param keyLength      key length in bytes.
     * @param valueLength    value length in bytes.
     * @param expectedLength expected length in bytes, or {@link #EXPECT_ABSENT}.
     * @return the encoded length in bytes.
     */
    public static int encodedLength(final int keyLength, final int valueLength, final int expectedLength)
    {
        return HEADER_LENGTH + keyLength + valueLength + Math.max(0, expectedLength);
    }

    /**
     * Encode a PUT.
     *
     * @param dst    destination buffer; needs {@link #encodedLength} bytes from {@code offset}.
     * @param offset first byte to write.
     * @param key    the key, at most {@link #MAX_KEY_LENGTH} bytes.
     * @param value  the value.
     * @return the number of bytes written.
     * @throws IllegalArgumentException if the key is too long.
     * @throws IndexOutOfBoundsException if {@code dst} is too small.
     */
    public static int encodePut(final byte[] dst, final int offset, final byte[] key, final byte[] value)
    {
        return encode(dst, offset, OP_PUT, key, value, null);
    }

    /**
     * Encode a GET.
     *
     * @param dst    destination buffer; needs {@link #encodedLength} bytes from {@code offset}.
     * @param offset first byte to write.
     * @param key    the key, at most {@link #MAX_KEY_LENGTH} bytes.
     * @return the number of bytes written.
     * @throws IllegalArgumentException if the key is too long.
     * @throws IndexOutOfBoundsException if {@code dst} is too small.
     */
    public static int encodeGet(final byte[] dst, final int offset, final byte[] key)
    {
        return encode(dst, offset, OP_GET, key, null, null);
    }

    /**
     * Encode a CAS.
     *
     * @param dst      destination buffer; needs {@link #encodedLength} bytes from {@code offset}.
     * @param offset   first byte to write.
     * @param key      the key, at most {@link #MAX_KEY_LENGTH} bytes.
     * @param expected the value the key must hold, or {@code null} if the key must be absent.
     * @param value    the new value.
     * @return the number of bytes written.
     * @throws IllegalArgumentException if the key is too long.
     * @throws IndexOutOfBoundsException if {@code dst} is too small.
     */
    public static int encodeCas(
        final byte[] dst, final int offset, final byte[] key, final byte[] expected, final byte[] value)
    {
        return encode(dst, offset, OP_CAS, key, value, expected);
    }

    private static int encode(
        final byte[] dst, final int offset, final byte op, final byte[] key, final byte[] value, final byte[] expected)
    {
        if (key.length > MAX_KEY_LENGTH)
        {
            throw new IllegalArgumentException("key length " + key.length + " > " + MAX_KEY_LENGTH);
        }
        final int valueLength = null == value ? 0 : value.length;
        final int expectedLength = OP_CAS == op ? (null == expected ? EXPECT_ABSENT : expected.length) : 0;
        final int length = encodedLength(key.length, valueLength, expectedLength);
        if (offset < 0 || offset > dst.length - length)
        {
            throw new IndexOutOfBoundsException("need " + length + " bytes at offset " + offset + " of " + dst.length);
        }
        dst[offset + OP_OFFSET] = op;
        dst[offset + RESERVED_OFFSET] = 0;
        SHORT_LE.set(dst, offset + KEY_LENGTH_OFFSET, (short)key.length);
        INT_LE.set(dst, offset + VALUE_LENGTH_OFFSET, valueLength);
        INT_LE.set(dst, offset + EXPECTED_LENGTH_OFFSET, expectedLength);
        int cursor = offset + HEADER_LENGTH;
        System.arraycopy(key, 0, dst, cursor, key.length);
        cursor += key.length;
        if (valueLength > 0)
        {
            System.arraycopy(value, 0, dst, cursor, valueLength);
            cursor += valueLength;
        }
        if (expectedLength > 0)
        {
            System.arraycopy(expected, 0, dst, cursor, expectedLength);
            cursor += expectedLength;
        }
        return cursor - offset;
    }

    /**
     * Whether the bytes are exactly one well-formed command: a known op, a zero reserved byte,
     * section lengths that fit and add up to {@code length}, and the per-op rules above.
     * Never throws for any {@code offset}/{@code length} within {@code src}.
     *
     * @param src    buffer holding the command.
     * @param offset first byte.
     * @param length length in bytes.
     * @return true if the accessors may be used on it.
     */
    public static boolean isWellFormed(final byte[] src, final int offset, final int length)
    {
        if (null == src || offset < 0 || length < HEADER_LENGTH || offset > src.length - length)
        {
            return false;
        }
        final byte op = src[offset + OP_OFFSET];
        if (src[offset + RESERVED_OFFSET] != 0)
        {
            return false;
        }
        final long keyLength = keyLength(src, offset);
        final long valueLength = valueLength(src, offset);
        final long expectedLength = expectedLength(src, offset);
        if (valueLength < 0)
        {
            return false;
        }
        switch (op)
        {
            case OP_PUT:
                if (expectedLength != 0)
                {
                    return false;
                }
                break;
            case OP_GET:
                if (valueLength != 0 || expectedLength != 0)
                {
                    return false;
                }
                break;
            case OP_CAS:
                if (expectedLength < EXPECT_ABSENT)
                {
                    return false;
                }
                break;
            default:
                return false;
        }
        // long arithmetic so absurd lengths cannot overflow into a plausible total
        return HEADER_LENGTH + keyLength + valueLength + Math.max(0L, expectedLength) == length;
    }

    /**
     * Op code.
     *
     * @param src    buffer holding the command.
     * @param offset first byte of the command.
     * @return one of {@link #OP_PUT}, {@link #OP_GET}, {@link #OP_CAS} for a well-formed command.
     */
    public static byte op(final byte[] src, final int offset)
    {
        return src[offset + OP_OFFSET];
    }

    /**
     * Key length.
     *
     * @param src    buffer holding the command.
     * @param offset first byte of the command.
     * @return key length in bytes, 0..{@link #MAX_KEY_LENGTH}.
     */
    public static int keyLength(final byte[] src, final int offset)
    {
        return ((short)SHORT_LE.get(src, offset + KEY_LENGTH_OFFSET)) & 0xFFFF;
    }

    /**
     * Value length.
     *
     * @param src    buffer holding the command.
     * @param offset first byte of the command.
     * @return value length in bytes.
     */
    public static int valueLength(final byte[] src, final int offset)
    {
        return (int)INT_LE.get(src, offset + VALUE_LENGTH_OFFSET);
    }

    /**
     * Expected length.
     *
     * @param src    buffer holding the command.
     * @param offset first byte of the command.
     * @return expected length in bytes, or {@link #EXPECT_ABSENT}.
     */
    public static int expectedLength(final byte[] src, final int offset)
    {
        return (int)INT_LE.get(src, offset + EXPECTED_LENGTH_OFFSET);
    }

    /**
     * Absolute offset of the key bytes.
     *
     * @param offset first byte of the command.
     * @return offset of the key in the same buffer.
     */
    public static int keyOffset(final int offset)
    {
        return offset + HEADER_LENGTH;
    }

    /**
     * Absolute offset of the value bytes.
     *
     * @param src    buffer holding the command.
     * @param offset first byte of the command.
     * @return offset of the value in the same buffer.
     */
    public static int valueOffset(final byte[] src, final int offset)
    {
        return offset + HEADER_LENGTH + keyLength(src, offset);
    }

    /**
     * Absolute offset of the expected bytes (CAS only).
     *
     * @param src    buffer holding the command.
     * @param offset first byte of the command.
     * @return offset of the expected value in the same buffer.
     */
    public static int expectedOffset(final byte[] src, final int offset)
    {
        return valueOffset(src, offset) + valueLength(src, offset);
    }

    /**
     * A copy of the key; for tests and checkers, allocates.
     *
     * @param src    buffer holding a well-formed command.
     * @param offset first byte of the command.
     * @return the key bytes.
     */
    public static byte[] key(final byte[] src, final int offset)
    {
        final int from = keyOffset(offset);
        return Arrays.copyOfRange(src, from, from + keyLength(src, offset));
    }

    /**
     * A copy of the value; for tests and checkers, allocates.
     *
     * @param src    buffer holding a well-formed command.
     * @param offset first byte of the command.
     * @return the value bytes.
     */
    public static byte[] value(final byte[] src, final int offset)
    {
        final int from = valueOffset(src, offset);
        return Arrays.copyOfRange(src, from, from + valueLength(src, offset));
    }

    /**
     * A copy of the expected value of a CAS; for tests and checkers, allocates.
     *
     * @param src    buffer holding a well-formed CAS.
     * @param offset first byte of the command.
     * @return the expected bytes, or {@code null} for {@link #EXPECT_ABSENT}.
     */
    public static byte[] expected(final byte[] src, final int offset)
    {
        final int length = expectedLength(src, offset);
        if (EXPECT_ABSENT == length)
        {
            return null;
        }
        final int from = expectedOffset(src, offset);
        return Arrays.copyOfRange(src, from, from + length);
    }
}
