package io.quorumbench.api.cluster;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.registry.StateMachineKind;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A cluster described by a {@code java.util.Properties} file. Immutable; safe to share between threads.
 *
 * <pre>
 * cluster.id=42
 * cluster.members=1,2,3
 * node.1.peer=127.0.0.1:21101      # peer endpoint (TCP for baseline, Aeron UDP for tuned)
 * node.1.client=127.0.0.1:21201    # client endpoint
 * node.1.data=data/node-1          # relative paths resolve against the config file's directory
 * fsync=batch                      # none | batch | always
 * election.timeout.min.ms=150
 * election.timeout.max.ms=300
 * heartbeat.interval.ms=50
 * max.command.bytes=65536
 * state.machine=kv                 # kv | counting | noop | lock (the application every node runs)
 * </pre>
 *
 * <p>{@code Properties} does not strip trailing comments, so a value's {@code #...} tail (after
 * whitespace) is removed here. Every error names the file and the key at fault.
 *
 * @param source                where the configuration came from (file path or description), for messages.
 * @param clusterId             id stamped on every frame.
 * @param nodes                 members keyed by node id, in the order of {@code cluster.members}.
 * @param fsyncPolicy           durability setting of every node.
 * @param electionTimeoutMinMs  lower bound of the randomized election timeout, milliseconds.
 * @param electionTimeoutMaxMs  upper bound of the randomized election timeout, milliseconds.
 * @param heartbeatIntervalMs   leader heartbeat interval, milliseconds.
 * @param maxCommandBytes       largest client command accepted, bytes.
 * @param stateMachine          the application every node runs (each implementation builds its own
 *                              state machine of this kind, see {@code Implementation.stateMachine}).
 */
