package io.quorumbench.analysis.flame;

import one.profiler.AsyncProfiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Profiles a window inside this JVM with async-profiler, for load scenarios where JMH is not the
 * driver: {@link #start} when the measured window opens (after warm-up), {@link #stop} when it
 * closes, then {@link JfrProfileReader} reads the JFR it wrote. The library is extracted from the
 * async-profiler artifact on the class path.
 *
 * <p>Not thread-safe: one session per JVM at a time (async-profiler itself is a singleton).
 */
public final class ProfilerSession implements AutoCloseable
{
    private final AsyncProfiler profiler;
    private final Path jfr;
    private final String event;
    private boolean running;

    private ProfilerSession(final AsyncProfiler profiler, final Path jfr, final String event)
    {
        this.profiler = profiler;
        this.jfr = jfr;
        this.event = event;
    }

    /**
     * Start recording.
     *
     * @param event  cpu, alloc, lock or wall.
     * @param jfr    where the recording goes (parent created).
     * @param libDir where the native library is extracted.
     * @return the running session.
     * @throws IOException when the library cannot be loaded or the profiler refuses to start.
     */
    public static ProfilerSession start(final String event, final Path jfr, final Path libDir) throws IOException
    {
        if (!JfrProfileReader.EVENTS.contains(event))
        {
            throw new IllegalArgumentException("unknown event '" + event + "', expected one of " + JfrProfileReader.EVENTS);
        }
        final AsyncProfiler profiler = AsyncProfiler.getInstance(AsyncProfilerLibrary.extractTo(libDir).toString());
        final Path parent = jfr.toAbsolutePath().getParent();
        if (null != parent)
        {
            Files.createDirectories(parent);
        }
        final ProfilerSession session = new ProfilerSession(profiler, jfr.toAbsolutePath(), event);
        session.profiler.execute("start,event=" + event + ",jfr,file=" + session.jfr);
        session.running = true;
        return session;
    }

    /**
     * Stop recording and write the JFR.
     *
     * @return the recording file.
     * @throws IOException when the profiler fails to stop.
     */
    public Path stop() throws IOException
    {
        if (running)
        {
            running = false;
            profiler.execute("stop");
        }
        return jfr;
    }

    /**
     * @return the event requested.
     */
    public String event()
    {
        return event;
    }

    @Override
    public void close() throws IOException
    {
        stop();
    }
}
