package io.quorumbench.jmh.lock;

import io.quorumbench.api.lock.LockClient;
import io.quorumbench.api.lock.LockResult;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.api.registry.StateMachineKind;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The replicated lock round trip: acquire a free lock and release it (two commits: the Acquire,
 * stamped by the leader and answered GRANTED with its token, then the Release), through a 3-node
 * cluster of any registered pair running the lock service ({@code Implementation.launch} with
 * {@link StateMachineKind#LOCK}, the registry's embedded cluster) and a {@link LockClient} on that
 * implementation's own session, keep-alives included as they fall due. The next to {@code
 * jmh.consensus.CommitLatencyBenchmark}'s one-commit figure, this is what a lock costs a client:
 * about two commit round trips.
 *
 * <p>The run checks itself: every acquire must be granted with a token higher than the last, and
 * every release answered OK, or the trial fails.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread)
public class LockRoundTripBenchmark
{
    private static final byte[] LOCK = "bench".getBytes(StandardCharsets.US_ASCII);
    private static final long LEASE_NS = 5_000_000_000L;
    private static final long KEEP_ALIVE_NS = 1_000_000_000L;
    private static final long CALL_TIMEOUT_NS = 10_000_000_000L;

    /** The log: {@code raft} or {@code paxos}. */
    @Param({ "raft", "paxos" })
    public String protocol;

    /** {@code lockfree} or {@code baseline}. */
    @Param({ "lockfree", "baseline" })
    public String impl;

    private EmbeddedCluster cluster;
    private LockClient client;
    private long lastToken;

    /**
     * Launch the lock service and open a session.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        cluster = Registry.discover().get(protocol, impl).launch(new ClusterContext().stateMachine(StateMachineKind.LOCK)
            .maxCommandLength(256).clientThreads(1).maxInFlight(16));
        client = new LockClient(cluster.openSession(0), LEASE_NS, KEEP_ALIVE_NS, CALL_TIMEOUT_NS);
        client.openSession();
    }

    /**
     * Close the session and the cluster.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (null != client)
        {
            client.close();
        }
        if (null != cluster)
        {
            cluster.close();
        }
    }

    /**
     * Acquire the lock (free, so granted at once) and release it.
     *
     * @return the grant's fencing token.
     */
    @Benchmark
    public long acquireRelease()
    {
        final long token = client.acquire(LOCK, CALL_TIMEOUT_NS);
        if (token <= lastToken)
        {
            throw new IllegalStateException("token " + token + " after " + lastToken + ": not granted, or not increasing");
        }
        lastToken = token;
        final byte status = client.release(LOCK, token);
        if (LockResult.OK != status)
        {
            throw new IllegalStateException("release answered " + LockResult.name(status));
        }
        return token;
    }
}
