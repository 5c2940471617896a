package io.quorumbench.loadgen.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes JSON result files ({@code summary.json}, {@code context.json}, {@code sweep.json}) with
 * stable, ordered field names; see {@code loadgen/SUMMARY-FORMAT.md}.
 *
 * <p><b>Threading</b>: stateless apart from a thread-safe Jackson mapper.
 */
public final class SummaryWriter
{
    /** Version of the summary layout; bumped when a field is removed or redefined. */
    public static final int SUMMARY_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryWriter()
    {
    }

    /**
     * Write a map as pretty-printed JSON.
     *
     * @param map  the content, in the order it should appear.
     * @param file destination, replaced if it exists.
     */
    public static void write(final Map<String, ?> map, final Path file)
    {
        try
        {
            MAPPER.writeValue(file.toFile(), map);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }

    /**
     * Read a JSON object back (tests, tools).
     *
     * @param file the file.
     * @return the object as a map.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> read(final Path file)
    {
        try
        {
            return MAPPER.readValue(Files.readAllBytes(file), Map.class);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }
}
