package io.quorumbench.analysis.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Refuses to compare unlike with like: two runs are comparable only when the fields that change
 * what is measured agree (JDK, cores, durability, transport, cluster size, suite). Fields are dotted
 * paths into {@code context.json} (schema version 1 of {@code io.quorumbench.api.results.RunContext}; settings are
 * strings there).
 */
public final class ContextCheck
{
    /** Fields that must agree unless the user forces the comparison. */
    public static final List<String> FIELDS_DEFAULT = List.of(
        "kind", "suite", "jdkVersion", "vmName", "cores",
        "settings.fsync", "settings.transport", "settings.nodes", "settings.messageSize", "settings.rate");

    private ContextCheck()
    {
    }

    /**
     * @param a      context of A as parsed JSON (nested maps).
     * @param b      context of B.
     * @param fields dotted field paths that must agree; a field absent from both agrees.
     * @return one line per disagreeing field, naming it and both values; empty when comparable.
     */
    public static List<String> mismatches(final Map<String, Object> a, final Map<String, Object> b, final List<String> fields)
    {
        final List<String> out = new ArrayList<>();
        for (final String field : fields)
        {
            final Object va = lookup(a, field);
            final Object vb = lookup(b, field);
            if (!Objects.equals(normalise(va), normalise(vb)))
            {
                out.add(field + ": A=" + (null == va ? "(absent)" : va) + ", B=" + (null == vb ? "(absent)" : vb));
            }
        }
        return out;
    }

    /**
     * @param root  nested maps.
     * @param field dotted path.
     * @return the value, or {@code null} when any step is absent.
     */
    public static Object lookup(final Map<String, Object> root, final String field)
    {
        Object node = root;
        for (final String step : field.split("\\."))
        {
            if (!(node instanceof Map<?, ?> map))
            {
                return null;
            }
            node = map.get(step);
        }
        return node;
    }

    private static Object normalise(final Object value)
    {
        // 4 and 4.0 and "4" are the same node count whichever way a writer spelled it.
        if (value instanceof Number n)
        {
            return n.doubleValue();
        }
        if (value instanceof String s)
        {
            try
            {
                return Double.parseDouble(s);
            }
            catch (final NumberFormatException ex)
            {
                return s;
            }
        }
        return value;
    }
}
