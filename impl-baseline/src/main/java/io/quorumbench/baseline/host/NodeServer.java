package io.quorumbench.baseline.host;

import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.ClientResponder;
import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.RejectReason;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.baseline.codec.ClientMessageDescriptor;
import io.quorumbench.baseline.codec.PeerStreamDescriptor;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/**
 * One baseline node of any protocol as a server: the deterministic {@link ProtocolNode} core its
 * {@link ProtocolNodeFactory} builds, behind a {@link ReentrantLock}, peers over TCP
 * ({@link PeerStreamDescriptor}), clients over TCP ({@link ClientMessageDescriptor}). The server
 * never looks inside a peer frame; the core's codec does.
 *
 * <p><b>Threads</b> (all named {@code <name>-<node>-...}, {@code name} given to {@link #bind}, e.g.
 * the protocol's id; all joined by {@link #close()}):
 * <ul>
 *   <li>{@code core}: a single-threaded {@link ScheduledExecutorService} that ticks the node every
 *       {@link #tickIntervalMs()} and, whenever client requests arrive, drains the client queue into
 *       the node and then ticks it, so one fsync covers the whole batch under {@code fsync=batch};</li>
 *   <li>{@code peer-accept} and one {@code peer-in-<from>} per inbound peer connection, which call
 *       {@link ProtocolNode#onMessage} under the lock;</li>
 *   <li>one {@code peer-out-<to>} per peer: connects with exponential backoff and writes the frames
 *       the node put in that peer's queue (a full queue drops frames: the protocol repairs lost
 *       messages, as it must on any network);</li>
 *   <li>{@code client-accept}, and per client connection a reader and a writer thread.</li>
 * </ul>
 *
 * <p>Usage: {@link #bind} (listen on the configured ports, 0 meaning any free one), then
 * {@link #start()} (connect to the configured peer endpoints) or {@link #start(IntFunction)} (given
 * addresses, for tests on ephemeral ports), then {@link #close()}.
 *
 * <p><b>Thread-safety</b>: all public methods are thread-safe.
 */
public final class NodeServer implements AutoCloseable
{
    /** Client requests waiting for the core thread before new ones are answered BACKPRESSURE. */
    public static final int CLIENT_QUEUE_CAPACITY = 65_536;
    /** Frames queued per peer before new ones are dropped. */
    public static final int PEER_QUEUE_CAPACITY = 16_384;
    private static final long MAX_RECONNECT_BACKOFF_MS = 1_000;
    private static final long JOIN_TIMEOUT_MS = 5_000;
    private static final byte[] POISON = new byte[0];
    private static final System.Logger LOGGER = System.getLogger(NodeServer.class.getName());

    /**
     * Told when the leader this node believes in changes (called on a server thread, under the node lock:
     * keep it short).
     */
    @FunctionalInterface
    public interface LeaderListener
    {
        /**
         * A new leader is known.
         *
         * @param leaderId the leader.
         * @param term     its term.
         */
        void onLeader(int leaderId, long term);
    }

    private record ClientKey(long clientId, long sequence)
    {
    }

    private record ClientRequest(long clientId, long sequence, byte[] command)
    {
    }

    private final ClusterConfig cluster;
    private final int nodeId;
    private final String threadPrefix;
    private final ReentrantLock lock = new ReentrantLock();
    private final ProtocolNode node;
    private final ServerSocket peerServer;
    private final ServerSocket clientServer;
    private final Map<Integer, BlockingQueue<byte[]>> peerQueues = new ConcurrentHashMap<>();
    private final BlockingQueue<ClientRequest> clientRequests = new ArrayBlockingQueue<>(CLIENT_QUEUE_CAPACITY);
    private final Map<ClientKey, ClientConnection> awaiting = new ConcurrentHashMap<>();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<ClientConnection> clients = ConcurrentHashMap.newKeySet();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final ScheduledExecutorService core;
    private volatile boolean closed;
    private volatile boolean isolated;
    private final AtomicLong isolatedDrops = new AtomicLong();
    private volatile LeaderListener leaderListener = (leaderId, term) -> { };
    private boolean failed;
    private int loggedLeader = NodeConfig.NO_NODE;
    private long loggedTerm = -1;

