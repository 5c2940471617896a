package io.quorumbench.api.lock;

/**
 * A {@link LockClient} call that did not do what it was asked: the service answered an error
 * status, rejected the command, or its outcome is unknown (no answer in time).
 */
public final class LockServiceException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** Status the service answered, or -1 if it answered none. */
    private final byte status;

    /**
     * @param operation what was asked, e.g. {@code Acquire}.
     * @param status    the service's answer ({@link LockResult}).
     */
    public LockServiceException(final String operation, final byte status)
    {
        super(operation + ": " + LockResult.name(status));
        this.status = status;
    }

    /**
     * @param message what happened, with no status from the service.
     */
    public LockServiceException(final String message)
    {
        super(message);
        this.status = -1;
    }

    /**
     * @return the service's status, or -1 if it answered none (rejected, unknown outcome).
     */
    public byte status()
    {
        return status;
    }
}
