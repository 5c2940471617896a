package io.quorumbench.analysis.flame;

import java.util.List;
import java.util.Locale;

/**
 * Two profiles of the same work (two implementations, or one implementation at two commits)
 * normalised alike and diffed both ways: A→B draws B's call tree coloured by how much more or less
 * each path costs than in A, and B→A the reverse (a path that exists only in A is visible only in
 * the B→A graph, which is why both are drawn).
 *
 * @param a             the first profile's tree (normalised), deltas against B.
 * @param b             the second profile's tree (normalised), deltas against A.
 * @param normalisation how weights were scaled.
 * @param unit          unit of the normalised values.
 */
public record DifferentialProfile(FlameTree a, FlameTree b, Normalisation normalisation, String unit)
{
    /**
     * @param metaA   first profile's description.
     * @param stacksA first profile's stacks.
     * @param metaB   second profile's description.
     * @param stacksB second profile's stacks.
     * @param mode    normalisation, or {@code null} for per-operation when both have operation counts and
     *                per-total otherwise.
     * @return the differential profile.
     * @throws IllegalArgumentException when the profiles are of different events or units.
     */
    public static DifferentialProfile of(
        final ProfileMeta metaA, final StackProfile stacksA, final ProfileMeta metaB, final StackProfile stacksB,
        final Normalisation mode)
    {
        if (!metaA.weightUnit().equals(metaB.weightUnit()) || !metaA.requestedEvent().equals(metaB.requestedEvent()))
        {
            throw new IllegalArgumentException("cannot diff a " + metaA.requestedEvent() + " profile (" + metaA.weightUnit() +
                ") with a " + metaB.requestedEvent() + " profile (" + metaB.weightUnit() + ")");
        }
        final Normalisation n = null != mode ? mode :
            metaA.operations() > 0 && metaB.operations() > 0 ? Normalisation.PER_OP : Normalisation.PER_TOTAL;
        final FlameTree treeA = FlameTree.of(stacksA, n.scale(metaA));
        final FlameTree treeB = FlameTree.of(stacksB, n.scale(metaB));
        final FlameTree aAgainstB = FlameTree.of(stacksA, n.scale(metaA)).diffAgainst(treeB);
        final FlameTree bAgainstA = FlameTree.of(stacksB, n.scale(metaB)).diffAgainst(treeA);
        return new DifferentialProfile(aAgainstB, bAgainstA, n, n.unit(metaA.weightUnit()));
    }

    /**
     * Page for B's tree coloured against A ({@code forward}) or A's tree against B.
     *
     * @param metaA   first profile's description.
     * @param metaB   second profile's description.
     * @param forward true for A→B (B drawn), false for B→A (A drawn).
     * @return HTML.
     */
    public String html(final ProfileMeta metaA, final ProfileMeta metaB, final boolean forward)
    {
        final ProfileMeta shown = forward ? metaB : metaA;
        final ProfileMeta base = forward ? metaA : metaB;
        final FlameTree tree = forward ? b : a;
        final String title = "Differential flame graph: " + name(shown) + " against " + name(base);
        return FlameGraphHtml.render(tree, title, List.of(
            "Shown: " + describe(shown) + ". Base: " + describe(base) + ".",
            normalisation.statement(shown.weightUnit()),
            String.format(Locale.ROOT, "Totals: %s %s = %s, %s = %s. Red: the path costs more in %s than in %s; " +
                "blue: less. Paths only in %s do not appear here; see the reverse graph.",
                name(shown), unit, FlameGraphHtml.fmt(tree.root().value()), name(base),
                FlameGraphHtml.fmt(tree.root().value() - tree.root().delta()), name(shown), name(base), name(base))),
            unit, true);
    }

    private static String name(final ProfileMeta meta)
    {
        return meta.impl().isEmpty() ? meta.label() : meta.impl();
    }

    static String describe(final ProfileMeta meta)
    {
        return String.format(Locale.ROOT, "%s [%s], %s, %s, %,d %s%s", meta.label(), meta.impl(), meta.eventStatement(),
            "all".equals(meta.threads()) ? "all threads" : meta.threads(), meta.totalWeight(), meta.weightUnit(),
            meta.operations() > 0 ?
                String.format(Locale.ROOT, " over %.4g operations", meta.operations()) : ", operation count unknown");
    }
}
