package io.quorumbench.conformance.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads JSON-lines histories written by {@link HistoryWriter} or by any tool that follows
 * {@code conformance/HISTORY-FORMAT.md}. Blank lines are skipped; unknown fields are ignored so
 * tools may add their own. A malformed line fails with an {@link IllegalArgumentException} naming
 * the line number and the problem. Entries are renumbered by position. Thread-safe.
 */
public final class HistoryReader
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HistoryReader()
    {
    }

    /**
     * Read a history file.
     *
     * @param file the file.
     * @return the history.
     * @throws IOException if the file cannot be read.
     * @throws IllegalArgumentException naming the first malformed line.
     */
    public static History read(final Path file) throws IOException
    {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            return read(in);
        }
    }

    /**
     * Read a history from a reader (not closed).
     *
     * @param in the source.
     * @return the history.
     * @throws IOException if reading fails.
     * @throws IllegalArgumentException naming the first malformed line.
     */
    public static History read(final Reader in) throws IOException
    {
        final BufferedReader lines = in instanceof BufferedReader ? (BufferedReader)in : new BufferedReader(in);
        final History history = new History();
        String line;
        int lineNumber = 0;
        while (null != (line = lines.readLine()))
        {
            lineNumber++;
            if (line.isBlank())
            {
                continue;
            }
            try
            {
                history.add(parse(line));
            }
            catch (final JsonProcessingException | RuntimeException ex)
            {
                throw new IllegalArgumentException("history line " + lineNumber + ": " + ex.getMessage(), ex);
            }
        }
        return history;
    }

    /**
     * Parse one line.
     *
     * @param line one JSON object.
     * @return the entry.
     * @throws JsonProcessingException if it is not JSON.
     * @throws IllegalArgumentException if a field is missing or has the wrong type.
     */
    public static Op parse(final String line) throws JsonProcessingException
    {
        final JsonNode node = MAPPER.readTree(line);
        if (null == node || !node.isObject())
        {
            throw new IllegalArgumentException("not a JSON object");
        }
        final int process = (int)requiredLong(node, "process");
        final OpType type = OpType.fromJsonName(requiredText(node, "type"));
        final String f = requiredText(node, "f");
        final String key = requiredText(node, "key");
        final long time = requiredLong(node, "time");
        final JsonNode valueNode = node.get("value");
        String value = null;
        String expected = null;
        if (Op.CAS.equals(f))
        {
            if (null == valueNode || !valueNode.isArray() || valueNode.size() != 2)
            {
                throw new IllegalArgumentException("cas needs \"value\":[expected, new]");
            }
            expected = textOrNull(valueNode.get(0), "value[0]");
            value = textOrNull(valueNode.get(1), "value[1]");
        }
        else if (null != valueNode)
        {
            value = textOrNull(valueNode, "value");
        }
        final JsonNode logIndexNode = node.get("logIndex");
        final long logIndex = null == logIndexNode || logIndexNode.isNull() ? -1 : asLong(logIndexNode, "logIndex");
        final JsonNode errorNode = node.get("error");
        final String error = null == errorNode || errorNode.isNull() ? null : errorNode.asText();
        final JsonNode indexNode = node.get("index");
        final long index = null == indexNode || indexNode.isNull() ? 0 : asLong(indexNode, "index");
        return new Op(process, type, f, key, value, expected, time, index, logIndex, error);
    }

    private static String requiredText(final JsonNode node, final String field)
    {
        final JsonNode value = node.get(field);
        if (null == value || !value.isTextual())
        {
            throw new IllegalArgumentException("missing or non-string field \"" + field + "\"");
        }
        return value.asText();
    }

    private static long requiredLong(final JsonNode node, final String field)
    {
        final JsonNode value = node.get(field);
        if (null == value)
        {
            throw new IllegalArgumentException("missing field \"" + field + "\"");
        }
        return asLong(value, field);
    }

    private static long asLong(final JsonNode value, final String field)
    {
        if (!value.isIntegralNumber() || !value.canConvertToLong())
        {
            throw new IllegalArgumentException("field \"" + field + "\" must be an integer, got " + value);
        }
        return value.asLong();
    }

    private static String textOrNull(final JsonNode value, final String field)
    {
        if (null == value || value.isNull())
        {
            return null;
        }
        if (!value.isTextual())
        {
            throw new IllegalArgumentException("field \"" + field + "\" must be a string or null, got " + value);
        }
        return value.asText();
    }
}
