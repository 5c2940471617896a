package io.quorumbench.analysis.report;

import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Registry;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The order and colour of every implementation in one report, taken from the registry: baselines
 * first, then tuned implementations, then peers (Aeron Cluster, Ratis), then names the registry does
 * not know (noop, delay, runs of another branch), each group by name. One name has one colour in
 * every table and chart of the report, whichever protocol it implements, so a new implementation
 * (a Paxos core, a peer) gets its own colour and place without a change here.
 *
 * <p><b>Threading</b>: immutable.
 */
public final class ImplStyle
{
    /**
     * Colours distinguishable by most readers (Okabe-Ito, then Tableau's), assigned in order; a
     * report with more implementations than colours reuses them from the start.
     */
    private static final Color[] PALETTE = {
        new Color(0x55, 0x55, 0x55), new Color(0x00, 0x72, 0xB2), new Color(0xD5, 0x5E, 0x00),
        new Color(0x00, 0x9E, 0x73), new Color(0xCC, 0x79, 0xA7), new Color(0xE6, 0x9F, 0x00),
        new Color(0x56, 0xB4, 0xE9), new Color(0x8C, 0x56, 0x4B), new Color(0x94, 0x67, 0xBD)};

    private final Map<String, Integer> rank = new LinkedHashMap<>();
    private final Map<String, ImplementationKind> kinds = new LinkedHashMap<>();

    private ImplStyle(final List<String> ordered, final Map<String, ImplementationKind> kinds)
    {
        for (final String impl : ordered)
        {
            rank.put(impl, rank.size());
        }
        this.kinds.putAll(kinds);
    }

    /**
     * @param registry the registry whose implementations are ordered and coloured.
     * @param seen     further names found in the runs (noop, or an implementation this build does not register).
     * @return the style.
     */
    public static ImplStyle of(final Registry registry, final Collection<String> seen)
    {
        // An implementation name is the same across protocols (baseline, lockfree): its kind is its
        // lowest kind in any protocol, so a name never changes colour between subjects.
        final Map<String, ImplementationKind> kinds = new LinkedHashMap<>();
        for (final Implementation i : registry.all())
        {
            kinds.merge(i.impl(), i.kind(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        final List<String> known = new ArrayList<>(kinds.keySet());
        known.sort(Comparator.comparing((String n) -> kinds.get(n)).thenComparing(Comparator.naturalOrder()));
        final List<String> ordered = new ArrayList<>(known);
        for (final String extra : new TreeSet<>(seen))
        {
            if (!kinds.containsKey(extra))
            {
                ordered.add(extra);
            }
        }
        return new ImplStyle(ordered, kinds);
    }

    /**
     * @param impl an implementation name.
     * @return its colour; a name not known at construction gets the last colour of the palette.
     */
    public Color colour(final String impl)
    {
        final Integer r = rank.get(impl);
        return null == r ? PALETTE[PALETTE.length - 1] : PALETTE[r % PALETTE.length];
    }

    /**
     * @param impl an implementation name.
     * @return its colour as CSS, e.g. {@code #0072b2}.
     */
    public String css(final String impl)
    {
        final Color c = colour(impl);
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    /**
     * @param impl an implementation name.
     * @return its kind in the registry, or null for a name the registry does not know.
     */
    public ImplementationKind kind(final String impl)
    {
        return kinds.get(impl);
    }

    /**
     * @param impls implementation names.
     * @return them in report order (baselines, tuned, peers, unknown; by name within each).
     */
    public List<String> order(final Collection<String> impls)
    {
        final List<String> out = new ArrayList<>(new TreeSet<>(impls));
        out.sort(Comparator.comparingInt((String i) -> rank.getOrDefault(i, Integer.MAX_VALUE)));
        return out;
    }
}
