package io.quorumbench.baseline.paxos;

import io.quorumbench.api.paxos.PaxosOptions;
import io.quorumbench.api.registry.Protocol;
import io.quorumbench.baseline.host.HostedImplementation;

/**
 * The registry's {@code paxos/baseline}: the {@link PaxosNode} core ({@link BaselinePaxosFactory})
 * in the protocol-neutral baseline host ({@code io.quorumbench.baseline.host}): threads, locks and
 * TCP, the blocking client in a worker pool per session. Everything but the core and its codec is
 * the host's ({@link HostedImplementation}), so this class only names them. Options besides the
 * host's: {@code batch} and {@code window} ({@link PaxosOptions}), the same keys as the tuned pair's. Its port range follows
 * Raft's baseline range so that generated configurations of the two never collide.
 *
 * <p>Stateless; thread-safe.
 */
public final class BaselinePaxos extends HostedImplementation
{
    /** First port of the range generated configurations take node ports from. */
    public static final int FIRST_PORT = 21_300;
    /** Last port of that range, inclusive. */
    public static final int LAST_PORT = 21_499;

    /** The registration ServiceLoader builds. */
    public BaselinePaxos()
    {
        super(Protocol.PAXOS, "plain batched Multi-Paxos: threads, locks, blocking queues, TCP, DataOutputStream frames, " +
            "FileChannel acceptor log", PaxosOptions.descriptions(PaxosNode.WINDOW), BaselinePaxosFactory::withOptions,
            PaxosNodeMain.class, FIRST_PORT, LAST_PORT);
    }
}
