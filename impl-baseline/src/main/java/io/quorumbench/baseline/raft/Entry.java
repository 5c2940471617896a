package io.quorumbench.baseline.raft;

/**
 * One log entry. Immutable by convention: the command array is never modified after construction.
 *
 * @param term     term of the leader that created the entry.
 * @param type     {@link #TYPE_NOOP} or {@link #TYPE_COMMAND}.
 * @param clientId client session id, {@link #NO_CLIENT} for a no-op.
 * @param sequence client sequence number, 0 for a no-op.
 * @param command  command bytes, empty for a no-op.
 */
public record Entry(long term, byte type, long clientId, long sequence, byte[] command)
{
    /** A leader's first entry of its term (thesis section 6.4: lets it learn what is committed). */
    public static final byte TYPE_NOOP = 0;
    /** A client command. */
    public static final byte TYPE_COMMAND = 1;
    /** Client id of entries that carry no client command. */
    public static final long NO_CLIENT = -1;

    private static final byte[] EMPTY = new byte[0];

    /**
     * A no-op entry.
     *
     * @param term the leader's term.
     * @return the entry.
     */
    public static Entry noop(final long term)
    {
        return new Entry(term, TYPE_NOOP, NO_CLIENT, 0, EMPTY);
    }

    /**
     * Encoded size of the entry in a frame or log record, bytes.
     *
     * @return size in bytes.
     */
    public int encodedLength()
    {
        return FrameDescriptor.ENTRY_HEADER_LENGTH + command.length;
    }
}
