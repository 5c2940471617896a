package io.quorumbench.baseline.host;

import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.api.lock.LockServiceNode;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.baseline.lock.BaselineLockStateMachine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@link ClusterContext#option options} every baseline implementation accepts, whatever its
 * protocol: what the host's embedded cluster and its worker-pool client need beyond the common
 * context. Each is a {@code *_OPTION} key and {@code *_DEFAULT} pair; values are integers, read
 * and range-checked once by {@link #of(ClusterContext)}, and a bad one is an
 * {@link IllegalArgumentException} naming the key, the range and the value.
 *
 * @param maxValueLength    largest value the KV state machine holds, bytes.
 * @param leaderTimeoutMs   how long {@code launch} waits for the first leader.
 * @param sessionCapacity   requests a session holds (queued, executing or answered) before
 *                          {@code trySend} refuses; at most the context's {@code maxInFlight}.
 * @param requestTimeoutMs  how long a worker's client waits for one node's answer before retrying.
 * @param connectTimeoutMs  how long {@code connect} tries to reach some node before failing.
 */
public record HostOptions(
    int maxValueLength, long leaderTimeoutMs, int sessionCapacity, long requestTimeoutMs, long connectTimeoutMs)
{
    /** Key of the largest value the KV state machine holds, bytes. */
    public static final String MAX_VALUE_LENGTH_OPTION = "maxValueLength";
    /** Default largest KV value, bytes: the state machine's own default. */
    public static final int MAX_VALUE_LENGTH_DEFAULT = KvStateMachine.DEFAULT_MAX_VALUE_LENGTH;
    /** Key of how long {@code launch} waits for the first leader, milliseconds. */
    public static final String LEADER_TIMEOUT_MS_OPTION = "leaderTimeoutMs";
    /** Default wait for the first leader, milliseconds. */
    public static final long LEADER_TIMEOUT_MS_DEFAULT = 20_000;
    /** Key of the requests one session holds before {@code trySend} refuses. */
    public static final String SESSION_CAPACITY_OPTION = "sessionCapacity";
    /** Default requests one session holds; preallocated, so kept well below the context's maxInFlight. */
    public static final int SESSION_CAPACITY_DEFAULT = 4096;
    /** Key of how long a worker's client waits for one node's answer, milliseconds. */
    public static final String REQUEST_TIMEOUT_MS_OPTION = "requestTimeoutMs";
    /** Least per-attempt wait when derived from the operation timeout, milliseconds. */
    public static final long REQUEST_TIMEOUT_MS_MIN_DEFAULT = 100;
    /** Key of how long {@code connect} tries to reach some node, milliseconds. */
    public static final String CONNECT_TIMEOUT_MS_OPTION = "connectTimeoutMs";
    /** Default time {@code connect} tries to reach some node, milliseconds. */
    public static final long CONNECT_TIMEOUT_MS_DEFAULT = 10_000;

    private static final Map<String, String> DESCRIPTIONS = describe();

    private static Map<String, String> describe()
    {
        final Map<String, String> options = new LinkedHashMap<>();
        options.put(MAX_VALUE_LENGTH_OPTION, "largest value the kv state machine holds, bytes (default " +
            MAX_VALUE_LENGTH_DEFAULT + ")");
        options.put(LEADER_TIMEOUT_MS_OPTION, "how long launch waits for the first leader, ms (default " +
            LEADER_TIMEOUT_MS_DEFAULT + ")");
        options.put(SESSION_CAPACITY_OPTION, "requests one session holds before trySend refuses (default " +
            SESSION_CAPACITY_DEFAULT + ", at most maxInFlight)");
        options.put(REQUEST_TIMEOUT_MS_OPTION, "how long a worker's client waits for one node before retrying, ms " +
            "(default max(" + REQUEST_TIMEOUT_MS_MIN_DEFAULT + ", operation timeout / 5))");
        options.put(CONNECT_TIMEOUT_MS_OPTION, "how long connect tries to reach some node, ms (default " +
            CONNECT_TIMEOUT_MS_DEFAULT + ")");
        return Collections.unmodifiableMap(options);
    }

    /**
     * The keys and a line each, in a stable order, for {@code Implementation#options()}.
     *
     * @return key to description.
     */
    public static Map<String, String> descriptions()
    {
        return DESCRIPTIONS;
    }

    /**
     * Read the options of a concluded context, defaults for those not set.
     *
     * @param context the context.
     * @return the values.
     * @throws IllegalArgumentException naming the first option that is not an integer in range.
     */
    public static HostOptions of(final ClusterContext context)
    {
        final long operationTimeoutMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(context.operationTimeoutNs()));
        return new HostOptions(
            (int)value(context, MAX_VALUE_LENGTH_OPTION, MAX_VALUE_LENGTH_DEFAULT, 1, 16 << 20),
            value(context, LEADER_TIMEOUT_MS_OPTION, LEADER_TIMEOUT_MS_DEFAULT, 1, TimeUnit.HOURS.toMillis(1)),
            (int)Math.min(context.maxInFlight(),
                value(context, SESSION_CAPACITY_OPTION, SESSION_CAPACITY_DEFAULT, 1, 1 << 20)),
            value(context, REQUEST_TIMEOUT_MS_OPTION,
                Math.max(REQUEST_TIMEOUT_MS_MIN_DEFAULT, operationTimeoutMs / 5), 1, Integer.MAX_VALUE),
            value(context, CONNECT_TIMEOUT_MS_OPTION, CONNECT_TIMEOUT_MS_DEFAULT, 1, TimeUnit.HOURS.toMillis(1)));
    }

    private static long value(
        final ClusterContext context, final String key, final long defaultValue, final long min, final long max)
    {
        final String text = context.options().get(key);
        if (null == text)
        {
            return defaultValue;
        }
        final long value;
        try
        {
            value = Long.parseLong(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("option '" + key + "' must be an integer in " + min + ".." + max +
                ", got '" + text + "'", ex);
        }
        if (value < min || value > max)
        {
            throw new IllegalArgumentException("option '" + key + "' must be in " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    /**
     * A fresh state machine of a kind with the defaults: the lock service's is the baseline's
     * ({@link BaselineLockStateMachine}), the others the shared ones.
     *
     * @param kind the application.
     * @return the state machine.
     */
    public static StateMachine defaultStateMachine(final StateMachineKind kind)
    {
        return StateMachineKind.LOCK == kind ? new BaselineLockStateMachine(LockServiceConfig.defaults()) : kind.create();
    }

    /**
     * The core a node of a kind runs: the log's own, or for the lock service the log's core inside
     * the lock service's leader driver ({@link LockServiceNode}), which stamps time into the log.
     *
     * @param kind the application.
     * @param log  the log's factory.
     * @return the factory to build nodes with.
     */
    public static ProtocolNodeFactory nodeFactory(final StateMachineKind kind, final ProtocolNodeFactory log)
    {
        return StateMachineKind.LOCK == kind ? LockServiceNode.factory(log, LockServiceNode.TICK_INTERVAL_NS_DEFAULT) : log;
    }
}
