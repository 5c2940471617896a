package io.quorumbench.jmh.consensus;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;


/**
 * Commits per second from one client keeping a window of commands in flight through a 3-node
 * cluster in this JVM. One operation is one commit: wait for the oldest command's answer (checked:
 * committed, count one more than the last), then submit one more, so the window stays full.
 *
 * <p>Same topologies as {@link SingleCommitBenchmark}, except that the baseline pipelines
 * over one TCP connection to the leader with {@link BaselinePipelinedClient} (its own client holds
 * one command at a time). {@code window}: commands in flight; the baseline's session table
 * remembers the last 1024 per client, so 1024 is the largest window it can retry safely.
 *
 * <p>The window is filled in the trial's setup and left in flight between iterations; answers
 * that arrive during JMH's pauses are counted in the next iteration, a negligible edge at these rates.
 *
 * <p>Abstract: {@link CommitThroughputBenchmark} measures it for any registered protocol ({@code -p protocol=...}); a
 * protocol's own benchmarks extend it with their knobs (e.g. {@code io.quorumbench.jmh.paxos}).
 */
@State(Scope.Thread)
public abstract class PipelinedCommitBenchmark extends ClusterParams
{
    /** Commands in flight. */
    @Param({ "64", "256", "1024" })
    public int window;

    private CommitFixture cluster;

    /**
     * Launch the cluster, wait for a leader and fill the window.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        if (window < 1 || window > 1024)
        {
            throw new IllegalArgumentException("window must be 1..1024, got " + window);
        }
        cluster = launchCluster();
        for (int i = 0; i < window; i++)
        {
            cluster.submit();
        }
    }

    /**
     * Drain the window, so every command submitted was answered and checked, then stop the cluster.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (null != cluster)
        {
            try
            {
                while (cluster.inFlight() > 0)
                {
                    cluster.awaitOldest();
                }
            }
            finally
            {
                cluster.close();
            }
        }
    }

    /**
     * One commit: the oldest command's answer, and one more command into the window.
     *
     * @return the count the state machine answered.
     */
    @Benchmark
    public long commit()
    {
        final long count = cluster.awaitOldest();
        cluster.submit();
        return count;
    }
}
