package io.quorumbench.jmh.consensus;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;


/**
 * Commit latency of one command with nothing else in flight, through a 3-node cluster in this JVM:
 * submit, wait until the leader has it on a majority, applied it and answered. Sample-time mode,
 * so the median and the tail are recorded next to the mean.
 *
 * <p><b>Topologies</b> (see {@link BaselineCommitFixture} and {@link TunedCommitFixture}):
 * a baseline implementation is three {@code NodeServer}s of its core on loopback TCP with the blocking
 * {@code NodeClient}; a tuned one is {@code InProcessCluster} of its core over Aeron IPC with every
 * node on one agent thread and the ring-buffer client busy-polled from the benchmark thread.
 * The tuned topology wants two cores (benchmark thread + agent thread; the media driver is idle on
 * IPC); on a busy 2-core machine its latency includes descheduling.
 *
 * <p>{@code fsync}: {@code none} (page cache, the default) or {@code batch} (the leader and every
 * follower force their log before acknowledging; here a batch is one command, so one fsync per node
 * per commit, on the file system of {@code java.io.tmpdir}).
 *
 * <p>Every answer is checked (committed, count one more than the last); a rejection, a leader
 * change or a 10 s silence fails the run.
 *
 * <p>Abstract: {@link CommitLatencyBenchmark} measures it for any registered protocol ({@code -p protocol=...}); a
 * protocol's own benchmarks extend it with their knobs (e.g. {@code io.quorumbench.jmh.paxos}).
 */
@State(Scope.Thread)
public abstract class SingleCommitBenchmark extends ClusterParams
{
    private CommitFixture cluster;

    /**
     * Launch the cluster and wait for a leader; commit one command to prove the path works.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        cluster = launchCluster();
        cluster.commitOne();
    }

    /**
     * Stop the cluster; fails if it leaves threads, files or errors behind.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (null != cluster)
        {
            cluster.close();
        }
    }

    /**
     * Commit one command and wait for its answer.
     *
     * @return the count the state machine answered.
     */
    @Benchmark
    public long commit()
    {
        return cluster.commitOne();
    }
}
