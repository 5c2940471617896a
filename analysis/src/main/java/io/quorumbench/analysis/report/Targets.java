package io.quorumbench.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quorumbench.analysis.compare.ResultFileException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code targets.json} (layout in {@code results/README.md}): an array (or an object with a
 * {@code "targets"} array) of {@code {"name", "threshold", "comparison", "measured", "unit",
 * "verdict", "source", "note"}}, written by the JMH runner and by the load generator
 * ({@link LoadTargets}); {@code measured} is null when nothing was measured; {@code verdict} is
 * {@code PASS}, {@code MISS} or {@code INCONCLUSIVE} (anything else is shown as written).
 */
public final class Targets
{
    /**
     * One target.
     *
     * @param name       what is targeted.
     * @param comparison how measured is held against threshold, e.g. {@code <=}, or empty.
     * @param threshold  the target value (number or text, as written).
     * @param measured   the measured value (number or text, as written), {@code "-"} when not measured.
     * @param unit       unit.
     * @param verdict    PASS, MISS, ...
     * @param detail     source benchmark and/or note, or empty.
     */
    public record Target(
        String name, String comparison, String threshold, String measured, String unit, String verdict, String detail)
    {
    }

    private Targets()
    {
    }

    /**
     * @param file the targets file.
     * @return the targets.
     * @throws ResultFileException naming file and field when malformed.
     */
    public static List<Target> read(final Path file)
    {
        final JsonNode root;
        try
        {
            root = new ObjectMapper().readTree(file.toFile());
        }
        catch (final IOException ex)
        {
            throw new ResultFileException(file, "not valid JSON", ex);
        }
        final JsonNode array = null != root && root.isObject() ? root.get("targets") : root;
        if (null == array || !array.isArray())
        {
            throw new ResultFileException(file, "(root)", "expected an array of targets (or {\"targets\": [...]})");
        }
        final List<Target> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++)
        {
            final JsonNode t = array.get(i);
            final String at = "[" + i + "].";
            final JsonNode measured = t.get("measured");
            if (null == measured)
            {
                throw new ResultFileException(file, at + "measured", "missing (null when the benchmark did not run)");
            }
            final String detail = (t.path("source").asText("") + " " + t.path("note").asText("")).trim();
            out.add(new Target(required(file, at + "name", t.get("name")), t.path("comparison").asText(""),
                required(file, at + "threshold", t.get("threshold")), measured.isNull() ? "-" : required(file, at + "measured", measured),
                t.path("unit").asText(""), required(file, at + "verdict", t.get("verdict")), detail));
        }
        return out;
    }

    private static String required(final Path file, final String at, final JsonNode node)
    {
        if (null == node || node.isNull() || node.isContainerNode())
        {
            throw new ResultFileException(file, at, "missing or not a value");
        }
        if (node.isNumber())
        {
            // Measured values arrive with every digit a double has; four significant digits read better.
            final double v = node.asDouble();
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long)v) :
                new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return node.asText();
    }
}
