package io.quorumbench.analysis.flame;

import java.util.Map;

/**
 * What a profile is of and how to normalise it, written next to its collapsed stacks as
 * {@code <name>.json} so a differential graph can be drawn later, e.g. between two commits.
 *
 * @param label          what was profiled, e.g. {@code RingLookupBenchmark.lookup{nodes=16}}.
 * @param impl           implementation, e.g. {@code lockfree}.
 * @param requestedEvent the event asked for: cpu, alloc, lock or wall.
 * @param engine         what really sampled, from the recording's settings: {@code perf_events};
 *                       {@code ctimer} or {@code itimer} when cpu fell back (containers); {@code wall};
 *                       for alloc and lock the allocation/lock hook that recorded it.
 * @param eventTypes     JFR event type to count of events in the recording's measured window.
 * @param weightUnit     unit of the stack weights: {@code samples}, {@code bytes} or {@code ns}.
 * @param totalWeight    sum of all stack weights.
 * @param operations     operations measured in the profiled window (from JMH's score and iteration
 *                       time, or the load generator's count), NaN when unknown.
 * @param collapsedFile  file name of the collapsed stacks, relative to this meta file.
 * @param threads        which threads' samples were kept: {@code "all"} or the name filter used.
 */
public record ProfileMeta(
    String label,
    String impl,
    String requestedEvent,
    String engine,
    Map<String, Long> eventTypes,
    String weightUnit,
    long totalWeight,
    double operations,
    String collapsedFile,
    String threads)
{
    /**
     * @return a one-line statement of what ran, e.g. {@code "cpu via perf_events"} or
     *         {@code "cpu requested, fell back to ctimer"}.
     */
    public String eventStatement()
    {
        if ("cpu".equals(requestedEvent) && !"perf_events".equals(engine))
        {
            return "cpu requested, profiler fell back to " + engine + " (no perf_events here)";
        }
        return requestedEvent + " via " + engine;
    }
}
