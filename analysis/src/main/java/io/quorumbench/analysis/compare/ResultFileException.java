package io.quorumbench.analysis.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A result file that is missing, unreadable or does not hold what its format promises. The message
 * names the file and the field so the user can fix the input; command line tools map it to exit
 * status 2.
 */
public final class ResultFileException extends RuntimeException
{
    private final transient Path file;
    private final String field;

    /**
     * @param file    the offending file (or directory).
     * @param field   dotted path of the offending field, or {@code null} when the whole file is at fault.
     * @param problem what is wrong, in words.
     */
    public ResultFileException(final Path file, final String field, final String problem)
    {
        super(file + (null == field ? "" : ": field '" + field + "'") + ": " + problem);
        this.file = file;
        this.field = field;
    }

    /**
     * @param file    the offending file.
     * @param problem what is wrong.
     * @param cause   underlying I/O or parse error.
     */
    public ResultFileException(final Path file, final String problem, final Throwable cause)
    {
        super(file + ": " + problem + ": " + cause.getMessage(), cause);
        this.file = file;
        this.field = null;
    }

    /**
     * @return the offending file.
     */
    public Path file()
    {
        return file;
    }

    /**
     * @return dotted path of the offending field, or {@code null}.
     */
    public String field()
    {
        return field;
    }

    /**
     * Parse a result file, failing with the file's name for the two ways every reader refuses one.
     *
     * @param file   the file.
     * @param mapper the mapper to read with.
     * @return its root node, possibly null for an empty file.
     * @throws ResultFileException when the file is missing or not valid JSON.
     */
    public static JsonNode readJson(final Path file, final ObjectMapper mapper)
    {
        if (!Files.isRegularFile(file))
        {
            throw new ResultFileException(file, null, "file not found");
        }
        try
        {
            return mapper.readTree(file.toFile());
        }
        catch (final IOException ex)
        {
            throw new ResultFileException(file, "not valid JSON", ex);
        }
    }
}
