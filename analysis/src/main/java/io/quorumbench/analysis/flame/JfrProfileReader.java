package io.quorumbench.analysis.flame;

import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns an async-profiler JFR recording (the master record of a profile) into collapsed stacks,
 * using the JDK's own JFR parser ({@code jdk.jfr.consumer}); async-profiler 4.x writes standard JFR
 * that it reads. Also reads what really sampled: async-profiler records its settings as
 * {@code jdk.ActiveSetting} events, {@code engine} among them ({@code perf_events}, or
 * {@code ctimer}/{@code itimer} when perf events are unavailable, as in most containers).
 *
 * <p>Weights follow async-profiler's own converters: one per CPU sample; the {@code samples} count
 * of a wall-clock sample; for allocations the TLAB size of an in-new-TLAB sample (the bytes the
 * sample stands for) or the object size outside a TLAB, with the allocated class as the leaf frame;
 * the blocked duration in nanoseconds for lock events.
 */
public final class JfrProfileReader
{
    /** The events this reader turns into stacks, per requested profiler event. */
    public static final List<String> EVENTS = List.of("cpu", "alloc", "lock", "wall");

    /**
     * A recording read for one event.
     *
     * @param stacks      collapsed stacks.
     * @param engine      the sampling engine the recording names, or {@code "unknown"}.
     * @param eventTypes  JFR event type to count, for the kinds this event reads.
     * @param weightUnit  unit of the weights.
     */
    public record Recording(StackProfile stacks, String engine, Map<String, Long> eventTypes, String weightUnit)
    {
    }

    private JfrProfileReader()
    {
    }

    /**
     * @param jfr   recording written by async-profiler.
     * @param event which profiler event to extract: cpu, alloc, lock or wall.
     * @return stacks and what really ran.
     * @throws IOException when the file cannot be read or is not a JFR recording.
     */
    public static Recording read(final Path jfr, final String event) throws IOException
    {
        return read(jfr, event, null);
    }

    /**
     * @param jfr          recording written by async-profiler.
     * @param event        which profiler event to extract: cpu, alloc, lock or wall.
     * @param threadFilter keeps only events of threads whose Java name contains this text (e.g.
     *                     {@code "jmh-worker"} for JMH's benchmark threads, leaving out JIT compiler and
     *                     GC threads), or {@code null} for every thread.
     * @return stacks and what really ran.
     * @throws IOException when the file cannot be read or is not a JFR recording.
     */
    public static Recording read(final Path jfr, final String event, final String threadFilter) throws IOException
    {
        if (!EVENTS.contains(event))
        {
            throw new IllegalArgumentException("unknown event '" + event + "', expected one of " + EVENTS);
        }
        if (!Files.isRegularFile(jfr))
        {
            throw new IOException(jfr + ": file not found");
        }
        final StackProfile stacks = new StackProfile();
        final Map<String, Long> types = new TreeMap<>();
        final Map<String, String> settings = new TreeMap<>();
        try (RecordingFile file = new RecordingFile(jfr))
        {
            while (file.hasMoreEvents())
            {
                final RecordedEvent e = file.readEvent();
                final String type = e.getEventType().getName();
                if ("jdk.ActiveSetting".equals(type))
                {
                    settings.putIfAbsent(e.getString("name"), e.getString("value"));
                    continue;
                }
                final long weight = weightOf(event, type, e);
                if (weight < 0 || (null != threadFilter && !threadName(e).contains(threadFilter)))
                {
                    continue;
                }
                types.merge(type, 1L, Long::sum);
                final List<String> frames = frames(e.getStackTrace());
                if ("alloc".equals(event) && e.hasField("objectClass"))
                {
                    final RecordedClass cls = e.getValue("objectClass");
                    if (null != cls)
                    {
                        frames.add(clean(cls.getName()) + " (allocated)");
                    }
                }
                if (!frames.isEmpty())
                {
                    stacks.add(frames, weight);
                }
            }
        }
        final String engine = settings.getOrDefault("engine", "unknown");
        final String effective = "cpu".equals(event) || "wall".equals(event) ? engine :
            event + " hook" + ("noop".equals(engine) ? "" : " + " + engine);
        return new Recording(stacks, effective, Collections.unmodifiableMap(types), unitOf(event));
    }

    /**
     * @param event a profiler event.
     * @return the unit its weights are in.
     */
    public static String unitOf(final String event)
    {
        switch (event)
        {
            case "alloc":
                return "bytes";
            case "lock":
                return "ns";
            default:
                return "samples";
        }
    }

    /** Weight of one event for the requested profiler event, or -1 when the event is of another kind. */
    private static long weightOf(final String event, final String type, final RecordedEvent e)
    {
        switch (event)
        {
            case "cpu":
                return "jdk.ExecutionSample".equals(type) ? 1 : -1;
            case "wall":
                if ("profiler.WallClockSample".equals(type))
                {
                    return e.hasField("samples") ? Math.max(1, e.getLong("samples")) : 1;
                }
                return -1;
            case "alloc":
                if ("jdk.ObjectAllocationInNewTLAB".equals(type))
                {
                    final long tlab = e.getLong("tlabSize");
                    return tlab > 0 ? tlab : e.getLong("allocationSize");
                }
                if ("jdk.ObjectAllocationOutsideTLAB".equals(type))
                {
                    return e.getLong("allocationSize");
                }
                if ("jdk.ObjectAllocationSample".equals(type))
                {
                    return e.getLong("weight");
                }
                return -1;
            case "lock":
                if ("jdk.JavaMonitorEnter".equals(type) || "jdk.ThreadPark".equals(type))
                {
                    final Duration d = e.getDuration();
                    return Math.max(1, d.toNanos());
                }
                return -1;
            default:
                return -1;
        }
    }

    private static String threadName(final RecordedEvent e)
    {
        final String field = e.hasField("sampledThread") ? "sampledThread" : e.hasField("eventThread") ? "eventThread" : null;
        final RecordedThread thread = null == field ? null : e.getThread(field);
        final String name = null == thread ? null : null != thread.getJavaName() ? thread.getJavaName() : thread.getOSName();
        return null == name ? "" : name;
    }

    private static List<String> frames(final RecordedStackTrace trace)
    {
        final List<String> out = new ArrayList<>();
        if (null == trace)
        {
            return out;
        }
        final List<RecordedFrame> leafFirst = trace.getFrames();
        for (int i = leafFirst.size() - 1; i >= 0; i--)
        {
            final RecordedMethod m = leafFirst.get(i).getMethod();
            if (null == m)
            {
                out.add("[unknown]");
                continue;
            }
            final RecordedClass type = m.getType();
            final String owner = null == type ? "" : clean(type.getName());
            out.add(owner.isEmpty() ? clean(m.getName()) : owner + "." + clean(m.getName()));
        }
        if (trace.isTruncated())
        {
            out.add(0, "[truncated]");
        }
        return out;
    }

    private static String clean(final String name)
    {
        // ';' separates frames and newlines separate stacks in the collapsed format.
        return null == name ? "" : name.replace(';', ':').replace('\n', ' ');
    }
}
