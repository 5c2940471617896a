package io.quorumbench.lockfree.raft.host;

import io.quorumbench.lockfree.host.InProcessClient;
import org.agrona.DirectBuffer;

/**
 * The old in-process client, still used by the load generator and the benchmarks' fixture until
 * they switch to the registry; every call goes straight to an {@link InProcessClient}.
 *
 * @deprecated use {@link InProcessClient}.
 */
@Deprecated(forRemoval = true)
public final class RaftClient implements AutoCloseable
{
    /**
     * The old name of {@link io.quorumbench.lockfree.host.ResponseHandler}.
     *
     * @deprecated use {@link io.quorumbench.lockfree.host.ResponseHandler}.
     */
    @Deprecated(forRemoval = true)
    public interface ResponseHandler extends io.quorumbench.lockfree.host.ResponseHandler
    {
    }

    private final InProcessClient delegate;

    RaftClient(final InProcessClient delegate)
    {
        this.delegate = delegate;
    }

    /**
     * @return the client id.
     */
    public long clientId()
    {
        return delegate.clientId();
    }

    /**
     * @return the node commands go to next.
     */
    public int target()
    {
        return delegate.target();
    }

    /**
     * @return the leader hint.
     */
    public int leaderHint()
    {
        return delegate.leaderHint();
    }

    /**
     * @param nodeId a node id or {@code NodeConfig.NO_NODE}.
     */
    public void leaderHint(final int nodeId)
    {
        delegate.leaderHint(nodeId);
    }

    /**
     * See {@link InProcessClient#offer(long, DirectBuffer, int, int)}.
     *
     * @param sequence command sequence.
     * @param command  buffer holding the command.
     * @param offset   first byte.
     * @param length   length.
     * @return false if the node's ingress is full.
     */
    public boolean offer(final long sequence, final DirectBuffer command, final int offset, final int length)
    {
        return delegate.offer(sequence, command, offset, length);
    }

    /**
     * See {@link InProcessClient#poll(io.quorumbench.lockfree.host.ResponseHandler, int)}.
     *
     * @param handler receives outcomes.
     * @param limit   most outcomes.
     * @return outcomes delivered.
     */
    public int poll(final io.quorumbench.lockfree.host.ResponseHandler handler, final int limit)
    {
        return delegate.poll(handler, limit);
    }

    /** Unregister. */
    @Override
    public void close()
    {
        delegate.close();
    }
}