    private NodeServer(
        final ClusterConfig cluster, final int nodeId, final StateMachine stateMachine, final ProtocolNodeFactory factory,
        final String name) throws IOException
    {
        this.cluster = cluster;
        this.nodeId = nodeId;
        this.threadPrefix = name + "-" + nodeId + "-";
        final ClusterConfig.Member me = cluster.member(nodeId);
        for (final int peer : cluster.memberIds())
        {
            if (peer != nodeId)
            {
                peerQueues.put(peer, new ArrayBlockingQueue<>(PEER_QUEUE_CAPACITY));
            }
        }
        final NodeConfig config = new NodeConfig(
            cluster.clusterId(), nodeId, cluster.memberIds(), this::onOutboxSend, new Responder(), stateMachine,
            me.dataDir(), cluster.fsyncPolicy(), System.nanoTime() ^ ((long)nodeId << 32),
            cluster.electionTimeoutMinNs(), cluster.electionTimeoutMaxNs(), cluster.heartbeatIntervalNs(),
            cluster.maxCommandBytes());
        ServerSocket peerSocket = null;
        ServerSocket clientSocket = null;
        ProtocolNode protocolNode = null;
        try
        {
            peerSocket = listen(me.peer());
            clientSocket = listen(me.client());
            protocolNode = factory.create(config);
        }
        catch (final IOException | RuntimeException ex)
        {
            // Nothing may stay bound if the node cannot start (e.g. an unreadable data directory).
            closeQuietly(peerSocket);
            closeQuietly(clientSocket);
            throw ex;
        }
        this.peerServer = peerSocket;
        this.clientServer = clientSocket;
        this.node = protocolNode;
        this.core = Executors.newSingleThreadScheduledExecutor(r -> newThread(r, "core"));
    }

    /**
     * Build the node (recovering its data directory) and listen on its peer and client endpoints.
     *
     * @param cluster      the cluster.
     * @param nodeId       this node.
     * @param stateMachine the application; used from the core thread only.
     * @param factory      builds the protocol's core from the node's configuration.
     * @param name         first part of every thread's name, e.g. the protocol's id.
     * @return the bound, not yet started server.
     * @throws IOException if a port cannot be bound.
     */
    public static NodeServer bind(
        final ClusterConfig cluster, final int nodeId, final StateMachine stateMachine, final ProtocolNodeFactory factory,
        final String name) throws IOException
    {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(name, "name");
        return new NodeServer(cluster, nodeId, stateMachine, factory, name);
    }

    private static ServerSocket listen(final ClusterConfig.Endpoint endpoint) throws IOException
    {
        final ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        try
        {
            socket.bind(new InetSocketAddress(InetAddress.getByName(endpoint.host()), endpoint.port()));
        }
        catch (final IOException ex)
        {
            socket.close();
            throw new IOException("cannot listen on " + endpoint + ": " + ex.getMessage(), ex);
        }
        return socket;
    }

