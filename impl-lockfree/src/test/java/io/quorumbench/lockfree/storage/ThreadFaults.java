package io.quorumbench.lockfree.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Minor page faults taken by the calling thread, for tests of pre-touched mappings (Linux only). */
public final class ThreadFaults
{
    private static final Path THREAD_STAT = Path.of("/proc/thread-self/stat");

    private ThreadFaults()
    {
    }

    /**
     * Whether this platform exposes per-thread fault counts.
     *
     * @return true on Linux with /proc mounted.
     */
    public static boolean supported()
    {
        return Files.isReadable(THREAD_STAT);
    }

    /**
     * Minor faults of the calling thread so far.
     *
     * @return the count.
     */
    public static long minorFaults()
    {
        try
        {
            // Fields after the command name, which ends at the last ')': state is the first, minflt the eighth.
            final String stat = Files.readString(THREAD_STAT);
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[7]);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
