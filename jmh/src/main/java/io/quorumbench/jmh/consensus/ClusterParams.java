package io.quorumbench.jmh.consensus;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.Map;

/**
 * What both commit benchmarks measure: which registered protocol × implementation, with which
 * fsync policy. JMH reads the parameters of a benchmark's superclass as its own.
 */
@State(Scope.Thread)
public abstract class ClusterParams
{
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
        return CommitFixture.launch(protocol(), impl, ConsensusBenchSettings.fsyncPolicy(fsync), implementationOptions());
    }

    /**
     * The registered protocol measured: a {@code protocol} param of the concrete benchmark, or fixed by a
     * protocol's own benchmark (whose own params, e.g. Paxos's batch, would mean nothing to another).
     *
     * @return a protocol id of the registry, e.g. {@code raft}.
     */
    protected abstract String protocol();

    /**
     * Implementation options the cluster's core is built with; a subclass that measures a knob (e.g.
     * {@code io.quorumbench.jmh.paxos}'s batch and window) returns its params here.
     *
     * @return the options; none by default.
     */
    protected Map<String, String> implementationOptions()
    {
        return Map.of();
    }
}
