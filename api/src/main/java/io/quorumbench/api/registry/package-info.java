/**
 * The one registry of protocol × implementation pairs. Each pair is an
 * {@link io.quorumbench.api.registry.Implementation} declared as a service by the module that holds
 * it (impl-baseline, impl-lockfree, peers); {@link io.quorumbench.api.registry.Registry#discover()}
 * finds them. An implementation gives its deterministic core to the conformance kit, launches an
 * {@link io.quorumbench.api.registry.EmbeddedCluster} in this process from a
 * {@link io.quorumbench.api.registry.ClusterContext}, connects a
 * {@link io.quorumbench.api.client.ClusterClient} to node processes, and describes those processes
 * ({@link io.quorumbench.api.registry.NodeProcess}); the load generator, the cluster runner, the
 * benchmarks, the gate and the report take every choice from here.
 */
package io.quorumbench.api.registry;
