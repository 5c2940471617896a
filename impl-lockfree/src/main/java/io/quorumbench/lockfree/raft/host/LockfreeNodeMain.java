package io.quorumbench.lockfree.raft.host;

import io.quorumbench.lockfree.raft.RaftNodeMain;

/**
 * The old main class of a tuned Raft node process, still named by the load generator's cluster
 * runner until it takes the main class from the registry.
 *
 * @deprecated use {@link RaftNodeMain}.
 */
@Deprecated(forRemoval = true)
public final class LockfreeNodeMain
{
    private LockfreeNodeMain()
    {
    }

    /**
     * Runs {@link RaftNodeMain#main(String[])}.
     *
     * @param args {@code --config FILE --node ID [--idle backoff|yield]}.
     */
    public static void main(final String[] args)
    {
        RaftNodeMain.main(args);
    }
}
