package io.quorumbench.api.consensus;

/**
 * Builds protocol nodes of one implementation, for the simulator, the hosts and the benchmarks.
 * A node built on a data directory that holds durable state recovers from it (restart).
 */
@FunctionalInterface
public interface ProtocolNodeFactory
{
    /**
     * Build (or rebuild after a crash) a node.
     *
     * @param config the node's configuration.
     * @return the node, recovered from {@code config.dataDir()} if state exists there.
     */
    ProtocolNode create(NodeConfig config);
}
