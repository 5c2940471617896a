package io.quorumbench.lockfree.raft;

import io.quorumbench.lockfree.host.NodeMain;

/**
 * One tuned Raft node per process over Aeron UDP:
 * {@code RaftNodeMain --config cluster.properties --node 1 [--idle backoff|yield]}. Everything but
 * the core is the protocol-neutral {@link NodeMain} (see it for the flags, output and exit
 * codes); the tuning knobs are the {@link RaftTuning} system properties.
 */
public final class RaftNodeMain
{
    private RaftNodeMain()
    {
    }

    /**
     * Entry point.
     *
     * @param args {@code --config FILE --node ID [--idle backoff|yield]}.
     */
    public static void main(final String[] args)
    {
        NodeMain.run(RaftNodeMain.class.getSimpleName(), args, LockfreeRaftFactory::new);
    }
}
