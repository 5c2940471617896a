package io.quorumbench.baseline.raft.host;

import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.Role;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.baseline.host.NodeServer;
import io.quorumbench.baseline.raft.BaselineRaftFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.IntFunction;

/**
 * Compatibility: a {@link NodeServer} running the baseline Raft core, threads named
 * {@code raft-<node>-...} as before. Use {@link NodeServer} (or the registry's {@code raft/baseline})
 * in new code; this class goes when the load generator and the benchmarks stop using it.
 *
 * <p><b>Thread-safety</b>: as {@link NodeServer}.
 */
public final class RaftServer implements AutoCloseable
{
    private final NodeServer server;

    private RaftServer(final NodeServer server)
    {
        this.server = server;
    }

    /**
     * See {@link NodeServer#bind}.
     *
     * @param cluster      the cluster.
     * @param nodeId       this node.
     * @param stateMachine the application; used from the core thread only.
     * @return the bound, not yet started server.
     * @throws IOException if a port cannot be bound.
     */
    public static RaftServer bind(final ClusterConfig cluster, final int nodeId, final StateMachine stateMachine)
        throws IOException
    {
        return new RaftServer(NodeServer.bind(cluster, nodeId, stateMachine, new BaselineRaftFactory(), Protocol.RAFT.id()));
    }

    /**
     * @return the server this one delegates to.
     */
    public NodeServer server()
    {
        return server;
    }

    /**
     * See {@link NodeServer#leaderListener}.
     *
     * @param listener the listener.
     */
    public void leaderListener(final NodeServer.LeaderListener listener)
    {
        server.leaderListener(listener);
    }

    /** See {@link NodeServer#start()}. */
    public void start()
    {
        server.start();
    }

    /**
     * See {@link NodeServer#start(IntFunction)}.
     *
     * @param peerAddress peer node id to its peer endpoint.
     */
    public void start(final IntFunction<InetSocketAddress> peerAddress)
    {
        server.start(peerAddress);
    }

    /**
     * @return see {@link NodeServer#tickIntervalMs()}.
     */
    public long tickIntervalMs()
    {
        return server.tickIntervalMs();
    }

    /**
     * @return see {@link NodeServer#peerPort()}.
     */
    public int peerPort()
    {
        return server.peerPort();
    }

    /**
     * @return see {@link NodeServer#clientPort()}.
     */
    public int clientPort()
    {
        return server.clientPort();
    }

    /**
     * @return see {@link NodeServer#nodeId()}.
     */
    public int nodeId()
    {
        return server.nodeId();
    }

    /**
     * @return see {@link NodeServer#role()}.
     */
    public Role role()
    {
        return server.role();
    }

    /**
     * @return see {@link NodeServer#term()}.
     */
    public long term()
    {
        return server.term();
    }

    /**
     * @return see {@link NodeServer#leaderId()}.
     */
    public int leaderId()
    {
        return server.leaderId();
    }

    /**
     * @return see {@link NodeServer#commitIndex()}.
     */
    public long commitIndex()
    {
        return server.commitIndex();
    }

    /**
     * @return see {@link NodeServer#rejectedFrames()}.
     */
    public long rejectedFrames()
    {
        return server.rejectedFrames();
    }

    /**
     * See {@link NodeServer#isolate(boolean)}.
     *
     * @param isolated true to cut the node's peer links, false to heal them.
     */
    public void isolate(final boolean isolated)
    {
        server.isolate(isolated);
    }

    /**
     * @return see {@link NodeServer#isolatedDrops()}.
     */
    public long isolatedDrops()
    {
        return server.isolatedDrops();
    }

    /** See {@link NodeServer#close()}. */
    @Override
    public void close()
    {
        server.close();
    }

    /** See {@link NodeServer#kill()}. */
    public void kill()
    {
        server.kill();
    }
}