    /**
     * Set who hears about leader changes; before {@link #start()}.
     *
     * @param listener the listener.
     */
    public void leaderListener(final LeaderListener listener)
    {
        this.leaderListener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Start with the peer endpoints of the configuration.
     */
    public void start()
    {
        start(id ->
        {
            final ClusterConfig.Endpoint e = cluster.member(id).peer();
            return new InetSocketAddress(e.host(), e.port());
        });
    }

    /**
     * Start the threads, connecting to peers at the given addresses.
     *
     * @param peerAddress peer node id to its peer endpoint.
     */
    public void start(final IntFunction<InetSocketAddress> peerAddress)
    {
        if (!started.compareAndSet(false, true))
        {
            throw new IllegalStateException("already started");
        }
        startThread("peer-accept", this::acceptPeers);
        startThread("client-accept", this::acceptClients);
        for (final int peer : peerQueues.keySet())
        {
            final InetSocketAddress address = peerAddress.apply(peer);
            startThread("peer-out-" + peer, () -> sendToPeer(peer, address));
        }
        core.scheduleAtFixedRate(this::step, 0, tickIntervalMs(), TimeUnit.MILLISECONDS);
    }

    /**
     * Period of the core tick: a fifth of the heartbeat interval, at least 1 ms.
     *
     * @return the tick period in milliseconds.
     */
    public long tickIntervalMs()
    {
        return Math.max(1, cluster.heartbeatIntervalMs() / 5);
    }

    /**
     * Port the peer listener is bound to.
     *
     * @return the port.
     */
    public int peerPort()
    {
        return peerServer.getLocalPort();
    }

    /**
     * Port the client listener is bound to.
     *
     * @return the port.
     */
    public int clientPort()
    {
        return clientServer.getLocalPort();
    }

    /**
     * This node's id.
     *
     * @return the node id.
     */
    public int nodeId()
    {
        return nodeId;
    }

    /**
     * The node's current role.
     *
     * @return the role.
     */
    public Role role()
    {
        lock.lock();
        try
        {
            return node.role();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The node's current term.
     *
     * @return the term.
     */
    public long term()
    {
        lock.lock();
        try
        {
            return node.term();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The leader this node believes in.
     *
     * @return the leader id or {@link NodeConfig#NO_NODE}.
     */
    public int leaderId()
    {
        lock.lock();
        try
        {
            return node.leaderId();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * The node's commit index.
     *
     * @return the commit index.
     */
    public long commitIndex()
    {
        lock.lock();
        try
        {
            return node.commitIndex();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Frames the node dropped as bad.
     *
     * @return the count.
     */
    public long rejectedFrames()
    {
        lock.lock();
        try
        {
            return node.rejectedFrames();
        }
        finally
        {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------ the core

    private void step()
    {
        drainScheduled.set(false);
        lock.lock();
        try
        {
            if (closed || failed)
            {
                return;
            }
            ClientRequest request;
            while ((request = clientRequests.poll()) != null)
            {
                node.onClientCommand(request.clientId(), request.sequence(), request.command(), 0, request.command().length);
            }
            // The tick after the batch syncs it once and replicates it (group commit under fsync=batch).
            node.onTick(System.nanoTime());
            afterStep();
        }
        catch (final RuntimeException ex)
        {
            fail(ex);
        }
        finally
        {
            lock.unlock();
        }
    }

    private void scheduleDrain()
    {
        if (drainScheduled.compareAndSet(false, true))
        {
            try
            {
                core.execute(this::step);
            }
            catch (final RejectedExecutionException ex)
            {
                // Shutting down: the request will not be answered, as after a crash.
                drainScheduled.set(false);
            }
        }
    }

    private void onPeerFrame(final int from, final byte[] frame)
    {
        lock.lock();
        try
        {
            if (closed || failed)
            {
                return;
            }
            if (isolated)
            {
                isolatedDrops.incrementAndGet();
                return;
            }
            node.onMessage(from, frame, 0, frame.length);
            afterStep();
        }
        catch (final RuntimeException ex)
        {
            fail(ex);
        }
        finally
        {
            lock.unlock();
        }
    }

    private void fail(final RuntimeException ex)
    {
        // A node that cannot write its log must stop taking part rather than answer wrongly.
        failed = true;
        LOGGER.log(System.Logger.Level.ERROR, "node " + nodeId + " failed and stops participating", ex);
    }

    private void afterStep()
    {
        final int leader = node.leaderId();
        final long term = node.term();
        if (leader != loggedLeader || (leader != NodeConfig.NO_NODE && term != loggedTerm))
        {
            if (leader != NodeConfig.NO_NODE)
            {
                LOGGER.log(System.Logger.Level.DEBUG, "LEADER node={0} term={1} (seen by node {2})",
                    String.valueOf(leader), String.valueOf(term), String.valueOf(nodeId));
                loggedTerm = term;
                leaderListener.onLeader(leader, term);
            }
            loggedLeader = leader;
        }
    }

    private void onOutboxSend(final int to, final byte[] frame, final int offset, final int length)
    {
        if (isolated)
        {
            isolatedDrops.incrementAndGet();
            return;
        }
        final BlockingQueue<byte[]> queue = peerQueues.get(to);
        if (queue != null)
        {
            // A full queue means the peer is slow or gone: dropping is a lost message, which the protocol repairs.
            queue.offer(Arrays.copyOfRange(frame, offset, offset + length));
        }
    }

    private final class Responder implements ClientResponder
    {
        @Override
        public void onCommitted(
            final long clientId, final long sequence, final long logIndex, final byte[] result, final int offset, final int length)
        {
            respond(clientId, sequence, ClientMessageDescriptor.STATUS_OK, NodeConfig.NO_NODE, logIndex, result, offset, length);
        }

        @Override
        public void onRejected(final long clientId, final long sequence, final RejectReason reason, final int leaderHint)
        {
            respond(clientId, sequence, ClientMessageDescriptor.status(reason), leaderHint, 0, POISON, 0, 0);
        }
    }

    private void respond(
        final long clientId, final long sequence, final byte status, final int leaderHint, final long logIndex,
        final byte[] result, final int offset, final int length)
    {
        final ClientConnection connection = awaiting.remove(new ClientKey(clientId, sequence));
        if (connection == null)
        {
            return;
        }
        connection.send(ClientMessageDescriptor.response(clientId, sequence, status, leaderHint, logIndex, result, offset, length));
    }

    // ------------------------------------------------------------------------------- peers

    private void acceptPeers()
    {
        while (!closed)
        {
            final Socket socket;
            try
            {
                socket = peerServer.accept();
            }
            catch (final IOException ex)
            {
                if (!closed)
                {
                    LOGGER.log(System.Logger.Level.WARNING, "node {0}: peer accept failed: {1}", nodeId, ex.getMessage());
                }
                continue;
            }
            if (!track(socket))
            {
                return;
            }
            startThread("peer-in-" + socket.getPort(), () -> readFromPeer(socket));
        }
    }

    private void readFromPeer(final Socket socket)
    {
        try (socket)
        {
            socket.setTcpNoDelay(true);
            final DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            final int from = PeerStreamDescriptor.readHandshake(in, cluster.clusterId());
            if (from == nodeId || !peerQueues.containsKey(from))
            {
                throw new IOException("handshake from unknown node " + from);
            }
            Thread.currentThread().setName(threadPrefix + "peer-in-" + from);
            while (!closed)
            {
                final int length = in.readInt();
                if (length <= 0 || length > PeerStreamDescriptor.MAX_FRAME_LENGTH)
                {
                    throw new IOException("frame length " + length + " from node " + from);
                }
                final byte[] frame = new byte[length];
                in.readFully(frame);
                onPeerFrame(from, frame);
            }
        }
        catch (final EOFException | SocketException ex)
        {
            // Peer went away or we are closing; it reconnects.
        }
        catch (final IOException ex)
        {
            if (!closed)
            {
                LOGGER.log(System.Logger.Level.WARNING, "node {0}: dropping peer connection from {1}: {2}",
                    nodeId, socket.getRemoteSocketAddress(), ex.getMessage());
            }
        }
        finally
        {
            sockets.remove(socket);
        }
    }

    private void sendToPeer(final int peer, final InetSocketAddress address)
    {
        final BlockingQueue<byte[]> queue = peerQueues.get(peer);
        long backoffMs = 10;
        while (!closed)
        {
            final Socket socket = new Socket();
            if (!track(socket))
            {
                return;
            }
            try (socket)
            {
                socket.setTcpNoDelay(true);
                socket.connect(address, (int)MAX_RECONNECT_BACKOFF_MS);
                final DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
                PeerStreamDescriptor.writeHandshake(out, cluster.clusterId(), nodeId);
                backoffMs = 10;
                while (!closed)
                {
                    byte[] frame = queue.poll(100, TimeUnit.MILLISECONDS);
                    while (frame != null)
                    {
                        out.writeInt(frame.length);
                        out.write(frame);
                        frame = queue.poll();
                    }
                    out.flush();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            catch (final IOException ex)
            {
                if (closed)
                {
                    return;
                }
                LOGGER.log(System.Logger.Level.DEBUG, "node {0}: link to node {1} at {2} down: {3}",
                    nodeId, peer, address, ex.getMessage());
            }
            finally
            {
                sockets.remove(socket);
            }
            // Frames queued for a dead link are stale by the time it is back; the protocol resends what matters.
            queue.clear();
            try
            {
                if (closing.await(backoffMs, TimeUnit.MILLISECONDS))
                {
                    return;
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
            backoffMs = Math.min(MAX_RECONNECT_BACKOFF_MS, backoffMs * 2);
        }
    }

    // ------------------------------------------------------------------------------ clients

    private void acceptClients()
    {
        while (!closed)
        {
            final Socket socket;
            try
            {
                socket = clientServer.accept();
            }
            catch (final IOException ex)
            {
                if (!closed)
                {
                    LOGGER.log(System.Logger.Level.WARNING, "node {0}: client accept failed: {1}", nodeId, ex.getMessage());
                }
                continue;
            }
            if (!track(socket))
            {
                return;
            }
            final ClientConnection connection = new ClientConnection(socket);
            clients.add(connection);
            startThread("client-in-" + socket.getPort(), connection::readRequests);
            startThread("client-out-" + socket.getPort(), connection::writeResponses);
        }
    }

    private final class ClientConnection
    {
        private final Socket socket;
        private final BlockingQueue<byte[]> responses = new LinkedBlockingQueue<>();

        ClientConnection(final Socket socket)
        {
            this.socket = socket;
        }

        void send(final byte[] response)
        {
            responses.offer(response);
        }

        void readRequests()
        {
            try
            {
                socket.setTcpNoDelay(true);
                final DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
                final int maxLength = ClientMessageDescriptor.REQUEST_HEADER_LENGTH + cluster.maxCommandBytes();
                while (!closed)
                {
                    final int length = in.readInt();
                    if (length < ClientMessageDescriptor.REQUEST_HEADER_LENGTH ||
                        length > ClientMessageDescriptor.MAX_REQUEST_LENGTH)
                    {
                        // Garbage: a length-prefixed stream cannot be resynchronised, so hang up.
                        LOGGER.log(System.Logger.Level.WARNING, "node {0}: client {1} sent request length {2}; closing",
                            nodeId, socket.getRemoteSocketAddress(), length);
                        return;
                    }
                    final long clientId = in.readLong();
                    final long sequence = in.readLong();
                    if (length > maxLength)
                    {
                        // Well-formed but too large: skip it and say so, the stream stays usable.
                        in.skipNBytes(length - ClientMessageDescriptor.REQUEST_HEADER_LENGTH);
                        send(ClientMessageDescriptor.response(clientId, sequence,
                            ClientMessageDescriptor.STATUS_INVALID_COMMAND, NodeConfig.NO_NODE, 0, POISON, 0, 0));
                        continue;
                    }
                    final byte[] command = new byte[length - ClientMessageDescriptor.REQUEST_HEADER_LENGTH];
                    in.readFully(command);
                    final ClientKey key = new ClientKey(clientId, sequence);
                    awaiting.put(key, this);
                    if (!clientRequests.offer(new ClientRequest(clientId, sequence, command)))
                    {
                        respond(clientId, sequence, ClientMessageDescriptor.STATUS_BACKPRESSURE, NodeConfig.NO_NODE, 0, POISON, 0, 0);
                    }
                    scheduleDrain();
                }
            }
            catch (final IOException ex)
            {
                // Client went away or we are closing.
            }
            finally
            {
                shutdown();
            }
        }

        void writeResponses()
        {
            try
            {
                final BufferedOutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
                while (true)
                {
                    byte[] response = responses.take();
                    while (response != null)
                    {
                        if (response == POISON)
                        {
                            return;
                        }
                        out.write(response);
                        response = responses.poll();
                    }
                    out.flush();
                }
            }
            catch (final IOException ex)
            {
                // Client went away; its reader notices too.
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            finally
            {
                shutdown();
            }
        }

        void shutdown()
        {
            responses.offer(POISON);
            closeQuietly(socket);
            sockets.remove(socket);
            clients.remove(this);
            awaiting.values().removeIf(c -> c == this);
        }
    }

    // --------------------------------------------------------------------------- lifecycle

    private boolean track(final Socket socket)
    {
        sockets.add(socket);
        if (closed)
        {
            sockets.remove(socket);
            closeQuietly(socket);
            return false;
        }
        return true;
    }

    private Thread newThread(final Runnable task, final String name)
    {
        final Thread thread = new Thread(() ->
        {
            try
            {
                task.run();
            }
            finally
            {
                threads.remove(Thread.currentThread());
            }
        }, threadPrefix + name);
        thread.setDaemon(true);
        threads.add(thread);
        return thread;
    }

    private void startThread(final String name, final Runnable task)
    {
        newThread(task, name).start();
    }

    /**
     * Fault filter for tests and the load generator's partitions: while isolated, every peer frame
     * this node receives or emits is dropped (as a cut network would), counted in
     * {@link #isolatedDrops()}. Client connections are not affected, so a client still reaches the
     * node and learns from its answers (or their absence) that it cannot commit. Isolating one end
     * cuts its links in both directions; no other node needs to be told. Any thread.
     *
     * @param isolated true to cut the node's peer links, false to heal them.
     */
    public void isolate(final boolean isolated)
    {
        this.isolated = isolated;
    }

    /**
     * Peer frames dropped by {@link #isolate(boolean)}, received and emitted. Any thread.
     *
     * @return the count since start.
     */
    public long isolatedDrops()
    {
        return isolatedDrops.get();
    }

    /**
     * Orderly shutdown: stop all threads, close all sockets, close the node (forcing its log per
     * the fsync policy). Idempotent.
     */
    @Override
    public void close()
    {
        shutdown(false);
    }

    /**
     * Stop like a killed process: as {@link #close()}, but the node is crashed, not closed (writes
     * not yet forced stay in the page cache, nothing more is forced). For fault tests.
     */
    public void kill()
    {
        shutdown(true);
    }

    private void shutdown(final boolean crash)
    {
        lock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            closed = true;
            if (crash)
            {
                node.crash(false);
            }
            else
            {
                node.close();
            }
        }
        finally
        {
            lock.unlock();
        }
        closing.countDown();
        core.shutdownNow();
        closeQuietly(peerServer);
        closeQuietly(clientServer);
        for (final Socket socket : sockets)
        {
            closeQuietly(socket);
        }
        for (final ClientConnection client : clients)
        {
            client.shutdown();
        }
        try
        {
            core.awaitTermination(JOIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            for (final Thread thread : threads)
            {
                thread.interrupt();
                thread.join(JOIN_TIMEOUT_MS);
                if (thread.isAlive())
                {
                    LOGGER.log(System.Logger.Level.WARNING, "node {0}: thread {1} did not stop", nodeId, thread.getName());
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(final AutoCloseable closeable)
    {
        if (closeable != null)
        {
            try
            {
                closeable.close();
            }
            catch (final Exception ex)
            {
                // Closing on shutdown: nothing left to do with the error.
            }
        }
    }
}
