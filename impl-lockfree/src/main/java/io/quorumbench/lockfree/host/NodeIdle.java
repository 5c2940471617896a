package io.quorumbench.lockfree.host;

import java.util.Locale;

/**
 * What a tuned node's one thread (node agent + invoked media driver) does when it has no work:
 * the {@code --idle} of {@link NodeMain} and {@code scripts/cluster}, the
 * {@code --agent-idle} of the load generator. One parser, so every tool accepts the same words
 * and says the same thing about a bad one.
 */
public enum NodeIdle
{
    /** Spin, yield, then park (little CPU while idle, a wake-up on the next message). */
    BACKOFF,
    /** Yield the core and poll again (lowest latency; the thread takes a core while idle). */
    YIELD;

    /**
     * The option value's word.
     *
     * @return {@code backoff} or {@code yield}.
     */
    public String id()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parse an option value.
     *
     * @param option the option, named in the error, e.g. {@code --idle}.
     * @param value  the value given.
     * @return the mode.
     * @throws IllegalArgumentException naming the option, the accepted words and the value.
     */
    public static NodeIdle parse(final String option, final String value)
    {
        for (final NodeIdle idle : values())
        {
            if (idle.id().equals(value))
            {
                return idle;
            }
        }
        throw new IllegalArgumentException(option + ": expected backoff or yield, got '" + value + "'");
    }
}
