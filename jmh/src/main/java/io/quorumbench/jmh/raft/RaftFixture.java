package io.quorumbench.jmh.raft;

import io.quorumbench.api.consensus.FsyncPolicy;

/**
 * A running 3-node cluster of one implementation with one client session, as the commit
 * benchmarks drive it. Every method checks what comes back: the nodes run a
 * {@link io.quorumbench.api.kv.CountingStateMachine}, so the n-th command of the session must be
 * answered "committed, count n"; a rejection, a wrong count or sequence, or no answer within
 * {@link RaftBenchSettings#COMMIT_TIMEOUT_MS} throws {@link IllegalStateException}.
 *
 * <p><b>Threading</b>: one benchmark thread; {@link #close()} from the same thread.
 */
public interface RaftFixture extends AutoCloseable
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
     * Launch a cluster of the named implementation and wait for its leader.
     *
     * @param impl        {@code baseline} or {@code lockfree}.
     * @param fsyncPolicy durability of every node's log.
     * @return the running fixture.
     * @throws IllegalArgumentException if {@code impl} is unknown.
     */
    static RaftFixture launch(final String impl, final FsyncPolicy fsyncPolicy)
    {
        return launch(impl, fsyncPolicy, RaftBenchSettings.dataRoot());
    }

    /**
     * Launch a cluster with its data (and Aeron directory) in a fresh directory under {@code root}.
     *
     * @param impl        {@code baseline} or {@code lockfree}.
     * @param fsyncPolicy durability of every node's log.
     * @param root        parent of the cluster's directory, deleted again by {@link #close()}.
     * @return the running fixture.
     * @throws IllegalArgumentException if {@code impl} is unknown.
     */
    static RaftFixture launch(final String impl, final FsyncPolicy fsyncPolicy, final java.nio.file.Path root)
    {
        return switch (impl)
        {
            case "baseline" -> new BaselineRaftFixture(fsyncPolicy, root);
            case "lockfree" -> new LockfreeRaftFixture(fsyncPolicy, root);
            default -> throw new IllegalArgumentException("unknown raft impl '" + impl + "', expected baseline or lockfree");
        };
    }
}
