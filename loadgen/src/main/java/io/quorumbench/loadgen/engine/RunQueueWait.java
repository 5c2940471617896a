package io.quorumbench.loadgen.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long a thread has waited on the scheduler's run queue (runnable, not running): the second
 * field of Linux's {@code /proc/self/task/<tid>/schedstat}. A busy-polling sender that waited
 * milliseconds lost them to other threads (the JIT, the collector, the target's threads, other
 * processes), and every request due then is late: the figure says how much of a run's tail the
 * machine, not the target, put there. Elsewhere (or without schedstats) every value is -1.
 */
final class RunQueueWait
{
    private RunQueueWait()
    {
    }

    /**
     * The calling thread's kernel id.
     *
     * @return the tid, or -1 if unknown.
     */
    static long currentThreadId()
    {
        try
        {
            final Path link = Files.readSymbolicLink(Path.of("/proc/thread-self"));
            return Long.parseLong(link.getFileName().toString());
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    /**
     * Nanoseconds a thread of this process has spent waiting on a run queue so far.
     *
     * @param tid kernel thread id from {@link #currentThreadId()}.
     * @return the total, or -1 if unknown.
     */
    static long waitedNs(final long tid)
    {
        if (tid < 0)
        {
            return -1;
        }
        try
        {
            final String[] fields = Files.readString(Path.of("/proc/self/task/" + tid + "/schedstat")).trim().split(" ");
            return fields.length >= 2 ? Long.parseLong(fields[1]) : -1;
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }
}
