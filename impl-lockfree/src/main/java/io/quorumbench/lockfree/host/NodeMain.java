package io.quorumbench.lockfree.host;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.api.registry.StateMachineKind;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * One tuned node per process, of the protocol whose {@link DirectNodeFactory} the protocol's own
 * main class passes to {@link #run(String, String[], Supplier)}, talking to its peers over Aeron
 * UDP: {@code XxxNodeMain --config cluster.properties --node 1}.
 *
 * <p>Reads the shared {@link ClusterConfig}; publishes to each peer's {@code node.N.peer}
 * endpoint and subscribes on its own, one stream per directed link, with a term length just big
 * enough for the largest frame ({@link NodeChannels#termLength(int)}). Runs an embedded media
 * driver in {@link ThreadingMode#INVOKER} mode, invoked by the node's own agent thread
 * ({@link InvokedAeron}: one thread per node, not an agent and a driver thread competing for
 * the cores), with its own {@code aeron.dir} (system property {@code aeron.dir}, default a fresh
 * directory under java.io.tmpdir), deleted on start and shutdown. {@code --idle yield} makes that
 * thread yield rather than back off to 1 ms parks when idle (see the usage). The node applies commands to a {@link KvStateMachine}. Prints
 * {@code LEADER node=N term=T at=...} (and FOLLOWER / PRE_CANDIDATE / CANDIDATE lines) on every role change, and shuts
 * down cleanly on SIGTERM or SIGINT.
 *
 * <p>Run (after {@code mvn -pl impl-lockfree -am package}), one process per node, with the JVM
 * flags Agrona and Aeron need on JDK 17:
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
 *      --add-opens java.base/java.nio=ALL-UNNAMED -cp CLASSPATH \
 *      MAIN_CLASS --config cluster.properties --node 1
 * </pre>
 * The file format is {@link ClusterConfig}'s; the protocol's tuning knobs are system properties
 * its factory reads.
 *
 * <p>Clients connect over Aeron UDP to {@code node.N.client} ({@link AeronClientTransport},
 * {@link UdpClient}). Exit codes: 0 (or 143 after SIGTERM) clean shutdown, 2 bad arguments
 * or config.
 */
public final class NodeMain
{
    private NodeMain()
    {
    }

    /**
     * Run a node: parse the arguments, exit 2 with the usage on bad ones, else serve until SIGTERM
     * or SIGINT. Call from a protocol's {@code main}.
     *
     * @param mainName    the calling main class's simple name, for the usage text.
     * @param args        {@code --config FILE --node ID [--idle backoff|yield]}.
     * @param nodeFactory builds the protocol's factory once the arguments are valid (its tuning may
     *                    read system properties).
     */
    public static void run(final String mainName, final String[] args, final Supplier<DirectNodeFactory> nodeFactory)
    {
        final String usage = "usage: " + mainName + USAGE_ARGUMENTS;
        Path configFile = null;
        int nodeId = Integer.MIN_VALUE;
        boolean yielding = false;
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (("--config".equals(arg) || "--node".equals(arg) || "--idle".equals(arg)) && i + 1 >= args.length)
            {
                exitUsage(usage, arg + " needs a value");
            }
            if ("--config".equals(arg))
            {
                configFile = Path.of(args[++i]);
            }
            else if ("--node".equals(arg))
            {
                final String value = args[++i];
                try
                {
                    nodeId = Integer.parseInt(value);
                }
                catch (final NumberFormatException ex)
                {
                    exitUsage(usage, "--node: '" + value + "' is not a node id");
                }
            }
            else if ("--idle".equals(arg))
            {
                try
                {
                    yielding = NodeIdle.YIELD == NodeIdle.parse("--idle", args[++i]);
                }
                catch (final IllegalArgumentException ex)
                {
                    exitUsage(usage, ex.getMessage());
                }
            }
            else if ("--help".equals(arg) || "-h".equals(arg))
            {
                System.out.println(usage);
                return;
            }
            else
            {
                exitUsage(usage, "unknown argument '" + arg + "'");
            }
        }
        if (null == configFile || Integer.MIN_VALUE == nodeId)
        {
            exitUsage(usage, "--config and --node are required");
        }

        final ClusterConfig config;
        final ClusterConfig.Member self;
        try
        {
            config = ClusterConfig.load(configFile);
            self = config.member(nodeId);
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            System.err.println("error: " + ex.getMessage());
            System.exit(2);
            return;
        }
        run(config, self, yielding, HostOptions.nodeFactory(config.stateMachine(), nodeFactory.get()));
    }

    private static final String USAGE_ARGUMENTS = " --config FILE --node ID [--idle backoff|yield]\n" +
        "  --idle  what the node's one thread (node agent + invoked media driver) does when idle:\n" +
        "          backoff (default: spin, yield, then park up to 1 ms; little CPU when idle) or\n" +
        "          yield (lowest latency; takes a core while idle, cedes it to runnable threads)";

    private static void exitUsage(final String usage, final String message)
    {
        System.err.println("error: " + message);
        System.err.println(usage);
        System.exit(2);
    }

    private static void run(
        final ClusterConfig config, final ClusterConfig.Member self, final boolean yielding, final DirectNodeFactory factory)
    {
        final int nodeId = self.nodeId();
        final int[] members = config.nodes().keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        final int maxFrameLength = factory.maxFrameLength(config.maxCommandBytes());
        final int termLength = NodeChannels.termLength(maxFrameLength);
        final String[] channels = new String[members.length];
        for (int slot = 0; slot < members.length; slot++)
        {
            channels[slot] = NodeChannels.udpChannel(config.member(members[slot]).peer().toString(), maxFrameLength);
        }
        final String subscriptionChannel = NodeChannels.udpChannel(self.peer().toString(), maxFrameLength);
        final String aeronDir = System.getProperty("aeron.dir",
            Path.of(System.getProperty("java.io.tmpdir"), "aeron-" + factory.protocolName() + "-" + config.clusterId() + "-" + nodeId + "-" +
                ProcessHandle.current().pid()).toString());

        final ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
        InvokedAeron aeron = null;
        AgentRunner runner = null;
        AeronClientTransport transport = null;
        try
        {
            Files.createDirectories(self.dataDir());
            aeron = InvokedAeron.launch(
                new MediaDriver.Context()
                    .aeronDirectoryName(aeronDir)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .publicationTermBufferLength(termLength)
                    .ipcTermBufferLength(termLength)
                    .termBufferSparseFile(true),
                new Aeron.Context());
            final ManyToOneRingBuffer ingress = new ManyToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect((1 << 20) + RingBufferDescriptor.TRAILER_LENGTH)));
            final NodeAgent agent = new NodeAgent(
                nodeId, members, aeron.aeron(), channels, subscriptionChannel, factory,
                (outbox, responder) -> new NodeConfig(
                    config.clusterId(), nodeId, members, outbox, responder, stateMachine(config.stateMachine()),
                    self.dataDir(), config.fsyncPolicy(), System.nanoTime() ^ nodeId * 0x9E3779B97F4A7C15L,
                    config.electionTimeoutMinNs(), config.electionTimeoutMaxNs(), config.heartbeatIntervalNs(),
                    config.maxCommandBytes()),
                ingress, new ClientRegistry(1), SystemNanoClock.INSTANCE, 4 << 20);
            agent.roleListener(NodeMain::logRole);
            transport = new AeronClientTransport(
                aeron.aeron(), NodeChannels.udpChannel(self.client().toString()), stateMachine(config.stateMachine()).maxResultLength(),
                config.maxCommandBytes());
            agent.clientTransport(transport);
            runner = new AgentRunner(
                yielding ? new YieldingIdleStrategy() : new BackoffIdleStrategy(100, 10, 1_000, 1_000_000),
                error -> System.err.println(Instant.now() + " node=" + nodeId + " error: " + error),
                null, new CompositeAgent(aeron.dutyAgent(), agent));
            System.out.println(Instant.now() + " STARTED node=" + nodeId + " members=" + Arrays.toString(members) +
                " idle=" + (yielding ? "yield" : "backoff") +
                " peer=" + self.peer() + " fsync=" + config.fsyncPolicy() + " termLength=" + termLength +
                " aeron.dir=" + aeronDir + " state-machine=" + config.stateMachine().id() + " " + factory);
            AgentRunner.startOnThread(runner);
            barrier.await();
            // read while the agent may still run: plain longs, a slightly stale figure is fine in a log line
            System.out.println(Instant.now() + " STOPPING node=" + nodeId + " clientResponsesDropped=" +
                transport.droppedResponses() + " clientMessagesMalformed=" + transport.malformed());
        }
        catch (final IOException ex)
        {
            System.err.println("error: cannot create data directory " + self.dataDir() + ": " + ex.getMessage());
        }
        finally
        {
            CloseHelper.quietCloseAll(runner, aeron);
            IoUtil.delete(Path.of(aeronDir).toFile(), true);
            System.out.println(Instant.now() + " STOPPED node=" + nodeId);
            // Agrona 2's barrier holds the JVM's shutdown until told that cleanup is done.
            barrier.close();
        }
    }

    private static StateMachine stateMachine(final StateMachineKind kind)
    {
        // the file's state.machine; KV with its defaults as before, since the file has no value-size key
        return StateMachineKind.KV == kind ? new KvStateMachine() : HostOptions.defaultStateMachine(kind);
    }

    private static void logRole(final int nodeId, final Role role, final long term)
    {
        System.out.println(role + " node=" + nodeId + " term=" + term + " at=" + Instant.now());
    }
}
