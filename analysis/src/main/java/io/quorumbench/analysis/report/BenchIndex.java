package io.quorumbench.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quorumbench.analysis.compare.ResultFileException;
import io.quorumbench.analysis.compare.RunInput;
import io.quorumbench.api.results.RunContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bench run ({@code scripts/bench}) as a thing of its own: {@code results/<bench-id>/} holds its
 * {@code context.json} (kind {@code bench}), {@code index.json} (its steps with their exit codes and the
 * run directories they wrote, relative to it) and its {@code report.html}. The report command reads a
 * bench directory as the list of its runs.
 */
public final class BenchIndex
{
    /** The index file of a bench run. */
    public static final String INDEX_FILE = "index.json";

    /** The context kind of a bench run. */
    public static final String KIND_BENCH = "bench";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One step of a bench run.
     *
     * @param name     the step, e.g. {@code ring}.
     * @param exitCode its exit code (0 passed, 1 failed, 3 inconclusive, ...).
     */
    public record Step(String name, int exitCode)
    {
    }

    private BenchIndex()
    {
    }

    /**
     * Create the directory of a bench run starting now, with its context.
     *
     * @param results  the results directory.
     * @param mode     the bench's mode ({@code quick}, {@code full}).
     * @param settings what the context records beside the machine (the steps it will run).
     * @return the new directory, {@code results/<yyyyMMdd-HHmmss>-bench-<mode>[-N]/}.
     * @throws IOException on write failure.
     */
    public static Path start(final Path results, final String mode, final Map<String, String> settings) throws IOException
    {
        RunContext context = RunContext.capture(KIND_BENCH, KIND_BENCH, mode, settings);
        Path dir = results.resolve(context.runId());
        for (int n = 2; Files.exists(dir); n++)
        {
            dir = results.resolve(context.runId() + "-" + n);
        }
        context = context.withRunId(dir.getFileName().toString());
        Files.createDirectories(dir);
        MAPPER.writeValue(dir.resolve(RunContext.FILE_NAME).toFile(), context.toMap());
        return dir;
    }

    /**
     * Write the index of a finished bench run.
     *
     * @param benchDir the bench run's directory.
     * @param steps    its steps in the order run.
     * @param runs     the run directories its steps wrote.
     * @throws IOException on write failure.
     * @throws ResultFileException when a run directory has no readable context.
     */
    public static void finish(final Path benchDir, final List<Step> steps, final List<Path> runs) throws IOException
    {
        final Map<String, Object> index = new LinkedHashMap<>();
        index.put("benchId", benchDir.getFileName().toString());
        index.put("steps", steps.stream().map((s) -> Map.of("name", s.name(), "exitCode", s.exitCode())).toList());
        final List<Map<String, Object>> entries = new ArrayList<>();
        final Path base = benchDir.toAbsolutePath().normalize();
        for (final Path run : runs)
        {
            final Map<String, Object> context = RunInput.readContext(run.resolve(RunContext.FILE_NAME));
            final Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("runId", String.valueOf(context.getOrDefault("runId", run.getFileName())));
            entry.put("dir", base.relativize(run.toAbsolutePath().normalize()).toString().replace('\\', '/'));
            entry.put("kind", String.valueOf(context.getOrDefault("kind", "")));
            entry.put("suite", String.valueOf(context.getOrDefault("suite", "")));
            entries.add(entry);
        }
        index.put("runs", entries);
        index.put("report", "report.html");
        MAPPER.writeValue(benchDir.resolve(INDEX_FILE).toFile(), index);
    }

    /**
     * @param dir a directory.
     * @return whether it is a bench run's (it has an {@code index.json} with a {@code benchId}).
     */
    public static boolean isBench(final Path dir)
    {
        final Path index = dir.resolve(INDEX_FILE);
        if (!Files.isRegularFile(index))
        {
            return false;
        }
        final JsonNode root = ResultFileException.readJson(index, MAPPER);
        return null != root && root.isObject() && root.has("benchId");
    }

    /**
     * @param benchDir a bench run's directory.
     * @return the run directories of its index, resolved against it.
     * @throws ResultFileException naming the field when the index is malformed.
     */
    public static List<Path> runsOf(final Path benchDir)
    {
        final Path index = benchDir.resolve(INDEX_FILE);
        final JsonNode runs = ResultFileException.readJson(index, MAPPER).get("runs");
        if (null == runs || !runs.isArray())
        {
            throw new ResultFileException(index, "runs", "missing or not an array");
        }
        final List<Path> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++)
        {
            final JsonNode dir = runs.get(i).get("dir");
            if (null == dir || !dir.isTextual())
            {
                throw new ResultFileException(index, "runs[" + i + "].dir", "missing or not a string");
            }
            out.add(benchDir.resolve(dir.asText()).normalize());
        }
        if (out.isEmpty())
        {
            throw new ResultFileException(index, "runs", "empty: the bench run recorded no run to report");
        }
        return out;
    }
}
