package io.quorumbench.lockfree.paxos;

import io.quorumbench.api.paxos.PaxosOptions;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.lockfree.host.HostedImplementation;

/**
 * The registry's {@code paxos/lockfree}: the tuned Multi-Paxos core ({@link LockfreePaxosFactory}; in
 * process {@link LockfreePaxosFactory#embedded()}, sized for three nodes on one machine) on the
 * protocol-neutral Aeron/Agrona host. Everything but the core, its codec and {@link PaxosNodeMain} is
 * the host's ({@link HostedImplementation}), so this class only names them. Options besides the
 * host's: {@code batch} and {@code window} ({@link PaxosOptions}), the same keys as the baseline pair's.
 *
 * <p>Stateless; thread-safe.
 */
public final class LockfreePaxos extends HostedImplementation
{
    /** First port of generated node-process configurations. */
    public static final int FIRST_PORT = 20_300;
    /** Last port of generated node-process configurations. */
    public static final int LAST_PORT = 20_499;

    /** The registration ServiceLoader builds. */
    public LockfreePaxos()
    {
        super(Protocol.PAXOS, "tuned batched Multi-Paxos: Aeron IPC/UDP, Agrona agents, flyweights, mapped log with holes",
            PaxosOptions.descriptions(PaxosTuning.WINDOW_SLOTS_DEFAULT), LockfreePaxosFactory::withOptions,
            LockfreePaxosFactory::embedded, PaxosNodeMain.class, FIRST_PORT, LAST_PORT);
    }
}
