package io.quorumbench.baseline.host;

/**
 * A {@link NodeClient} command whose outcome is unknown: no node confirmed it within the operation
 * timeout. It may or may not have been applied (an "info" operation in a history).
 */
public final class NodeClientException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what happened, with client id and sequence.
     */
    public NodeClientException(final String message)
    {
        super(message);
    }
}
