package io.quorumbench.baseline.paxos;

import io.quorumbench.baseline.host.NodeMain;

/**
 * Runs one baseline Multi-Paxos node as a process (the main class {@link BaselinePaxos#nodeProcess()}
 * names): {@code PaxosNodeMain --config cluster.properties --node 2 [--state-machine kv|counting|noop]},
 * i.e. {@link NodeMain} with the protocol fixed to Multi-Paxos. Exit codes as {@link NodeMain}'s.
 */
public final class PaxosNodeMain
{
    private PaxosNodeMain()
    {
    }

    /**
     * Entry point.
     *
     * @param args command-line arguments, as {@link NodeMain} takes them.
     */
    public static void main(final String[] args)
    {
        System.exit(NodeMain.run(new BaselinePaxos(), args));
    }
}
