package io.quorumbench.lockfree.host;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.ClusterClient;
import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.registry.ClusterContext;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A client of a running cluster of tuned node processes ({@link NodeMain}) of any protocol, over
 * Aeron UDP: this process runs its own embedded media driver (a shared, yielding thread; or, with
 * exactly one session, invoked on that session's thread, {@link InvokedAeron}) and one
 * {@link UdpClient} per session, each with a random session id above 2^40 and a response endpoint
 * on a free UDP port of the local address this host sends to the nodes from
 * ({@link #responseHost}: 127.0.0.1 for a loopback cluster, the bridge's address for nodes in
 * network namespaces), so the nodes can route their answers back.
 *
 * <p>Leader discovery: hints in rejections (a NOT_LEADER naming no leader, as a cut-off old leader
 * answers, drops the hint so retries go round-robin), and when a session has requests out but has
 * heard nothing for {@link #SILENCE_NS} (its leader died or was restarted and forgot the session),
 * it re-announces itself to every node and drops its hint, so the next command goes round-robin and
 * a follower's NOT_LEADER points at the leader. Retries as in {@link RetryingSession}.
 *
 * <p>Reachability: {@link #connect} announces a probe session and waits up to
 * {@link #CONNECT_TIMEOUT_MS} for a node to connect back; if none does, it fails with a message
 * naming the endpoints.
 *
 * <p><b>Threading</b>: {@link #openSession} and {@link #close} on the controlling thread; each
 * session on its sender thread.
 */
public final class UdpClusterClient implements ClusterClient
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
     * ({@link RetryingSession#RETRY_WINDOW} sequences: 3.3 s at 10k/s per sender), or the copy is
     * gone when the resend is due; and well above the latency of a loaded cluster, or every slow
     * answer is duplicated: at 200 ms a cluster catching up after a fail-over got its whole backlog
     * resent, fell further behind, and the sender ended seconds late (retry amplification).
     */
    public static final long RESEND_AFTER_NS = TimeUnit.MILLISECONDS.toNanos(1_000);
    /** Term buffer length of this client's embedded driver, bytes. */
    public static final int TERM_LENGTH = 64 * 1024;

    private final String implementation;
    private final ClusterConfig cluster;
    private final int[] nodeIds;
    private final String[] clientEndpoints;
    private final String responseHost;
    private final int maxResultLength;
    private final int maxCommandLength;
    private final Path aeronDir;
    private final List<ClientSession> sessions = Collections.synchronizedList(new ArrayList<>());
    private MediaDriver driver;
    private InvokedAeron invoked;
    private Agent duty;
    private Aeron aeron;

    private UdpClusterClient(final String implementation, final ClusterConfig cluster, final ClusterContext context)
    {
        this.implementation = implementation;
        this.cluster = cluster;
        nodeIds = cluster.memberIds();
        clientEndpoints = new String[nodeIds.length];
        for (int i = 0; i < nodeIds.length; i++)
        {
            clientEndpoints[i] = cluster.member(nodeIds[i]).client().toString();
        }
        responseHost = responseHost(cluster.member(nodeIds[0]).client());
        maxCommandLength = context.maxCommandLength();
        maxResultLength = HostOptions.parse(context).stateMachine(context.stateMachine()).maxResultLength();
        try
        {
            aeronDir = Files.createTempDirectory("qb-client-aeron-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create an Aeron directory", ex);
        }
        final MediaDriver.Context driverContext = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir.resolve("driver").toString())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .publicationTermBufferLength(TERM_LENGTH)
            .ipcTermBufferLength(TERM_LENGTH);
        if (1 == context.sessions())
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
    }

    /**
     * Connect to a running cluster of tuned node processes and check that a node answers.
     *
     * @param implementation the registry name of the pair, e.g. {@code paxos/lockfree}, for the run context.
     * @param cluster        the cluster's configuration.
     * @param context        client settings (sessions, maxCommandLength, state machine), concluded here.
     * @return the client; the caller closes it.
     * @throws UncheckedIOException  if no Aeron directory or response port can be had.
     * @throws IllegalStateException if no node connects back within {@link #CONNECT_TIMEOUT_MS}.
     */
    public static UdpClusterClient connect(final String implementation, final ClusterConfig cluster, final ClusterContext context)
    {
        context.conclude();
        final UdpClusterClient client = new UdpClusterClient(implementation, cluster, context);
        try
        {
            client.probe();
        }
        catch (final RuntimeException ex)
        {
            client.close();
            throw ex;
        }
        return client;
    }

    private void probe()
    {
        try (UdpClient client = newClient())
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
            while (!client.hasResponder())
            {
                if (System.nanoTime() - deadlineNs > 0)
                {
                    throw new IllegalStateException("cluster " + cluster.source() + " unreachable: no tuned node at " +
                        String.join(", ", clientEndpoints) + " connected back within " + CONNECT_TIMEOUT_MS +
                        " ms (are the nodes running, and is it a " + implementation + " cluster?)");
                }
                client.connect();
                pause(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    /** Wait on the controlling thread, keeping an invoked driver working meanwhile. */
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
            if (0 == doDuty(duty))
            {
                LockSupport.parkNanos(50_000);
            }
        }
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

    private UdpClient newClient()
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
        return new UdpClient(aeron, clientId, nodeIds, clientEndpoints, responseHost + ":" + port);
    }

    /**
     * The local address this host sends to a node from: the kernel's route choice, found by
     * connecting a UDP socket (no packet is sent). A node can route answers back to it.
     *
     * @param node a node's client endpoint.
     * @return the address, e.g. {@code 127.0.0.1}, or {@code 10.77.3.254} for nodes behind a bridge.
     * @throws UncheckedIOException if the node's host cannot be resolved or has no route.
     */
    public static String responseHost(final ClusterConfig.Endpoint node)
    {
        try (DatagramSocket socket = new DatagramSocket())
        {
            socket.connect(new InetSocketAddress(InetAddress.getByName(node.host()), node.port()));
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
    public Map<String, Object> context()
    {
        final Map<String, Object> context = new LinkedHashMap<>();
        context.put("implementation", implementation);
        context.put("transport", "aeron-udp");
        context.put("cluster", cluster.source());
        context.put("nodes", nodeIds.length);
        context.put("fsyncPolicy", cluster.fsyncPolicy().name().toLowerCase(Locale.ROOT));
        context.put("electionTimeoutMinNs", cluster.electionTimeoutMinNs());
        context.put("electionTimeoutMaxNs", cluster.electionTimeoutMaxNs());
        context.put("client", "UdpClient, one per session, sends and polls on the session's thread; embedded media " +
            "driver " + (null != invoked ? "invoked on the session's thread (one session)" : "on a shared, yielding thread"));
        return context;
    }

    /** {@inheritDoc} */
    @Override
    public ClientSession openSession(final int sessionIndex)
    {
        if (null == aeron)
        {
            throw new IllegalStateException("the client is closed");
        }
        final UdpClient client = newClient();
        // Wait for every node to connect back, not just one: answers a node produces before its
        // response publication connects are dropped, and the session's first requests to the
        // leader then end as unknown outcomes although they were applied. A node that is down is
        // waited for ALL_RESPONDERS_WAIT_MS at most once one node has connected.
        final long startNs = System.nanoTime();
        final long deadlineNs = startNs + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
        final long allDeadlineNs = startNs + TimeUnit.MILLISECONDS.toNanos(ALL_RESPONDERS_WAIT_MS);
        while (client.connectedResponders() < nodeIds.length && System.nanoTime() - deadlineNs < 0 &&
            (!client.hasResponder() || System.nanoTime() - allDeadlineNs < 0))
        {
            client.connect();
            pause(TimeUnit.MILLISECONDS.toNanos(5));
        }
        final Session session = new Session(client, duty, maxResultLength, maxCommandLength);
        sessions.add(session);
        return session;
    }

    /** {@inheritDoc} */
    @Override
    public void close()
    {
        synchronized (sessions)
        {
            sessions.forEach(ClientSession::close);
            sessions.clear();
        }
        if (null != invoked)
        {
            invoked.close();
        }
        else
        {
            CloseHelper.quietCloseAll(aeron, driver);
        }
        invoked = null;
        duty = null;
        aeron = null;
        driver = null;
        IoUtil.delete(aeronDir.toFile(), true);
    }

    private static final class Session extends RetryingSession
    {
        private final UdpClient client;
        private final Agent duty;
        private long lastSendNs;
        private int resentForLeader = NodeConfig.NO_NODE;

        Session(final UdpClient client, final Agent duty, final int maxResultLength, final int maxCommandLength)
        {
            super(maxResultLength, maxCommandLength, RESEND_AFTER_NS);
            this.client = client;
            this.duty = duty;
        }

        @Override
        boolean offer(final long sequence, final DirectBuffer command, final int offset, final int length)
        {
            final boolean offered = client.offer(sequence, command, offset, length);
            // push it onto the wire now rather than at the next poll, which may follow a yield
            doDuty(duty);
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
            doDuty(duty);
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
                // session does on a leader change, instead of one resend period at a time while
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
