package io.quorumbench.analysis.report;

import io.quorumbench.analysis.flame.FlameGraphHtml;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
     */
    public record BarSeries(String name, List<Double> values, List<Double> errors)
    {
    }

    /**
     * One line series.
     *
     * @param name name in the legend.
     * @param x    x values.
     * @param y    y values.
     */
    public record LineSeries(String name, double[] x, double[] y)
    {
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
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH_PX).height(HEIGHT_PX).title(title)
            .xAxisTitle("").yAxisTitle(yTitle).build();
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
        for (final BarSeries s : series)
        {
            final List<Double> values = s.values().stream().map((v) -> Double.isNaN(v) ? null : v).toList();
            if (s.errors().stream().allMatch((v) -> Double.isNaN(v) || v == 0))
            {
                chart.addSeries(s.name(), categories, values);
            }
            else
            {
                chart.addSeries(s.name(), categories, values, s.errors().stream().map((v) -> Double.isNaN(v) ? 0.0 : v).toList());
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
        final XYChart chart = new XYChartBuilder().width(WIDTH_PX).height(HEIGHT_PX).title(title)
            .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setYAxisLogarithmic(logY);
        for (final LineSeries s : series)
        {
            final XYSeries xy = chart.addSeries(s.name(), s.x(), s.y());
            xy.setMarker(SeriesMarkers.CIRCLE);
        }
        return toSvg(chart, title);
    }

    private static void style(final Styler styler)
    {
        styler.setChartBackgroundColor(Color.WHITE);
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
        // The chart's own text is drawn as outlines; a <title> keeps it readable as text.
        final int openEnd = prefixed.indexOf('>') + 1;
        return prefixed.substring(0, openEnd) + "<title>" + FlameGraphHtml.escape(title) + "</title>" +
            prefixed.substring(openEnd);
    }
}
