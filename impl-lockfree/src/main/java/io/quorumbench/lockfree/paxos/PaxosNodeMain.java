package io.quorumbench.lockfree.paxos;

import io.quorumbench.api.registry.NodeProcess;
import io.quorumbench.lockfree.host.NodeMain;

/**
 * One tuned Multi-Paxos node per process over Aeron UDP:
 * {@code PaxosNodeMain --config cluster.properties --node 1 [--idle backoff|yield]}. Everything but
 * the core is the protocol-neutral {@link NodeMain} (see it for the flags, output and exit
 * codes); the tuning knobs are the {@link PaxosTuning} system properties, and the registry options
 * {@code batch} and {@code window} arrive as {@code -Dqb.option.batch=...} ({@link NodeProcess#optionFlag});
 * a bad one exits 2.
 */
public final class PaxosNodeMain
{
    private PaxosNodeMain()
    {
    }

    /**
     * Entry point.
     *
     * @param args {@code --config FILE --node ID [--idle backoff|yield]}.
     */
    public static void main(final String[] args)
    {
        final LockfreePaxosFactory factory;
        try
        {
            factory = LockfreePaxosFactory.withOptions(NodeProcess.options(System.getProperties()));
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("error: " + ex.getMessage());
            System.exit(2);
            return;
        }
        NodeMain.run(PaxosNodeMain.class.getSimpleName(), args, () -> factory);
    }
}
