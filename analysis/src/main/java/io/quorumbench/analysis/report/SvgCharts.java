package io.quorumbench.analysis.report;

import io.quorumbench.analysis.flame.FlameGraphHtml;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Charts for the report, drawn with XChart and exported as SVG (through VectorGraphics2D) so they can
 * be inlined: the report stays one file that opens offline.
 *
 * <p>Several SVG documents inlined in one HTML page share one id namespace, and VectorGraphics2D
 * names its clip paths the same way in every chart; ids are therefore prefixed per chart, or every
 * chart would clip with the first chart's paths.
 *
 * <p>Thread-safety: the id counter is atomic; charts themselves are built per call.
 */
public final class SvgCharts
{
    /** Chart width in pixels. */
    public static final int WIDTH_PX = 900;
    /** Chart height in pixels. */
    public static final int HEIGHT_PX = 420;

    private static final AtomicInteger CHART_IDS = new AtomicInteger();
    private static final Pattern ID = Pattern.compile("id=\"([^\"]+)\"");

    /** Appended to the title of a logarithmic axis, so no reader takes equal steps for equal differences. */
    static final String LOG_SCALE = " (log scale)";

    /** Title text size, px. */
    static final int TITLE_FONT_PX = 15;
    /** Line height of a wrapped title, px. */
    static final int TITLE_LINE_PX = 19;
    /** Margin left and right of the title, px. */
    static final int TITLE_MARGIN_PX = 10;
    /**
     * Share of the width a title line may take as AWT measures it: the browser's sans-serif may be
     * wider than the JDK's, and a line must still fit there.
     */
    static final double TITLE_FILL = 0.85;

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, TITLE_FONT_PX);
    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);
    private static final Pattern SVG_SIZE = Pattern.compile("(width|height)=\"([0-9.]+)(px)?\"");
    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"[^\"]*\"");

    static
    {
        System.setProperty("java.awt.headless", "true");
    }

    private SvgCharts()
    {
    }

    /**
     * One bar series with error bars.
     *
     * @param name   series name (an implementation).
     * @param values one value per category, NaN where absent.
     * @param errors one error half-width per category (0 when unknown).
     * @param colour the series' colour (its implementation's), or null for XChart's next one.
     */
    public record BarSeries(String name, List<Double> values, List<Double> errors, Color colour)
    {
        /**
         * A series in XChart's next colour.
         *
         * @param name   series name.
         * @param values one value per category.
         * @param errors one error half-width per category.
         */
        public BarSeries(final String name, final List<Double> values, final List<Double> errors)
        {
            this(name, values, errors, null);
        }
    }

    /**
     * One line series.
     *
     * @param name name in the legend.
     * @param x    x values.
     * @param y    y values.
     * @param look how it is drawn.
     */
    public record LineSeries(String name, double[] x, double[] y, Look look)
    {
        /**
         * A solid line with markers in XChart's next colour.
         *
         * @param name name in the legend.
         * @param x    x values.
         * @param y    y values.
         */
        public LineSeries(final String name, final double[] x, final double[] y)
        {
            this(name, x, y, Look.DEFAULT);
        }
    }

    /**
     * How a line is drawn.
     *
     * @param colour  its colour (its implementation's), or null for XChart's next one.
     * @param dashed  dashed (raw latencies, reference lines) rather than solid.
     * @param markers a marker on every point.
     */
    public record Look(Color colour, boolean dashed, boolean markers)
    {
        /** Solid, with markers, XChart's colour. */
        public static final Look DEFAULT = new Look(null, false, true);
    }

    /**
     * Grouped bars with error bars.
     *
     * @param title      chart title.
     * @param yTitle     y axis title (with unit).
     * @param categories category labels.
     * @param series     the series.
     * @param logY       logarithmic y axis (for scores spanning decades).
     * @return an SVG element.
     */
    public static String bars(
        final String title, final String yTitle, final List<String> categories, final List<BarSeries> series, final boolean logY)
    {
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH_PX).height(HEIGHT_PX)
            .xAxisTitle("").yAxisTitle(axisTitle(yTitle, logY)).build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(logY);
        if (!logY)
        {
            // Scores are never negative; an error bar wider than its score is clipped, not drawn below zero.
            chart.getStyler().setYAxisMin(0.0);
        }
        else
        {
            // XChart's bars start at the axis minimum, which must be positive on a log axis.
            final double minPositive = series.stream().flatMap((s) -> s.values().stream())
                .filter((v) -> !Double.isNaN(v) && v > 0).mapToDouble(Double::doubleValue).min().orElse(1);
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(minPositive))));
        }
        chart.getStyler().setXAxisLabelRotation(categories.size() > 4 ? 20 : 0);
        // a legend of many series below the plot leaves it too short for its axis title: put it beside
        if (series.size() > 2)
        {
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        }
        for (final BarSeries s : series)
        {
            final List<Double> values = s.values().stream().map((v) -> Double.isNaN(v) ? null : v).toList();
            final CategorySeries added = s.errors().stream().allMatch((v) -> Double.isNaN(v) || v == 0) ?
                chart.addSeries(s.name(), categories, values) :
                chart.addSeries(s.name(), categories, values, s.errors().stream().map((v) -> Double.isNaN(v) ? 0.0 : v).toList());
            if (null != s.colour())
            {
                added.setFillColor(s.colour());
            }
        }
        return toSvg(chart, title);
    }

    /**
     * Lines with markers.
     *
     * @param title  chart title.
     * @param xTitle x axis title.
     * @param yTitle y axis title.
     * @param series the series.
     * @param logX   logarithmic x axis.
     * @param logY   logarithmic y axis.
     * @return an SVG element.
     */
    public static String lines(
        final String title, final String xTitle, final String yTitle, final List<LineSeries> series,
        final boolean logX, final boolean logY)
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH_PX).height(HEIGHT_PX)
            .xAxisTitle(axisTitle(xTitle, logX)).yAxisTitle(axisTitle(yTitle, logY)).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        for (final LineSeries s : series)
        {
            final XYSeries xy = chart.addSeries(s.name(), s.x(), s.y());
            xy.setMarker(s.look().markers() ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            if (null != s.look().colour())
            {
                xy.setLineColor(s.look().colour());
                xy.setMarkerColor(s.look().colour());
            }
            if (s.look().dashed())
            {
                xy.setLineStyle(SeriesLines.DASH_DASH);
            }
        }
        return toSvg(chart, title);
    }

    /**
     * @param title an axis title.
     * @param log   whether the axis is logarithmic.
     * @return the title, saying "(log scale)" when it is.
     */
    static String axisTitle(final String title, final boolean log)
    {
        return log ? title + LOG_SCALE : title;
    }

    private static void style(final Styler styler)
    {
        styler.setChartBackgroundColor(Color.WHITE);
        // the title is ours, wrapped to the chart's width (XChart centres one line and lets it run off both sides)
        styler.setChartTitleVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setAntiAlias(true);
    }

    private static final Pattern EXCESS_DIGITS = Pattern.compile("(\\d\\.\\d)\\d+");

    private static String toSvg(final Chart<?, ?> chart, final String title)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try
        {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        String svg = out.toString(StandardCharsets.UTF_8);
        final int start = svg.indexOf("<svg");
        if (start < 0)
        {
            throw new IllegalStateException("XChart wrote no <svg> element");
        }
        // VectorGraphics2D writes full double precision and XChart draws text as glyph outlines:
        // a tenth of a pixel is invisible and halves the page.
        svg = EXCESS_DIGITS.matcher(svg.substring(start)).replaceAll("$1");
        final String prefix = "qbc" + CHART_IDS.incrementAndGet() + "-";
        final Matcher m = ID.matcher(svg);
        final StringBuilder sb = new StringBuilder(svg.length() + 256);
        while (m.find())
        {
            m.appendReplacement(sb, Matcher.quoteReplacement("id=\"" + prefix + m.group(1) + "\""));
        }
        m.appendTail(sb);
        final String prefixed = sb.toString().replace("url(#", "url(#" + prefix).replace("href=\"#", "href=\"#" + prefix);
        return withTitle(prefixed, title);
    }

    /**
     * Put a wrapped title above a chart: the chart moves down by the title's height and the SVG grows
     * by as much, so no line of the title runs past the SVG's bounds (scripts/check-report asserts it
     * in the browser). The title is SVG text, readable and searchable as the chart's glyph outlines are not.
     */
    static String withTitle(final String svg, final String title)
    {
        final List<String> lines = wrap(title, (WIDTH_PX - 2 * TITLE_MARGIN_PX) * TITLE_FILL);
        final int titlePx = lines.size() * TITLE_LINE_PX + 8;
        final int openEnd = svg.indexOf('>') + 1;
        final int close = svg.lastIndexOf("</svg>");
        if (openEnd <= 0 || close < openEnd)
        {
            throw new IllegalStateException("not an SVG element");
        }
        final StringBuilder open = new StringBuilder();
        final Matcher size = SVG_SIZE.matcher(svg.substring(0, openEnd));
        int width = WIDTH_PX;
        int height = HEIGHT_PX;
        while (size.find())
        {
            final int v = (int)Math.ceil(Double.parseDouble(size.group(2)));
            if ("width".equals(size.group(1)))
            {
                width = v;
            }
            else
            {
                height = v + titlePx;
                size.appendReplacement(open, "height=\"" + height + "\"");
                continue;
            }
            size.appendReplacement(open, Matcher.quoteReplacement(size.group()));
        }
        size.appendTail(open);
        String openTag = VIEW_BOX.matcher(open.toString()).replaceAll("");
        openTag = openTag.substring(0, openTag.length() - 1) + " viewBox=\"0 0 " + width + " " + height + "\">";
        final StringBuilder out = new StringBuilder(svg.length() + 512);
        out.append(openTag).append("<title>").append(FlameGraphHtml.escape(title)).append("</title>")
            .append("<text class=\"chart-title\" x=\"").append(width / 2).append("\" y=\"").append(TITLE_LINE_PX)
            .append("\" text-anchor=\"middle\" font-family=\"sans-serif\" font-weight=\"bold\" font-size=\"")
            .append(TITLE_FONT_PX).append("px\" fill=\"#222\">");
        for (int i = 0; i < lines.size(); i++)
        {
            out.append("<tspan x=\"").append(width / 2).append("\" dy=\"").append(0 == i ? 0 : TITLE_LINE_PX).append("\">")
                .append(FlameGraphHtml.escape(lines.get(i))).append("</tspan>");
        }
        out.append("</text><g transform=\"translate(0,").append(titlePx).append(")\">")
            .append(svg, openEnd, close).append("</g></svg>");
        return out.toString();
    }

    /**
     * Wrap a title to lines no wider than {@code maxPx} in the title font: breaks after spaces, and
     * after '-', '/', ',' or before '[' inside a long scenario name; a run of characters longer than a
     * line is cut where it has to be.
     *
     * @param text  the title.
     * @param maxPx the widest a line may be.
     * @return one or more lines.
     */
    static List<String> wrap(final String text, final double maxPx)
    {
        final List<String> tokens = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == ' ' || c == '-' || c == '/' || c == ',')
            {
                tokens.add(text.substring(start, i + 1));
                start = i + 1;
            }
            else if (c == '[' && i > start)
            {
                tokens.add(text.substring(start, i));
                start = i;
            }
        }
        if (start < text.length())
        {
            tokens.add(text.substring(start));
        }
        final List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (final String token : tokens)
        {
            if (line.length() > 0 && widthPx(line + token.stripTrailing()) > maxPx)
            {
                lines.add(line.toString().strip());
                line = new StringBuilder();
            }
            line.append(token);
            // a token wider than a whole line is cut
            while (widthPx(line.toString().stripTrailing()) > maxPx && line.length() > 1)
            {
                int cut = line.length() - 1;
                while (cut > 1 && widthPx(line.substring(0, cut)) > maxPx)
                {
                    cut--;
                }
                lines.add(line.substring(0, cut));
                line = new StringBuilder(line.substring(cut));
            }
        }
        if (line.toString().strip().length() > 0 || lines.isEmpty())
        {
            lines.add(line.toString().strip());
        }
        return lines;
    }

    /**
     * @param text a line of a title.
     * @return its width in the title font, px, as the JDK measures it.
     */
    static double widthPx(final String text)
    {
        return TITLE_FONT.getStringBounds(text, FRC).getWidth();
    }
}
