package io.quorumbench.api.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How one member of an implementation runs as a process of its own: the main class, run as
 * {@code mainClass --config FILE --node ID} with the cluster file's format
 * ({@link io.quorumbench.api.cluster.ClusterConfig}), and the port range that generated
 * configurations take free ports from (each implementation has its own range, so clusters of
 * different implementations can run side by side). A member gets the implementation options of
 * its cluster ({@link ClusterContext#option}) as system properties {@value #OPTION_PROPERTY_PREFIX}KEY,
 * which its main reads back with {@link #options(Properties)}.
 *
 * @param mainClass          fully qualified name of the node's main class.
 * @param firstPort          first port of the range for generated configurations.
 * @param lastPort           last port of the range, inclusive.
 * @param transport          how nodes talk.
 * @param usesAeronDirectory whether a node runs an embedded Aeron media driver whose directory
 *                           ({@code -Daeron.dir}) the runner must give it and remove after it.
 */
public record NodeProcess(String mainClass, int firstPort, int lastPort, Transport transport, boolean usesAeronDirectory)
{
    /** Prefix of the system properties that carry implementation options to a member process. */
    public static final String OPTION_PROPERTY_PREFIX = "qb.option.";

    /**
     * The JVM flag that passes one implementation option to a member process.
     *
     * @param key   the option's key.
     * @param value its value.
     * @return {@code -Dqb.option.KEY=VALUE}.
     */
    public static String optionFlag(final String key, final String value)
    {
        return "-D" + OPTION_PROPERTY_PREFIX + key + "=" + value;
    }

    /**
     * The implementation options a member process was given ({@link #optionFlag}).
     *
     * @param properties the process's system properties.
     * @return key to value, empty if none.
     */
    public static Map<String, String> options(final Properties properties)
    {
        final Map<String, String> options = new LinkedHashMap<>();
        for (final String name : properties.stringPropertyNames())
        {
            if (name.startsWith(OPTION_PROPERTY_PREFIX) && name.length() > OPTION_PROPERTY_PREFIX.length())
            {
                options.put(name.substring(OPTION_PROPERTY_PREFIX.length()), properties.getProperty(name));
            }
        }
        return options;
    }

    /**
     * Validates the description.
     */
    public NodeProcess
    {
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(transport, "transport");
        if (firstPort < 1024 || lastPort > 65535 || lastPort - firstPort < 15)
        {
            throw new IllegalArgumentException("need a port range of at least 16 in 1024..65535, got " +
                firstPort + ".." + lastPort);
        }
    }
}
