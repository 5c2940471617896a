package io.quorumbench.baseline.paxos;

import io.quorumbench.api.registry.NodeProcess;
import io.quorumbench.baseline.host.NodeMain;

/**
 * Runs one baseline Multi-Paxos node as a process (the main class {@link BaselinePaxos#nodeProcess()}
 * names): {@code PaxosNodeMain --config cluster.properties --node 2 [--state-machine kv|counting|noop]},
 * i.e. {@link NodeMain} with the protocol fixed to Multi-Paxos. The registry options {@code batch} and
 * {@code window} arrive as {@code -Dqb.option.batch=...} ({@link NodeProcess#optionFlag}); a bad one
 * exits 2. Exit codes otherwise as {@link NodeMain}'s.
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
        try
        {
            BaselinePaxosFactory.withOptions(NodeProcess.options(System.getProperties()));
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("error: " + ex.getMessage());
            System.exit(2);
            return;
        }
        System.exit(NodeMain.run(new BaselinePaxos(), args));
    }
}
