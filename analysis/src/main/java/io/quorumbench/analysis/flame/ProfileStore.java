package io.quorumbench.analysis.flame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quorumbench.analysis.compare.ResultFileException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes and reads a profile as three small files side by side: {@code <name>.collapsed} (stacks),
 * {@code <name>.json} ({@link ProfileMeta}) and {@code <name>.html} (its flame graph). The JFR
 * master record stays under {@code flame/raw/}, which is not committed; these are.
 */
public final class ProfileStore
{
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A profile loaded back.
     *
     * @param meta   its description.
     * @param stacks its stacks.
     */
    public record Loaded(ProfileMeta meta, StackProfile stacks)
    {
    }

    private ProfileStore()
    {
    }

    /**
     * @param dir    directory to write into (created).
     * @param name   base file name, e.g. {@code lockfree}.
     * @param meta   description; its {@code collapsedFile} is set to {@code <name>.collapsed}.
     * @param stacks stacks.
     * @return the description as written.
     * @throws IOException on write failure.
     */
    public static ProfileMeta save(final Path dir, final String name, final ProfileMeta meta, final StackProfile stacks)
        throws IOException
    {
        Files.createDirectories(dir);
        final ProfileMeta written = new ProfileMeta(meta.label(), meta.impl(), meta.requestedEvent(), meta.engine(),
            meta.eventTypes(), meta.weightUnit(), stacks.totalWeight(), meta.operations(), name + ".collapsed", meta.threads());
        stacks.write(dir.resolve(name + ".collapsed"));
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("label", written.label());
        json.put("impl", written.impl());
        json.put("requestedEvent", written.requestedEvent());
        json.put("engine", written.engine());
        json.put("event", written.eventStatement());
        json.put("eventTypes", written.eventTypes());
        json.put("weightUnit", written.weightUnit());
        json.put("totalWeight", written.totalWeight());
        json.put("operations", Double.isNaN(written.operations()) ? null : written.operations());
        json.put("collapsedFile", written.collapsedFile());
        json.put("threads", written.threads());
        MAPPER.writeValue(dir.resolve(name + ".json").toFile(), json);
        final Normalisation n = written.operations() > 0 ? Normalisation.PER_OP : Normalisation.PER_TOTAL;
        // async-profiler's own interactive graph of the recorded weights (zoom, search, reverse) ...
        Files.writeString(dir.resolve(name + ".html"), ConverterFlameGraph.html(stacks, converterTitle(written), false),
            StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(reversedHtml(name)), ConverterFlameGraph.html(stacks, converterTitle(written) +
            " (reversed: callers of the hottest frames)", true), StandardCharsets.UTF_8);
        // ... and ours, normalised (per operation when the operations are known), for which it has no unit
        final String html = FlameGraphHtml.render(
            FlameTree.of(stacks, n.scale(written)),
            "Flame graph: " + written.label() + " [" + written.impl() + "]",
            List.of("Profile: " + DifferentialProfile.describe(written) + ".", n.statement(written.weightUnit())),
            n.unit(written.weightUnit()), false);
        Files.writeString(dir.resolve(normalisedHtml(name)), html, StandardCharsets.UTF_8);
        return written;
    }

    /**
     * @param name a profile's base file name.
     * @return the file name of its converter graph in reverse (bottom-up) order.
     */
    public static String reversedHtml(final String name)
    {
        return name + "-reversed.html";
    }

    /**
     * @param name a profile's base file name.
     * @return the file name of its normalised graph (drawn by {@link FlameGraphHtml}).
     */
    public static String normalisedHtml(final String name)
    {
        return name + "-normalised.html";
    }

    /**
     * @param meta a saved profile's description.
     * @return the title of its converter graph: what, which implementation, the event that ran, the total
     *         weight and, with an operation count, the weight per operation.
     */
    static String converterTitle(final ProfileMeta meta)
    {
        final StringBuilder t = new StringBuilder(meta.label()).append(" [").append(meta.impl()).append("]: ")
            .append(meta.eventStatement()).append(", ").append(meta.totalWeight()).append(' ').append(meta.weightUnit());
        if (meta.operations() > 0)
        {
            t.append(String.format(Locale.ROOT, " over %.3g operations = %s", meta.operations(),
                FlameGraphHtml.fmt(meta.totalWeight() * Normalisation.PER_OP.scale(meta)) + " " +
                    Normalisation.PER_OP.unit(meta.weightUnit())));
        }
        return t.toString();
    }

    /**
     * @param metaFile a {@code <name>.json} written by {@link #save}.
     * @return the profile.
     * @throws ResultFileException naming the file and field when missing or malformed.
     */
    public static Loaded load(final Path metaFile)
    {
        if (!Files.isRegularFile(metaFile))
        {
            throw new ResultFileException(metaFile, null, "file not found");
        }
        final JsonNode node;
        try
        {
            node = MAPPER.readTree(metaFile.toFile());
        }
        catch (final IOException ex)
        {
            throw new ResultFileException(metaFile, "not valid JSON", ex);
        }
        final Map<String, Long> types = new TreeMap<>();
        final JsonNode typesNode = node.get("eventTypes");
        if (null != typesNode && typesNode.isObject())
        {
            typesNode.properties().forEach((e) -> types.put(e.getKey(), e.getValue().asLong()));
        }
        final JsonNode ops = node.get("operations");
        final ProfileMeta meta = new ProfileMeta(
            text(metaFile, node, "label"), text(metaFile, node, "impl"), text(metaFile, node, "requestedEvent"),
            text(metaFile, node, "engine"), types, text(metaFile, node, "weightUnit"),
            null == node.get("totalWeight") ? 0 : node.get("totalWeight").asLong(),
            null == ops || ops.isNull() ? Double.NaN : ops.asDouble(), text(metaFile, node, "collapsedFile"),
            node.path("threads").asText("all"));
        final Path collapsed = metaFile.resolveSibling(meta.collapsedFile());
        try
        {
            return new Loaded(meta, StackProfile.read(collapsed));
        }
        catch (final IOException ex)
        {
            throw new ResultFileException(collapsed, "cannot read collapsed stacks", ex);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ResultFileException(collapsed, null, ex.getMessage());
        }
    }

    private static String text(final Path file, final JsonNode node, final String field)
    {
        final JsonNode v = null == node ? null : node.get(field);
        if (null == v || !v.isTextual())
        {
            throw new ResultFileException(file, field, "missing or not a string");
        }
        return v.asText();
    }
}
