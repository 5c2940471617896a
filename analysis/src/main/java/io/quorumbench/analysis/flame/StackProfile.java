package io.quorumbench.analysis.flame;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stacks with their weights in the "collapsed" format flame graph tools share: one line per distinct
 * stack, frames root first separated by {@code ;}, a space, then the weight (samples, bytes or
 * nanoseconds, see {@link ProfileMeta#weightUnit()}).
 *
 * <p>Not thread-safe: built by one thread, then read.
 */
public final class StackProfile
{
    private final TreeMap<String, Long> stacks = new TreeMap<>();
    private long totalWeight;

    /**
     * Add weight to a stack.
     *
     * @param framesRootFirst frames, outermost first; frame names must not contain {@code ;} or newlines.
     * @param weight          weight to add, at least 0.
     */
    public void add(final List<String> framesRootFirst, final long weight)
    {
        add(String.join(";", framesRootFirst), weight);
    }

    /**
     * Add weight to a stack given in collapsed form.
     *
     * @param collapsed frames root first joined by {@code ;}.
     * @param weight    weight to add, at least 0.
     */
    public void add(final String collapsed, final long weight)
    {
        if (weight < 0)
        {
            throw new IllegalArgumentException("negative weight " + weight + " for " + collapsed);
        }
        if (collapsed.isEmpty() || weight == 0)
        {
            return;
        }
        stacks.merge(collapsed, weight, Long::sum);
        totalWeight += weight;
    }

    /**
     * @return distinct stacks (collapsed form) to weight, sorted.
     */
    public Map<String, Long> stacks()
    {
        return Collections.unmodifiableMap(stacks);
    }

    /**
     * @return sum of all weights.
     */
    public long totalWeight()
    {
        return totalWeight;
    }

    /**
     * @param file where to write the collapsed stacks.
     * @throws IOException on write failure.
     */
    public void write(final Path file) throws IOException
    {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8))
        {
            for (final Map.Entry<String, Long> e : stacks.entrySet())
            {
                w.write(e.getKey());
                w.write(' ');
                w.write(Long.toString(e.getValue()));
                w.write('\n');
            }
        }
    }

    /**
     * @param file a collapsed stacks file.
     * @return its profile.
     * @throws IOException when unreadable.
     * @throws IllegalArgumentException naming the line when a line is malformed.
     */
    public static StackProfile read(final Path file) throws IOException
    {
        final StackProfile profile = new StackProfile();
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i);
            if (line.isBlank())
            {
                continue;
            }
            final int space = line.lastIndexOf(' ');
            try
            {
                profile.add(line.substring(0, space), Long.parseLong(line.substring(space + 1).trim()));
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalArgumentException(file + ": line " + (i + 1) + ": expected 'frame;frame;... weight'", ex);
            }
        }
        return profile;
    }
}
