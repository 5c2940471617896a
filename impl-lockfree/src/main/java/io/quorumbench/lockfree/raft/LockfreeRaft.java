package io.quorumbench.lockfree.raft;

import io.quorumbench.api.registry.Protocol;
import io.quorumbench.lockfree.host.HostedImplementation;

/**
 * The registry's {@code raft/lockfree}: the tuned Raft core ({@link LockfreeRaftFactory}; in process
 * {@link LockfreeRaftFactory#embedded()}, whose smaller log segments let three nodes share one
 * machine's memory) on the protocol-neutral Aeron/Agrona host. Everything but the core, its codec and
 * {@link RaftNodeMain} is the host's ({@link HostedImplementation}), so this class only names them.
 *
 * <p>Stateless; thread-safe.
 */
public final class LockfreeRaft extends HostedImplementation
{
    /** The implementation's name. */
    public static final String IMPL = HostedImplementation.IMPL;
    /** First port of generated node-process configurations. */
    public static final int FIRST_PORT = 20_100;
    /** Last port of generated node-process configurations. */
    public static final int LAST_PORT = 20_299;

    /** The registration ServiceLoader builds. */
    public LockfreeRaft()
    {
        super(Protocol.RAFT, "tuned Raft: Aeron IPC/UDP, Agrona agents, flyweights, mapped log",
            LockfreeRaftFactory::new, LockfreeRaftFactory::embedded, RaftNodeMain.class, FIRST_PORT, LAST_PORT);
    }
}
