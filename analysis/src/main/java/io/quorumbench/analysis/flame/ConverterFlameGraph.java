package io.quorumbench.analysis.flame;

import one.convert.Arguments;
import one.convert.FlameGraph;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A profile's flame graph as async-profiler's own converter ({@code tools.profiler:jfr-converter})
 * draws it: the interactive HTML users of async-profiler know (click to zoom, search, reverse
 * (bottom-up) view, frame types coloured). It draws what it is given, sample counts (or bytes, ns) as
 * recorded: the converter has no per-operation unit, so the title states the operations measured and
 * the per-operation rate, and {@link ProfileStore} writes the per-operation graph and the
 * differential graphs with {@link FlameGraphHtml}, for which the converter has no equivalent.
 */
public final class ConverterFlameGraph
{
    private ConverterFlameGraph()
    {
    }

    /**
     * @param stacks  the collapsed stacks.
     * @param title   the page's title (characters HTML would read as markup are dropped: the converter
     *                writes the title as it is).
     * @param reverse the converter's reversed (bottom-up, callers of the hottest frames) view.
     * @return the HTML page.
     */
    public static String html(final StackProfile stacks, final String title, final boolean reverse)
    {
        final List<String> args = new ArrayList<>(List.of("--title", title.replaceAll("[<>&\"']", "")));
        if (reverse)
        {
            args.add("--reverse");
        }
        final FlameGraph graph = new FlameGraph(new Arguments(args.toArray(new String[0])));
        final StringBuilder collapsed = new StringBuilder();
        for (final Map.Entry<String, Long> e : stacks.stacks().entrySet())
        {
            collapsed.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try
        {
            graph.parseCollapsed(new StringReader(collapsed.toString()));
            try (PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8))
            {
                graph.dump(ps);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
