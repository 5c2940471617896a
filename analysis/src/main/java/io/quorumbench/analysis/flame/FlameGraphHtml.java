package io.quorumbench.analysis.flame;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link FlameTree} as one self-contained HTML page with an inline SVG flame graph (root
 * at the bottom, width proportional to value, a tooltip per frame). No script, no external
 * resource: it opens offline and in any viewer that shows SVG.
 *
 * <p>Plain graphs colour frames by kind (Java green, native/JVM orange, allocated class blue);
 * differential graphs colour each frame by its delta against the base profile: red where the shown
 * profile costs more, blue where it costs less, white where equal, intensity relative to the largest
 * absolute delta on the page.
 */
public final class FlameGraphHtml
{
    private static final int WIDTH_PX = 1200;
    private static final int FRAME_PX = 16;
    private static final double MIN_WIDTH_PX = 0.3;

    private FlameGraphHtml()
    {
    }

    /**
     * @param tree        the tree (with deltas for a differential graph).
     * @param title       page title.
     * @param notes       paragraphs printed above the graph (what was profiled, normalisation, ...).
     * @param unit        unit of the node values.
     * @param differential colour by delta instead of by frame kind.
     * @return the HTML page.
     */
    public static String render(
        final FlameTree tree, final String title, final List<String> notes, final String unit, final boolean differential)
    {
        final double total = tree.root().value();
        final int[] maxDepth = {0};
        final double[] maxAbsDelta = {0};
        tree.visit((node, depth) ->
        {
            maxDepth[0] = Math.max(maxDepth[0], depth);
            if (!Double.isNaN(node.delta()))
            {
                maxAbsDelta[0] = Math.max(maxAbsDelta[0], Math.abs(node.delta()));
            }
        });
        final int height = (maxDepth[0] + 1) * FRAME_PX + 4;
        final StringBuilder svg = new StringBuilder(64 * 1024);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"flame\" width=\"").append(WIDTH_PX)
            .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH_PX).append(' ')
            .append(height).append("\" font-family=\"monospace\" font-size=\"11\">\n");
        final int[] hidden = {0};
        if (total > 0)
        {
            layout(tree.root(), 0, 0, WIDTH_PX / total, height, total, unit, differential, maxAbsDelta[0], svg, hidden);
        }
        svg.append("</svg>\n");

        final StringBuilder html = new StringBuilder(svg.length() + 4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .append(escape(title)).append("</title>\n<style>")
            .append("body{font-family:sans-serif;margin:16px;color:#222}p.note{margin:4px 0;max-width:1200px}")
            .append("svg.flame rect{stroke:#fff;stroke-width:0.3}svg.flame text{pointer-events:none}")
            .append(".legend span{display:inline-block;padding:2px 8px;margin-right:6px;border:1px solid #ccc}")
            .append("</style></head><body>\n<h1>").append(escape(title)).append("</h1>\n");
        for (final String note : notes)
        {
            html.append("<p class=\"note\">").append(escape(note)).append("</p>\n");
        }
        html.append(String.format(Locale.ROOT, "<p class=\"note\">Total: %s %s. Hover a frame for its numbers.%s</p>%n",
            fmt(total), escape(unit), hidden[0] > 0 ? " " + hidden[0] + " frames narrower than " + MIN_WIDTH_PX +
            " px are not drawn." : ""));
        if (differential)
        {
            html.append(String.format(Locale.ROOT,
                "<p class=\"legend\"><span style=\"background:%s\">costs more than base</span>" +
                "<span style=\"background:#ffffff\">same</span><span style=\"background:%s\">costs less than base</span>" +
                " full colour = %s %s (largest |delta| on this page)</p>%n",
                diffColour(1), diffColour(-1), fmt(maxAbsDelta[0]), escape(unit)));
        }
        else
        {
            html.append("<p class=\"legend\"><span style=\"background:").append(kindColour("a.B.c"))
                .append("\">Java</span><span style=\"background:").append(kindColour("libjvm.so.X::y"))
                .append("\">native / JVM / kernel</span><span style=\"background:").append(kindColour("long[] (allocated)"))
                .append("\">allocated class</span></p>\n");
        }
        html.append(svg).append("</body></html>\n");
        return html.toString();
    }

    private static void layout(
        final FlameTree.Node node, final double x, final int depth, final double pxPerUnit, final int height,
        final double total, final String unit, final boolean differential, final double maxAbsDelta,
        final StringBuilder svg, final int[] hidden)
    {
        final double w = node.value() * pxPerUnit;
        if (w < MIN_WIDTH_PX)
        {
            hidden[0]++;
            return;
        }
        final int y = height - (depth + 1) * FRAME_PX - 2;
        final String fill = differential ?
            diffColour(maxAbsDelta > 0 && !Double.isNaN(node.delta()) ? node.delta() / maxAbsDelta : 0) :
            kindColour(node.name());
        final StringBuilder tip = new StringBuilder();
        tip.append(node.name()).append('\n')
            .append(String.format(Locale.ROOT, "%s %s (%.2f%% of all), self %s", fmt(node.value()), unit,
                100 * node.value() / total, fmt(node.self())));
        if (!Double.isNaN(node.delta()))
        {
            final double base = node.value() - node.delta();
            tip.append(String.format(Locale.ROOT, "%ndelta vs base: %+.4g %s (base %s%s)", node.delta(), unit, fmt(base),
                base > 0 ? String.format(Locale.ROOT, ", %+.1f%%", 100 * node.delta() / base) : ", absent in base"));
        }
        svg.append(String.format(Locale.ROOT,
            "<g><title>%s</title><rect x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\" data-value=\"%s\"%s/>",
            escape(tip.toString()), x, y, w, FRAME_PX - 1, fill, plain(node.value()),
            Double.isNaN(node.delta()) ? "" : " data-delta=\"" + plain(node.delta()) + "\""));
        final int chars = (int)((w - 4) / 6.6);
        if (chars >= 3)
        {
            final String label = node.name().length() <= chars ? node.name() : node.name().substring(0, chars - 2) + "..";
            svg.append(String.format(Locale.ROOT, "<text x=\"%.2f\" y=\"%d\">%s</text>", x + 2, y + FRAME_PX - 4, escape(label)));
        }
        svg.append("</g>\n");
        double childX = x;
        final List<FlameTree.Node> children = new ArrayList<>(node.children().values());
        for (final FlameTree.Node child : children)
        {
            layout(child, childX, depth + 1, pxPerUnit, height, total, unit, differential, maxAbsDelta, svg, hidden);
            childX += child.value() * pxPerUnit;
        }
    }

    static String diffColour(final double signedFraction)
    {
        final double t = Math.max(-1, Math.min(1, signedFraction));
        final int fade = (int)Math.round(255 - 200 * Math.abs(t));
        return t >= 0 ? String.format(Locale.ROOT, "rgb(255,%d,%d)", fade, fade) :
            String.format(Locale.ROOT, "rgb(%d,%d,255)", fade, fade);
    }

    static String kindColour(final String name)
    {
        final int h = Math.abs(name.hashCode() % 40);
        if (name.endsWith("(allocated)"))
        {
            return String.format(Locale.ROOT, "rgb(%d,%d,235)", 90 + h, 150 + h);
        }
        if (name.contains("::") || name.contains(".so.") || name.startsWith("[") || !name.contains("."))
        {
            return String.format(Locale.ROOT, "rgb(235,%d,%d)", 130 + h, 40 + h / 2);
        }
        return String.format(Locale.ROOT, "rgb(%d,%d,%d)", 60 + h, 190 + h / 2, 60 + h / 2);
    }

    /**
     * @param v a finite value.
     * @return six significant digits without trailing zeros, for data attributes.
     */
    static String plain(final double v)
    {
        if (Double.isNaN(v) || Double.isInfinite(v))
        {
            return "NaN";
        }
        final String s = new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
        return "-0".equals(s) ? "0" : s;
    }

    static String fmt(final double v)
    {
        final double abs = Math.abs(v);
        return abs >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.4g", v);
    }

    /**
     * @param text any text.
     * @return the text escaped for HTML element content and attribute values.
     */
    public static String escape(final String text)
    {
        final StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
