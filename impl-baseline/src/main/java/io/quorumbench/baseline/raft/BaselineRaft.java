package io.quorumbench.baseline.raft;

import io.quorumbench.api.registry.Protocol;
import io.quorumbench.baseline.host.HostedImplementation;

/**
 * The registry's {@code raft/baseline}: the {@link RaftNode} core ({@link BaselineRaftFactory}) in
 * the protocol-neutral baseline host ({@code io.quorumbench.baseline.host}): threads, locks and
 * TCP, the blocking client in a worker pool per session. Everything but the core and its codec is
 * the host's ({@link HostedImplementation}), so this class only names them.
 *
 * <p>Stateless; thread-safe.
 */
public final class BaselineRaft extends HostedImplementation
{
    /** First port of the range generated configurations take node ports from. */
    public static final int FIRST_PORT = 21_100;
    /** Last port of that range, inclusive. */
    public static final int LAST_PORT = 21_299;

    /** The registration ServiceLoader builds. */
    public BaselineRaft()
    {
        super(Protocol.RAFT, "plain Raft: threads, locks, blocking queues, TCP, DataOutputStream frames, FileChannel log",
            new BaselineRaftFactory(), RaftNodeMain.class, FIRST_PORT, LAST_PORT);
    }
}
