package io.quorumbench.lockfree.raft.host;

import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.lockfree.host.InProcessCluster;
import io.quorumbench.lockfree.raft.LockfreeRaftFactory;
import org.agrona.concurrent.IdleStrategy;

/**
 * The old in-process Raft cluster, still used by the load generator and the benchmarks' fixture
 * until they switch to the registry: an {@link InProcessCluster} of {@link LockfreeRaftFactory#embedded()}
 * nodes, every call passed straight on.
 *
 * @deprecated use {@link InProcessCluster} with {@code nodeFactory(LockfreeRaftFactory.embedded())},
 * or the registry's {@code raft/lockfree}.
 */
@Deprecated(forRemoval = true)
public final class InProcessRaftCluster implements AutoCloseable
{
    /**
     * The settings the old callers use; see {@link InProcessCluster.Context}.
     *
     * @deprecated use {@link InProcessCluster.Context}.
     */
    @Deprecated(forRemoval = true)
    public static final class Context
    {
        private final InProcessCluster.Context delegate =
            new InProcessCluster.Context().nodeFactory(LockfreeRaftFactory.embedded());

        /**
         * @param clientInvoked whether a client may invoke the duty cycle.
         * @return this.
         */
        public Context clientInvoked(final boolean clientInvoked)
        {
            delegate.clientInvoked(clientInvoked);
            return this;
        }

        /**
         * @param nodeCount nodes.
         * @return this.
         */
        public Context nodeCount(final int nodeCount)
        {
            delegate.nodeCount(nodeCount);
            return this;
        }

        /**
         * @param baseDir directory.
         * @return this.
         */
        public Context baseDir(final Path baseDir)
        {
            delegate.baseDir(baseDir);
            return this;
        }

        /**
         * @param fsyncPolicy policy.
         * @return this.
         */
        public Context fsyncPolicy(final FsyncPolicy fsyncPolicy)
        {
            delegate.fsyncPolicy(fsyncPolicy);
            return this;
        }

        /**
         * @param stateMachines factory.
         * @return this.
         */
        public Context stateMachines(final IntFunction<StateMachine> stateMachines)
        {
            delegate.stateMachines(stateMachines);
            return this;
        }

        /**
         * @param minMs lower bound in ms.
         * @param maxMs upper bound in ms.
         * @return this.
         */
        public Context electionTimeoutMs(final long minMs, final long maxMs)
        {
            delegate.electionTimeoutMs(minMs, maxMs);
            return this;
        }

        /**
         * @param intervalMs interval in ms.
         * @return this.
         */
        public Context heartbeatIntervalMs(final long intervalMs)
        {
            delegate.heartbeatIntervalMs(intervalMs);
            return this;
        }

        /**
         * @param maxCommandLength bytes.
         * @return this.
         */
        public Context maxCommandLength(final int maxCommandLength)
        {
            delegate.maxCommandLength(maxCommandLength);
            return this;
        }

        /**
         * @param idleStrategy strategy.
         * @return this.
         */
        public Context idleStrategy(final IdleStrategy idleStrategy)
        {
            delegate.idleStrategy(idleStrategy);
            return this;
        }

        /**
         * @param deleteDataOnClose true to delete.
         * @return this.
         */
        public Context deleteDataOnClose(final boolean deleteDataOnClose)
        {
            delegate.deleteDataOnClose(deleteDataOnClose);
            return this;
        }
    }

    private final InProcessCluster delegate;

    private InProcessRaftCluster(final InProcessCluster delegate)
    {
        this.delegate = delegate;
    }

    /**
     * @param ctx settings.
     * @return the running cluster.
     */
    public static InProcessRaftCluster launch(final Context ctx)
    {
        return new InProcessRaftCluster(InProcessCluster.launch(ctx.delegate));
    }

    /**
     * @return the work done.
     */
    public int invoke()
    {
        return delegate.invoke();
    }

    /**
     * @return whether launched client-invoked.
     */
    public boolean isClientInvoked()
    {
        return delegate.isClientInvoked();
    }

    /**
     * @return a new client.
     */
    public RaftClient newClient()
    {
        return new RaftClient(delegate.newClient());
    }

    /**
     * @param egressCapacity bytes of answers the buffer holds.
     * @return a new client.
     */
    public RaftClient newClient(final int egressCapacity)
    {
        return new RaftClient(delegate.newClient(egressCapacity));
    }

    /**
     * @return member ids.
     */
    public int[] members()
    {
        return delegate.members();
    }

    /**
     * @return the leader's id or {@code NodeConfig.NO_NODE}.
     */
    public int leaderId()
    {
        return delegate.leaderId();
    }

    /**
     * @param timeoutMs bound on the wait.
     * @param excluded  a node id not to accept.
     * @return the leader's id.
     */
    public int awaitLeader(final long timeoutMs, final int excluded)
    {
        return delegate.awaitLeader(timeoutMs, excluded);
    }

    /**
     * @param nodeId    the node.
     * @param powerLoss whether un-fsynced writes are lost too.
     */
    public void kill(final int nodeId, final boolean powerLoss)
    {
        delegate.kill(nodeId, powerLoss);
    }

    /**
     * @param nodeId the node.
     */
    public void restart(final int nodeId)
    {
        delegate.restart(nodeId);
    }

    /**
     * @param nodeId   the node.
     * @param isolated whether cut.
     */
    public void isolate(final int nodeId, final boolean isolated)
    {
        delegate.isolate(nodeId, isolated);
    }

    /**
     * @return errors since launch.
     */
    public List<Throwable> errors()
    {
        return delegate.errors();
    }

    /**
     * @return outcomes lost because a client's egress was full.
     */
    public long droppedResponses()
    {
        return delegate.droppedResponses();
    }

    /**
     * @return the agent thread.
     */
    public Thread agentThread()
    {
        return delegate.agentThread();
    }

    /**
     * @return the aeron directory.
     */
    public Path aeronDir()
    {
        return delegate.aeronDir();
    }

    /** Stop everything. */
    @Override
    public void close()
    {
        delegate.close();
    }
}
