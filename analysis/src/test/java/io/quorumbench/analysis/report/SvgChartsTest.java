package io.quorumbench.analysis.report;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SvgChartsTest
{
    private static final String LONG_TITLE = "kv-uniform-k10000-r0.5-c0.1-v64B-constant-s1-n3-fsync-none-5000ops[lockfree]: " +
        "timeline (failover), completions and failures per second";

    @Test
    void shouldWrapALongTitleIntoLinesThatFitLosingNothing()
    {
        final double max = 400;
        final List<String> lines = SvgCharts.wrap(LONG_TITLE, max);
        assertTrue(lines.size() > 1, "wrapped: " + lines);
        for (final String line : lines)
        {
            assertTrue(SvgCharts.widthPx(line) <= max, "fits: " + line + " " + SvgCharts.widthPx(line));
        }
        assertEquals(LONG_TITLE.replace(" ", ""), String.join("", lines).replace(" ", ""), "nothing lost");
    }

    @Test
    void shouldCutATokenLongerThanALine()
    {
        final List<String> lines = SvgCharts.wrap("x".repeat(200), 100);
        assertTrue(lines.size() > 2);
        lines.forEach((l) -> assertTrue(SvgCharts.widthPx(l) <= 100, l));
        assertEquals(200, String.join("", lines).length());
    }

    @Test
    void shouldGrowTheChartByItsTitleSoNoLineRunsPastTheSvg()
    {
        final String svg = SvgCharts.lines(LONG_TITLE + " " + LONG_TITLE, "x", "y",
            List.of(new SvgCharts.LineSeries("a", new double[]{1, 2}, new double[]{1, 2})), false, false);
        final Matcher height = Pattern.compile("^<svg[^>]* height=\"(\\d+)\"").matcher(svg);
        assertTrue(height.find(), svg.substring(0, 300));
        final int lines = count(svg, "<tspan");
        assertTrue(lines >= 2, "wrapped");
        assertEquals(SvgCharts.HEIGHT_PX + lines * SvgCharts.TITLE_LINE_PX + 8, Integer.parseInt(height.group(1)));
        assertTrue(svg.contains("viewBox=\"0 0 900 " + height.group(1) + "\""), "the view box grows with it");
        assertTrue(svg.contains("<g transform=\"translate(0,"), "the chart moves below the title");
        assertEquals(1, count(svg, "viewBox="));
    }

    @Test
    void shouldLabelLogarithmicAxes()
    {
        assertEquals("latency (ns) (log scale)", SvgCharts.axisTitle("latency (ns)", true));
        assertEquals("latency (ns)", SvgCharts.axisTitle("latency (ns)", false));
    }

    @Test
    void shouldDrawASeriesInItsImplementationsColour()
    {
        final Color colour = new Color(0x12, 0x34, 0x56);
        final String svg = SvgCharts.lines("t", "x", "y", List.of(new SvgCharts.LineSeries("a", new double[]{1, 2},
            new double[]{1, 2}, new SvgCharts.Look(colour, true, false))), false, false);
        assertTrue(svg.contains("rgb(18,52,86)") || svg.contains("#123456"), "the series' colour is drawn");
    }

    private static int count(final String text, final String what)
    {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1))
        {
            n++;
        }
        return n;
    }
}
