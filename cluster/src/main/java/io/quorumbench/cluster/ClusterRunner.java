package io.quorumbench.cluster;

import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.registry.NodeProcess;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.api.runtime.JvmFlags;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A cluster of one registered protocol × implementation as separate JVM processes on this machine, one per node,
 * each {@code java <flags> -cp <classpath> <NodeMain> --config FILE --node ID}.
 *
 * <p><b>Work directory</b> (e.g. {@code target/cluster/lockfree/}): {@value #CONFIG_FILE} (a default
 * configuration with free loopback ports from the implementation's range, unless another file is
 * given), {@value #CONFIG_POINTER} (absolute path of the configuration in use), and per node
 * {@code node-N.pid}, {@code node-N.log} (stdout and stderr, appended across restarts),
 * {@code node-N.paused} while SIGSTOPped, and for the tuned implementation its Aeron directory
 * {@code aeron/node-N}. Data directories are where the configuration says (default
 * {@code data/node-N} next to the configuration). Because all state is in files, another process
 * can {@link #attach} to a running cluster (as {@code scripts/cluster status|stop} do).
 *
 * <p><b>Leader</b>: read from the node logs. Each node prints a line
 * {@code <ROLE> node=<id> term=<t>} on every change it sees: the tuned node prints its own role
 * ({@code LEADER node=<self>}), the baseline node the leader it learned of
 * ({@code LEADER node=<leader>}). The leader is the one named by the highest-term {@code LEADER}
 * line that is the last role line of a running (not paused) node and names a running node.
 *
 * <p><b>Faults</b>: {@link #kill} (SIGKILL: no shutdown hook, no flush, the Aeron directory left
 * behind as after a crash), {@link #pause}/{@link #resume} (SIGSTOP/SIGCONT through {@code kill}),
 * {@link #restart}, and in network-namespace mode {@link #partition}/{@link #heal}. {@link #stop}
 * sends SIGTERM, waits, then SIGKILLs, and removes Aeron directories that killed nodes left and
 * the cluster's network namespaces, reporting each.
 *
 * <p><b>Network-namespace mode</b> ({@link Network#NETNS}, {@code scripts/cluster start --netns}):
 * each node runs in its own namespace ({@link NetNamespaces}: {@code ip netns exec <ns> java ...}) at
 * {@code 10.77.k.<id>}, every node on the implementation's first two ports of its own address, so
 * links between nodes can be cut; {@value NetNamespaces#STATE_FILE} in the work directory lets
 * {@link #attach} find the namespaces again.
 *
 * <p><b>Threading</b>: not thread-safe; one controlling thread.
 */
public final class ClusterRunner implements AutoCloseable
{
    /** Name of the default configuration file in the work directory. */
    public static final String CONFIG_FILE = "cluster.properties";

    /** File in the work directory holding the absolute path of the configuration in use. */
    public static final String CONFIG_POINTER = "config.path";

    /** Default wait between SIGTERM and SIGKILL in {@link #stop(long)}, ms. */
    public static final long STOP_TIMEOUT_MS = 10_000;


    private static final Pattern ROLE_LINE = Pattern.compile("\\b(LEADER|FOLLOWER|PRE_CANDIDATE|CANDIDATE) node=(\\d+) term=(\\d+)");
    /** A member's flags: access and heap from the one flags file, and IPv4 sockets (the configurations are IPv4). */
    private static final List<String> JVM_FLAGS = Stream.concat(JvmFlags.node().stream(),
        Stream.of("-Djava.net.preferIPv4Stack=true")).toList();

    /**
     * The command line of one member process: this JVM's {@code java}, the member flags of the one flags
     * file, the pair's main class with {@code --config FILE --node ID}. {@code scripts/cluster
     * start-node} runs it in the foreground, so any launcher (ssh, systemd, a container) can place
     * members on machines from a cluster file that names their real addresses.
     *
     * @param impl       the pair.
     * @param configFile the cluster file.
     * @param nodeId     the member to run.
     * @param classpath  the classpath of the member.
     * @param aeronDir   the member's Aeron directory, or null for its default.
     * @param yielding   whether a member with an idle option yields rather than backs off.
     * @return the command.
     */
    public static List<String> memberCommand(
        final ClusterImpl impl, final Path configFile, final int nodeId, final String classpath, final Path aeronDir,
        final boolean yielding)
    {
        return memberCommand(impl, configFile, nodeId, classpath, aeronDir, yielding, Map.of());
    }

    /**
     * {@link #memberCommand(ClusterImpl, Path, int, String, Path, boolean)} with implementation options,
     * passed as system properties ({@link NodeProcess#optionFlag}) that the member's main reads.
     *
     * @param impl       the pair.
     * @param configFile the cluster file.
     * @param nodeId     the member to run.
     * @param classpath  the classpath of the member.
     * @param aeronDir   the member's Aeron directory, or null for its default.
     * @param yielding   whether a member with an idle option yields rather than backs off.
     * @param options    implementation options of the cluster, e.g. {@code batch=8}.
     * @return the command.
     */
    public static List<String> memberCommand(
        final ClusterImpl impl, final Path configFile, final int nodeId, final String classpath, final Path aeronDir,
        final boolean yielding, final Map<String, String> options)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        options.forEach((key, value) -> command.add(NodeProcess.optionFlag(key, value)));
        if (null != aeronDir)
        {
            command.add("-Daeron.dir=" + aeronDir);
        }
        command.addAll(List.of("-cp", classpath, impl.mainClass(), "--config", configFile.toString(),
            "--node", Integer.toString(nodeId)));
        if (yielding && impl.usesAeron())
        {
            command.addAll(List.of("--idle", "yield"));
        }
        return command;
    }

    /**
     * A leader as the node logs report it.
     *
     * @param nodeId the leader.
     * @param term   its term.
     */
    public record Leader(int nodeId, long term)
    {
    }

    /** Where the node processes' network is. */
    public enum Network
    {
        /** This host's network (loopback configurations). */
        LOOPBACK,
        /**
         * One network namespace per node, owned by this process: if it dies without stopping the
         * cluster, the next namespace sweep kills the orphaned nodes (the load generator's runs).
         */
        NETNS,
        /**
         * One network namespace per node, meant to outlive this process ({@code scripts/cluster
         * start}): a sweep never removes them while a node runs in them.
         */
        NETNS_DETACHED
    }

    /** What a node process is doing. */
    public enum NodeState
    {
        /** Running. */
        RUNNING,
        /** Stopped with SIGSTOP. */
        PAUSED,
        /** No process. */
        DOWN
    }

    /**
     * Outcome of {@link #stop}.
     *
     * @param terminated         nodes that exited after SIGTERM.
     * @param killed             nodes that needed SIGKILL.
     * @param removedAeronDirs   Aeron directories left by killed nodes and removed by the stop.
     * @param removedNetwork     network namespaces removed (network-namespace mode), e.g. {@code subnet 10.77.3.0/24}; else empty.
     * @param leftover           problems that remain (a process, directory or namespace that would not go); empty if clean.
     */
    public record StopReport(
        List<Integer> terminated, List<Integer> killed, List<Path> removedAeronDirs, List<String> removedNetwork, List<String> leftover)
    {
    }

    /**
     * What the nodes of a generated configuration run with.
     *
     * @param fsyncPolicy   the log's fsync policy written into the configuration.
     * @param yieldingNodes tuned nodes only: their thread yields when idle ({@code --idle yield})
     *                      instead of backing off to parks (lower latency, a core each while idle).
     * @param stateMachine  the application written into a generated configuration.
     * @param options       implementation options every member gets ({@link NodeProcess#optionFlag}).
     */
    public record NodeSettings(
        FsyncPolicy fsyncPolicy, boolean yieldingNodes, StateMachineKind stateMachine, Map<String, String> options)
    {
        /** Batch fsync (group commit), backing-off nodes: what {@code scripts/cluster start} has always used. */
        public static final NodeSettings DEFAULT = new NodeSettings(ClusterConfig.FSYNC_DEFAULT, false);

        /**
         * Validate and copy.
         *
         * @param fsyncPolicy   policy, not null.
         * @param yieldingNodes idle strategy of tuned nodes.
         * @param stateMachine  the application the nodes run ({@code state.machine} in the configuration).
         * @param options       implementation options of the members.
         */
        public NodeSettings
        {
            Objects.requireNonNull(fsyncPolicy, "fsyncPolicy");
            Objects.requireNonNull(stateMachine, "stateMachine");
            options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
        }

        /**
         * Nodes running the KV store, without implementation options.
         *
         * @param fsyncPolicy   policy, not null.
         * @param yieldingNodes idle strategy of tuned nodes.
         */
        public NodeSettings(final FsyncPolicy fsyncPolicy, final boolean yieldingNodes)
        {
            this(fsyncPolicy, yieldingNodes, ClusterConfig.STATE_MACHINE_DEFAULT, Map.of());
        }

        /**
         * Nodes running an application, without implementation options.
         *
         * @param fsyncPolicy   policy, not null.
         * @param yieldingNodes idle strategy of tuned nodes.
         * @param stateMachine  the application the nodes run.
         */
        public NodeSettings(final FsyncPolicy fsyncPolicy, final boolean yieldingNodes, final StateMachineKind stateMachine)
        {
            this(fsyncPolicy, yieldingNodes, stateMachine, Map.of());
        }

        /**
         * Nodes running the KV store with implementation options.
         *
         * @param fsyncPolicy   policy, not null.
         * @param yieldingNodes idle strategy of tuned nodes.
         * @param options       implementation options of the members.
         */
        public NodeSettings(final FsyncPolicy fsyncPolicy, final boolean yieldingNodes, final Map<String, String> options)
        {
            this(fsyncPolicy, yieldingNodes, ClusterConfig.STATE_MACHINE_DEFAULT, options);
        }
    }

    private final ClusterImpl impl;
    private final Path workDir;
    private final Path configFile;
    private final ClusterConfig config;
    private final String classpath;
    private final Map<Integer, Process> children = new LinkedHashMap<>();
    private final NetNamespaces net;
    private final boolean yieldingNodes;
    private final Map<String, String> nodeOptions;
    private boolean netRemoved;

    private ClusterRunner(
        final ClusterImpl impl, final Path workDir, final Path configFile, final String classpath, final NetNamespaces net,
        final boolean yieldingNodes, final Map<String, String> nodeOptions)
    {
        this.impl = impl;
        this.net = net;
        this.yieldingNodes = yieldingNodes;
        this.nodeOptions = nodeOptions;
        this.workDir = workDir.toAbsolutePath().normalize();
        this.configFile = configFile.toAbsolutePath().normalize();
        this.classpath = classpath;
        try
        {
            this.config = ClusterConfig.load(this.configFile);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read cluster configuration " + this.configFile, ex);
        }
        for (final int id : config.memberIds())
        {
            // The tuned implementation derives Aeron stream ids from node ids (NodeChannels.peerStreamId in the tuned host).
            if (id < 1 || id > 999)
            {
                throw new IllegalArgumentException(this.configFile + ": node ids must be 1..999, got " + id);
            }
        }
    }

    /**
     * A cluster to start: with the given configuration, or a default one written into the work
     * directory with {@code nodes} members on free ports of the implementation's range.
     *
     * @param impl       implementation.
     * @param workDir    work directory, created if absent.
     * @param configFile configuration to use, or null for a default one.
     * @param nodes      members of a default configuration (1..9).
     * @param classpath  classpath of the node JVMs (must hold the implementation and its dependencies).
     * @return the runner; nothing is started yet.
     * @throws IllegalArgumentException if the configuration is invalid or no free ports are left.
     */
    public static ClusterRunner create(
        final ClusterImpl impl, final Path workDir, final Path configFile, final int nodes, final String classpath)
    {
        return create(impl, workDir, configFile, nodes, classpath, Network.LOOPBACK);
    }

    /**
     * A cluster to start, optionally with one network namespace per node (see the class comment).
     *
     * @param impl       implementation.
     * @param workDir    work directory, created if absent.
     * @param configFile configuration to use, or null for a default one (required with namespaces).
     * @param nodes      members of a default configuration (1..9).
     * @param classpath  classpath of the node JVMs.
     * @param network    loopback, or each node in its own network namespace (needs root and iproute2).
     * @return the runner; the namespaces exist, no node is started yet.
     * @throws IllegalArgumentException if the configuration is invalid, or given together with namespaces.
     * @throws IllegalStateException if namespaces cannot be made (not root, no {@code ip}, a command failed).
     */
    public static ClusterRunner create(
        final ClusterImpl impl, final Path workDir, final Path configFile, final int nodes, final String classpath,
        final Network network)
    {
        return create(impl, workDir, configFile, nodes, classpath, network, NodeSettings.DEFAULT);
    }

    /**
     * A cluster to start, with the settings of a generated configuration and of the node processes.
     *
     * @param impl       implementation.
     * @param workDir    work directory, created if absent.
     * @param configFile configuration to use (its fsync policy wins), or null for a default one.
     * @param nodes      members of a default configuration (1..9).
     * @param classpath  classpath of the node JVMs.
     * @param network    loopback, or each node in its own network namespace.
     * @param settings   fsync policy of a generated configuration; idle strategy of tuned nodes.
     * @return the runner; the namespaces exist, no node is started yet.
     */
    public static ClusterRunner create(
        final ClusterImpl impl, final Path workDir, final Path configFile, final int nodes, final String classpath,
        final Network network, final NodeSettings settings)
    {
        final boolean netns = Network.LOOPBACK != network;
        if (netns && null != configFile)
        {
            throw new IllegalArgumentException("network-namespace mode writes its own configuration (node addresses " +
                NetNamespaces.NET_PREFIX + "k.id); it cannot use " + configFile);
        }
        if (netns && (nodes < 1 || nodes > 9))
        {
            throw new IllegalArgumentException("--nodes must be 1..9, got " + nodes);
        }
        NetNamespaces net = null;
        try
        {
            Files.createDirectories(workDir);
            final Path config;
            if (netns)
            {
                net = NetNamespaces.create(java.util.stream.IntStream.rangeClosed(1, nodes).toArray(), Network.NETNS_DETACHED == network);
                net.save(workDir.resolve(NetNamespaces.STATE_FILE));
                config = writeNamespaceConfig(
                    impl, workDir.resolve(CONFIG_FILE), net.layout(), settings.fsyncPolicy(), settings.stateMachine());
            }
            else
            {
                Files.deleteIfExists(workDir.resolve(NetNamespaces.STATE_FILE));
                config = null != configFile ? configFile :
                    writeDefaultConfig(impl, workDir.resolve(CONFIG_FILE), nodes, settings.fsyncPolicy(), settings.stateMachine());
            }
            Files.writeString(workDir.resolve(CONFIG_POINTER), config.toAbsolutePath().normalize() + "\n", StandardCharsets.UTF_8);
            return new ClusterRunner(impl, workDir, config, classpath, net, settings.yieldingNodes(), settings.options());
        }
        catch (final IOException | RuntimeException ex)
        {
            if (null != net)
            {
                try
                {
                    net.close();
                }
                catch (final RuntimeException closeEx)
                {
                    ex.addSuppressed(closeEx);
                }
            }
            if (ex instanceof IOException)
            {
                throw new UncheckedIOException("cannot prepare work directory " + workDir, (IOException)ex);
            }
            throw (RuntimeException)ex;
        }
    }

    /**
     * The cluster whose state is in a work directory (started earlier, perhaps by another process).
     *
     * @param impl      implementation.
     * @param workDir   work directory of an earlier {@link #create}.
     * @param classpath classpath for nodes this runner (re)starts.
     * @return the runner.
     * @throws IllegalStateException if the directory holds no cluster.
     */
    public static ClusterRunner attach(final ClusterImpl impl, final Path workDir, final String classpath)
    {
        final Path pointer = workDir.resolve(CONFIG_POINTER);
        if (!Files.exists(pointer))
        {
            throw new IllegalStateException("no " + impl.id() + " cluster in " + workDir + " (no " + CONFIG_POINTER + "; start one first)");
        }
        try
        {
            final Path netState = workDir.resolve(NetNamespaces.STATE_FILE);
            return new ClusterRunner(impl, workDir, Path.of(Files.readString(pointer, StandardCharsets.UTF_8).trim()), classpath,
                Files.exists(netState) ? NetNamespaces.load(netState) : null, false, Map.of());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + pointer, ex);
        }
    }

    /**
     * Write a configuration of {@code nodes} members on 127.0.0.1 with ports that are free now
     * (TCP and UDP) from the implementation's range, data under {@code data/node-N}.
     *
     * @param impl  implementation (decides the port range).
     * @param file  file to write.
     * @param nodes member count, 1..9.
     * @return {@code file}.
     * @throws IOException if it cannot be written.
     * @throws IllegalArgumentException if {@code nodes} is out of range or the range has too few free ports.
     */
    public static Path writeDefaultConfig(final ClusterImpl impl, final Path file, final int nodes) throws IOException
    {
        return writeDefaultConfig(impl, file, nodes, NodeSettings.DEFAULT.fsyncPolicy());
    }

    /**
     * {@link #writeDefaultConfig(ClusterImpl, Path, int)} with a given fsync policy.
     *
     * @param impl        implementation (decides the port range).
     * @param file        file to write.
     * @param nodes       member count, 1..9.
     * @param fsyncPolicy the nodes' log fsync policy.
     * @return {@code file}.
     * @throws IOException if it cannot be written.
     */
    public static Path writeDefaultConfig(final ClusterImpl impl, final Path file, final int nodes, final FsyncPolicy fsyncPolicy)
        throws IOException
    {
        return writeDefaultConfig(impl, file, nodes, fsyncPolicy, ClusterConfig.STATE_MACHINE_DEFAULT);
    }

    /**
     * {@link #writeDefaultConfig(ClusterImpl, Path, int, FsyncPolicy)} with the application the nodes run.
     *
     * @param impl         implementation (decides the port range).
     * @param file         file to write.
     * @param nodes        member count, 1..9.
     * @param fsyncPolicy  the nodes' log fsync policy.
     * @param stateMachine the application, written as {@code state.machine}.
     * @return {@code file}.
     * @throws IOException if it cannot be written.
     */
    public static Path writeDefaultConfig(
        final ClusterImpl impl, final Path file, final int nodes, final FsyncPolicy fsyncPolicy, final StateMachineKind stateMachine)
        throws IOException
    {
        if (nodes < 1 || nodes > 9)
        {
            throw new IllegalArgumentException("--nodes must be 1..9, got " + nodes);
        }
        final List<Integer> ports = freePorts(impl.firstPort(), impl.lastPort(), 2 * nodes);
        final String[] hosts = new String[nodes];
        Arrays.fill(hosts, "127.0.0.1");
        return writeConfig(impl, file, hosts, ports, "ports free when written", fsyncPolicy, stateMachine);
    }

    /**
     * Write a configuration whose node {@code id} is at its namespace's address, peer and client
     * endpoints on the implementation's first two ports (each node has its own address, so the
     * ports repeat).
     *
     * @param impl   implementation.
     * @param file   file to write.
     * @param layout the namespaces; its node ids must be 1..N.
     * @return {@code file}.
     * @throws IOException if it cannot be written.
     */
    static Path writeNamespaceConfig(
        final ClusterImpl impl, final Path file, final NetNamespaces.Layout layout, final FsyncPolicy fsyncPolicy) throws IOException
    {
        return writeNamespaceConfig(impl, file, layout, fsyncPolicy, ClusterConfig.STATE_MACHINE_DEFAULT);
    }

    static Path writeNamespaceConfig(
        final ClusterImpl impl, final Path file, final NetNamespaces.Layout layout, final FsyncPolicy fsyncPolicy,
        final StateMachineKind stateMachine) throws IOException
    {
        final int[] ids = layout.nodeIds();
        final String[] hosts = new String[ids.length];
        final List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < ids.length; i++)
        {
            if (ids[i] != i + 1)
            {
                throw new IllegalArgumentException("namespace node ids must be 1.." + ids.length + ", got " + Arrays.toString(ids));
            }
            hosts[i] = layout.nodeAddress(ids[i]);
            ports.add(impl.firstPort());
            ports.add(impl.firstPort() + 1);
        }
        return writeConfig(
            impl, file, hosts, ports, "one network namespace per node (" + layout.rootAddress() + " is this host)", fsyncPolicy,
            stateMachine);
    }

    private static Path writeConfig(
        final ClusterImpl impl, final Path file, final String[] hosts, final List<Integer> ports, final String note,
        final FsyncPolicy fsyncPolicy, final StateMachineKind stateMachine) throws IOException
    {
        final int nodes = hosts.length;
        final StringBuilder sb = new StringBuilder();
        sb.append("# ").append(impl.id()).append(" cluster written by ClusterRunner (scripts/cluster); ").append(note).append('\n');
        sb.append("cluster.id=").append(impl.defaultClusterId()).append('\n');
        sb.append("cluster.members=");
        for (int id = 1; id <= nodes; id++)
        {
            sb.append(id > 1 ? "," : "").append(id);
        }
        sb.append('\n');
        for (int id = 1; id <= nodes; id++)
        {
            sb.append("node.").append(id).append(".peer=").append(hosts[id - 1]).append(':').append(ports.get(2 * (id - 1))).append('\n');
            sb.append("node.").append(id).append(".client=").append(hosts[id - 1]).append(':').append(ports.get(2 * (id - 1) + 1)).append('\n');
            sb.append("node.").append(id).append(".data=data/node-").append(id).append('\n');
        }
        sb.append("fsync=").append(fsyncPolicy.name().toLowerCase(Locale.ROOT)).append('\n');
        // Wider than the library default: JVMs starting and warming up on a small shared machine.
        sb.append("election.timeout.min.ms=300\n");
        sb.append("election.timeout.max.ms=600\n");
        sb.append("heartbeat.interval.ms=50\n");
        sb.append("max.command.bytes=4096\n");
        sb.append(ClusterConfig.STATE_MACHINE_PROP_NAME).append('=').append(stateMachine.id()).append('\n');
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private static List<Integer> freePorts(final int first, final int last, final int count)
    {
        final List<Integer> ports = new ArrayList<>();
        for (int port = first; port <= last && ports.size() < count; port++)
        {
            if (isFree(port))
            {
                ports.add(port);
            }
        }
        if (ports.size() < count)
        {
            throw new IllegalArgumentException("only " + ports.size() + " free ports in " + first + "-" + last + ", need " + count);
        }
        return ports;
    }

    private static boolean isFree(final int port)
    {
        try (ServerSocket tcp = new ServerSocket();
            DatagramSocket udp = new DatagramSocket(null))
        {
            tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            udp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /**
     * Start every member that is not running.
     *
     * @throws IllegalStateException if a node is already running (stop the cluster first).
     */
    public void start()
    {
        for (final int id : config.memberIds())
        {
            if (state(id) != NodeState.DOWN)
            {
                throw new IllegalStateException(impl.id() + " node " + id + " is already running (pid " + pid(id).orElse(-1L) +
                    "); stop the cluster first");
            }
        }
        for (final int id : config.memberIds())
        {
            startNode(id);
        }
    }

    /**
     * Start one node's process.
     *
     * @param nodeId the node.
     * @throws IllegalStateException if it is already running.
     */
    public void startNode(final int nodeId)
    {
        config.member(nodeId);
        if (state(nodeId) != NodeState.DOWN)
        {
            throw new IllegalStateException("node " + nodeId + " is already running");
        }
        final List<String> command = new ArrayList<>();
        if (null != net)
        {
            command.addAll(net.execPrefix(nodeId));
        }
        command.addAll(memberCommand(impl, configFile, nodeId, classpath, impl.usesAeron() ? aeronDir(nodeId) : null,
            yieldingNodes, nodeOptions));
        try
        {
            Files.deleteIfExists(pausedMarker(nodeId));
            final Path log = logFile(nodeId);
            Files.writeString(log, "=== " + java.time.Instant.now() + " starting node " + nodeId + ": " + String.join(" ", command) + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            final Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
            children.put(nodeId, process);
            Files.writeString(pidFile(nodeId), process.pid() + "\n", StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start node " + nodeId + " of the " + impl.id() + " cluster", ex);
        }
    }

    /**
     * The live process of a node, if any.
     *
     * @param nodeId the node.
     * @return its handle.
     */
    public Optional<ProcessHandle> process(final int nodeId)
    {
        final Process child = children.get(nodeId);
        if (null != child)
        {
            return child.isAlive() ? Optional.of(child.toHandle()) : Optional.empty();
        }
        final Path pidFile = pidFile(nodeId);
        if (!Files.exists(pidFile))
        {
            return Optional.empty();
        }
        final long pid;
        try
        {
            pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
        }
        catch (final IOException | NumberFormatException ex)
        {
            return Optional.empty();
        }
        // A pid file may outlive its process and the pid be reused: accept only our node's command line.
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> isNodeProcess(h, nodeId));
    }

    private boolean isNodeProcess(final ProcessHandle handle, final int nodeId)
    {
        final Optional<String> commandLine = handle.info().commandLine();
        return commandLine.isEmpty() ||
            (commandLine.get().contains(impl.mainClass()) && commandLine.get().contains("--node " + nodeId));
    }

    /**
     * A node's process id.
     *
     * @param nodeId the node.
     * @return the pid if it runs.
     */
    public Optional<Long> pid(final int nodeId)
    {
        return process(nodeId).map(ProcessHandle::pid);
    }

    /**
     * What a node's process is doing.
     *
     * @param nodeId the node.
     * @return its state.
     */
    public NodeState state(final int nodeId)
    {
        if (process(nodeId).isEmpty())
        {
            return NodeState.DOWN;
        }
        return Files.exists(pausedMarker(nodeId)) ? NodeState.PAUSED : NodeState.RUNNING;
    }

    /**
     * The current leader per the node logs (see the class comment).
     *
     * @return the leader, or empty while there is none.
     */
    public Optional<Leader> leader()
    {
        Leader best = null;
        for (final int id : config.memberIds())
        {
            if (state(id) != NodeState.RUNNING)
            {
                continue;
            }
            final Leader seen = lastLeaderLine(id);
            if (null != seen && state(seen.nodeId()) == NodeState.RUNNING && (null == best || seen.term() > best.term()))
            {
                best = seen;
            }
        }
        return Optional.ofNullable(best);
    }

    private Leader lastLeaderLine(final int nodeId)
    {
        return lastRoleLine(nodeId)
            .filter(line -> "LEADER".equals(line.role()))
            .map(line -> new Leader(line.nodeId(), line.term()))
            .orElse(null);
    }

    /**
     * A node's latest role line (since its last start), as its log shows it: {@code ROLE node=N term=T}.
     *
     * @param role   {@code LEADER}, {@code FOLLOWER}, {@code PRE_CANDIDATE} or {@code CANDIDATE}.
     * @param nodeId the node the line names (the tuned node names itself, the baseline node the leader it learned of).
     * @param term   the term.
     */
    public record RoleLine(String role, int nodeId, long term)
    {
    }

    /**
     * The last role line a node's current incarnation logged.
     *
     * @param nodeId the node.
     * @return the line, or empty if it logged none since it was last started.
     */
    public Optional<RoleLine> lastRoleLine(final int nodeId)
    {
        final Path log = logFile(nodeId);
        if (!Files.exists(log))
        {
            return Optional.empty();
        }
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return Optional.empty();
        }
        for (int i = lines.size() - 1; i >= 0; i--)
        {
            if (lines.get(i).startsWith("=== "))
            {
                // The line this runner writes before each start: earlier lines are a previous incarnation's.
                return Optional.empty();
            }
            final Matcher m = ROLE_LINE.matcher(lines.get(i));
            if (m.find())
            {
                return Optional.of(new RoleLine(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3))));
            }
        }
        return Optional.empty();
    }

    /**
     * Wait for a leader other than {@code excluded} whose term is above {@code minTerm}.
     *
     * @param timeoutMs bound on the wait.
     * @param excluded  a node not to accept, or -1.
     * @param minTerm   the leader's term must be greater than this (0 to accept any).
     * @return the leader.
     * @throws IllegalStateException naming the node states if none within the timeout.
     */
    public Leader awaitLeader(final long timeoutMs, final int excluded, final long minTerm)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true)
        {
            final Optional<Leader> leader = leader();
            if (leader.isPresent() && leader.get().nodeId() != excluded && leader.get().term() > minTerm)
            {
                return leader.get();
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("no " + impl.id() + " leader" + (excluded > 0 ? " other than node " + excluded : "") +
                    " within " + timeoutMs + " ms; nodes: " + describe() + "; logs in " + workDir);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /**
     * Kill a node with SIGKILL and wait until it is gone.
     *
     * @param nodeId the node.
     */
    public void kill(final int nodeId)
    {
        final Optional<ProcessHandle> handle = process(nodeId);
        if (handle.isPresent())
        {
            handle.get().destroyForcibly();
            awaitExit(nodeId, handle.get(), STOP_TIMEOUT_MS);
        }
        clearNode(nodeId);
    }

    /**
     * Freeze a node with SIGSTOP (a long GC pause or a hung host, as peers see it).
     *
     * @param nodeId the node.
     * @throws IllegalStateException if it is not running.
     */
    public void pause(final int nodeId)
    {
        signal(nodeId, "-STOP");
        try
        {
            Files.writeString(pausedMarker(nodeId), "SIGSTOP\n", StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot mark node " + nodeId + " paused", ex);
        }
    }

    /**
     * Thaw a node paused with {@link #pause}.
     *
     * @param nodeId the node.
     */
    public void resume(final int nodeId)
    {
        signal(nodeId, "-CONT");
        try
        {
            Files.deleteIfExists(pausedMarker(nodeId));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot unmark node " + nodeId, ex);
        }
    }

    /**
     * Kill a node if it runs, then start it again from its data directory.
     *
     * @param nodeId the node.
     */
    public void restart(final int nodeId)
    {
        kill(nodeId);
        startNode(nodeId);
    }

    /**
     * Stop every node: SIGCONT if paused, SIGTERM, wait up to {@code timeoutMs}, then SIGKILL; then
     * remove the Aeron directories killed nodes left and check that nothing remains.
     *
     * @param timeoutMs wait for a clean exit per node, ms.
     * @return what happened.
     */
    public StopReport stop(final long timeoutMs)
    {
        final List<Integer> terminated = new ArrayList<>();
        final List<Integer> killed = new ArrayList<>();
        final Map<Integer, ProcessHandle> running = new LinkedHashMap<>();
        for (final int id : config.memberIds())
        {
            final Optional<ProcessHandle> handle = process(id);
            if (handle.isPresent())
            {
                if (Files.exists(pausedMarker(id)))
                {
                    // A stopped process keeps SIGTERM pending; it must run to act on it.
                    signal(id, "-CONT");
                }
                handle.get().destroy();
                running.put(id, handle.get());
            }
        }
        for (final Map.Entry<Integer, ProcessHandle> e : running.entrySet())
        {
            if (awaitExit(e.getKey(), e.getValue(), timeoutMs))
            {
                terminated.add(e.getKey());
            }
            else
            {
                e.getValue().destroyForcibly();
                awaitExit(e.getKey(), e.getValue(), STOP_TIMEOUT_MS);
                killed.add(e.getKey());
            }
        }
        final List<Path> removed = new ArrayList<>();
        final List<String> leftover = new ArrayList<>();
        for (final int id : config.memberIds())
        {
            process(id).ifPresent(h -> leftover.add("node " + id + " process " + h.pid() + " still alive"));
            clearNode(id);
            final Path aeronDir = aeronDir(id);
            if (Files.exists(aeronDir))
            {
                try
                {
                    deleteTree(aeronDir);
                    removed.add(aeronDir);
                }
                catch (final UncheckedIOException ex)
                {
                    leftover.add("cannot remove " + aeronDir + ": " + ex.getCause().getMessage());
                }
            }
        }
        final List<String> removedNetwork = new ArrayList<>();
        if (null != net && !netRemoved)
        {
            try
            {
                net.close();
                netRemoved = true;
                Files.deleteIfExists(workDir.resolve(NetNamespaces.STATE_FILE));
                removedNetwork.add("subnet " + NetNamespaces.NET_PREFIX + net.layout().subnet() + ".0/24: bridge " +
                    net.layout().bridge() + ", " + config.memberIds().length + " namespaces and veth pairs");
            }
            catch (final IllegalStateException | IOException ex)
            {
                leftover.add(ex.getMessage());
            }
        }
        return new StopReport(terminated, killed, removed, removedNetwork, leftover);
    }

    /**
     * Cut these nodes away from the others: no packet crosses between the two sides, in either
     * direction, until {@link #heal}; clients in this host's namespace still reach every node.
     *
     * @param nodeIds a minority of the members.
     * @throws IllegalStateException if the cluster is not in network-namespace mode, or a command fails.
     * @throws IllegalArgumentException if the nodes are not a minority of the members.
     */
    public void partition(final int[] nodeIds)
    {
        final int distinct = (int)Arrays.stream(nodeIds).distinct().count();
        if (2 * distinct >= config.memberIds().length || distinct == 0)
        {
            throw new IllegalArgumentException("partition a minority (fewer than half of " + config.memberIds().length +
                " nodes) so the rest can still commit, got " + Arrays.toString(nodeIds));
        }
        network().partition(nodeIds);
    }

    /**
     * Restore every link cut by {@link #partition} (also one cut by another process on this cluster).
     *
     * @return how many blackhole routes were removed.
     * @throws IllegalStateException if the cluster is not in network-namespace mode, or a command fails.
     */
    public int heal()
    {
        return network().heal();
    }

    /**
     * The links cut now, e.g. {@code 1-2 1-3}.
     *
     * @return each cut pair once ({@code a-b}, a &lt; b, cut in at least one direction); empty if none or not in namespace mode.
     */
    public String cutLinks()
    {
        if (null == net)
        {
            return "";
        }
        final StringBuilder sb = new StringBuilder();
        final java.util.Set<String> seen = new java.util.TreeSet<>();
        for (final int id : config.memberIds())
        {
            for (final int peer : net.cutFrom(id))
            {
                seen.add(Math.min(id, peer) + "-" + Math.max(id, peer));
            }
        }
        for (final String link : seen)
        {
            sb.append(sb.length() == 0 ? "" : " ").append(link);
        }
        return sb.toString();
    }

    /**
     * The network namespaces of this cluster.
     *
     * @return them, or empty if the nodes share this host's network.
     */
    public Optional<NetNamespaces> netNamespaces()
    {
        return Optional.ofNullable(net);
    }

    private NetNamespaces network()
    {
        if (null == net)
        {
            throw new IllegalStateException("partitions need the nodes in network namespaces: start the cluster with --netns " +
                "(needs root and iproute2)");
        }
        return net;
    }

    /** {@link #stop(long)} with {@link #STOP_TIMEOUT_MS}. */
    @Override
    public void close()
    {
        stop(STOP_TIMEOUT_MS);
    }

    /**
     * One line per node: id, state, pid.
     *
     * @return e.g. {@code 1=RUNNING(pid 123) 2=DOWN}.
     */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder();
        for (final int id : config.memberIds())
        {
            sb.append(sb.length() == 0 ? "" : " ").append(id).append('=').append(state(id));
            pid(id).ifPresent(pid -> sb.append("(pid ").append(pid).append(')'));
        }
        return sb.toString();
    }

    /**
     * The implementation.
     *
     * @return it.
     */
    public ClusterImpl impl()
    {
        return impl;
    }

    /**
     * The configuration in use.
     *
     * @return it.
     */
    public ClusterConfig config()
    {
        return config;
    }

    /**
     * Path of the configuration in use.
     *
     * @return absolute path.
     */
    public Path configFile()
    {
        return configFile;
    }

    /**
     * The work directory.
     *
     * @return absolute path.
     */
    public Path workDir()
    {
        return workDir;
    }

    /**
     * A node's log (its stdout and stderr).
     *
     * @param nodeId the node.
     * @return the path.
     */
    public Path logFile(final int nodeId)
    {
        return workDir.resolve("node-" + nodeId + ".log");
    }

    /**
     * A node's Aeron directory (tuned implementation only).
     *
     * @param nodeId the node.
     * @return the path.
     */
    public Path aeronDir(final int nodeId)
    {
        return workDir.resolve("aeron").resolve("node-" + nodeId);
    }

    private Path pidFile(final int nodeId)
    {
        return workDir.resolve("node-" + nodeId + ".pid");
    }

    private Path pausedMarker(final int nodeId)
    {
        return workDir.resolve("node-" + nodeId + ".paused");
    }

    private void clearNode(final int nodeId)
    {
        children.remove(nodeId);
        try
        {
            Files.deleteIfExists(pidFile(nodeId));
            Files.deleteIfExists(pausedMarker(nodeId));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot clear the state files of node " + nodeId, ex);
        }
    }

    private boolean awaitExit(final int nodeId, final ProcessHandle handle, final long timeoutMs)
    {
        try
        {
            final Process child = children.get(nodeId);
            if (null != child && child.pid() == handle.pid())
            {
                return child.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
            }
            handle.onExit().get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        }
        catch (final TimeoutException ex)
        {
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
        catch (final ExecutionException ex)
        {
            return !handle.isAlive();
        }
    }

    private void signal(final int nodeId, final String signal)
    {
        final ProcessHandle handle = process(nodeId)
            .orElseThrow(() -> new IllegalStateException("node " + nodeId + " is not running"));
        try
        {
            final Process kill = new ProcessBuilder("kill", signal, Long.toString(handle.pid())).redirectErrorStream(true).start();
            final String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (kill.waitFor() != 0)
            {
                throw new IllegalStateException("kill " + signal + " " + handle.pid() + " failed: " + output);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot run kill " + signal, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling node " + nodeId, ex);
        }
    }

    private static void deleteTree(final Path dir)
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
