package io.quorumbench.baseline.raft;

import io.quorumbench.baseline.host.NodeMain;

/**
 * Runs one baseline Raft node as a process (the main class {@link BaselineRaft#nodeProcess()}
 * names): {@code RaftNodeMain --config cluster.properties --node 2 [--state-machine kv|counting|noop]},
 * i.e. {@link NodeMain} with the protocol fixed to Raft. Exit codes as {@link NodeMain}'s.
 */
public final class RaftNodeMain
{
    private RaftNodeMain()
    {
    }

    /**
     * Entry point.
     *
     * @param args command-line arguments, as {@link NodeMain} takes them.
     */
    public static void main(final String[] args)
    {
        System.exit(NodeMain.run(new BaselineRaft(), args));
    }
}
