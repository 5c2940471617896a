package io.quorumbench.jmh.consensus;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Commit latency ({@link SingleCommitBenchmark}) of any registered protocol × implementation.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class CommitLatencyBenchmark extends SingleCommitBenchmark
{
    /**
     * A protocol of the registry ({@code scripts/loadgen --list-impls} lists them); a suite pins the
     * ones it measures with {@code -p protocol=...}.
     */
    @Param({ "raft" })
    public String protocol;

    @Override
    protected String protocol()
    {
        return protocol;
    }
}
