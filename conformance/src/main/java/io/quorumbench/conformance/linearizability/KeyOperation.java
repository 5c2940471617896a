package io.quorumbench.conformance.linearizability;

import io.quorumbench.conformance.history.Op;
import io.quorumbench.conformance.history.OpType;

/**
 * One operation on one key as the checkers see it: an invocation, its completion, and what the
 * completion means for the register.
 *
 * <ul>
 *   <li>{@link Outcome#OK}: took effect inside [call, return]; a get returned {@link #value}.</li>
 *   <li>{@link Outcome#INFO}: a put or cas of unknown outcome ({@code info}, or never completed):
 *       took effect at one instant after its call, or never. Its return is +&infin;.</li>
 *   <li>{@link Outcome#MISMATCH}: a cas that failed with {@code CAS_MISMATCH}: it changed nothing,
 *       and at one instant inside [call, return] the register did not hold {@link #expected}.</li>
 * </ul>
 *
 * Operations that observed nothing and changed nothing (any other {@code fail}, a get of unknown
 * outcome) never become a {@code KeyOperation}. Immutable.
 */
final class KeyOperation
{
    /** Function: a write. */
    static final int PUT = 0;
    /** Function: a read. */
    static final int GET = 1;
    /** Function: a compare-and-set. */
    static final int CAS = 2;

    /** What the completion says. */
    enum Outcome
    {
        OK, INFO, MISMATCH
    }

    final Op invoke;
    final Op completion;
    final int kind;
    final Outcome outcome;
    final long callNs;
    /** Completion time; {@link Long#MAX_VALUE} for {@link Outcome#INFO}. */
    final long returnNs;
    /** put, cas: the value written; get: the value read; {@code null} = absent. */
    final String value;
    /** cas: the value required before ({@code null} = absent); otherwise {@code null}. */
    final String expected;

    KeyOperation(final Op invoke, final Op completion, final Outcome outcome)
    {
        this.invoke = invoke;
        this.completion = completion;
        this.outcome = outcome;
        kind = Op.PUT.equals(invoke.f()) ? PUT : Op.GET.equals(invoke.f()) ? GET : CAS;
        callNs = invoke.timeNs();
        returnNs = outcome == Outcome.INFO ? Long.MAX_VALUE : completion.timeNs();
        value = kind == GET ? completion.value() : invoke.value();
        expected = kind == CAS ? invoke.expected() : null;
    }

    /**
     * Whether the operation may change the register: a put or cas that did not fail.
     *
     * @return true for ok and unknown puts and cas.
     */
    boolean isWrite()
    {
        return kind != GET && outcome != Outcome.MISMATCH;
    }

    /**
     * The value this operation needs the register to hold at its instant, if it needs one: an ok
     * get's result, or the expectation of an ok or unknown cas (an unknown cas that applied saw it).
     *
     * @return true if {@link #observed()} is meaningful.
     */
    boolean observes()
    {
        return (kind == GET && outcome == Outcome.OK) || (kind == CAS && outcome != Outcome.MISMATCH);
    }

    /**
     * The value observed, see {@link #observes()}.
     *
     * @return the value, {@code null} for absent.
     */
    String observed()
    {
        return kind == GET ? value : expected;
    }

    /**
     * The history entries of this operation, invocation first.
     *
     * @return one or two entries.
     */
    Op[] entries()
    {
        return null == completion ? new Op[]{ invoke } : new Op[]{ invoke, completion };
    }

    /**
     * Classify a completed invocation.
     *
     * @param invoke     the invocation.
     * @param completion its completion, or {@code null} if it never completed.
     * @return the operation, or {@code null} if it observed and changed nothing.
     */
    static KeyOperation of(final Op invoke, final Op completion)
    {
        final OpType type = null == completion ? OpType.INFO : completion.type();
        switch (type)
        {
            case OK:
                return new KeyOperation(invoke, completion, Outcome.OK);
            case FAIL:
                return Op.CAS.equals(invoke.f()) && LinearizabilityChecker.CAS_MISMATCH.equals(completion.error()) ?
                    new KeyOperation(invoke, completion, Outcome.MISMATCH) : null;
            default:
                return Op.GET.equals(invoke.f()) ? null : new KeyOperation(invoke, completion, Outcome.INFO);
        }
    }

    @Override
    public String toString()
    {
        return invoke + (null == completion ? " (never completed)" : " .. " + completion);
    }
}
