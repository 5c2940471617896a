package io.quorumbench.api.registry;

import java.util.Objects;

/**
 * How one member of an implementation runs as a process of its own: the main class, run as
 * {@code mainClass --config FILE --node ID} with the cluster file's format
 * ({@link io.quorumbench.api.cluster.ClusterConfig}), and the port range that generated
 * configurations take free ports from (each implementation has its own range, so clusters of
 * different implementations can run side by side).
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
