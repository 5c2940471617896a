package io.quorumbench.lockfree.raft.host;

/**
 * The old home of the idle words, still read by the load generator until it switches to the
 * registry.
 *
 * @deprecated use {@link io.quorumbench.lockfree.host.NodeIdle}.
 */
@Deprecated(forRemoval = true)
public enum NodeIdle
{
    /** See {@link io.quorumbench.lockfree.host.NodeIdle#BACKOFF}. */
    BACKOFF,
    /** See {@link io.quorumbench.lockfree.host.NodeIdle#YIELD}. */
    YIELD;

    /**
     * See {@link io.quorumbench.lockfree.host.NodeIdle#parse(String, String)}.
     *
     * @param option the option, named in the error.
     * @param value  the value given.
     * @return the mode.
     */
    public static NodeIdle parse(final String option, final String value)
    {
        return valueOf(io.quorumbench.lockfree.host.NodeIdle.parse(option, value).name());
    }
}
