package io.quorumbench.lockfree.raft.host;

/**
 * Moved to {@link io.quorumbench.lockfree.codec.ClientMessageDescriptor}, shared by every
 * protocol; this holder keeps the load generator's old reference compiling until it switches to
 * the registry.
 *
 * @deprecated use {@link io.quorumbench.lockfree.codec.ClientMessageDescriptor}.
 */
@Deprecated(forRemoval = true)
public final class ClientMessageDescriptor
{
    /** Offset of the result in MSG_COMMITTED. */
    public static final int RESULT_OFFSET = io.quorumbench.lockfree.codec.ClientMessageDescriptor.RESULT_OFFSET;

    private ClientMessageDescriptor()
    {
    }
}
