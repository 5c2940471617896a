package io.quorumbench.analysis.compare;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one side of a comparison holds: a run directory ({@code results/<run-id>/} with
 * {@code context.json} and {@code jmh.json} and/or {@code summary.json}) or a bare result file.
 *
 * @param source   the directory or file given by the user.
 * @param context  parsed {@code context.json}, or {@code null} for a bare file (no context check possible).
 * @param jmh      JMH results, empty when there are none.
 * @param loadgen  load generator scenarios, empty when there are none.
 */
public record RunInput(Path source, Map<String, Object> context, List<JmhResult> jmh, List<LoadgenSummary> loadgen)
{
    /** Name of the context file in a run directory. */
    public static final String CONTEXT_FILE = "context.json";
    /** Name of the JMH result file in a run directory. */
    public static final String JMH_FILE = "jmh.json";
    /** Name of the load generator summary in a run directory. */
    public static final String SUMMARY_FILE = "summary.json";
    /** Name of the load generator's rate sweep summary in a run directory. */
    public static final String SWEEP_FILE = "sweep.json";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * @param path a run directory, a JMH JSON file or a {@code summary.json}.
     * @return the loaded input.
     * @throws ResultFileException naming the file and field when anything is missing or malformed.
     */
    public static RunInput load(final Path path)
    {
        if (Files.isDirectory(path))
        {
            final Map<String, Object> context = readContext(path.resolve(CONTEXT_FILE));
            final Path jmhFile = path.resolve(JMH_FILE);
            final List<LoadgenSummary> load = loadgenIn(path);
            if (!Files.exists(jmhFile) && load.isEmpty())
            {
                throw new ResultFileException(path, null,
                    "run directory has none of " + JMH_FILE + ", " + SUMMARY_FILE + ", " + SWEEP_FILE);
            }
            return new RunInput(path, context, Files.exists(jmhFile) ? JmhJsonReader.read(jmhFile) : List.of(), load);
        }
        if (!Files.isRegularFile(path))
        {
            throw new ResultFileException(path, null, "no such run directory or result file");
        }
        final JsonNode root;
        try
        {
            root = MAPPER.readTree(path.toFile());
        }
        catch (final IOException ex)
        {
            throw new ResultFileException(path, "not valid JSON", ex);
        }
        final JsonNode first = null != root && root.isArray() && !root.isEmpty() ? root.get(0) : root;
        if (null != first && first.has("benchmark"))
        {
            return new RunInput(path, null, JmhJsonReader.read(path), List.of());
        }
        if (null != first && first.has("summaryVersion"))
        {
            return new RunInput(path, null, List.of(), List.of(LoadgenSummary.read(path)));
        }
        throw new ResultFileException(path, "(root)",
            "neither JMH results (objects with \"benchmark\") nor a load generator summary (\"summaryVersion\")");
    }

    /**
     * @param dir a run directory.
     * @return the load generator results in it: {@code summary.json} and/or {@code sweep.json}.
     */
    public static List<LoadgenSummary> loadgenIn(final Path dir)
    {
        final List<LoadgenSummary> out = new java.util.ArrayList<>();
        for (final String name : List.of(SUMMARY_FILE, SWEEP_FILE))
        {
            if (Files.exists(dir.resolve(name)))
            {
                out.add(LoadgenSummary.read(dir.resolve(name)));
            }
        }
        return out;
    }

    /**
     * @param file a {@code context.json}.
     * @return its content as nested maps.
     * @throws ResultFileException when missing or malformed.
     */
    public static Map<String, Object> readContext(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            throw new ResultFileException(file, null, "file not found: every run directory records its context");
        }
        final Map<String, Object> context;
        try
        {
            context = MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Object>>()
            {
            });
        }
        catch (final IOException ex)
        {
            throw new ResultFileException(file, "not a valid JSON object", ex);
        }
        if (null == context)
        {
            throw new ResultFileException(file, "(root)", "expected a JSON object");
        }
        final Object schema = context.get("schemaVersion");
        if (!(schema instanceof Number n) || n.intValue() != 1)
        {
            throw new ResultFileException(file, "schemaVersion", "expected 1 (RunContext schema), found " + schema);
        }
        return context;
    }
}
