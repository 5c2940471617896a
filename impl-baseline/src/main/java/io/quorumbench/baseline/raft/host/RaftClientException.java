package io.quorumbench.baseline.raft.host;

/**
 * A {@link RaftClient} command whose outcome is unknown: no node confirmed it within the operation
 * timeout. It may or may not have been applied (an "info" operation in a history).
 */
public final class RaftClientException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened, with client id and sequence.
     */
    public RaftClientException(final String message)
    {
        super(message);
    }
}
