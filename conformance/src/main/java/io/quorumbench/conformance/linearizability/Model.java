package io.quorumbench.conformance.linearizability;

import io.quorumbench.conformance.history.Op;

/**
 * A sequential specification that {@link LinearizabilityChecker} checks a history against, as
 * Porcupine's {@code Model}: an initial state and a step function. The KV register is built in
 * (with its unique-value fast path, {@code new LinearizabilityChecker()}); any other model (a lock,
 * a counter) is decided by the reference search ({@link ModelSearch}) alone.
 *
 * <p>States must be immutable values with {@code equals} and {@code hashCode} (the search memoises
 * them). The history is cut into independent parts by {@link #partition} (P-compositionality: keys
 * of a register, locks of a lock service), each checked from {@link #init()}.
 *
 * @param <S> the state type.
 */
public interface Model<S>
{
    /**
     * The state before any operation.
     *
     * @return the state.
     */
    S init();

    /**
     * Apply one operation to a state.
     *
     * @param state      the state before.
     * @param invoke     the invocation.
     * @param completion its {@code ok} or {@code fail} completion, or {@code null} if its outcome is
     *                   unknown ({@code info} or never completed; the search tries it as taking
     *                   effect or not).
     * @return the state after, or {@code null} if the operation could not have returned
     *         {@code completion} in {@code state}.
     */
    S step(S state, Op invoke, Op completion);

    /**
     * Whether a {@code fail} completion means the operation took no effect and observed nothing,
     * so it can be dropped. Default: every {@code fail}.
     *
     * @param invoke     the invocation.
     * @param completion its {@code fail} completion.
     * @return true to drop it.
     */
    default boolean failDidNothing(final Op invoke, final Op completion)
    {
        return true;
    }

    /**
     * The independent part of the history an operation belongs to.
     *
     * @param invoke the invocation.
     * @return its part; default the operation's key.
     */
    default String partition(final Op invoke)
    {
        return invoke.key();
    }
}
