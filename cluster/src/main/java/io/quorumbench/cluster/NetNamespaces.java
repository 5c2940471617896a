package io.quorumbench.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Linux network namespace per node of a process cluster, so that links between nodes can be
 * cut for real (partitions) while every node stays reachable from this machine's root namespace.
 *
 * <p><b>Topology</b> of a run with subnet index {@code k} (1..{@value #MAX_SUBNET}, unique among
 * live runs on the machine) owned by process {@code P}:
 * <pre>
 *   root namespace                                  namespace qb-k-P-n1      namespace qb-k-P-n2
 *   bridge qbk-br 10.77.k.254/24 ── veth qbk-n1 ─── eth0 10.77.k.1/24
 *                                 └─ veth qbk-n2 ────────────────────────── eth0 10.77.k.2/24  ...
 * </pre>
 * Node {@code id} (1..{@value #MAX_NODE_ID}) lives at {@code 10.77.k.id}, with {@code lo} up in its
 * namespace; the load generator in the root namespace reaches every node on the bridge's subnet
 * (no forwarding, no NAT: the bridge switches frames), and nodes answer it at {@code 10.77.k.254}
 * ({@link #ROOT_HOST_SUFFIX}). Node processes are started as {@code ip netns exec <ns> java ...};
 * {@code ip netns exec} keeps the file system, so Aeron directories and logs stay where they were.
 *
 * <p><b>Partition model</b> (Jepsen's "nodes partitioned from each other"): cutting a set of nodes
 * away adds, in the namespaces on <em>both</em> ends of every link between the set and the rest, a
 * {@code blackhole} route to the other end's address. No packet crosses a cut link in either
 * direction; the sender's kernel discards it (a UDP {@code sendto} reports EINVAL, which Aeron counts
 * as a send error; TCP retransmits until healed). The client in the root namespace still reaches
 * every node, so a cut-off leader still hears clients: what it does with them is the protocol's
 * business. {@link #heal()} deletes every blackhole route of the run, read back from the
 * namespaces, so a later process (e.g. {@code scripts/cluster heal}) can heal what an earlier one cut.
 * No {@code tc}: this machine's kernel has neither netem nor tc actions, and routes need neither.
 *
 * <p><b>Clean-up</b>: {@link #close()} deletes the veth pairs, the namespaces and the bridge, and
 * checks that none is left. Names carry the subnet index and the owner's pid, and the bridge's
 * alias {@code quorumbench owner=P} (plus {@code detached} for a cluster meant to outlive its
 * maker), so {@link #create} first sweeps what dead runs left. A run's namespaces are stale when
 * their owner is dead and, for a <em>detached</em> cluster ({@code scripts/cluster start}, which
 * exits while its nodes run on), no process is left in them; the nodes of an <em>attached</em> run
 * (the load generator's {@code --spawn-cluster}) are orphans once their owner died without
 * cleaning up (SIGKILL), so the sweep kills what is left in its namespaces. A bridge is stale when
 * its owner is dead and its subnet has no live namespace.
 *
 * <p>Needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) and iproute2's {@code ip}: {@link #checkAvailable()}
 * says which is missing before anything is created. Every failed command is reported with its
 * command line and its output.
 *
 * <p><b>Threading</b>: not thread-safe; one controlling thread (and a shutdown hook after it).
 */
public final class NetNamespaces implements AutoCloseable
{
    /** First two octets of every subnet. */
    public static final String NET_PREFIX = "10.77.";
    /** Largest subnet index. */
    public static final int MAX_SUBNET = 250;
    /** Largest node id a namespace can host (its address's last octet). */
    public static final int MAX_NODE_ID = 250;
    /** Last octet of the root namespace's address on every subnet. */
    public static final int ROOT_HOST_SUFFIX = 254;
    /** File in a cluster's work directory that describes its namespaces. */
    public static final String STATE_FILE = "netns.properties";
    /** Alias of our bridges, followed by the owner pid (and {@value #DETACHED} for a detached cluster). */
    public static final String BRIDGE_ALIAS_PREFIX = "quorumbench owner=";
    /** Last word of a detached cluster's bridge alias. */
    public static final String DETACHED = "detached";

    private static final Pattern NAMESPACE = Pattern.compile("qb-(\\d+)-(\\d+)-n(\\d+)");
    private static final Pattern BRIDGE = Pattern.compile("qb(\\d+)-br");
    private static final Pattern BLACKHOLE = Pattern.compile("^blackhole\\s+(\\S+)");
    private static final int NOT_A_NODE = -1;

    /**
     * The names and addresses of one run's namespaces; pure, so it can be checked without root.
     *
     * @param subnet   subnet index {@code k}, 1..{@value #MAX_SUBNET}.
     * @param ownerPid process that created the namespaces.
     * @param nodeIds  the nodes, each 1..{@value #MAX_NODE_ID}.
     * @param detached whether the cluster outlives its owner (its nodes are never swept while they run).
     */
    public record Layout(int subnet, long ownerPid, int[] nodeIds, boolean detached)
    {
        /**
         * Validate.
         *
         * @throws IllegalArgumentException naming the bad value.
         */
        public Layout
        {
            if (subnet < 1 || subnet > MAX_SUBNET)
            {
                throw new IllegalArgumentException("subnet index must be 1.." + MAX_SUBNET + ", got " + subnet);
            }
            if (ownerPid <= 0)
            {
                throw new IllegalArgumentException("owner pid must be positive, got " + ownerPid);
            }
            nodeIds = nodeIds.clone();
            for (final int id : nodeIds)
            {
                if (id < 1 || id > MAX_NODE_ID)
                {
                    throw new IllegalArgumentException("a node in a network namespace needs an id in 1.." + MAX_NODE_ID +
                        " (its address 10.77.k.id), got " + id);
                }
            }
            if (Arrays.stream(nodeIds).distinct().count() != nodeIds.length)
            {
                throw new IllegalArgumentException("node ids repeat: " + Arrays.toString(nodeIds));
            }
        }

        /**
         * The nodes.
         *
         * @return a copy of the ids.
         */
        @Override
        public int[] nodeIds()
        {
            return nodeIds.clone();
        }

        /**
         * A node's namespace.
         *
         * @param nodeId the node.
         * @return e.g. {@code qb-3-4711-n1}.
         */
        public String namespace(final int nodeId)
        {
            return "qb-" + subnet + "-" + ownerPid + "-n" + nodeId;
        }

        /**
         * The bridge in the root namespace.
         *
         * @return e.g. {@code qb3-br} (at most 15 characters, the kernel's limit).
         */
        public String bridge()
        {
            return "qb" + subnet + "-br";
        }

        /**
         * The root-namespace end of a node's veth pair (the other end is {@code eth0} in the node's namespace).
         *
         * @param nodeId the node.
         * @return e.g. {@code qb3-n1}.
         */
        public String rootVeth(final int nodeId)
        {
            return "qb" + subnet + "-n" + nodeId;
        }

        /**
         * A node's address.
         *
         * @param nodeId the node.
         * @return e.g. {@code 10.77.3.1}.
         */
        public String nodeAddress(final int nodeId)
        {
            return NET_PREFIX + subnet + "." + nodeId;
        }

        /**
         * The root namespace's address on the subnet: where nodes reach the load generator.
         *
         * @return e.g. {@code 10.77.3.254}.
         */
        public String rootAddress()
        {
            return NET_PREFIX + subnet + "." + ROOT_HOST_SUFFIX;
        }

        /**
         * Commands that build the topology, in order (the bridge itself is made first, by
         * {@link NetNamespaces#create}, because making it claims the subnet index).
         *
         * @return one argv per command.
         */
        public List<List<String>> setupCommands()
        {
            final List<List<String>> commands = new ArrayList<>();
            commands.add(List.of("ip", "link", "set", bridge(), "alias", BRIDGE_ALIAS_PREFIX + ownerPid + (detached ? " " + DETACHED : "")));
            commands.add(List.of("ip", "addr", "add", rootAddress() + "/24", "dev", bridge()));
            commands.add(List.of("ip", "link", "set", bridge(), "up"));
            for (final int id : nodeIds)
            {
                final String ns = namespace(id);
                commands.add(List.of("ip", "netns", "add", ns));
                commands.add(List.of("ip", "link", "add", rootVeth(id), "type", "veth", "peer", "name", "eth0", "netns", ns));
                commands.add(List.of("ip", "link", "set", rootVeth(id), "master", bridge(), "up"));
                commands.add(List.of("ip", "-n", ns, "addr", "add", nodeAddress(id) + "/24", "dev", "eth0"));
                commands.add(List.of("ip", "-n", ns, "link", "set", "eth0", "up"));
                commands.add(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
            }
            return commands;
        }

        /**
         * Commands that remove everything {@link #setupCommands} and the bridge made; each may
         * find its object already gone.
         *
         * @return one argv per command.
         */
        public List<List<String>> teardownCommands()
        {
            final List<List<String>> commands = new ArrayList<>();
            for (final int id : nodeIds)
            {
                // deleting the root end removes the pair at once; a namespace's links go asynchronously
                commands.add(List.of("ip", "link", "del", rootVeth(id)));
                commands.add(List.of("ip", "netns", "del", namespace(id)));
            }
            commands.add(List.of("ip", "link", "del", bridge()));
            return commands;
        }

        /**
         * Commands that cut {@code cut} away from every other node: a blackhole route on both ends
         * of each link between the two sides. {@code ip route replace} makes repeating a cut harmless.
         *
         * @param cut the nodes to cut away (members, not all of them).
         * @return one argv per command.
         * @throws IllegalArgumentException if a node is not a member or no node would be left on the other side.
         */
        public List<List<String>> partitionCommands(final int[] cut)
        {
            final Set<Integer> side = new LinkedHashSet<>();
            for (final int id : cut)
            {
                if (Arrays.stream(nodeIds).noneMatch(m -> m == id))
                {
                    throw new IllegalArgumentException("node " + id + " is not a member (members: " + Arrays.toString(nodeIds) + ")");
                }
                side.add(id);
            }
            if (side.isEmpty() || side.size() >= nodeIds.length)
            {
                throw new IllegalArgumentException("a partition cuts some but not all nodes away, got " + Arrays.toString(cut));
            }
            // the cut side's own routes first: once they are in, nothing it sends reaches the rest
            // (a cut-off leader's appends stop), so the cut takes effect after the first few commands
            final List<List<String>> commands = new ArrayList<>();
            final List<List<String>> otherSide = new ArrayList<>();
            for (final int a : side)
            {
                for (final int b : nodeIds)
                {
                    if (!side.contains(b))
                    {
                        commands.add(List.of("ip", "-n", namespace(a), "route", "replace", "blackhole", nodeAddress(b) + "/32"));
                        otherSide.add(List.of("ip", "-n", namespace(b), "route", "replace", "blackhole", nodeAddress(a) + "/32"));
                    }
                }
            }
            commands.addAll(otherSide);
            return commands;
        }

        /**
         * The node whose namespace has a route to an address, if it is ours.
         *
         * @param address e.g. {@code 10.77.3.2}.
         * @return the node id, or -1.
         */
        public int nodeAt(final String address)
        {
            for (final int id : nodeIds)
            {
                if (nodeAddress(id).equals(address))
                {
                    return id;
                }
            }
            return -1;
        }
    }

    /**
     * A namespace or bridge name of this scheme.
     *
     * @param subnet   subnet index.
     * @param ownerPid owner pid, or -1 if the name does not carry it (a bridge).
     * @param nodeId   node id, or -1 for a bridge.
     */
    public record ParsedName(int subnet, long ownerPid, int nodeId)
    {
    }

    /**
     * What the stale sweep decided to remove.
     *
     * @param namespaces namespaces of dead runs.
     * @param orphaned   those of them whose processes are to be killed first (nodes of a dead attached run).
     * @param bridges    bridges of dead runs (each with its subnet's veths, if any were left).
     */
    public record Sweep(List<String> namespaces, List<String> orphaned, List<String> bridges)
    {
    }

    /**
     * The owner recorded in one of our bridges' alias.
     *
     * @param pid      the owner's pid, or -1 if the bridge has no such alias (being made now, or not ours).
     * @param detached whether the cluster is meant to outlive its owner.
     */
    public record BridgeOwner(long pid, boolean detached)
    {
    }

    private final Layout layout;
    private final CommandRunner shell;
    private boolean closed;

    private NetNamespaces(final Layout layout, final CommandRunner shell)
    {
        this.layout = layout;
        this.shell = shell;
    }

    /**
     * Fail early and clearly if namespaces cannot be made here.
     *
     * @throws IllegalStateException naming what is missing: iproute2's {@code ip}, or root.
     */
    public static void checkAvailable()
    {
        checkAvailable(CommandRunner.SYSTEM, effectiveUid());
    }

    static void checkAvailable(final CommandRunner shell, final long effectiveUid)
    {
        final CommandRunner.Result version;
        try
        {
            version = shell.run(List.of("ip", "-V"));
        }
        catch (final UncheckedIOException ex)
        {
            throw new IllegalStateException("network namespaces need iproute2's 'ip' on PATH (apt-get install iproute2): " +
                ex.getCause().getMessage(), ex);
        }
        if (version.exitCode() != 0)
        {
            throw new IllegalStateException("'ip -V' failed (exit " + version.exitCode() + "): " + version.output());
        }
        if (effectiveUid != 0)
        {
            throw new IllegalStateException("network namespaces need root (CAP_NET_ADMIN and CAP_SYS_ADMIN for 'ip netns " +
                "add'); this process runs as uid " + effectiveUid + ": run as root, or drop --netns (and partitions)");
        }
    }

    /**
     * This process's effective uid from {@code /proc/self/status}.
     *
     * @return the uid, or -1 if it cannot be read (not Linux).
     */
    static long effectiveUid()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8))
            {
                if (line.startsWith("Uid:"))
                {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
        return -1;
    }

    /**
     * Sweep what dead runs left, claim a free subnet, and build one namespace per node.
     *
     * @param nodeIds  the nodes, each 1..{@value #MAX_NODE_ID}.
     * @param detached whether the cluster outlives this process ({@code scripts/cluster start}); if
     *                 not, a later sweep kills nodes left in the namespaces after this process died.
     * @return the namespaces; {@link #close()} removes them.
     * @throws IllegalStateException if a command fails (what was made is removed again) or no subnet is free.
     */
    public static NetNamespaces create(final int[] nodeIds, final boolean detached)
    {
        checkAvailable();
        return create(nodeIds, detached, CommandRunner.SYSTEM, ProcessHandle.current().pid());
    }

    static NetNamespaces create(final int[] nodeIds, final boolean detached, final CommandRunner shell, final long ownerPid)
    {
        // validates the ids before anything is made
        new Layout(1, ownerPid, nodeIds, detached);
        sweepStale(shell);
        final Set<String> usedSubnets = subnetsInUse(shell);
        // start where this pid points so concurrent runs rarely race for the same index
        final int first = (int)(ownerPid % MAX_SUBNET);
        for (int i = 0; i < MAX_SUBNET; i++)
        {
            final int subnet = 1 + (first + i) % MAX_SUBNET;
            if (usedSubnets.contains(NET_PREFIX + subnet + "."))
            {
                continue;
            }
            final Layout layout = new Layout(subnet, ownerPid, nodeIds, detached);
            // the kernel refuses a second link of one name: creating the bridge claims the index atomically
            final CommandRunner.Result claim = shell.run(List.of("ip", "link", "add", layout.bridge(), "type", "bridge"));
            if (claim.exitCode() != 0)
            {
                if (claim.output().contains("File exists"))
                {
                    continue;
                }
                throw CommandRunner.failure(List.of("ip", "link", "add", layout.bridge(), "type", "bridge"), claim);
            }
            final NetNamespaces namespaces = new NetNamespaces(layout, shell);
            try
            {
                for (final List<String> command : layout.setupCommands())
                {
                    shell.check(command);
                }
            }
            catch (final RuntimeException ex)
            {
                namespaces.teardownQuietly(ex);
                throw ex;
            }
            return namespaces;
        }
        throw new IllegalStateException("no free subnet " + NET_PREFIX + "1-" + MAX_SUBNET + ".0/24 for network namespaces");
    }

    private static Set<String> subnetsInUse(final CommandRunner shell)
    {
        final Set<String> used = new TreeSet<>();
        final Matcher m = Pattern.compile("inet (" + Pattern.quote(NET_PREFIX) + "\\d+\\.)").matcher(
            shell.check(List.of("ip", "-o", "-4", "addr", "show")));
        while (m.find())
        {
            used.add(m.group(1));
        }
        return used;
    }

    /**
     * The namespaces a cluster's work directory describes (written by {@link #save}).
     *
     * @param file the state file.
     * @return them; nothing is created or checked.
     * @throws UncheckedIOException if the file cannot be read.
     * @throws IllegalArgumentException if it is malformed.
     */
    public static NetNamespaces load(final Path file)
    {
        final Properties p = new Properties();
        try (java.io.Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            p.load(reader);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        try
        {
            final int[] ids = Arrays.stream(p.getProperty("nodes", "").split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
            return new NetNamespaces(new Layout(Integer.parseInt(p.getProperty("subnet", "").trim()),
                Long.parseLong(p.getProperty("owner.pid", "").trim()), ids, Boolean.parseBoolean(p.getProperty(DETACHED))),
                CommandRunner.SYSTEM);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(file + ": malformed (" + ex.getMessage() + ")", ex);
        }
    }

    /**
     * Record the layout so another process can {@link #load} it.
     *
     * @param file the state file to write.
     */
    public void save(final Path file)
    {
        final StringBuilder sb = new StringBuilder("# network namespaces of this cluster (NetNamespaces)\n");
        sb.append("subnet=").append(layout.subnet()).append('\n');
        sb.append("owner.pid=").append(layout.ownerPid()).append('\n');
        sb.append(DETACHED).append('=').append(layout.detached()).append('\n');
        sb.append("nodes=");
        final int[] ids = layout.nodeIds();
        for (int i = 0; i < ids.length; i++)
        {
            sb.append(i == 0 ? "" : ",").append(ids[i]);
        }
        sb.append('\n');
        for (final int id : ids)
        {
            sb.append("# node ").append(id).append(": ").append(layout.namespace(id)).append(' ').append(layout.nodeAddress(id)).append('\n');
        }
        try
        {
            Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    /**
     * Names and addresses.
     *
     * @return the layout.
     */
    public Layout layout()
    {
        return layout;
    }

    /**
     * The command prefix that runs a program in a node's namespace.
     *
     * @param nodeId the node.
     * @return {@code ip netns exec <ns>}; {@code ip} execs the program, so its pid is the program's.
     */
    public List<String> execPrefix(final int nodeId)
    {
        return List.of("ip", "netns", "exec", layout.namespace(nodeId));
    }

    /**
     * Cut these nodes away from the others (in both directions); links already cut stay cut.
     *
     * @param nodeIds the nodes.
     * @throws IllegalArgumentException if a node is not a member, or none or all are named.
     * @throws IllegalStateException naming the command if one fails.
     */
    public void partition(final int[] nodeIds)
    {
        for (final List<String> command : layout.partitionCommands(nodeIds))
        {
            shell.check(command);
        }
    }

    /**
     * Remove every blackhole route in the run's namespaces.
     *
     * @return how many routes were removed.
     * @throws IllegalStateException naming the command if one fails.
     */
    public int heal()
    {
        int removed = 0;
        for (final int id : layout.nodeIds())
        {
            for (final String address : blackholes(id))
            {
                shell.check(List.of("ip", "-n", layout.namespace(id), "route", "del", "blackhole", address));
                removed++;
            }
        }
        return removed;
    }

    /**
     * The peers a node cannot reach now.
     *
     * @param nodeId the node.
     * @return their ids, ascending (addresses not of this run are left out).
     */
    public List<Integer> cutFrom(final int nodeId)
    {
        final Set<Integer> peers = new TreeSet<>();
        for (final String address : blackholes(nodeId))
        {
            final int peer = layout.nodeAt(address.replace("/32", ""));
            if (peer > 0)
            {
                peers.add(peer);
            }
        }
        return new ArrayList<>(peers);
    }

    private List<String> blackholes(final int nodeId)
    {
        return parseBlackholes(shell.check(List.of("ip", "-n", layout.namespace(nodeId), "route", "show", "type", "blackhole")));
    }

    /**
     * The destinations of {@code ip route show type blackhole} output.
     *
     * @param output the command's output.
     * @return e.g. {@code [10.77.3.2]}.
     */
    static List<String> parseBlackholes(final String output)
    {
        final List<String> addresses = new ArrayList<>();
        for (final String line : output.split("\n"))
        {
            final Matcher m = BLACKHOLE.matcher(line.trim());
            if (m.find())
            {
                addresses.add(m.group(1));
            }
        }
        return addresses;
    }

    /**
     * What of this run still exists.
     *
     * @return namespaces and links of this run that are present; empty when all is gone.
     */
    public List<String> leftovers()
    {
        final List<String> left = new ArrayList<>();
        final String namespaces = shell.check(List.of("ip", "netns", "list"));
        final String links = shell.check(List.of("ip", "-o", "link", "show"));
        for (final int id : layout.nodeIds())
        {
            if (listsNamespace(namespaces, layout.namespace(id)))
            {
                left.add("namespace " + layout.namespace(id));
            }
            if (listsLink(links, layout.rootVeth(id)))
            {
                left.add("link " + layout.rootVeth(id));
            }
        }
        if (listsLink(links, layout.bridge()))
        {
            left.add("bridge " + layout.bridge());
        }
        return left;
    }

    /**
     * Remove the veth pairs, namespaces and bridge (processes in the namespaces must have been
     * stopped) and check nothing is left. Idempotent.
     *
     * @throws IllegalStateException naming what is left and why.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final List<String> problems = teardown();
        problems.addAll(leftovers());
        if (!problems.isEmpty())
        {
            throw new IllegalStateException("network namespaces of subnet " + layout.subnet() + " not fully removed: " +
                String.join("; ", problems));
        }
    }

    private List<String> teardown()
    {
        final List<String> problems = new ArrayList<>();
        for (final List<String> command : layout.teardownCommands())
        {
            final CommandRunner.Result result = shell.run(command);
            if (result.exitCode() != 0 && !isAlreadyGone(result.output()))
            {
                problems.add(CommandRunner.failure(command, result).getMessage());
            }
        }
        return problems;
    }

    private void teardownQuietly(final RuntimeException cause)
    {
        for (final String problem : teardown())
        {
            cause.addSuppressed(new IllegalStateException(problem));
        }
    }

    private static void runTolerant(final CommandRunner shell, final List<String> command)
    {
        final CommandRunner.Result result = shell.run(command);
        if (result.exitCode() != 0 && !isAlreadyGone(result.output()))
        {
            throw CommandRunner.failure(command, result);
        }
    }

    private static boolean isAlreadyGone(final String output)
    {
        return output.contains("Cannot find device") || output.contains("No such file or directory");
    }

    /**
     * Remove namespaces and bridges dead runs left behind.
     *
     * @param shell runs the commands.
     * @return what was removed.
     */
    static Sweep sweepStale(final CommandRunner shell)
    {
        final List<String> namespaces = namespaceNames(shell.check(List.of("ip", "netns", "list")));
        final String bridges = shell.check(List.of("ip", "-o", "link", "show", "type", "bridge"));
        final Sweep sweep = staleOf(namespaces, bridgeOwners(bridges),
            pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
            ns -> !processesIn(shell, ns).isEmpty());
        for (final String ns : sweep.orphaned())
        {
            // node processes of a run that died without cleaning up (SIGKILL): nobody else will stop them
            for (final long pid : processesIn(shell, ns))
            {
                ProcessHandle.of(pid).ifPresent(NetNamespaces::killAndWait);
            }
        }
        // another run may sweep at the same time: an object already gone is fine
        for (final String ns : sweep.namespaces())
        {
            final ParsedName name = parse(ns);
            shell.run(List.of("ip", "link", "del", "qb" + name.subnet() + "-n" + name.nodeId()));
            runTolerant(shell, List.of("ip", "netns", "del", ns));
        }
        for (final String bridge : sweep.bridges())
        {
            runTolerant(shell, List.of("ip", "link", "del", bridge));
        }
        return sweep;
    }

    private static List<Long> processesIn(final CommandRunner shell, final String ns)
    {
        final CommandRunner.Result result = shell.run(List.of("ip", "netns", "pids", ns));
        final List<Long> pids = new ArrayList<>();
        if (result.exitCode() == 0)
        {
            for (final String line : result.output().split("\\s+"))
            {
                if (line.matches("\\d+"))
                {
                    pids.add(Long.parseLong(line));
                }
            }
        }
        return pids;
    }

    private static void killAndWait(final ProcessHandle process)
    {
        process.destroyForcibly();
        try
        {
            process.onExit().get(CommandRunner.COMMAND_TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex)
        {
            // reported by the namespace deletion that follows, if it matters
        }
    }

    /**
     * The stale-sweep decision, without side effects.
     *
     * @param namespaces   names from {@code ip netns list} (others than ours are ignored).
     * @param bridgeOwners our bridges by name with their owners (pid -1 if the alias is missing:
     *                     being set up right now, or foreign; left alone).
     * @param alive        whether a pid is a live process.
     * @param occupied     whether a namespace holds a process.
     * @return what to remove.
     */
    static Sweep staleOf(
        final List<String> namespaces,
        final java.util.Map<String, BridgeOwner> bridgeOwners,
        final LongPredicate alive,
        final Predicate<String> occupied)
    {
        final List<String> staleNamespaces = new ArrayList<>();
        final List<String> orphaned = new ArrayList<>();
        final Set<Integer> liveSubnets = new TreeSet<>();
        for (final String ns : namespaces)
        {
            final ParsedName name = parse(ns);
            if (null == name || NOT_A_NODE == name.nodeId())
            {
                continue;
            }
            if (alive.test(name.ownerPid()))
            {
                liveSubnets.add(name.subnet());
                continue;
            }
            final BridgeOwner bridge = bridgeOwners.get("qb" + name.subnet() + "-br");
            // not knowing whether a run was detached, keep its running nodes: a leak beats killing a user's cluster
            final boolean attached = null != bridge && bridge.pid() == name.ownerPid() && !bridge.detached();
            if (!occupied.test(ns))
            {
                staleNamespaces.add(ns);
            }
            else if (attached)
            {
                staleNamespaces.add(ns);
                orphaned.add(ns);
            }
            else
            {
                liveSubnets.add(name.subnet());
            }
        }
        final List<String> staleBridges = new ArrayList<>();
        for (final java.util.Map.Entry<String, BridgeOwner> bridge : bridgeOwners.entrySet())
        {
            final ParsedName name = parse(bridge.getKey());
            final long owner = bridge.getValue().pid();
            if (null != name && owner > 0 && !alive.test(owner) && !liveSubnets.contains(name.subnet()))
            {
                staleBridges.add(bridge.getKey());
            }
        }
        return new Sweep(staleNamespaces, orphaned, staleBridges);
    }

    /**
     * Read a name of this scheme.
     *
     * @param name a namespace ({@code qb-k-pid-nID}) or bridge ({@code qbk-br}) name.
     * @return its parts, or null if it is not one of ours.
     */
    static ParsedName parse(final String name)
    {
        final Matcher ns = NAMESPACE.matcher(name);
        if (ns.matches())
        {
            return new ParsedName(Integer.parseInt(ns.group(1)), Long.parseLong(ns.group(2)), Integer.parseInt(ns.group(3)));
        }
        final Matcher br = BRIDGE.matcher(name);
        if (br.matches())
        {
            return new ParsedName(Integer.parseInt(br.group(1)), -1, -1);
        }
        return null;
    }

    /**
     * Namespace names from {@code ip netns list} ({@code name} or {@code name (id: 3)} per line).
     *
     * @param output the command's output.
     * @return the names.
     */
    static List<String> namespaceNames(final String output)
    {
        final List<String> names = new ArrayList<>();
        for (final String line : output.split("\n"))
        {
            final String trimmed = line.trim();
            if (!trimmed.isEmpty())
            {
                names.add(trimmed.split("\\s+")[0]);
            }
        }
        return names;
    }

    /**
     * Our bridges and their owners from {@code ip -o link show type bridge}.
     *
     * @param output the command's output.
     * @return bridge name to owner (pid -1 if it has no owner alias).
     */
    static java.util.Map<String, BridgeOwner> bridgeOwners(final String output)
    {
        final java.util.Map<String, BridgeOwner> owners = new java.util.LinkedHashMap<>();
        final Pattern line = Pattern.compile("^\\d+:\\s+(qb\\d+-br)[:@].*?(?:alias " + Pattern.quote(BRIDGE_ALIAS_PREFIX) +
            "(\\d+)( " + DETACHED + ")?)?\\s*$");
        for (final String text : output.split("\n"))
        {
            final Matcher m = line.matcher(text.trim());
            if (m.matches())
            {
                owners.put(m.group(1), null == m.group(2) ? new BridgeOwner(-1, false) :
                    new BridgeOwner(Long.parseLong(m.group(2)), null != m.group(3)));
            }
        }
        return owners;
    }

    private static boolean listsNamespace(final String ipNetnsList, final String name)
    {
        return namespaceNames(ipNetnsList).contains(name);
    }

    private static boolean listsLink(final String ipOLinkShow, final String name)
    {
        return Pattern.compile("(?m)^\\d+:\\s+" + Pattern.quote(name) + "[:@]").matcher(ipOLinkShow).find();
    }
}
