package io.quorumbench.loadgen.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quorumbench.loadgen.compare.ResultFileException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code targets.json}: the targets a run was measured against, as an array (or an object
 * with a {@code "targets"} array) of {@code {"name", "threshold", "measured", "unit", "verdict"}};
 * {@code verdict} is {@code PASS} or {@code MISS} (anything else is shown as written).
 */
public final class Targets
{
    /**
     * One target.
     *
     * @param name      what is targeted.
     * @param threshold the target value (number or text, as written).
     * @param measured  the measured value (number or text, as written).
     * @param unit      unit.
     * @param verdict   PASS, MISS, ...
     */
    public record Target(String name, String threshold, String measured, String unit, String verdict)
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
            out.add(new Target(required(file, at + "name", t.get("name")), required(file, at + "threshold", t.get("threshold")),
                required(file, at + "measured", t.get("measured")), null == t.get("unit") ? "" : t.get("unit").asText(),
                required(file, at + "verdict", t.get("verdict"))));
        }
        return out;
    }

    private static String required(final Path file, final String at, final JsonNode node)
    {
        if (null == node || node.isNull() || node.isContainerNode())
        {
            throw new ResultFileException(file, at, "missing or not a value");
        }
        return node.asText();
    }
}
