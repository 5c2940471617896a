/**
 * Static cluster membership and settings shared by every host: which nodes exist, where they
 * listen for peers and clients, where they keep their durable state, and the protocol timings.
 *
 * <p>{@link io.quorumbench.api.cluster.ClusterConfig#load(java.nio.file.Path)} reads a
 * {@code java.util.Properties} file; both the baseline (TCP) and the tuned (Aeron) hosts, the
 * cluster runner and the load generator read the same file, so a run is described once.
 */
package io.quorumbench.api.cluster;
