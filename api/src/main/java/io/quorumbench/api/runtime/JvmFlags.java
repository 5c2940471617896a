package io.quorumbench.api.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The JVM flags of every quorumbench JVM, read from the one file that holds them
 * ({@code jvm.properties} next to this class, also read by the parent pom and the scripts): what a
 * process this harness starts (a cluster member, a benchmark fork) must be given, so a test, a
 * tool, a node and a fork never run with different access flags.
 */
public final class JvmFlags
{
    /** The resource, relative to this class. */
    public static final String RESOURCE = "jvm.properties";

    private static final Properties FLAGS = load();

    private JvmFlags()
    {
    }

    /**
     * The module access Agrona and Aeron need on JDK 17+ ({@code --add-exports}/{@code --add-opens}).
     *
     * @return the flags, one per element.
     */
    public static List<String> access()
    {
        return split("qb.jvm.access");
    }

    /**
     * Access flags and the fixed heap of a benchmark fork.
     *
     * @return the flags, one per element.
     */
    public static List<String> benchmarkFork()
    {
        return concat(access(), split("qb.jvm.heap.bench"));
    }

    /**
     * Access flags and the heap of one cluster member process.
     *
     * @return the flags, one per element.
     */
    public static List<String> node()
    {
        return concat(access(), split("qb.jvm.heap.node"));
    }

    private static List<String> concat(final List<String> a, final List<String> b)
    {
        final List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    private static List<String> split(final String key)
    {
        final String value = FLAGS.getProperty(key);
        if (null == value || value.isBlank())
        {
            throw new IllegalStateException(JvmFlags.class.getName() + ": " + RESOURCE + " has no " + key);
        }
        return List.copyOf(Arrays.asList(value.trim().split("\\s+")));
    }

    private static Properties load()
    {
        final Properties properties = new Properties();
        try (InputStream in = JvmFlags.class.getResourceAsStream(RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException(JvmFlags.class.getName() + ": resource " + RESOURCE + " missing from the classpath");
            }
            properties.load(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return properties;
    }
}
