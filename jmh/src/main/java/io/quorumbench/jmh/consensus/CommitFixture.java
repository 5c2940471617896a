package io.quorumbench.jmh.consensus;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.ProtocolNodeFactory;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.lockfree.host.DirectNodeFactory;

import java.nio.file.Path;
import java.util.Map;

/**
 * A running 3-node cluster of one registered protocol × implementation with one client session, as the commit
 * benchmarks drive it. Every method checks what comes back: the nodes run a
 * {@link io.quorumbench.api.kv.CountingStateMachine}, so the n-th command of the session must be
 * answered "committed, count n"; a rejection, a wrong count or sequence, or no answer within
 * {@link ConsensusBenchSettings#COMMIT_TIMEOUT_MS} throws {@link IllegalStateException}.
 *
 * <p><b>Threading</b>: one benchmark thread; {@link #close()} from the same thread.
 */
public interface CommitFixture extends AutoCloseable
{
    /**
     * Commit one command with nothing else in flight and wait for its answer.
     *
     * @return the count the state machine answered (1, 2, 3, ...).
     */
    long commitOne();

    /**
     * Submit one more command without waiting (pipelined; answers come back in submission order).
     */
    void submit();

    /**
     * Wait for the answer of the oldest command submitted with {@link #submit()}.
     *
     * @return the count the state machine answered.
     */
    long awaitOldest();

    /**
     * Commands submitted and not yet answered.
     *
     * @return the count.
     */
    int inFlight();

    /**
     * Stop the cluster, check that it left no thread, driver directory or data behind.
     */
    @Override
    void close();

    /**
     * Launch a cluster of a registered protocol × implementation and wait for its leader.
     *
     * @param protocol    a protocol id of the registry, e.g. {@code raft}.
     * @param impl        an implementation of it, e.g. {@code baseline} or {@code lockfree}.
     * @param fsyncPolicy durability of every node's log.
     * @return the running fixture.
     * @throws IllegalArgumentException if the pair is not registered or has no core this fixture can host.
     */
    static CommitFixture launch(final String protocol, final String impl, final FsyncPolicy fsyncPolicy)
    {
        return launch(protocol, impl, fsyncPolicy, ConsensusBenchSettings.dataRoot());
    }

    /**
     * Launch a cluster with its data (and Aeron directory) in a fresh directory under {@code root}.
     *
     * <p>The pair comes from the registry ({@link Registry#discover()}): a {@link ImplementationKind#TUNED}
     * implementation runs on the tuned host ({@link TunedCommitFixture}, its core must be a
     * {@link DirectNodeFactory}), a {@link ImplementationKind#BASELINE} one on the baseline host
     * ({@link BaselineCommitFixture}); both take {@link Implementation#embeddedNodeFactory()}.
     * Peers (Aeron Cluster, Ratis) bring their own engines and are measured by {@code scripts/loadgen}.
     *
     * @param protocol    a protocol id of the registry, e.g. {@code raft}.
     * @param impl        an implementation of it, e.g. {@code baseline} or {@code lockfree}.
     * @param fsyncPolicy durability of every node's log.
     * @param root        parent of the cluster's directory, deleted again by {@link #close()}.
     * @return the running fixture.
     * @throws IllegalArgumentException if the pair is not registered or has no core this fixture can host.
     */
    static CommitFixture launch(final String protocol, final String impl, final FsyncPolicy fsyncPolicy, final Path root)
    {
        return launch(Registry.discover(), protocol, impl, fsyncPolicy, root);
    }

    /**
     * Launch a cluster whose core takes implementation options (e.g. Paxos's {@code batch} and
     * {@code window}), in a fresh directory under {@link ConsensusBenchSettings#dataRoot()}.
     *
     * @param protocol    a protocol id of the registry, e.g. {@code paxos}.
     * @param impl        an implementation of it.
     * @param fsyncPolicy durability of every node's log.
     * @param options     options the implementation declares ({@link Implementation#options()}).
     * @return the running fixture.
     * @throws IllegalArgumentException if the pair is not registered, has no core this fixture can host,
     *                                  or refuses an option.
     */
    static CommitFixture launch(
        final String protocol, final String impl, final FsyncPolicy fsyncPolicy, final Map<String, String> options)
    {
        return launch(Registry.discover(), protocol, impl, fsyncPolicy, ConsensusBenchSettings.dataRoot(), options);
    }

    /**
     * Launch a cluster of a pair from the given registry (a harness with its own list, tests).
     *
     * @param registry    where to find the pair.
     * @param protocol    a protocol id, e.g. {@code raft}.
     * @param impl        an implementation of it.
     * @param fsyncPolicy durability of every node's log.
     * @param root        parent of the cluster's directory, deleted again by {@link #close()}.
     * @return the running fixture.
     * @throws IllegalArgumentException if the pair is not registered or has no core this fixture can host.
     * @see #launch(String, String, FsyncPolicy, Path)
     */
    static CommitFixture launch(
        final Registry registry, final String protocol, final String impl, final FsyncPolicy fsyncPolicy, final Path root)
    {
        return launch(registry, protocol, impl, fsyncPolicy, root, Map.of());
    }

    /**
     * Launch a cluster of a pair from the given registry, its core built with implementation options
     * ({@link Implementation#embeddedNodeFactory(Map)}), checked as a launch checks them.
     *
     * @param registry    where to find the pair.
     * @param protocol    a protocol id, e.g. {@code paxos}.
     * @param impl        an implementation of it.
     * @param fsyncPolicy durability of every node's log.
     * @param root        parent of the cluster's directory, deleted again by {@link #close()}.
     * @param options     options the implementation declares, e.g. {@code batch=8}.
     * @return the running fixture.
     * @throws IllegalArgumentException if the pair is not registered, has no core this fixture can host,
     *                                  or refuses an option.
     */
    static CommitFixture launch(
        final Registry registry, final String protocol, final String impl, final FsyncPolicy fsyncPolicy, final Path root,
        final Map<String, String> options)
    {
        final Implementation implementation = registry.get(protocol, impl);
        final ClusterContext context = new ClusterContext();
        options.forEach(context::option);
        context.conclude().checkOptions(implementation);
        final ProtocolNodeFactory factory = implementation.embeddedNodeFactory(options).orElseThrow(() -> new IllegalArgumentException(
            implementation.id() + " has no node core to host: measure it with scripts/loadgen"));
        return switch (implementation.kind())
        {
            case TUNED ->
            {
                if (!(factory instanceof DirectNodeFactory direct))
                {
                    throw new IllegalArgumentException(implementation.id() + " is tuned but its core " +
                        factory.getClass().getName() + " is not a DirectNodeFactory (the zero-copy host needs one)");
                }
                yield new TunedCommitFixture(implementation.id(), direct, fsyncPolicy, root);
            }
            case BASELINE -> new BaselineCommitFixture(implementation.id(), implementation.protocol(), factory, fsyncPolicy, root);
            case PEER -> throw new IllegalArgumentException(implementation.id() +
                " is a peer engine: the commit benchmarks host cores on this project's hosts; measure it with scripts/loadgen");
        };
    }
}
