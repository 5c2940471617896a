package io.quorumbench.loadgen.fault;

import io.quorumbench.api.fault.FaultAction;
import io.quorumbench.api.fault.FaultInjector;

import java.util.Arrays;

/**
 * Does one entry of a {@link FaultSchedule} to a target, resolving {@code leader} and
 * {@code killed} when it fires: shared by every engine that injects faults (the KV load run, the
 * lock workload). A fault that cannot be done is reported in the note, never thrown: the run's
 * checks still stand.
 *
 * <p>Not thread-safe: one per run, used by the thread that fires the faults.
 */
public final class FaultFirer
{
    private final FaultInjector injector;
    private int lastKilled = -1;

    /**
     * What a fault did.
     *
     * @param node         the node it hit, or -1 (heal, nothing done).
     * @param leaderBefore the leader when it fired.
     * @param note         what was done, or why nothing was.
     */
    public record Fired(int node, int leaderBefore, String note)
    {
    }

    /**
     * @param injector the target.
     */
    public FaultFirer(final FaultInjector injector)
    {
        this.injector = injector;
    }

    /**
     * Do one fault now.
     *
     * @param entry the schedule's entry.
     * @return what was done.
     */
    public Fired fire(final FaultSchedule.Entry entry)
    {
        final int leaderBefore = injector.leaderId();
        int node = entry.nodes().length > 0 ? entry.nodes()[0] : -1;
        if (FaultSchedule.LEADER == node || FaultAction.KILL_LEADER == entry.action())
        {
            node = leaderBefore;
        }
        else if (FaultSchedule.KILLED == node)
        {
            node = lastKilled;
        }
        final boolean needsNode = FaultAction.HEAL != entry.action();
        if (needsNode && node < 0)
        {
            return new Fired(node, leaderBefore, FaultSchedule.KILLED == entry.nodes()[0] ||
                FaultAction.RESTART == entry.action() ? "no node was killed: nothing done" : "no leader known: nothing done");
        }
        String note = "";
        try
        {
            switch (entry.action())
            {
                case KILL_LEADER:
                case KILL:
                    injector.kill(node);
                    lastKilled = node;
                    break;
                case RESTART:
                    injector.restart(node);
                    break;
                case PAUSE:
                    injector.pause(node);
                    break;
                case RESUME:
                    injector.resume(node);
                    break;
                case PARTITION:
                    final int[] nodes = entry.nodes().clone();
                    nodes[0] = node;
                    injector.partition(nodes);
                    note = "cut away: " + Arrays.toString(nodes);
                    break;
                case HEAL:
                    injector.heal();
                    break;
                default:
                    throw new IllegalStateException(entry.action().name());
            }
            note = note.isEmpty() ? injector.faultModel(entry.action()) : note + "; " + injector.faultModel(entry.action());
        }
        catch (final RuntimeException ex)
        {
            // a fault that could not be done is reported, not fatal: the run's checks still stand
            note = "failed: " + ex.getMessage();
        }
        return new Fired(node, leaderBefore, note);
    }
}
