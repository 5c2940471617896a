package io.quorumbench.api.consensus;

/**
 * The deterministic application a replicated log drives. Every replica applies the same commands
 * in the same order and must reach the same state and produce the same results: no clocks, no
 * randomness, no iteration over unordered collections. Time, where needed, is part of the command.
 *
 * <p>Called on the node's own thread only.
 */
public interface StateMachine
{
    /**
     * Apply one committed command.
     *
     * @param logIndex     index of the entry (or Paxos slot) being applied; strictly increasing.
     * @param command      buffer holding the command.
     * @param offset       first byte of the command.
     * @param length       length of the command.
     * @param result       buffer the result is written to, at least {@link #maxResultLength()} bytes.
     * @return the number of bytes written to {@code result}.
     */
    int apply(long logIndex, byte[] command, int offset, int length, byte[] result);

    /**
     * A hint that {@code command} is about to be applied, given for each of several commands
     * before the first of them is applied. An implementation may load the state the command will
     * touch, so that the cache misses of the next few commands overlap instead of following one
     * another. It must not change state or results, and must accept any bytes, malformed ones too.
     * The default does nothing.
     *
     * @param command buffer holding the command.
     * @param offset  first byte of the command.
     * @param length  length of the command.
     */
    default void prefetch(byte[] command, int offset, int length)
    {
    }

    /**
     * Largest result {@link #apply} may write.
     *
     * @return maximum result length in bytes.
     */
    int maxResultLength();

    /**
     * Whether {@link #snapshot()} and {@link #restore} are implemented; a replicated log compacts
     * only a state machine that says so. The default says no.
     *
     * @return true if snapshots are supported.
     */
    default boolean supportsSnapshots()
    {
        return false;
    }

    /**
     * A consistent image of the whole state as it stands after the last {@link #apply}: given to
     * {@link #restore} on an empty or any other instance, it yields equal state. Called between
     * applies, off the per-command path; it may allocate the image.
     *
     * @return the image (owned by the caller).
     * @throws UnsupportedOperationException if {@link #supportsSnapshots()} is false.
     */
    default byte[] snapshot()
    {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take snapshots");
    }

    /**
     * Replace the whole state by an image {@link #snapshot()} produced; the next {@link #apply}
     * will carry an index above {@code lastIncludedIndex}. A malformed image is refused with an
     * {@link IllegalArgumentException} and leaves the state unchanged.
     *
     * @param lastIncludedIndex index of the last command the image reflects.
     * @param image             buffer holding the image.
     * @param offset            first byte of the image.
     * @param length            length of the image.
     * @throws UnsupportedOperationException if {@link #supportsSnapshots()} is false.
     */
    default void restore(final long lastIncludedIndex, final byte[] image, final int offset, final int length)
    {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not take snapshots");
    }
}
