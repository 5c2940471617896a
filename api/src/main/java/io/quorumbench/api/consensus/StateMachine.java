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
     * Largest result {@link #apply} may write.
     *
     * @return maximum result length in bytes.
     */
    int maxResultLength();
}
