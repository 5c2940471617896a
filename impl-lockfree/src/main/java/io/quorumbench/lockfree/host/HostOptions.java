package io.quorumbench.lockfree.host;

import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.api.lock.LockEvents;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.api.lock.LockServiceNode;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.lockfree.lock.DirectLockServiceNode;
import io.quorumbench.lockfree.lock.LockTableStateMachine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The tuned host's {@link ClusterContext#option options}, the same for every protocol it runs:
 * each {@code *_OPTION} key with its {@code *_DEFAULT}, described in {@link #DESCRIPTIONS} for
 * the registry's {@code Implementation.options()}, parsed once by {@link #parse(ClusterContext)}.
 *
 * @param clusterOnSender whether the single session's thread runs the embedded cluster's duty cycle.
 * @param agentIdle       what the embedded cluster's agent thread does when idle.
 * @param maxValueLength  largest value the KV state machine holds (and so the largest answer a session
 *                        must take), bytes.
 */
public record HostOptions(boolean clusterOnSender, NodeIdle agentIdle, int maxValueLength)
{
    /** Key: run the embedded cluster's duty cycle on the (one) session's thread in each poll. */
    public static final String CLUSTER_ON_SENDER_OPTION = "clusterOnSender";
    /** Default of {@link #CLUSTER_ON_SENDER_OPTION}: the cluster has its own agent thread. */
    public static final boolean CLUSTER_ON_SENDER_DEFAULT = false;
    /** Key: idle strategy of the embedded cluster's agent thread, {@code yield} or {@code backoff}. */
    public static final String AGENT_IDLE_OPTION = "agentIdle";
    /**
     * Default of {@link #AGENT_IDLE_OPTION}: yield, the load generator's default, because a backoff's
     * park of up to 100 us between requests is measured as latency.
     */
    public static final NodeIdle AGENT_IDLE_DEFAULT = NodeIdle.YIELD;
    /** Key: largest value the KV state machine holds, bytes (the same key as the baseline host's). */
    public static final String MAX_VALUE_LENGTH_OPTION = "maxValueLength";
    /** Default of {@link #MAX_VALUE_LENGTH_OPTION}: the state machine's own default. */
    public static final int MAX_VALUE_LENGTH_DEFAULT = KvStateMachine.DEFAULT_MAX_VALUE_LENGTH;
    /** Largest {@link #MAX_VALUE_LENGTH_OPTION}, bytes. */
    public static final int MAX_VALUE_LENGTH_MAX = 16 << 20;

    /** Every option with what it does and its default. */
    public static final Map<String, String> DESCRIPTIONS = descriptions();

    private static Map<String, String> descriptions()
    {
        final Map<String, String> descriptions = new LinkedHashMap<>();
        descriptions.put(CLUSTER_ON_SENDER_OPTION, "true: the embedded cluster's duty cycle runs on the session's " +
            "thread in each poll while its agent thread stands by (needs sessions 1); default " + CLUSTER_ON_SENDER_DEFAULT);
        descriptions.put(AGENT_IDLE_OPTION, "idle strategy of the embedded cluster's agent thread: yield (lowest " +
            "latency, takes a core while idle) or backoff (spin, yield, park); default " + AGENT_IDLE_DEFAULT.id());
        // the answers' size sizes each session's egress buffer: a load generator sending 64-byte values
        // keeps its ring-buffer answers in 8 MiB, not the 64 MiB that 4 KiB values would need
        descriptions.put(MAX_VALUE_LENGTH_OPTION, "largest value the kv state machine holds, bytes (sizes the " +
            "sessions' answer buffers); default " + MAX_VALUE_LENGTH_DEFAULT);
        return Collections.unmodifiableMap(descriptions);
    }

    /**
     * The options of a concluded context, with their defaults.
     *
     * @param context the settings.
     * @return the options.
     * @throws IllegalArgumentException naming the option and the accepted values.
     */
    public static HostOptions parse(final ClusterContext context)
    {
        final String onSender = context.optionOrDefault(CLUSTER_ON_SENDER_OPTION, String.valueOf(CLUSTER_ON_SENDER_DEFAULT))
            .toLowerCase(Locale.ROOT);
        if (!"true".equals(onSender) && !"false".equals(onSender))
        {
            throw new IllegalArgumentException("option " + CLUSTER_ON_SENDER_OPTION + ": expected true or false, got '" +
                onSender + "'");
        }
        final boolean clusterOnSender = Boolean.parseBoolean(onSender);
        if (clusterOnSender && 1 != context.sessions())
        {
            throw new IllegalArgumentException("option " + CLUSTER_ON_SENDER_OPTION +
                "=true needs sessions 1 (one thread invokes the cluster), got " + context.sessions());
        }
        final NodeIdle idle = NodeIdle.parse("option " + AGENT_IDLE_OPTION,
            context.optionOrDefault(AGENT_IDLE_OPTION, AGENT_IDLE_DEFAULT.id()));
        final String valueLength = context.optionOrDefault(MAX_VALUE_LENGTH_OPTION, String.valueOf(MAX_VALUE_LENGTH_DEFAULT));
        final int maxValueLength;
        try
        {
            maxValueLength = Integer.parseInt(valueLength.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("option " + MAX_VALUE_LENGTH_OPTION + ": expected an integer in 1.." +
                MAX_VALUE_LENGTH_MAX + ", got '" + valueLength + "'", ex);
        }
        if (maxValueLength < 1 || maxValueLength > MAX_VALUE_LENGTH_MAX)
        {
            throw new IllegalArgumentException("option " + MAX_VALUE_LENGTH_OPTION + ": expected an integer in 1.." +
                MAX_VALUE_LENGTH_MAX + ", got " + maxValueLength);
        }
        return new HostOptions(clusterOnSender, idle, maxValueLength);
    }

    /**
     * A fresh state machine of the context's kind for one node, the KV store holding values up to
     * {@link #maxValueLength()}.
     *
     * @param kind the application.
     * @return the state machine.
     */
    public StateMachine stateMachine(final StateMachineKind kind)
    {
        return stateMachine(kind, LockEvents.NONE);
    }

    /**
     * {@link #stateMachine(StateMachineKind)} whose lock state machine reports what it decides.
     *
     * @param kind   the application.
     * @param events listener of a lock state machine (ignored by the other kinds).
     * @return the state machine.
     */
    public StateMachine stateMachine(final StateMachineKind kind, final LockEvents events)
    {
        if (StateMachineKind.LOCK == kind)
        {
            return new LockTableStateMachine(LockServiceConfig.defaults(), events);
        }
        return StateMachineKind.KV == kind ?
            new KvStateMachine(KvStateMachine.DEFAULT_MAX_KEY_LENGTH, maxValueLength) : defaultStateMachine(kind);
    }

    /**
     * A fresh state machine of a kind with the defaults: the lock service's is the tuned lock table
     * ({@link LockTableStateMachine}), the others the shared ones.
     *
     * @param kind the application.
     * @return the state machine.
     */
    public static StateMachine defaultStateMachine(final StateMachineKind kind)
    {
        return StateMachineKind.LOCK == kind ? new LockTableStateMachine(LockServiceConfig.defaults()) : kind.create();
    }

    /**
     * The core a node of a kind runs: the log's own, or for the lock service the log's core inside
     * the lock service's leader driver ({@link DirectLockServiceNode}), which stamps time into the log.
     *
     * @param kind the application.
     * @param log  the log's factory.
     * @return the factory to build nodes with.
     */
    public static DirectNodeFactory nodeFactory(final StateMachineKind kind, final DirectNodeFactory log)
    {
        return StateMachineKind.LOCK == kind ? DirectLockServiceNode.factory(log, LockServiceNode.TICK_INTERVAL_NS_DEFAULT) : log;
    }
}
