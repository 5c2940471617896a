package io.quorumbench.api.kv;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Layout, encoder and allocation-free decoders of the results {@link KvStateMachine} returns.
 * Byte order is little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+-----------------------------------------------+
 *  | status (u8)   |            value length (i32) ...             |  0
 *  +---------------+---------------+-------------------------------+
 *  |  ... (cont.)  |        value bytes (max(0, value length))   ...  5
 *  +---------------+-----------------------------------------------+
 * </pre>
 *
 * <p>A value length of {@link #NO_VALUE} means "no value": the result of a PUT, of a successful
 * CAS, of a GET on an absent key, of an invalid command, and of a CAS whose key was absent.
 *
 * <table>
 *   <caption>What each command returns</caption>
 *   <tr><th>command</th><th>status</th><th>value</th></tr>
 *   <tr><td>PUT</td><td>{@link Status#OK}</td><td>none</td></tr>
 *   <tr><td>GET</td><td>{@link Status#OK} / {@link Status#NOT_FOUND}</td><td>the value / none</td></tr>
 *   <tr><td>CAS</td><td>{@link Status#OK} / {@link Status#CAS_MISMATCH}</td><td>none / the current value (none if absent)</td></tr>
 *   <tr><td>malformed</td><td>{@link Status#INVALID}</td><td>none</td></tr>
 * </table>
 *
 * <p><b>Threading</b>: stateless; every method is safe from any thread.
 */
public final class KvResult
{
    /** Outcome of a command. */
    public enum Status
    {
        /** Applied (PUT, successful CAS) or found (GET). */
        OK(0),
        /** GET of a key that does not exist. */
        NOT_FOUND(1),
        /** CAS whose expected value did not match; nothing changed. */
        CAS_MISMATCH(2),
        /** Malformed command or one exceeding the state machine's limits; nothing changed. */
        INVALID(3);

        private static final Status[] BY_CODE = values();

        private final byte code;

        Status(final int code)
        {
            this.code = (byte)code;
        }

        /**
         * Wire code.
         *
         * @return the byte written at {@link #STATUS_OFFSET}.
         */
        public byte code()
        {
            return code;
        }

        /**
         * Status of a wire code.
         *
         * @param code the byte read at {@link #STATUS_OFFSET}.
         * @return the status, or {@link #INVALID} for an unknown code.
         */
        public static Status fromCode(final byte code)
        {
            return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : INVALID;
        }
    }

    /** Offset of the status code (u8). */
    public static final int STATUS_OFFSET = 0;
    /** Offset of the value length (i32). */
    public static final int VALUE_LENGTH_OFFSET = 1;
    /** Length of the fixed header; the value starts here. */
    public static final int HEADER_LENGTH = 5;
    /** Value length meaning "no value". */
    public static final int NO_VALUE = -1;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private KvResult()
    {
    }

    /**
     * Encode a result.
     *
     * @param dst         destination buffer.
     * @param offset      first byte to write.
     * @param status      the outcome.
     * @param value       buffer holding the value, ignored if {@code valueLength} is {@link #NO_VALUE}.
     * @param valueOffset first byte of the value.
     * @param valueLength value length, or {@link #NO_VALUE}.
     * @return the number of bytes written.
     */
    public static int encode(
        final byte[] dst,
        final int offset,
        final Status status,
        final byte[] value,
        final int valueOffset,
        final int valueLength)
    {
        dst[offset + STATUS_OFFSET] = status.code();
        INT_LE.set(dst, offset + VALUE_LENGTH_OFFSET, valueLength);
        if (valueLength > 0)
        {
            System.arraycopy(value, valueOffset, dst, offset + HEADER_LENGTH, valueLength);
        }
        return HEADER_LENGTH + Math.max(0, valueLength);
    }

    /**
     * Status of an encoded result.
     *
     * @param src    buffer holding the result.
     * @param offset first byte of the result.
     * @return the status.
     */
    public static Status status(final byte[] src, final int offset)
    {
        return Status.fromCode(src[offset + STATUS_OFFSET]);
    }

    /**
     * Value length of an encoded result.
     *
     * @param src    buffer holding the result.
     * @param offset first byte of the result.
     * @return the value length, or {@link #NO_VALUE}.
     */
    public static int valueLength(final byte[] src, final int offset)
    {
        return (int)INT_LE.get(src, offset + VALUE_LENGTH_OFFSET);
    }

    /**
     * Absolute offset of the value bytes.
     *
     * @param offset first byte of the result.
     * @return offset of the value in the same buffer.
     */
    public static int valueOffset(final int offset)
    {
        return offset + HEADER_LENGTH;
    }

    /**
     * A copy of the value; for tests and checkers, allocates.
     *
     * @param src    buffer holding the result.
     * @param offset first byte of the result.
     * @param length length of the result in bytes, to validate against.
     * @return the value, or {@code null} if the result carries none or is malformed.
     */
    public static byte[] value(final byte[] src, final int offset, final int length)
    {
        if (length < HEADER_LENGTH)
        {
            return null;
        }
        final int valueLength = valueLength(src, offset);
        if (valueLength < 0 || valueLength > length - HEADER_LENGTH)
        {
            return null;
        }
        return Arrays.copyOfRange(src, offset + HEADER_LENGTH, offset + HEADER_LENGTH + valueLength);
    }
}
