package io.quorumbench.conformance.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes histories as JSON lines, one {@link Op} per line, in the format documented in
 * {@code conformance/HISTORY-FORMAT.md}:
 *
 * <pre>
 * {"process":3,"type":"invoke","f":"cas","key":"k1","value":["a","b"],"time":123456789,"index":17}
 * {"process":3,"type":"ok","f":"cas","key":"k1","value":["a","b"],"time":123999000,"index":18,"logIndex":42}
 * </pre>
 *
 * {@code value} is a string or {@code null} for put and get, and {@code [expected, new]} for cas
 * ({@code expected} {@code null} meaning "must be absent"). {@code logIndex} and {@code error} are
 * written only when known. Stateless; thread-safe.
 */
public final class HistoryWriter
{
    private static final JsonFactory JSON = new JsonFactory();

    private HistoryWriter()
    {
    }

    /**
     * Write a history to a file, replacing it.
     *
     * @param history the history.
     * @param file    destination.
     * @throws IOException if the file cannot be written.
     */
    public static void write(final History history, final Path file) throws IOException
    {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8))
        {
            write(history, out);
        }
    }

    /**
     * Write a history to a writer (not closed).
     *
     * @param history the history.
     * @param out     destination.
     * @throws IOException if writing fails.
     */
    public static void write(final History history, final Writer out) throws IOException
    {
        for (final Op op : history.ops())
        {
            out.write(toJson(op));
            out.write('\n');
        }
        out.flush();
    }

    /**
     * One entry as one JSON object, without a line break.
     *
     * @param op the entry.
     * @return its JSON text.
     */
    public static String toJson(final Op op)
    {
        final StringWriter text = new StringWriter(128);
        try (JsonGenerator json = JSON.createGenerator(text))
        {
            json.writeStartObject();
            json.writeNumberField("process", op.process());
            json.writeStringField("type", op.type().jsonName());
            json.writeStringField("f", op.f());
            json.writeStringField("key", op.key());
            json.writeFieldName("value");
            if (Op.CAS.equals(op.f()))
            {
                json.writeStartArray();
                json.writeString(op.expected());
                json.writeString(op.value());
                json.writeEndArray();
            }
            else
            {
                json.writeString(op.value());
            }
            json.writeNumberField("time", op.timeNs());
            json.writeNumberField("index", op.index());
            if (op.logIndex() >= 0)
            {
                json.writeNumberField("logIndex", op.logIndex());
            }
            if (null != op.error())
            {
                json.writeStringField("error", op.error());
            }
            json.writeEndObject();
        }
        catch (final IOException ex)
        {
            // a StringWriter does not fail; anything else is a programming error worth surfacing
            throw new IllegalStateException("cannot encode " + op, ex);
        }
        return text.toString();
    }
}
