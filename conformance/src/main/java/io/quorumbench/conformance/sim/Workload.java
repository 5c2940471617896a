package io.quorumbench.conformance.sim;

import io.quorumbench.api.consensus.StateMachine;

import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * What a {@link Simulation} replicates and how its clients use it: a fresh state machine for every
 * node incarnation, a digest of its state (replicas that applied the same commands must agree on
 * it), and the {@link ClientModel}. {@link KvClientModel#workload()} is the KV register; a lock
 * service or a counter brings its own.
 *
 * @param stateMachines a new, empty state machine per call (a restarted node replays its log into one).
 * @param stateDigest   a digest of a state machine's state, equal for equal states.
 * @param clients       the client model.
 * @param <S>           the state machine type.
 */
public record Workload<S extends StateMachine>(
    Supplier<S> stateMachines, ToLongFunction<S> stateDigest, ClientModel clients)
{
    /**
     * Validates the parts.
     */
    public Workload
    {
        Objects.requireNonNull(stateMachines, "stateMachines");
        Objects.requireNonNull(stateDigest, "stateDigest");
        Objects.requireNonNull(clients, "clients");
    }
}
