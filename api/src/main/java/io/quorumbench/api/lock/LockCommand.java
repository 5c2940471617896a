package io.quorumbench.api.lock;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Layout, encoders and allocation-free decoders of the commands a lock service state machine
 * applies. Byte order is little-endian throughout.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  |    op (u8)    |  flags (u8)   |      lock name length (u16)   |  0
 *  +---------------+---------------+-------------------------------+
 *  |        key length (u16)       |          reserved (0)         |  4
 *  +-------------------------------+-------------------------------+
 *  |                       value length (i32)                      |  8
 *  +---------------------------------------------------------------+
 *  |                          reserved (0)                         |  12
 *  +---------------------------------------------------------------+
 *  |                  time stamp (i64, ns, by the leader)          |  16
 *  +---------------------------------------------------------------+
 *  |                  leader term (i64, by the leader)             |  24
 *  +---------------------------------------------------------------+
 *  |                        session id (i64)                       |  32
 *  +---------------------------------------------------------------+
 *  |  argument (i64): lease ns, version, timeout ns or token       |  40
 *  +---------------------------------------------------------------+
 *  |  lock name bytes | key bytes | value bytes                  ...  48
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p><b>Time enters through the log.</b> A client leaves the time stamp and term 0;
 * {@link LockServiceNode} writes the leader's clock and term into every command it accepts before
 * the log replicates it, so every replica applies the same times and never reads a clock.
 *
 * <table>
 *   <caption>The operations and their fields</caption>
 *   <tr><th>op</th><th>session</th><th>argument</th><th>names</th></tr>
 *   <tr><td>{@link #OP_OPEN_SESSION}</td><td>-</td><td>lease ns</td><td>-</td></tr>
 *   <tr><td>{@link #OP_KEEP_ALIVE}</td><td>session</td><td>-</td><td>-</td></tr>
 *   <tr><td>{@link #OP_EXPIRE_SESSION} (leader only)</td><td>session</td><td>session version</td><td>-</td></tr>
 *   <tr><td>{@link #OP_CLOSE_SESSION}</td><td>session</td><td>-</td><td>-</td></tr>
 *   <tr><td>{@link #OP_ACQUIRE} ({@link #FLAG_TRY_ONLY})</td><td>session</td><td>wait timeout ns</td><td>lock</td></tr>
 *   <tr><td>{@link #OP_RELEASE}</td><td>session</td><td>fencing token</td><td>lock</td></tr>
 *   <tr><td>{@link #OP_FENCED_WRITE}</td><td>-</td><td>fencing token</td><td>lock, key, value</td></tr>
 *   <tr><td>{@link #OP_TICK} (leader only)</td><td>-</td><td>-</td><td>-</td></tr>
 * </table>
 * A command is well formed only if its length is exactly the header plus the three byte sections
 * and its op is known; {@link #isWellFormed} checks that, and the accessors assume it.
 *
 * <p><b>Threading</b>: stateless; every method is safe from any thread.
 */
public final class LockCommand
{
    /** Open a session with a lease; the result carries the session id. */
    public static final byte OP_OPEN_SESSION = 1;
    /** Renew a session's lease and bump its version. */
    public static final byte OP_KEEP_ALIVE = 2;
    /** Expire a session whose lease ran out, if its version still matches (proposed by the leader). */
    public static final byte OP_EXPIRE_SESSION = 3;
    /** Close a session: release its locks at once, without lock-delay. */
    public static final byte OP_CLOSE_SESSION = 4;
    /** Acquire a lock, or queue for it (FIFO) unless {@link #FLAG_TRY_ONLY}. */
    public static final byte OP_ACQUIRE = 5;
    /** Release a lock held with the given token. */
    public static final byte OP_RELEASE = 6;
    /** Write a key of the fenced resource guarded by a lock's token. */
    public static final byte OP_FENCED_WRITE = 7;
    /** Nothing but the leader's time: lets waiter timeouts and lock-delays end when nobody writes. */
    public static final byte OP_TICK = 8;

    /** Acquire flag: answer at once instead of queueing. */
    public static final byte FLAG_TRY_ONLY = 1;

    /** Offset of the op code (u8). */
    public static final int OP_OFFSET = 0;
    /** Offset of the flags (u8). */
    public static final int FLAGS_OFFSET = 1;
    /** Offset of the lock name length (u16). */
    public static final int LOCK_LENGTH_OFFSET = 2;
    /** Offset of the key length (u16). */
    public static final int KEY_LENGTH_OFFSET = 4;
    /** Offset of the value length (i32). */
    public static final int VALUE_LENGTH_OFFSET = 8;
    /** Offset of the leader's time stamp (i64, ns). */
    public static final int TIME_OFFSET = 16;
    /** Offset of the leader's term (i64). */
    public static final int TERM_OFFSET = 24;
    /** Offset of the session id (i64). */
    public static final int SESSION_OFFSET = 32;
    /** Offset of the argument (i64). */
    public static final int ARGUMENT_OFFSET = 40;
    /** Length of the fixed header; the lock name starts here. */
    public static final int HEADER_LENGTH = 48;

    /** Largest lock name or key length the u16 fields can carry; state machines set lower limits. */
    public static final int MAX_NAME_LENGTH = 0xFFFF;

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] EMPTY = new byte[0];

    private LockCommand()
    {
    }

    /**
     * Length of an encoded command.
     *
     * @param lockLength  lock name length in bytes.
     * @param keyLength   key length in bytes.
     * @param valueLength value length in bytes.
     * @return the encoded length in bytes.
     */
    public static int encodedLength(final int lockLength, final int keyLength, final int valueLength)
    {
        return HEADER_LENGTH + lockLength + keyLength + valueLength;
    }

    /**
     * Encode any command; the time stamp and term are left 0 for the leader to fill.
     *
     * @param op        one of the {@code OP_*} codes.
     * @param flags     {@code FLAG_*} bits.
     * @param sessionId the session, or 0.
     * @param argument  the op's argument (see the class table).
     * @param lock      lock name, or {@code null}.
     * @param key       key, or {@code null}.
     * @param value     value, or {@code null}.
     * @return the command bytes.
     * @throws IllegalArgumentException if a name does not fit its u16 length field.
     */
    public static byte[] encode(
        final byte op, final byte flags, final long sessionId, final long argument, final byte[] lock, final byte[] key,
        final byte[] value)
    {
        final byte[] lockBytes = null == lock ? EMPTY : lock;
        final byte[] keyBytes = null == key ? EMPTY : key;
        final byte[] valueBytes = null == value ? EMPTY : value;
        if (lockBytes.length > MAX_NAME_LENGTH || keyBytes.length > MAX_NAME_LENGTH)
        {
            throw new IllegalArgumentException("lock name or key longer than " + MAX_NAME_LENGTH + " bytes");
        }
        final byte[] dst = new byte[encodedLength(lockBytes.length, keyBytes.length, valueBytes.length)];
        dst[OP_OFFSET] = op;
        dst[FLAGS_OFFSET] = flags;
        SHORT_LE.set(dst, LOCK_LENGTH_OFFSET, (short)lockBytes.length);
        SHORT_LE.set(dst, KEY_LENGTH_OFFSET, (short)keyBytes.length);
        INT_LE.set(dst, VALUE_LENGTH_OFFSET, valueBytes.length);
        LONG_LE.set(dst, SESSION_OFFSET, sessionId);
        LONG_LE.set(dst, ARGUMENT_OFFSET, argument);
        System.arraycopy(lockBytes, 0, dst, HEADER_LENGTH, lockBytes.length);
        System.arraycopy(keyBytes, 0, dst, HEADER_LENGTH + lockBytes.length, keyBytes.length);
        System.arraycopy(valueBytes, 0, dst, HEADER_LENGTH + lockBytes.length + keyBytes.length, valueBytes.length);
        return dst;
    }

    /**
     * An OpenSession command.
     *
     * @param leaseNs the lease the session asks for.
     * @return the command bytes.
     */
    public static byte[] openSession(final long leaseNs)
    {
        return encode(OP_OPEN_SESSION, (byte)0, 0, leaseNs, null, null, null);
    }

    /**
     * A KeepAlive command.
     *
     * @param sessionId the session.
     * @return the command bytes.
     */
    public static byte[] keepAlive(final long sessionId)
    {
        return encode(OP_KEEP_ALIVE, (byte)0, sessionId, 0, null, null, null);
    }

    /**
     * An ExpireSession command (the leader's).
     *
     * @param sessionId the session.
     * @param version   the version the leader saw run out; a keep-alive since makes it a no-op.
     * @return the command bytes.
     */
    public static byte[] expireSession(final long sessionId, final long version)
    {
        return encode(OP_EXPIRE_SESSION, (byte)0, sessionId, version, null, null, null);
    }

    /**
     * A CloseSession command.
     *
     * @param sessionId the session.
     * @return the command bytes.
     */
    public static byte[] closeSession(final long sessionId)
    {
        return encode(OP_CLOSE_SESSION, (byte)0, sessionId, 0, null, null, null);
    }

    /**
     * An Acquire command.
     *
     * @param sessionId the session.
     * @param lock      the lock name.
     * @param timeoutNs how long a queued waiter waits before it gives up.
     * @param tryOnly   answer at once instead of queueing.
     * @return the command bytes.
     */
    public static byte[] acquire(final long sessionId, final byte[] lock, final long timeoutNs, final boolean tryOnly)
    {
        return encode(OP_ACQUIRE, tryOnly ? FLAG_TRY_ONLY : 0, sessionId, timeoutNs, lock, null, null);
    }

    /**
     * A Release command.
     *
     * @param sessionId the session.
     * @param lock      the lock name.
     * @param token     the fencing token of the grant being released.
     * @return the command bytes.
     */
    public static byte[] release(final long sessionId, final byte[] lock, final long token)
    {
        return encode(OP_RELEASE, (byte)0, sessionId, token, lock, null, null);
    }

    /**
     * A FencedWrite command.
     *
     * @param lock  the lock guarding the key.
     * @param token the writer's fencing token.
     * @param key   the key.
     * @param value the value.
     * @return the command bytes.
     */
    public static byte[] fencedWrite(final byte[] lock, final long token, final byte[] key, final byte[] value)
    {
        return encode(OP_FENCED_WRITE, (byte)0, 0, token, lock, key, value);
    }

    /**
     * A Tick command (the leader's).
     *
     * @return the command bytes.
     */
    public static byte[] tick()
    {
        return encode(OP_TICK, (byte)0, 0, 0, null, null, null);
    }

    /**
     * Write the leader's stamp into a command in place.
     *
     * @param command buffer holding the command.
     * @param offset  first byte of the command.
     * @param timeNs  the leader's clock.
     * @param term    the leader's term.
     */
    public static void stamp(final byte[] command, final int offset, final long timeNs, final long term)
    {
        LONG_LE.set(command, offset + TIME_OFFSET, timeNs);
        LONG_LE.set(command, offset + TERM_OFFSET, term);
    }

    /**
     * Whether the bytes are a complete command of a known op whose lengths add up exactly.
     *
     * @param src    buffer.
     * @param offset first byte.
     * @param length number of bytes.
     * @return true if well formed.
     */
    public static boolean isWellFormed(final byte[] src, final int offset, final int length)
    {
        if (length < HEADER_LENGTH || offset < 0 || offset + length > src.length)
        {
            return false;
        }
        final byte op = op(src, offset);
        if (op < OP_OPEN_SESSION || op > OP_TICK)
        {
            return false;
        }
        final long valueLength = valueLength(src, offset);
        return valueLength >= 0 &&
            (long)HEADER_LENGTH + lockLength(src, offset) + keyLength(src, offset) + valueLength == length;
    }

    /**
     * @param src    buffer.
     * @param offset first byte of the command.
     * @return the op code.
     */
    public static byte op(final byte[] src, final int offset)
    {
        return src[offset + OP_OFFSET];
    }

    /**
     * @param src    buffer.
     * @param offset first byte of the command.
     * @return whether {@link #FLAG_TRY_ONLY} is set.
     */
    public static boolean tryOnly(final byte[] src, final int offset)
    {
        return 0 != (src[offset + FLAGS_OFFSET] & FLAG_TRY_ONLY);
    }

    /**
     * @param src    buffer.
     * @param offset first byte of the command.
     * @return the lock name length.
     */
    public static int lockLength(final byte[] src, final int offset)
    {
        return (short)SHORT_LE.get(src, offset + LOCK_LENGTH_OFFSET) & 0xFFFF;
    }

    /**
     * @param src    buffer.
     * @param offset first byte of the command.
     * @return the key length.
     */
    public static int keyLength(final byte[] src, final int offset)
    {
        return (short)SHORT_LE.get(src, offset + KEY_LENGTH_OFFSET) & 0xFFFF;
    }

    /**
     * @param src    buffer.
     * @param offset first byte of the command.
     * @return the value length.
     */
    public static int valueLength(final byte[] src, final int offset)
    {
        return (int)INT_LE.get(src, offset + VALUE_LENGTH_OFFSET);
    }

    /**
     * @param src    buffer.
     * @param offset first byte of the command.
     * @return the leader's time stamp in ns.
     */
    public static long timeNs(final byte[] src, final int offset)
    {
        return (long)LONG_LE.get(src, offset + TIME_OFFSET);
    }

    /**
     * @param src    buffer.
     * @param offset first byte of the command.
     * @return the leader's term.
     */
    public static long term(final byte[] src, final int offset)
    {
        return (long)LONG_LE.get(src, offset + TERM_OFFSET);
    }

    /**
     * @param src    buffer.
     * @param offset first byte of the command.
     * @return the session id.
     */
    public static long sessionId(final byte[] src, final int offset)
    {
        return (long)LONG_LE.get(src, offset + SESSION_OFFSET);
    }

    /**
     * @param src    buffer.
     * @param offset first byte of the command.
     * @return the argument (lease, version, timeout or token).
     */
    public static long argument(final byte[] src, final int offset)
    {
        return (long)LONG_LE.get(src, offset + ARGUMENT_OFFSET);
    }

    /**
     * @param offset first byte of the command.
     * @return offset of the lock name.
     */
    public static int lockOffset(final int offset)
    {
        return offset + HEADER_LENGTH;
    }

    /**
     * @param src    buffer.
     * @param offset first byte of the command.
     * @return offset of the key.
     */
    public static int keyOffset(final byte[] src, final int offset)
    {
        return offset + HEADER_LENGTH + lockLength(src, offset);
    }

    /**
     * @param src    buffer.
     * @param offset first byte of the command.
     * @return offset of the value.
     */
    public static int valueOffset(final byte[] src, final int offset)
    {
        return keyOffset(src, offset) + keyLength(src, offset);
    }
}
