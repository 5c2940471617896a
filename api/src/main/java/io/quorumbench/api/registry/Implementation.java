package io.quorumbench.api.registry;

import io.quorumbench.api.client.ClusterClient;
import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.consensus.StateMachine;

import java.util.Map;
import java.util.Optional;

/**
 * One protocol × implementation pair, everything the harness needs of it in one place: its
 * deterministic core for the conformance kit, how to run it in this process and as node processes,
 * its client, and its tuning options. Each implementation module declares its pairs as services
 * ({@code META-INF/services/io.quorumbench.api.registry.Implementation}); {@link Registry} finds
 * them, and every entry point (load generator, cluster runner, benchmarks, gate, report) goes
 * through it, so a new protocol or implementation is added here and nowhere else.
 *
 * <p>Implementations must be stateless and have a public no-argument constructor.
 */
public interface Implementation
{
    /**
     * @return the protocol implemented.
     */
    Protocol protocol();

    /**
     * The implementation's name on command lines and in results, unique per protocol.
     *
     * @return e.g. {@code baseline}, {@code lockfree}, {@code aeron-cluster}, {@code ratis}.
     */
    String impl();

    /**
     * @return what it is in a comparison.
     */
    ImplementationKind kind();

    /**
     * A line for help texts and reports.
     *
     * @return e.g. {@code "tuned Raft: Aeron IPC/UDP, Agrona agents, flyweights, mapped log"}.
     */
    String description();

    /**
     * The pair's id, {@code protocol/impl}.
     *
     * @return e.g. {@code raft/lockfree}.
     */
    default String id()
    {
        return protocol().id() + "/" + impl();
    }

    /**
     * The deterministic core the conformance kit simulates; empty for engines whose core cannot
     * be driven step by step (peers).
     *
     * @return the node factory.
     */
    Optional<ProtocolNodeFactory> nodeFactory();

    /**
     * The core for nodes that share one JVM with the rest of their cluster (an embedded cluster, a
     * commit benchmark's fixture): the same protocol as {@link #nodeFactory()}, sized for N nodes
     * on one machine (e.g. smaller log segments). The JMH commit fixtures take their core from
     * here, so a registered protocol is benchmarked without code of its own in {@code jmh/}.
     *
     * @return the node factory; by default {@link #nodeFactory()}.
     */
    default Optional<ProtocolNodeFactory> embeddedNodeFactory()
    {
        return nodeFactory();
    }

    /**
     * A fresh state machine of a kind for one of this implementation's nodes: the shared ones by
     * default ({@link StateMachineKind#create()}); an implementation that runs the lock service
     * returns its own lock state machine for {@link StateMachineKind#LOCK} (and runs its nodes in
     * {@link io.quorumbench.api.lock.LockServiceNode}).
     *
     * @param kind the application.
     * @return the state machine.
     * @throws IllegalStateException if this implementation does not run that kind.
     */
    default StateMachine stateMachine(final StateMachineKind kind)
    {
        return kind.create();
    }

    /**
     * {@link #embeddedNodeFactory()} with implementation options that shape the core (e.g. Paxos's
     * {@code batch} and {@code window}); options of the host or client are ignored here. The commit
     * benchmarks and embedded clusters take their core from here.
     *
     * @param options declared {@link #options() options}, already checked by {@link ClusterContext#checkOptions}.
     * @return the node factory; by default {@link #embeddedNodeFactory()}, which no option shapes.
     * @throws IllegalArgumentException for a bad value.
     */
    default Optional<ProtocolNodeFactory> embeddedNodeFactory(final Map<String, String> options)
    {
        return embeddedNodeFactory();
    }

    /**
     * How a member runs as a process of its own ({@code scripts/cluster}, {@code --spawn-cluster}).
     *
     * @return the process description.
     */
    NodeProcess nodeProcess();

    /**
     * The implementation-specific {@link ClusterContext#option options} it accepts, each with a
     * line saying what it does and its default.
     *
     * @return key to description, ordered.
     */
    Map<String, String> options();

    /**
     * Refuse bad values of declared options before anything starts ({@link ClusterContext#checkOptions}
     * calls it after checking the keys), so a tool reports them as usage errors rather than a member
     * process failing later.
     *
     * @param context the settings, concluded.
     * @throws IllegalArgumentException naming the option and the accepted values.
     */
    default void checkOptionValues(final ClusterContext context)
    {
    }

    /**
     * Start a cluster in this process, wait for its first leader, and return it with its client.
     *
     * @param context the settings; concluded and checked against {@link #options()} here.
     * @return the running cluster; the caller closes it.
     * @throws IllegalArgumentException for bad settings.
     * @throws IllegalStateException if the cluster does not elect a leader in time.
     */
    EmbeddedCluster launch(ClusterContext context);

    /**
     * A client of a running cluster of node processes of this implementation.
     *
     * @param cluster the cluster's configuration (members and their endpoints).
     * @param context the client's settings (node-side ones unused).
     * @return the client; it fails fast, naming the endpoints, when no member is reachable.
     */
    ClusterClient connect(ClusterConfig cluster, ClusterContext context);
}
