package io.quorumbench.baseline.raft.host;

import io.quorumbench.baseline.host.NodeClientException;

/**
 * Compatibility: what {@link RaftClient} throws where {@link io.quorumbench.baseline.host.NodeClient}
 * throws {@link NodeClientException}: a command whose outcome is unknown.
 */
public final class RaftClientException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param cause the node client's exception, whose message this one carries.
     */
    public RaftClientException(final NodeClientException cause)
    {
        super(cause.getMessage(), cause);
    }
}
