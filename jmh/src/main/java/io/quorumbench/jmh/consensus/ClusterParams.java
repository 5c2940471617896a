package io.quorumbench.jmh.consensus;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What both commit benchmarks measure: which registered protocol × implementation, with which
 * fsync policy. JMH reads the parameters of a benchmark's superclass as its own.
 */
@State(Scope.Thread)
public abstract class ClusterParams
{
    /**
     * A protocol of the registry ({@code scripts/loadgen --list-impls} lists them); a suite pins the
     * ones it measures with {@code -p protocol=...}.
     */
    @Param({ "raft" })
    public String protocol;

    /** An implementation of {@link #protocol} in the registry: {@code baseline} or {@code lockfree}. */
    @Param({ "baseline", "lockfree" })
    public String impl;

    /** Fsync policy of every node: {@code none} or {@code batch} (group commit). */
    @Param({ "none", "batch" })
    public String fsync;

    /**
     * Launch the cluster these parameters name and wait for its leader.
     *
     * @return the running fixture.
     */
    protected CommitFixture launchCluster()
    {
        return CommitFixture.launch(protocol, impl, ConsensusBenchSettings.fsyncPolicy(fsync));
    }
}
