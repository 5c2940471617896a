package io.quorumbench.baseline.raft.host;

import io.quorumbench.baseline.raft.RaftNodeMain;

/**
 * Compatibility: the old main class name of a baseline Raft node, which the load generator's
 * cluster runner still starts by name; runs {@link RaftNodeMain} with the same arguments. Goes
 * when the runner takes the main class from the registry.
 */
public final class BaselineNodeMain
{
    private BaselineNodeMain()
    {
    }

    /**
     * Entry point.
     *
     * @param args as {@link RaftNodeMain} takes them.
     */
    public static void main(final String[] args)
    {
        RaftNodeMain.main(args);
    }
}
