package io.quorumbench.loadgen.target;

import io.quorumbench.api.client.ClientSession;
import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.lockfree.raft.host.InvokedAeron;
import io.quorumbench.lockfree.raft.host.UdpRaftClient;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A running cluster of tuned Raft node processes ({@code LockfreeNodeMain}, started by
 * {@code scripts/cluster}) driven over Aeron UDP: this process runs its own embedded media driver
 * (shared threading, a yielding idle strategy, small terms) and one {@link UdpRaftClient} per
 * sender, each with a random session id above 2^40 and a response endpoint on a free UDP port of
 * the local address this host sends to the nodes from ({@link #responseHost}: 127.0.0.1 for a
 * loopback cluster, the bridge's address for nodes in network namespaces), so the nodes can route
 * their answers back.
 *
 * <p>Leader discovery: hints in rejections (a NOT_LEADER naming no leader, as a cut-off old leader
 * answers, drops the hint so retries go round-robin), and when a session has requests out but has heard
 * nothing for {@link #SILENCE_NS} (its leader died or was restarted and forgot the session), it
 * re-announces itself to every node and drops its hint, so the next command goes round-robin and a
 * follower's NOT_LEADER points at the leader. Retries as in {@link LockfreeSession}.
 *
 * <p>Reachability: the constructor announces a probe session and waits up to
 * {@link #CONNECT_TIMEOUT_MS} for a node to connect back; if none does, it fails with a message
 * naming the endpoints (the CLI exits 1).
 *
 * <p><b>Threading</b>: {@link #openSession} and {@link #close} on the controlling thread; each
 * session on its sender thread.
 */
public final class LockfreeUdpTarget implements LoadTarget
{
    /** How long to wait for a node to answer the first announcement, milliseconds. */
    public static final long CONNECT_TIMEOUT_MS = 10_000;
    /** How long a new session waits for all nodes to connect back once one has, milliseconds. */
    public static final long ALL_RESPONDERS_WAIT_MS = 2_000;
    /** Silence with requests out after which a session re-announces and forgets its leader, nanoseconds. */
    public static final long SILENCE_NS = TimeUnit.MILLISECONDS.toNanos(300);
    /**
     * A command unanswered this long is resent with its sequence (a node drops answers it cannot
     * publish). It must stay below the time a session takes to reuse a retry slot
     * ({@link LockfreeSession#RETRY_WINDOW} sequences: 3.3 s at 10k/s per sender), or the copy is
     * gone when the resend is due; and well above the latency of a loaded cluster, or every slow
     * answer is duplicated: at 200 ms a cluster catching up after a fail-over got its whole backlog
     * resent, fell further behind, and the sender ended seconds late (retry amplification).
     */
    public static final long RESEND_AFTER_NS = TimeUnit.MILLISECONDS.toNanos(1_000);

    private final String clusterFile;
    private final ClusterConfig cluster;
    private final int[] nodeIds;
    private final String[] clientEndpoints;
    private final String responseHost;
    private final int maxResultLength;
    private final int maxCommandLength;
    private final Path aeronDir;
    private MediaDriver driver;
    private InvokedAeron invoked;
    private Agent duty;
    private Aeron aeron;

    /**
     * Connect to a running tuned cluster.
     *
     * @param clusterFile      the cluster's configuration file.
     * @param maxCommandLength largest command, bytes.
     * @param maxValueLength   largest value, bytes.
     * @throws UncheckedIOException if the file cannot be read.
     * @throws IllegalStateException if no node connects back within {@link #CONNECT_TIMEOUT_MS}.
     */
    public LockfreeUdpTarget(final Path clusterFile, final int maxCommandLength, final int maxValueLength)
    {
        this(clusterFile, maxCommandLength, maxValueLength, 0);
    }

    /**
     * Connect to a running tuned cluster, for a known number of senders.
     *
     * @param clusterFile      the cluster's configuration file.
     * @param maxCommandLength largest command, bytes.
     * @param maxValueLength   largest value, bytes.
     * @param senders          sender threads that will use sessions: with exactly 1 the media driver
     *                         runs on that sender's thread ({@link InvokedAeron}, invoked from its
     *                         polls), one thread fewer on the cores; otherwise (0: unknown) it gets
     *                         a shared driver thread of its own.
     * @throws UncheckedIOException if the file cannot be read.
     * @throws IllegalStateException if no node connects back within {@link #CONNECT_TIMEOUT_MS}.
     */
    public LockfreeUdpTarget(final Path clusterFile, final int maxCommandLength, final int maxValueLength, final int senders)
    {
        this.clusterFile = clusterFile.toString();
        try
        {
            cluster = ClusterConfig.load(clusterFile);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read cluster file " + clusterFile + ": " + ex.getMessage(), ex);
        }
        nodeIds = cluster.memberIds();
        clientEndpoints = new String[nodeIds.length];
        for (int i = 0; i < nodeIds.length; i++)
        {
            clientEndpoints[i] = cluster.member(nodeIds[i]).client().toString();
        }
        responseHost = responseHost(cluster.member(nodeIds[0]).client());
        this.maxCommandLength = maxCommandLength;
        this.maxResultLength = new KvStateMachine(KvStateMachine.DEFAULT_MAX_KEY_LENGTH, maxValueLength).maxResultLength();
        try
        {
            aeronDir = Files.createTempDirectory("qb-loadgen-aeron-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create an Aeron directory", ex);
        }
        try
        {
            final MediaDriver.Context driverContext = new MediaDriver.Context()
                .aeronDirectoryName(aeronDir.resolve("driver").toString())
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .publicationTermBufferLength(64 * 1024)
                .ipcTermBufferLength(64 * 1024);
            if (1 == senders)
            {
                invoked = InvokedAeron.launch(driverContext, new Aeron.Context());
                aeron = invoked.aeron();
                duty = invoked.dutyAgent();
            }
            else
            {
                driver = MediaDriver.launch(driverContext
                    .threadingMode(ThreadingMode.SHARED)
                    // Aeron's default backs off to 1 ms parks: between requests 100 us apart the driver
                    // slept through the next send and answer. Yielding keeps each hop a duty cycle away
                    // and still cedes the core to a runnable node on a 2-core machine.
                    .sharedIdleStrategy(new YieldingIdleStrategy()));
                aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            }
            probe();
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    private void probe()
    {
        try (UdpRaftClient client = newClient())
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
            while (!client.hasResponder())
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("cluster " + clusterFile + " unreachable: no tuned node at " +
                        String.join(", ", clientEndpoints) + " connected back within " + CONNECT_TIMEOUT_MS +
                        " ms (are the nodes running, e.g. scripts/cluster start --impl lockfree, and is it a lockfree cluster?)");
                }
                client.connect();
                pause(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    /**
     * Wait on the controlling thread, keeping an invoked driver working meanwhile.
     *
     * @param ns how long.
     */
    private void pause(final long ns)
    {
        if (null == duty)
        {
            LockSupport.parkNanos(ns);
            return;
        }
        final long endNs = System.nanoTime() + ns;
        while (System.nanoTime() - endNs < 0)
        {
            if (0 == invokeDuty())
            {
                LockSupport.parkNanos(50_000);
            }
        }
    }

    private int invokeDuty()
    {
        return doDuty(duty);
    }

    /**
     * One duty cycle of an invoked media driver and client conductor.
     *
     * @param duty the duty agent, or null when the driver has a thread of its own.
     * @return work done.
     */
    static int doDuty(final Agent duty)
    {
        if (null == duty)
        {
            return 0;
        }
        try
        {
            return duty.doWork();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("media driver duty cycle failed: " + ex.getMessage(), ex);
        }
    }

    private UdpRaftClient newClient()
    {
        final int port;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(responseHost)))
        {
            // a free port now; the driver binds it right after (a race with another process is possible but rare)
            port = socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("no free UDP port for responses", ex);
        }
        final long clientId = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 62);
        return new UdpRaftClient(aeron, clientId, nodeIds, clientEndpoints, responseHost + ":" + port);
    }

    /**
     * The local address this host sends to a node from: the kernel's route choice, found by
     * connecting a UDP socket (no packet is sent). A node can route answers back to it.
     *
     * @param node a node's client endpoint.
     * @return the address, e.g. {@code 127.0.0.1}, or {@code 10.77.3.254} for nodes behind a bridge.
     * @throws UncheckedIOException if the node's host cannot be resolved or has no route.
     */
    static String responseHost(final io.quorumbench.api.cluster.ClusterConfig.Endpoint node)
    {
        try (DatagramSocket socket = new DatagramSocket())
        {
            socket.connect(new java.net.InetSocketAddress(InetAddress.getByName(node.host()), node.port()));
            final InetAddress local = socket.getLocalAddress();
            if (null == local || local.isAnyLocalAddress())
            {
                throw new IOException("no local address routes to " + node);
            }
            return local.getHostAddress();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot find the local address that reaches node endpoint " + node + ": " +
                ex.getMessage(), ex);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return "lockfree";
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> context()
    {
        final Map<String, Object> context = new LinkedHashMap<>();
        context.put("implementation", "lockfree");
        context.put("transport", "aeron-udp");
        context.put("cluster", clusterFile);
        context.put("nodes", nodeIds.length);
        context.put("fsyncPolicy", cluster.fsyncPolicy().name().toLowerCase(Locale.ROOT));
        context.put("client", "UdpRaftClient, one per sender, sends and polls on the sender thread; embedded media driver " +
            (null != invoked ? "invoked on the sender thread (one sender)" : "on a shared, yielding thread"));
        return context;
    }

    /** {@inheritDoc} */
    @Override
    public ClientSession openSession(final int sessionIndex)
    {
        final UdpRaftClient client = newClient();
        // Wait for every node to connect back, not just one: answers a node produces before its
        // response publication connects are dropped, and the session's first requests to the
        // leader then end as unknown outcomes (timeouts) although they were applied. A node that
        // is down is waited for ALL_RESPONDERS_WAIT_MS at most once one node has connected.
        final long startNs = System.nanoTime();
        final long deadlineNs = startNs + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
        final long allDeadlineNs = startNs + TimeUnit.MILLISECONDS.toNanos(ALL_RESPONDERS_WAIT_MS);
        while (client.connectedResponders() < nodeIds.length && System.nanoTime() - deadlineNs < 0 &&
            (!client.hasResponder() || System.nanoTime() - allDeadlineNs < 0))
        {
            client.connect();
            pause(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return new Session(client, duty, maxResultLength, maxCommandLength);
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        if (null != invoked)
        {
            invoked.close();
        }
        else
        {
            CloseHelper.quietClose(aeron);
            CloseHelper.quietClose(driver);
        }
        invoked = null;
        duty = null;
        aeron = null;
        driver = null;
        LockfreeRaftTarget.deleteQuietly(aeronDir);
    }

    private static final class Session extends LockfreeSession
    {
        private final UdpRaftClient client;
        private final Agent duty;
        private long lastSendNs;
        private int resentForLeader = NodeConfig.NO_NODE;

        Session(final UdpRaftClient client, final Agent duty, final int maxResultLength, final int maxCommandLength)
        {
            super(maxResultLength, maxCommandLength, RESEND_AFTER_NS);
            this.client = client;
            this.duty = duty;
        }

        /** With an invoked driver (one sender): do its work now, on this thread. */
        private void invokeDuty()
        {
            doDuty(duty);
        }

        @Override
        boolean offer(final long sequence, final DirectBuffer command, final int offset, final int length)
        {
            final boolean offered = client.offer(sequence, command, offset, length);
            // push it onto the wire now rather than at the next poll, which may follow a yield
            invokeDuty();
            // A request outstanding since the last answer starts the silence clock, and so does one
            // that could not even be offered: a killed leader's publication stops taking messages
            // (no status messages, then not connected), and if only sent requests counted, a client
            // whose every earlier request had been answered would retry the dead node forever.
            if (lastSendNs <= lastAnswerNs)
            {
                lastSendNs = System.nanoTime();
            }
            return offered;
        }

        @Override
        int pollClient(final int limit)
        {
            invokeDuty();
            final int polled = client.poll(this, limit);
            if (0 == polled && lastSendNs > lastAnswerNs && nowNs - Math.max(lastSendNs, lastAnswerNs) > SILENCE_NS)
            {
                client.connect();
                client.leaderHint(NodeConfig.NO_NODE);
                lastSendNs = nowNs;
            }
            return polled;
        }

        @Override
        void leaderHint(final int nodeId)
        {
            client.leaderHint(nodeId);
            if (NodeConfig.NO_NODE != nodeId && nodeId != resentForLeader)
            {
                // A leader this session has not yet resent to: commands in flight to the old one
                // (killed, cut off) are answered by nobody, so resend them now, as the embedded
                // client does on a leader change, instead of one resend period at a time while
                // their retry copies and the nodes' session windows age.
                resentForLeader = nodeId;
                resendAllUnanswered();
            }
        }

        @Override
        void onNoLeaderKnown()
        {
            // round-robin from the next command on: the hinted node answers but cannot lead
            client.leaderHint(NodeConfig.NO_NODE);
        }

        @Override
        void closeClient()
        {
            client.close();
        }
    }
}
