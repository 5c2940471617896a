package io.quorumbench.loadgen.workload.kv;

/**
 * One completed (or abandoned) operation of the KV history. Values are identified by the unique
 * 64-bit id the workload writes in their first 8 bytes; {@link #ABSENT} means "no value".
 *
 * @param process    client process (sender index); one operation at a time per process is
 *                   <em>not</em> assumed — senders pipeline, so checkers treat each op as its own process.
 * @param op         {@link KvWorkload#OP_PUT}, {@link KvWorkload#OP_GET} or {@link KvWorkload#OP_CAS}.
 * @param key        key index.
 * @param value      PUT value id, CAS new value id; {@link #ABSENT} for GET.
 * @param expected   CAS expected value id ({@link #ABSENT}: key must be absent); unused otherwise.
 * @param invokeNs   invocation time, {@link System#nanoTime()}.
 * @param completeNs completion time; {@link Long#MAX_VALUE} for {@link #INFO} ops.
 * @param type       {@link #OK}, {@link #FAIL} or {@link #INVALID} (definitely not applied, nothing
 *                   observed), {@link #CAS_MISMATCH} (not applied, and the key did not hold the
 *                   expected value) or {@link #INFO} (unknown).
 * @param result     GET: value id read ({@link #ABSENT} if none); otherwise unused.
 */
public record KvHistoryOp(
    int process, byte op, long key, long value, long expected, long invokeNs, long completeNs, int type, long result)
{
    /** Value id meaning "no value". */
    public static final long ABSENT = 0;
    /** The operation took effect (for a CAS: it matched and wrote). */
    public static final int OK = 0;
    /**
     * The target rejected the operation before it reached the state machine (not leader, back
     * pressure, invalid command): it did not take effect and observed nothing.
     */
    public static final int FAIL = 1;
    /** The outcome is unknown: it may have taken effect at any time after its invocation. */
    public static final int INFO = 2;
    /**
     * A CAS the state machine applied and answered {@code CAS_MISMATCH}: nothing was written, and at
     * that point the key did not hold the expected value. Unlike {@link #FAIL} this is an observation
     * a linearizability checker must use.
     */
    public static final int CAS_MISMATCH = 3;
    /** The state machine answered {@code INVALID}: the command changed nothing and observed nothing. */
    public static final int INVALID = 4;
}
