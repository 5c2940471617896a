package io.quorumbench.conformance.lock;

import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.lock.LockEvents;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.conformance.check.Invariant;
import io.quorumbench.conformance.check.InvariantChecker;
import io.quorumbench.conformance.sim.Workload;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

/**
 * The lock service as a simulator workload, for one run: every state machine the simulator builds
 * (one per node incarnation) reports to its own {@link LockEventChecker}, and {@link #invariant()}
 * turns what any of them finds into an invariant violation after the step that caused it (counted
 * rather than thrown where the run allows it, as after a power loss with fsync {@code NONE}). The
 * clients are a {@link LockClientModel}, judged by {@link LockHistoryModel}.
 *
 * <p>Build one per seeded run; not thread-safe.
 *
 * @param <S> the state machine type.
 */
public final class LockWorkload<S extends StateMachine>
{
    /** Name of the invariant the event checkers report under. */
    public static final String INVARIANT_NAME = "lock service safety";

    private final List<LockEventChecker> checkers = new ArrayList<>();
    private final Workload<S> workload;
    private final long lockDelayNs;
    private long highestTerm;
    private long leaderChangesUnderContention;

    /**
     * A workload.
     *
     * @param stateMachines builds a state machine from the settings and the listener it must report to.
     * @param digest        the state machine's state digest.
     * @param config        the service's settings.
     * @param clients       the clients.
     */
    public LockWorkload(
        final BiFunction<LockServiceConfig, LockEvents, S> stateMachines, final ToLongFunction<S> digest,
        final LockServiceConfig config, final LockClientModel clients)
    {
        this.lockDelayNs = config.lockDelayNs();
        this.workload = new Workload<>(() ->
        {
            final LockEventChecker checker = new LockEventChecker(lockDelayNs);
            checkers.add(checker);
            return stateMachines.apply(config, checker);
        }, digest, clients);
    }

    /**
     * The simulator workload.
     *
     * @return the workload.
     */
    public Workload<S> workload()
    {
        return workload;
    }

    /**
     * Every event checker built so far, one per state machine.
     *
     * @return the checkers.
     */
    public List<LockEventChecker> checkers()
    {
        return checkers;
    }

    /**
     * Grants decided across all state machines so far (each replica counts its own).
     *
     * @return the count.
     */
    public long grants()
    {
        long grants = 0;
        for (final LockEventChecker checker : checkers)
        {
            grants = Math.max(grants, checker.grants());
        }
        return grants;
    }

    /**
     * How often the term rose while a replica's state had a lock held with waiters queued: the
     * leader changes the run put the service through at its most delicate.
     *
     * @return the count.
     */
    public long leaderChangesUnderContention()
    {
        return leaderChangesUnderContention;
    }

    private void onTerm(final long term)
    {
        if (term > highestTerm)
        {
            if (0 != highestTerm)
            {
                for (final LockEventChecker checker : checkers)
                {
                    if (checker.heldWithWaiters() > 0)
                    {
                        leaderChangesUnderContention++;
                        break;
                    }
                }
            }
            highestTerm = term;
        }
    }

    /**
     * The invariant that reports the event checkers' findings; belongs to this run only.
     *
     * @return the invariant.
     */
    public Invariant invariant()
    {
        return new Invariant()
        {
            private final List<LockEventChecker> reported = new ArrayList<>();

            @Override
            public String invariantName()
            {
                return INVARIANT_NAME;
            }

            @Override
            public void afterStep(final InvariantChecker checker, final int nodeId, final ProtocolNode node)
            {
                onTerm(node.term());
                for (final LockEventChecker found : checkers)
                {
                    if (!found.violations().isEmpty() && !reported.contains(found))
                    {
                        reported.add(found);
                        checker.violation(INVARIANT_NAME, found.violations().get(0), nodeId, node.lastApplied(), node.term());
                    }
                }
            }
        };
    }
}
