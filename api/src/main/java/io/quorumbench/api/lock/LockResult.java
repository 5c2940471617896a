package io.quorumbench.api.lock;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Layout, encoder and allocation-free decoders of the results a lock service state machine
 * returns: one fixed-size record for every command. Byte order is little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+-----------------------------------------------+
 *  | status (u8)   |                reserved (0)                   |  0
 *  +---------------+-----------------------------------------------+
 *  |                          reserved (0)                         |  4
 *  +---------------------------------------------------------------+
 *  |                        session id (i64)                       |  8
 *  +---------------------------------------------------------------+
 *  |                      fencing token (i64)                      |  16
 *  +---------------------------------------------------------------+
 *  |           deadline (i64, ns): lease end or waiter deadline    |  24
 *  +---------------------------------------------------------------+
 *  |                     session version (i64)                     |  32
 *  +---------------------------------------------------------------+
 *  |              log time (i64, ns) after this command            |  40
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Fields a status does not use are 0, so two state machines that agree give the same bytes.
 *
 * <table>
 *   <caption>What each command returns</caption>
 *   <tr><th>command</th><th>statuses</th></tr>
 *   <tr><td>OpenSession</td><td>{@link #OK} (session, lease end, version 1), {@link #INVALID} (lease &le; 0)</td></tr>
 *   <tr><td>KeepAlive</td><td>{@link #OK} (lease end, version), {@link #UNKNOWN_SESSION}, {@link #EXPIRED}</td></tr>
 *   <tr><td>ExpireSession</td><td>{@link #OK}, {@link #NOT_DUE} (lease end, version), {@link #UNKNOWN_SESSION}</td></tr>
 *   <tr><td>CloseSession</td><td>{@link #OK}, {@link #UNKNOWN_SESSION}, {@link #EXPIRED}</td></tr>
 *   <tr><td>Acquire</td><td>{@link #GRANTED} / {@link #HELD} (token), {@link #QUEUED} (waiter deadline),
 *       {@link #BUSY}, {@link #UNKNOWN_SESSION}, {@link #EXPIRED}, {@link #NAME_TOO_LONG}, {@link #INVALID}</td></tr>
 *   <tr><td>Release</td><td>{@link #OK} (token), {@link #NOT_HOLDER}, {@link #STALE_TOKEN} (holder's token),
 *       {@link #UNKNOWN_SESSION}, {@link #NAME_TOO_LONG}</td></tr>
 *   <tr><td>FencedWrite</td><td>{@link #OK} (token), {@link #STALE_TOKEN} (highest token seen),
 *       {@link #NAME_TOO_LONG}, {@link #INVALID} (value too long, token &le; 0)</td></tr>
 *   <tr><td>Tick</td><td>{@link #OK}</td></tr>
 *   <tr><td>malformed</td><td>{@link #INVALID}</td></tr>
 * </table>
 *
 * <p><b>Threading</b>: stateless; every method is safe from any thread.
 */
public final class LockResult
{
    /** Done. */
    public static final byte OK = 0;
    /** Acquire: the lock was free and is now the session's; the token is new. */
    public static final byte GRANTED = 1;
    /** Acquire: the session already holds the lock (a waiter polling learns its grant this way). */
    public static final byte HELD = 2;
    /** Acquire: the session waits in the lock's FIFO queue until granted or its deadline. */
    public static final byte QUEUED = 3;
    /** Acquire with try-only (or timeout 0): the lock is held, has waiters, or is in lock-delay. */
    public static final byte BUSY = 4;
    /** No such session (never opened, closed or expired). */
    public static final byte UNKNOWN_SESSION = 5;
    /** Release by a session that does not hold the lock. */
    public static final byte NOT_HOLDER = 6;
    /** Release or fenced write with a token older than the current one. */
    public static final byte STALE_TOKEN = 7;
    /** A lock name or key longer than the state machine's limit. */
    public static final byte NAME_TOO_LONG = 8;
    /** The session's lease ran out in log time; only an expiry can follow. */
    public static final byte EXPIRED = 9;
    /** ExpireSession lost a race: a keep-alive renewed the lease (version changed) or it has not run out. */
    public static final byte NOT_DUE = 10;
    /** Malformed command or an argument out of range. */
    public static final byte INVALID = 11;

    /** Offset of the status (u8). */
    public static final int STATUS_OFFSET = 0;
    /** Offset of the session id (i64). */
    public static final int SESSION_OFFSET = 8;
    /** Offset of the fencing token (i64). */
    public static final int TOKEN_OFFSET = 16;
    /** Offset of the deadline (i64, ns). */
    public static final int DEADLINE_OFFSET = 24;
    /** Offset of the session version (i64). */
    public static final int VERSION_OFFSET = 32;
    /** Offset of the log time (i64, ns). */
    public static final int TIME_OFFSET = 40;
    /** Length of every result. */
    public static final int LENGTH = 48;

    private static final String[] NAMES = {
        "OK", "GRANTED", "HELD", "QUEUED", "BUSY", "UNKNOWN_SESSION", "NOT_HOLDER", "STALE_TOKEN", "NAME_TOO_LONG",
        "EXPIRED", "NOT_DUE", "INVALID"};
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LockResult()
    {
    }

    /**
     * Encode a result.
     *
     * @param dst        destination, at least {@link #LENGTH} bytes.
     * @param status     the status.
     * @param sessionId  session id or 0.
     * @param token      fencing token or 0.
     * @param deadlineNs lease end or waiter deadline, or 0.
     * @param version    session version or 0.
     * @param timeNs     log time after the command.
     * @return {@link #LENGTH}.
     */
    public static int encode(
        final byte[] dst, final byte status, final long sessionId, final long token, final long deadlineNs,
        final long version, final long timeNs)
    {
        dst[STATUS_OFFSET] = status;
        for (int i = 1; i < SESSION_OFFSET; i++)
        {
            dst[i] = 0;
        }
        LONG_LE.set(dst, SESSION_OFFSET, sessionId);
        LONG_LE.set(dst, TOKEN_OFFSET, token);
        LONG_LE.set(dst, DEADLINE_OFFSET, deadlineNs);
        LONG_LE.set(dst, VERSION_OFFSET, version);
        LONG_LE.set(dst, TIME_OFFSET, timeNs);
        return LENGTH;
    }

    /**
     * @param src    buffer holding a result.
     * @param offset first byte of the result.
     * @return the status.
     */
    public static byte status(final byte[] src, final int offset)
    {
        return src[offset + STATUS_OFFSET];
    }

    /**
     * @param src    buffer holding a result.
     * @param offset first byte of the result.
     * @return the session id.
     */
    public static long sessionId(final byte[] src, final int offset)
    {
        return (long)LONG_LE.get(src, offset + SESSION_OFFSET);
    }

    /**
     * @param src    buffer holding a result.
     * @param offset first byte of the result.
     * @return the fencing token.
     */
    public static long token(final byte[] src, final int offset)
    {
        return (long)LONG_LE.get(src, offset + TOKEN_OFFSET);
    }

    /**
     * @param src    buffer holding a result.
     * @param offset first byte of the result.
     * @return the lease end or waiter deadline in ns.
     */
    public static long deadlineNs(final byte[] src, final int offset)
    {
        return (long)LONG_LE.get(src, offset + DEADLINE_OFFSET);
    }

    /**
     * @param src    buffer holding a result.
     * @param offset first byte of the result.
     * @return the session version.
     */
    public static long version(final byte[] src, final int offset)
    {
        return (long)LONG_LE.get(src, offset + VERSION_OFFSET);
    }

    /**
     * @param src    buffer holding a result.
     * @param offset first byte of the result.
     * @return the log time in ns after the command.
     */
    public static long timeNs(final byte[] src, final int offset)
    {
        return (long)LONG_LE.get(src, offset + TIME_OFFSET);
    }

    /**
     * A status's name, for histories and messages.
     *
     * @param status the status.
     * @return e.g. {@code "STALE_TOKEN"}, or {@code "STATUS_<n>"} for an unknown code.
     */
    public static String name(final byte status)
    {
        return status >= 0 && status < NAMES.length ? NAMES[status] : "STATUS_" + status;
    }
}
