package io.quorumbench.api.registry;

import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.kv.CountingStateMachine;
import io.quorumbench.api.kv.KvStateMachine;
import io.quorumbench.api.kv.NoOpStateMachine;

import java.util.Locale;

/**
 * The applications a replicated log can drive in this harness; every implementation runs each of
 * them, built fresh per node by {@link Implementation#stateMachine(StateMachineKind)}: the KV,
 * counting and no-op machines are shared ({@link #create()}), the lock service's is each
 * implementation's own (the tuned Agrona tables, the baseline's objects) and so is not built here.
 */
public enum StateMachineKind
{
    /** A key-value store of registers (put, get, cas): the load generator's workload. */
    KV,
    /** Counts commands and answers the count: the benchmarks' self-checking state machine. */
    COUNTING,
    /** Applies nothing and answers nothing: the cost of replication alone. */
    NOOP,
    /**
     * The lock service (sessions, locks, fencing tokens, a fenced KV resource; {@code api.lock}):
     * each implementation supplies its own state machine and runs its nodes inside
     * {@link io.quorumbench.api.lock.LockServiceNode}, whose leader stamps time into the log.
     */
    LOCK;

    /**
     * A new, empty instance for one node, of the kinds every implementation shares.
     *
     * @return the state machine.
     * @throws IllegalStateException for {@link #LOCK}, whose state machine is the implementation's
     *                               ({@link Implementation#stateMachine(StateMachineKind)}).
     */
    public StateMachine create()
    {
        return switch (this)
        {
            case KV -> new KvStateMachine();
            case COUNTING -> new CountingStateMachine();
            case NOOP -> NoOpStateMachine.INSTANCE;
            case LOCK -> throw new IllegalStateException("the lock service's state machine is each implementation's: " +
                "ask the implementation (Implementation.stateMachine(LOCK)), not the kind");
        };
    }

    /**
     * The name in configuration files and on command lines.
     *
     * @return e.g. {@code kv}.
     */
    public String id()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind a configuration names.
     *
     * @param id e.g. {@code kv}.
     * @return the kind.
     * @throws IllegalArgumentException naming the accepted values.
     */
    public static StateMachineKind of(final String id)
    {
        for (final StateMachineKind kind : values())
        {
            if (kind.id().equals(id))
            {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown state machine '" + id + "', expected kv, counting, noop or lock");
    }
}
