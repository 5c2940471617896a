package io.quorumbench.api.fault;

import java.util.Locale;

/**
 * What a scheduled fault does. Names are the schedule's spelling ({@code kill-leader},
 * {@code kill}, ...).
 */
public enum FaultAction
{
    /** Crash the current leader (kill -9 for a process). */
    KILL_LEADER(false, false),
    /** Crash the named node, or the leader with {@code leader}. */
    KILL(true, false),
    /** Restart a crashed node from its data directory. */
    RESTART(true, false),
    /** Stop a node without killing it (SIGSTOP for a process); see the target for in-process. */
    PAUSE(true, false),
    /** Undo {@link #PAUSE} (SIGCONT). */
    RESUME(true, false),
    /** Cut the named nodes (a minority, joined by {@code +}) away from the others. */
    PARTITION(true, true),
    /** Undo every partition. */
    HEAL(false, false);

    private final boolean needsNode;
    private final boolean allowsSeveral;

    FaultAction(final boolean needsNode, final boolean allowsSeveral)
    {
        this.needsNode = needsNode;
        this.allowsSeveral = allowsSeveral;
    }

    /**
     * @return whether the action names its node(s).
     */
    public boolean needsNode()
    {
        return needsNode;
    }

    /**
     * @return whether several nodes may be named ({@code 2+3}).
     */
    public boolean allowsSeveral()
    {
        return allowsSeveral;
    }

    /**
     * @return the schedule's spelling, e.g. {@code kill-leader}.
     */
    public String spelling()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param spelling e.g. {@code pause}.
     * @return the action, or null if unknown.
     */
    public static FaultAction of(final String spelling)
    {
        for (final FaultAction action : values())
        {
            if (action.spelling().equals(spelling))
            {
                return action;
            }
        }
        return null;
    }
}
