package io.quorumbench.loadgen.fault;

import io.quorumbench.api.fault.FaultAction;
import io.quorumbench.loadgen.engine.Durations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plan of faults for one run, parsed from {@code --faults} or {@code --faults-file}.
 *
 * <p>Grammar: entries separated by commas (command line) or one per line (file; {@code #} starts a
 * comment, blank lines are skipped). An entry is {@code TIME:ACTION[:NODES]}: {@code TIME} a
 * duration since the run's start ({@code 4s}, {@code 1500ms}; a bare number is seconds),
 * {@code ACTION} one of {@code kill-leader}, {@code kill}, {@code restart}, {@code pause},
 * {@code resume}, {@code partition}, {@code heal}; {@code NODES} a node id, {@code leader} (the
 * leader when the fault fires), {@code killed} (for {@code restart}: the node killed last) or, for
 * {@code partition}, ids joined by {@code +} (a minority).
 * Examples: {@code 4s:kill-leader}, {@code 7s:restart:2}, {@code 8s:restart:killed}, {@code 9s:pause:leader},
 * {@code 12s:partition:1+2}, {@code 15s:heal}.
 *
 * <p>Immutable; thread-safe.
 */
public final class FaultSchedule
{
    /** A node spec meaning "whoever leads when the fault fires". */
    public static final int LEADER = -2;
    /** A node spec of {@code restart}: "the node most recently killed". */
    public static final int KILLED = -3;

    private static final Pattern TIME = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|m)?");

    /**
     * One planned fault.
     *
     * @param atNs   time since the run's start, nanoseconds.
     * @param action what to do.
     * @param nodes  node ids ({@link #LEADER} for the leader); empty if the action names none.
     * @param text   the entry as written, for messages.
     */
    public record Entry(long atNs, FaultAction action, int[] nodes, String text)
    {
        /**
         * @return e.g. {@code partition 1+2}.
         */
        public String describe()
        {
            if (0 == nodes.length)
            {
                return action.spelling();
            }
            final StringBuilder sb = new StringBuilder(action.spelling()).append(' ');
            for (int i = 0; i < nodes.length; i++)
            {
                sb.append(i == 0 ? "" : "+").append(
                    LEADER == nodes[i] ? "leader" : KILLED == nodes[i] ? "killed" : String.valueOf(nodes[i]));
            }
            return sb.toString();
        }
    }

    private final List<Entry> entries;

    private FaultSchedule(final List<Entry> entries)
    {
        this.entries = entries;
    }

    /**
     * @return the empty schedule.
     */
    public static FaultSchedule none()
    {
        return new FaultSchedule(List.of());
    }

    /**
     * Parse a comma-separated schedule.
     *
     * @param spec e.g. {@code 4s:kill-leader,7s:restart:2}.
     * @return the schedule, in time order.
     * @throws IllegalArgumentException naming the bad entry.
     */
    public static FaultSchedule parse(final String spec)
    {
        final List<Entry> entries = new ArrayList<>();
        for (final String item : spec.split(",", -1))
        {
            entries.add(parseEntry(item.trim(), "--faults"));
        }
        return sorted(entries);
    }

    /**
     * Parse a schedule file: one entry per line, {@code #} comments, blank lines ignored.
     *
     * @param file the file.
     * @return the schedule, in time order.
     * @throws IllegalArgumentException naming the bad line.
     * @throws UncheckedIOException if the file cannot be read.
     */
    public static FaultSchedule parseFile(final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read fault file " + file + ": " + ex.getMessage(), ex);
        }
        final List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++)
        {
            String line = lines.get(i);
            final int hash = line.indexOf('#');
            if (hash >= 0)
            {
                line = line.substring(0, hash);
            }
            line = line.trim();
            if (!line.isEmpty())
            {
                entries.add(parseEntry(line, file + " line " + (i + 1)));
            }
        }
        return sorted(entries);
    }

    private static FaultSchedule sorted(final List<Entry> entries)
    {
        final List<Entry> copy = new ArrayList<>(entries);
        copy.sort(Comparator.comparingLong(Entry::atNs));
        return new FaultSchedule(Collections.unmodifiableList(copy));
    }

    private static Entry parseEntry(final String item, final String where)
    {
        if (item.isEmpty())
        {
            throw new IllegalArgumentException(where + ": empty fault entry");
        }
        final String[] parts = item.split(":", -1);
        if (parts.length < 2 || parts.length > 3)
        {
            throw bad(where, item, "expected TIME:ACTION[:NODES]");
        }
        final Matcher m = TIME.matcher(parts[0].trim());
        if (!m.matches())
        {
            throw bad(where, item, "'" + parts[0] + "' is not a time (e.g. 4s, 1500ms)");
        }
        final long atNs = toNs(Double.parseDouble(m.group(1)), null == m.group(2) ? "s" : m.group(2));
        final FaultAction action = FaultAction.of(parts[1].trim().toLowerCase(Locale.ROOT));
        if (null == action)
        {
            throw bad(where, item, "unknown action '" + parts[1] + "' (one of: kill-leader, kill, restart, pause, " +
                "resume, partition, heal)");
        }
        if (!action.needsNode())
        {
            if (parts.length == 3)
            {
                throw bad(where, item, action.spelling() + " takes no node");
            }
            return new Entry(atNs, action, new int[0], item);
        }
        if (parts.length < 3 || parts[2].trim().isEmpty())
        {
            throw bad(where, item, action.spelling() + " needs a node id or 'leader'");
        }
        final String[] ids = parts[2].trim().split("\\+", -1);
        if (ids.length > 1 && !action.allowsSeveral())
        {
            throw bad(where, item, action.spelling() + " takes one node");
        }
        final int[] nodes = new int[ids.length];
        for (int i = 0; i < ids.length; i++)
        {
            final String id = ids[i].trim();
            if ("leader".equals(id))
            {
                nodes[i] = LEADER;
                continue;
            }
            if ("killed".equals(id))
            {
                if (FaultAction.RESTART != action)
                {
                    throw bad(where, item, "'killed' names a node only for restart");
                }
                nodes[i] = KILLED;
                continue;
            }
            try
            {
                nodes[i] = Integer.parseInt(id);
            }
            catch (final NumberFormatException ex)
            {
                throw bad(where, item, "'" + id + "' is not a node id");
            }
            if (nodes[i] < 0)
            {
                throw bad(where, item, "node id " + nodes[i] + " is negative");
            }
        }
        if (Arrays.stream(nodes).distinct().count() != nodes.length)
        {
            throw bad(where, item, "a node is named twice");
        }
        if (nodes.length > 1 && Arrays.stream(nodes).anyMatch(n -> LEADER == n))
        {
            throw bad(where, item, "'leader' cannot be combined with other nodes");
        }
        return new Entry(atNs, action, nodes, item);
    }

    private static long toNs(final double number, final String unit)
    {
        return Math.round(number * Durations.nanosPerUnit(unit));
    }

    private static IllegalArgumentException bad(final String where, final String item, final String why)
    {
        return new IllegalArgumentException(where + ": bad fault entry '" + item + "': " + why);
    }

    /**
     * Check the schedule against a run: every time within the run, every node a member, and at
     * most a minority partitioned at once.
     *
     * @param durationNs the run's length, nanoseconds.
     * @param members    the cluster's node ids.
     * @throws IllegalArgumentException naming the bad entry.
     */
    public void validate(final long durationNs, final int[] members)
    {
        for (final Entry entry : entries)
        {
            if (entry.atNs() >= durationNs)
            {
                throw new IllegalArgumentException("bad fault entry '" + entry.text() + "': at " + entry.atNs() / 1e9 +
                    "s, not within the run (--duration " + durationNs / 1e9 + "s)");
            }
            for (final int node : entry.nodes())
            {
                if (node >= 0 && Arrays.stream(members).noneMatch(m -> m == node))
                {
                    throw new IllegalArgumentException("bad fault entry '" + entry.text() + "': node " + node +
                        " is not a member (members: " + Arrays.toString(members) + ")");
                }
            }
            if (FaultAction.PARTITION == entry.action() && 2 * entry.nodes().length >= members.length)
            {
                throw new IllegalArgumentException("bad fault entry '" + entry.text() + "': partition a minority " +
                    "(fewer than half of " + members.length + " nodes), so the rest can still commit");
            }
        }
    }

    /**
     * @return the entries in time order.
     */
    public List<Entry> entries()
    {
        return entries;
    }

    /**
     * @return whether there is no fault.
     */
    public boolean isEmpty()
    {
        return entries.isEmpty();
    }

    /**
     * @return the schedule in its command-line spelling, e.g. {@code 4s:kill-leader,7s:restart:2}.
     */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        for (final Entry entry : entries)
        {
            sb.append(sb.length() == 0 ? "" : ",").append(entry.text());
        }
        return sb.toString();
    }
}
