package io.quorumbench.api.registry;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.lock.LockEvents;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Settings of a cluster to launch in this process ({@link Implementation#launch}) or of a client to
 * connect to a running one ({@link Implementation#connect}; the node-side settings are then unused):
 * fluent setters with the defaults below, validated once by {@link #conclude()}, as Aeron's
 * contexts are. What is specific to one implementation (the tuned host's thread layout, idle
 * strategy) is an {@link #option(String, String)} whose keys that implementation lists in
 * {@link Implementation#options()}; an unknown key is refused at launch, never ignored.
 *
 * <p>Not thread-safe; build on one thread, then hand over.
 */
public final class ClusterContext
{
    /** Default node count. */
    public static final int NODES_DEFAULT = 3;
    /** Default largest command, bytes. */
    public static final int MAX_COMMAND_LENGTH_DEFAULT = 1024;
    /** Default number of sessions a client must be able to open. */
    public static final int SESSIONS_DEFAULT = 1;
    /** Default requests one session may have unanswered. */
    public static final int MAX_IN_FLIGHT_DEFAULT = 65_536;
    /** Default threads per session of a client that blocks per request (the baseline's). */
    public static final int CLIENT_THREADS_DEFAULT = 64;
    /** Default time a session keeps retrying one request before reporting its outcome unknown. */
    public static final long OPERATION_TIMEOUT_NS_DEFAULT = TimeUnit.SECONDS.toNanos(5);

    private int nodes = NODES_DEFAULT;
    private int clusterId = 1;
    private FsyncPolicy fsyncPolicy = FsyncPolicy.NONE;
    private Path dataDir;
    private boolean deleteDataOnClose = true;
    private StateMachineKind stateMachine = StateMachineKind.KV;
    private int maxCommandLength = MAX_COMMAND_LENGTH_DEFAULT;
    private int sessions = SESSIONS_DEFAULT;
    private int maxInFlight = MAX_IN_FLIGHT_DEFAULT;
    private int clientThreads = CLIENT_THREADS_DEFAULT;
    private long operationTimeoutNs = OPERATION_TIMEOUT_NS_DEFAULT;
    private final Map<String, String> options = new LinkedHashMap<>();
    private IntFunction<LockEvents> lockEvents;
    private boolean concluded;

    /**
     * Members of the cluster (launch only).
     *
     * @param nodes 1..9.
     * @return this.
     */
    public ClusterContext nodes(final int nodes)
    {
        this.nodes = nodes;
        return this;
    }

    /**
     * @return members of the cluster.
     */
    public int nodes()
    {
        return nodes;
    }

    /**
     * Id stamped on every frame; frames of another cluster are rejected (launch only).
     *
     * @param clusterId any int.
     * @return this.
     */
    public ClusterContext clusterId(final int clusterId)
    {
        this.clusterId = clusterId;
        return this;
    }

    /**
     * @return the cluster id.
     */
    public int clusterId()
    {
        return clusterId;
    }

    /**
     * When durable state is forced to disk (launch only).
     *
     * @param fsyncPolicy the policy.
     * @return this.
     */
    public ClusterContext fsyncPolicy(final FsyncPolicy fsyncPolicy)
    {
        this.fsyncPolicy = fsyncPolicy;
        return this;
    }

    /**
     * @return the fsync policy.
     */
    public FsyncPolicy fsyncPolicy()
    {
        return fsyncPolicy;
    }

    /**
     * Directory under which each node keeps its data in a directory of its own (launch only); it
     * is created if absent. Null (the default) means a fresh temporary directory.
     *
     * @param dataDir the parent directory, or null.
     * @return this.
     */
    public ClusterContext dataDir(final Path dataDir)
    {
        this.dataDir = dataDir;
        return this;
    }

    /**
     * @return the data directory's parent, or null for a temporary one.
     */
    public Path dataDir()
    {
        return dataDir;
    }

    /**
     * Whether closing the cluster deletes the nodes' data (launch only; default true).
     *
     * @param deleteDataOnClose whether to delete.
     * @return this.
     */
    public ClusterContext deleteDataOnClose(final boolean deleteDataOnClose)
    {
        this.deleteDataOnClose = deleteDataOnClose;
        return this;
    }

    /**
     * @return whether closing deletes the data.
     */
    public boolean deleteDataOnClose()
    {
        return deleteDataOnClose;
    }

    /**
     * The application each node runs (launch only; default KV).
     *
     * @param stateMachine the kind.
     * @return this.
     */
    public ClusterContext stateMachine(final StateMachineKind stateMachine)
    {
        this.stateMachine = stateMachine;
        return this;
    }

    /**
     * @return the application each node runs.
     */
    public StateMachineKind stateMachine()
    {
        return stateMachine;
    }

    /**
     * Who hears what the lock service's state machines decide, for a checker (launch of a
     * {@link StateMachineKind#LOCK} cluster only; null, the default, for nobody): called with the
     * node id each time a node's state machine is built (at start and at every restart, which
     * re-applies the log from the start), and the listener is called on that node's applying thread.
     *
     * @param lockEvents node id to listener, or null.
     * @return this.
     */
    public ClusterContext lockEvents(final IntFunction<LockEvents> lockEvents)
    {
        this.lockEvents = lockEvents;
        return this;
    }

    /**
     * The listener for a node's lock state machine.
     *
     * @param nodeId the node whose state machine is being built.
     * @return the listener, {@link LockEvents#NONE} when nobody listens.
     */
    public LockEvents lockEvents(final int nodeId)
    {
        return null == lockEvents ? LockEvents.NONE : lockEvents.apply(nodeId);
    }

    /**
     * Largest command a client sends, bytes.
     *
     * @param maxCommandLength 16..16 MiB.
     * @return this.
     */
    public ClusterContext maxCommandLength(final int maxCommandLength)
    {
        this.maxCommandLength = maxCommandLength;
        return this;
    }

    /**
     * @return the largest command, bytes.
     */
    public int maxCommandLength()
    {
        return maxCommandLength;
    }

    /**
     * How many sessions the client must be able to open (buffers and threads are sized for them).
     *
     * @param sessions 1..1024.
     * @return this.
     */
    public ClusterContext sessions(final int sessions)
    {
        this.sessions = sessions;
        return this;
    }

    /**
     * @return sessions the client can open.
     */
    public int sessions()
    {
        return sessions;
    }

    /**
     * Most requests one session may have unanswered; answers for that many must fit the client's
     * buffers, so none is dropped while the caller keeps within it.
     *
     * @param maxInFlight 1..1,048,576.
     * @return this.
     */
    public ClusterContext maxInFlight(final int maxInFlight)
    {
        this.maxInFlight = maxInFlight;
        return this;
    }

    /**
     * @return most unanswered requests per session.
     */
    public int maxInFlight()
    {
        return maxInFlight;
    }

    /**
     * Threads per session of a client that blocks per request (the baseline's): its concurrency.
     *
     * @param clientThreads 1..4096.
     * @return this.
     */
    public ClusterContext clientThreads(final int clientThreads)
    {
        this.clientThreads = clientThreads;
        return this;
    }

    /**
     * @return threads per session of a blocking client.
     */
    public int clientThreads()
    {
        return clientThreads;
    }

    /**
     * How long a session keeps retrying one request before it reports the outcome unknown.
     *
     * @param operationTimeoutNs nanoseconds, &gt; 0.
     * @return this.
     */
    public ClusterContext operationTimeoutNs(final long operationTimeoutNs)
    {
        this.operationTimeoutNs = operationTimeoutNs;
        return this;
    }

    /**
     * @return the operation timeout, nanoseconds.
     */
    public long operationTimeoutNs()
    {
        return operationTimeoutNs;
    }

    /**
     * An implementation-specific setting (see {@link Implementation#options()}).
     *
     * @param key   the key, e.g. {@code clusterOnSender}.
     * @param value its value as text.
     * @return this.
     */
    public ClusterContext option(final String key, final String value)
    {
        options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * @return the implementation-specific settings, in the order given.
     */
    public Map<String, String> options()
    {
        return Collections.unmodifiableMap(options);
    }

    /**
     * An implementation-specific setting, or its default.
     *
     * @param key          the key.
     * @param defaultValue returned when the key is not set.
     * @return the value.
     */
    public String optionOrDefault(final String key, final String defaultValue)
    {
        return options.getOrDefault(key, defaultValue);
    }

    /**
     * Validate every setting once; called by {@link Implementation#launch} and
     * {@link Implementation#connect} before they use it, idempotent.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first bad setting.
     */
    public ClusterContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        require(nodes >= 1 && nodes <= 9, "nodes must be in 1..9, got " + nodes);
        Objects.requireNonNull(fsyncPolicy, "fsyncPolicy");
        Objects.requireNonNull(stateMachine, "stateMachine");
        require(maxCommandLength >= 16 && maxCommandLength <= 16 << 20,
            "maxCommandLength must be in 16..16777216, got " + maxCommandLength);
        require(sessions >= 1 && sessions <= 1024, "sessions must be in 1..1024, got " + sessions);
        require(maxInFlight >= 1 && maxInFlight <= 1 << 20, "maxInFlight must be in 1..1048576, got " + maxInFlight);
        require(clientThreads >= 1 && clientThreads <= 4096, "clientThreads must be in 1..4096, got " + clientThreads);
        require(operationTimeoutNs > 0, "operationTimeoutNs must be > 0, got " + operationTimeoutNs);
        concluded = true;
        return this;
    }

    /**
     * Refuse options this implementation does not know, then values it refuses
     * ({@link Implementation#checkOptionValues}).
     *
     * @param implementation the implementation about to use this context.
     * @throws IllegalArgumentException naming the unknown key and the known ones, or the bad value.
     */
    public void checkOptions(final Implementation implementation)
    {
        for (final String key : options.keySet())
        {
            if (!implementation.options().containsKey(key))
            {
                throw new IllegalArgumentException("option '" + key + "' is not one of " + implementation.id() +
                    "'s: " + implementation.options().keySet());
            }
        }
        implementation.checkOptionValues(this);
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public String toString()
    {
        return "ClusterContext{nodes=" + nodes + ", clusterId=" + clusterId + ", fsyncPolicy=" + fsyncPolicy +
            ", dataDir=" + dataDir + ", stateMachine=" + stateMachine + ", maxCommandLength=" + maxCommandLength +
            ", sessions=" + sessions + ", maxInFlight=" + maxInFlight + ", clientThreads=" + clientThreads +
            ", operationTimeoutNs=" + operationTimeoutNs + ", options=" + options + '}';
    }
}
