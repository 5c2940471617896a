package io.quorumbench.jmh.paxos;

import io.quorumbench.jmh.consensus.PipelinedCommitBenchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link PipelinedCommitBenchmark} (commits per second, a client window of commands in flight through
 * a 3-node cluster in this JVM) of Multi-Paxos over its two knobs: {@code batch} (most commands in one
 * slot's value) × {@code slots} (the Paxos window: slots in phase 2 at once), tuned and baseline
 * ({@code scripts/jmh --suite paxos}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class PaxosBatchThroughputBenchmark extends PipelinedCommitBenchmark
{
    /** Most commands in one slot's value: a count, or {@code adaptive} (bounded by bytes only). */
    @Param({ "1", "8", "64", "adaptive" })
    public String batch;

    /** The Paxos window: slots the leader keeps in phase 2 at once. */
    @Param({ "1", "16", "256" })
    public String slots;

    @Override
    protected String protocol()
    {
        return PaxosKnobs.PROTOCOL;
    }

    @Override
    protected Map<String, String> implementationOptions()
    {
        return PaxosKnobs.options(batch, slots);
    }
}
