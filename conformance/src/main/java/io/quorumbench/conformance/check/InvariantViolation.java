package io.quorumbench.conformance.check;

/**
 * A broken safety property, found by {@link InvariantChecker}. The message names the invariant,
 * the node, the log index and term involved, and the run's context (seed and fault plan) so the
 * failure can be replayed.
 */
public final class InvariantViolation extends AssertionError
{
    private final String invariant;
    private final int nodeId;
    private final long index;
    private final long term;

    /**
     * A violation.
     *
     * @param invariant name of the property, e.g. {@code "election safety"}.
     * @param detail    what was observed.
     * @param nodeId    node where it was observed, or -1.
     * @param index     log index involved, or -1.
     * @param term      term involved, or -1.
     * @param context   the run's context (seed, plan), may be empty.
     */
    public InvariantViolation(
        final String invariant, final String detail, final int nodeId, final long index, final long term, final String context)
    {
        super(invariant + " violated: " + detail + " [node=" + nodeId + ", index=" + index + ", term=" + term + "]" +
            (context.isEmpty() ? "" : " " + context));
        this.invariant = invariant;
        this.nodeId = nodeId;
        this.index = index;
        this.term = term;
    }

    /**
     * The property that broke.
     *
     * @return its name.
     */
    public String invariant()
    {
        return invariant;
    }

    /**
     * Node where it was observed.
     *
     * @return the node id, or -1.
     */
    public int nodeId()
    {
        return nodeId;
    }

    /**
     * Log index involved.
     *
     * @return the index, or -1.
     */
    public long index()
    {
        return index;
    }

    /**
     * Term involved.
     *
     * @return the term, or -1.
     */
    public long term()
    {
        return term;
    }
}