public record ClusterConfig(
    String source,
    int clusterId,
    Map<Integer, Member> nodes,
    FsyncPolicy fsyncPolicy,
    long electionTimeoutMinMs,
    long electionTimeoutMaxMs,
    long heartbeatIntervalMs,
    int maxCommandBytes,
    StateMachineKind stateMachine)
{
    /** Key of the cluster id stamped on every frame. */
    public static final String CLUSTER_ID_PROP_NAME = "cluster.id";
    /** Key of the comma-separated member ids. */
    public static final String MEMBERS_PROP_NAME = "cluster.members";
    /** Key of the fsync policy: none, batch or always. */
    public static final String FSYNC_PROP_NAME = "fsync";
    /** Default fsync policy. */
    public static final FsyncPolicy FSYNC_DEFAULT = FsyncPolicy.BATCH;

    private static final String FSYNC_CHOICES = Arrays.toString(FsyncPolicy.values()).toLowerCase(Locale.ROOT);
    /** Key of the election timeout lower bound in ms. */
    public static final String ELECTION_TIMEOUT_MIN_PROP_NAME = "election.timeout.min.ms";
    /** Default election timeout lower bound in ms. */
    public static final long ELECTION_TIMEOUT_MIN_DEFAULT = 150;
    /** Key of the election timeout upper bound in ms. */
    public static final String ELECTION_TIMEOUT_MAX_PROP_NAME = "election.timeout.max.ms";
    /** Default election timeout upper bound in ms. */
    public static final long ELECTION_TIMEOUT_MAX_DEFAULT = 300;
    /** Key of the heartbeat interval in ms. */
    public static final String HEARTBEAT_INTERVAL_PROP_NAME = "heartbeat.interval.ms";
    /** Default heartbeat interval in ms. */
    public static final long HEARTBEAT_INTERVAL_DEFAULT = 50;
    /** Key of the largest accepted client command in bytes. */
    public static final String MAX_COMMAND_BYTES_PROP_NAME = "max.command.bytes";
    /** Default largest accepted client command in bytes. */
    public static final int MAX_COMMAND_BYTES_DEFAULT = 65536;
    /** Key of the application every node runs: kv, counting, noop or lock. */
    public static final String STATE_MACHINE_PROP_NAME = "state.machine";
    /** Default application: the KV store. */
    public static final StateMachineKind STATE_MACHINE_DEFAULT = StateMachineKind.KV;

    /**
     * One member of the cluster.
     *
     * @param nodeId   the node id.
     * @param peer     endpoint peers connect to (TCP for the baseline, Aeron UDP for the tuned host).
     * @param client   endpoint clients connect to.
     * @param dataDir  directory of the node's durable state, absolute.
     */
    public record Member(int nodeId, Endpoint peer, Endpoint client, Path dataDir)
    {
    }

    /**
     * A {@code host:port} pair.
     *
     * @param host host name or address literal.
     * @param port port, 0..65535 (0 means "any free port", for tests).
     */
    public record Endpoint(String host, int port)
    {
        /**
         * The endpoint as {@code host:port}.
         *
         * @return the text form.
         */
        @Override
        public String toString()
        {
            return host + ":" + port;
        }
    }

    /**
     * Validates and freezes the values.
     */
    public ClusterConfig
    {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        if (nodes.isEmpty())
        {
            throw new IllegalArgumentException(source + ": " + MEMBERS_PROP_NAME + " must name at least one node");
        }
        if (electionTimeoutMinMs <= 0 || electionTimeoutMaxMs <= electionTimeoutMinMs)
        {
            throw new IllegalArgumentException(source + ": need 0 < " + ELECTION_TIMEOUT_MIN_PROP_NAME + " < " +
                ELECTION_TIMEOUT_MAX_PROP_NAME + ", got " + electionTimeoutMinMs + ", " + electionTimeoutMaxMs);
        }
        if (heartbeatIntervalMs <= 0 || heartbeatIntervalMs >= electionTimeoutMinMs)
        {
            throw new IllegalArgumentException(source + ": need 0 < " + HEARTBEAT_INTERVAL_PROP_NAME + " < " +
                ELECTION_TIMEOUT_MIN_PROP_NAME + ", got " + heartbeatIntervalMs);
        }
        Objects.requireNonNull(stateMachine, "stateMachine");
        if (maxCommandBytes <= 0)
        {
            throw new IllegalArgumentException(source + ": " + MAX_COMMAND_BYTES_PROP_NAME + " must be > 0, got " +
                maxCommandBytes);
        }
    }

    /**
     * An fsync policy from its lower-case name, as the file and the tools' {@code --fsync} spell it.
     *
     * @param what  the key or option, named in the error.
     * @param value {@code none}, {@code batch} or {@code always}.
     * @return the policy.
     * @throws IllegalArgumentException {@code "<what> must be one of [none, batch, always], got '<value>'"}.
     */
    public static FsyncPolicy parseFsyncPolicy(final String what, final String value)
    {
        for (final FsyncPolicy policy : FsyncPolicy.values())
        {
            if (policy.name().equalsIgnoreCase(value))
            {
                return policy;
            }
        }
        throw new IllegalArgumentException(what + " must be one of " + FSYNC_CHOICES + ", got '" + value + "'");
    }

    /**
     * Read a cluster configuration file. Relative data paths resolve against the file's directory.
     *
     * @param file the properties file.
     * @return the validated configuration.
     * @throws IOException              if the file cannot be read.
     * @throws IllegalArgumentException if a key is missing or malformed; the message names file and key.
     */
    public static ClusterConfig load(final Path file) throws IOException
    {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(reader);
        }
        final Path baseDir = file.toAbsolutePath().getParent();
        return parse(properties, file.toString(), baseDir);
    }

    /**
     * Build a configuration from properties already in memory.
     *
     * @param properties the keys and values.
     * @param source     name used in error messages (usually the file path).
     * @param baseDir    directory relative data paths resolve against.
     * @return the validated configuration.
     * @throws IllegalArgumentException if a key is missing or malformed; the message names source and key.
     */
    public static ClusterConfig parse(final Properties properties, final String source, final Path baseDir)
    {
        final Parser p = new Parser(properties, source);
        final int clusterId = p.intValue(CLUSTER_ID_PROP_NAME, null);
        final List<Integer> memberIds = p.memberIds();
        final Map<Integer, Member> nodes = new LinkedHashMap<>();
        for (final int id : memberIds)
        {
            final Endpoint peer = p.endpoint("node." + id + ".peer");
            final Endpoint client = p.endpoint("node." + id + ".client");
            final Path data = baseDir.resolve(p.required("node." + id + ".data")).normalize();
            nodes.put(id, new Member(id, peer, client, data));
        }
        p.rejectUnknownNodeKeys(memberIds);
        final FsyncPolicy fsync = p.fsync();
        return new ClusterConfig(
            source,
            clusterId,
            nodes,
            fsync,
            p.longValue(ELECTION_TIMEOUT_MIN_PROP_NAME, ELECTION_TIMEOUT_MIN_DEFAULT),
            p.longValue(ELECTION_TIMEOUT_MAX_PROP_NAME, ELECTION_TIMEOUT_MAX_DEFAULT),
            p.longValue(HEARTBEAT_INTERVAL_PROP_NAME, HEARTBEAT_INTERVAL_DEFAULT),
            p.intValue(MAX_COMMAND_BYTES_PROP_NAME, MAX_COMMAND_BYTES_DEFAULT),
            p.stateMachine());
    }

    /**
     * Member ids in configuration order.
     *
     * @return the ids.
     */
    public int[] memberIds()
    {
        return nodes.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * One member by id.
     *
     * @param nodeId the node id.
     * @return the member.
     * @throws IllegalArgumentException if the id is not a member.
     */
    public Member member(final int nodeId)
    {
        final Member member = nodes.get(nodeId);
        if (member == null)
        {
            throw new IllegalArgumentException(source + ": node " + nodeId + " is not in " + MEMBERS_PROP_NAME +
                "=" + nodes.keySet());
        }
        return member;
    }

    /**
     * Election timeout lower bound.
     *
     * @return nanoseconds.
     */
    public long electionTimeoutMinNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(electionTimeoutMinMs);
    }

    /**
     * Election timeout upper bound.
     *
     * @return nanoseconds.
     */
    public long electionTimeoutMaxNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(electionTimeoutMaxMs);
    }

    /**
     * Heartbeat interval.
     *
     * @return nanoseconds.
     */
    public long heartbeatIntervalNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(heartbeatIntervalMs);
    }

    private static final class Parser
    {
        private final Properties properties;
        private final String source;

        Parser(final Properties properties, final String source)
        {
            this.properties = properties;
            this.source = source;
        }

        String optional(final String key)
        {
            final String raw = properties.getProperty(key);
            if (raw == null)
            {
                return null;
            }
            // Properties keeps "value   # comment" verbatim; strip an inline comment after whitespace.
            String value = raw;
            for (int i = 1; i < value.length(); i++)
            {
                final char c = value.charAt(i);
                if ((c == '#' || c == '!') && Character.isWhitespace(value.charAt(i - 1)))
                {
                    value = value.substring(0, i);
                    break;
                }
            }
            value = value.trim();
            return value.isEmpty() ? null : value;
        }

        String required(final String key)
        {
            final String value = optional(key);
            if (value == null)
            {
                throw error(key, "is missing");
            }
            return value;
        }

        long longValue(final String key, final Long defaultValue)
        {
            final String value = defaultValue == null ? required(key) : optional(key);
            if (value == null)
            {
                return defaultValue;
            }
            try
            {
                return Long.parseLong(value);
            }
            catch (final NumberFormatException ex)
            {
                throw error(key, "is not an integer: '" + value + "'");
            }
        }

        int intValue(final String key, final Integer defaultValue)
        {
            final long value = longValue(key, defaultValue == null ? null : defaultValue.longValue());
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
            {
                throw error(key, "is out of int range: " + value);
            }
            return (int)value;
        }

        List<Integer> memberIds()
        {
            final String value = required(MEMBERS_PROP_NAME);
            final List<Integer> ids = new ArrayList<>();
            for (final String part : value.split(","))
            {
                final String trimmed = part.trim();
                final int id;
                try
                {
                    id = Integer.parseInt(trimmed);
                }
                catch (final NumberFormatException ex)
                {
                    throw error(MEMBERS_PROP_NAME, "has a non-integer id: '" + trimmed + "'");
                }
                if (id < 0)
                {
                    throw error(MEMBERS_PROP_NAME, "has a negative id: " + id);
                }
                if (ids.contains(id))
                {
                    throw error(MEMBERS_PROP_NAME, "lists node " + id + " twice");
                }
                ids.add(id);
            }
            return ids;
        }

        Endpoint endpoint(final String key)
        {
            final String value = required(key);
            final int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1)
            {
                throw error(key, "must be host:port, got '" + value + "'");
            }
            final int port;
            try
            {
                port = Integer.parseInt(value.substring(colon + 1));
            }
            catch (final NumberFormatException ex)
            {
                throw error(key, "has a non-integer port: '" + value + "'");
            }
            if (port < 0 || port > 65535)
            {
                throw error(key, "port out of range 0..65535: " + port);
            }
            return new Endpoint(value.substring(0, colon), port);
        }

        FsyncPolicy fsync()
        {
            final String value = optional(FSYNC_PROP_NAME);
            if (value == null)
            {
                return FSYNC_DEFAULT;
            }
            try
            {
                return parseFsyncPolicy(FSYNC_PROP_NAME, value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw error(FSYNC_PROP_NAME, "must be one of " + FSYNC_CHOICES + ", got '" + value + "'");
            }
        }

        StateMachineKind stateMachine()
        {
            final String value = optional(STATE_MACHINE_PROP_NAME);
            if (value == null)
            {
                return STATE_MACHINE_DEFAULT;
            }
            try
            {
                return StateMachineKind.of(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw error(STATE_MACHINE_PROP_NAME, ex.getMessage());
            }
        }

        void rejectUnknownNodeKeys(final List<Integer> memberIds)
        {
            // A typo such as node.4.peer for a 3-node cluster is a mistake worth stopping on.
            for (final String key : properties.stringPropertyNames())
            {
                if (key.startsWith("node."))
                {
                    final String[] parts = key.split("\\.");
                    final boolean known = parts.length == 3 && isMember(parts[1], memberIds) &&
                        ("peer".equals(parts[2]) || "client".equals(parts[2]) || "data".equals(parts[2]));
                    if (!known)
                    {
                        throw error(key, "is not a known key (members are " + memberIds + ", keys node.<id>.peer|client|data)");
                    }
                }
            }
        }

        private static boolean isMember(final String id, final List<Integer> memberIds)
        {
            try
            {
                return memberIds.contains(Integer.parseInt(id));
            }
            catch (final NumberFormatException ex)
            {
                return false;
            }
        }

        IllegalArgumentException error(final String key, final String problem)
        {
            return new IllegalArgumentException(source + ": key '" + key + "' " + problem);
        }
    }
}
