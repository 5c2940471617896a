package io.quorumbench.lockfree.paxos;

import io.quorumbench.lockfree.host.NodeMain;

/**
 * One tuned Multi-Paxos node per process over Aeron UDP:
 * {@code PaxosNodeMain --config cluster.properties --node 1 [--idle backoff|yield]}. Everything but
 * the core is the protocol-neutral {@link NodeMain} (see it for the flags, output and exit
 * codes); the tuning knobs are the {@link PaxosTuning} system properties.
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
        NodeMain.run(PaxosNodeMain.class.getSimpleName(), args, LockfreePaxosFactory::new);
    }
}
