package io.quorumbench.loadgen.lock;

import io.quorumbench.api.client.ClientSession;
import io.quorumbench.api.client.ClusterClient;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.lock.LockClient;
import io.quorumbench.api.lock.LockResult;
import io.quorumbench.api.lock.LockServiceConfig;
import io.quorumbench.api.lock.LockServiceException;
import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.registry.EmbeddedCluster;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.api.registry.ImplementationKind;
import io.quorumbench.api.registry.Registry;
import io.quorumbench.api.registry.StateMachineKind;
import io.quorumbench.baseline.lock.BaselineLockStateMachine;
import io.quorumbench.cluster.ClusterImpl;
import io.quorumbench.cluster.ClusterRunner;
import io.quorumbench.conformance.soak.SoakScale;
import io.quorumbench.lockfree.lock.LockTableStateMachine;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock service by configuration ({@link StateMachineKind#LOCK}) on every registered pair with a
 * core (raft and paxos, tuned and baseline), embedded and as spawned member processes, through each
 * implementation's own client wrapped in a {@link LockClient}: a session opens, a lock is granted
 * with a token, a second session finds it busy and queues, the release hands it over with a higher
 * token, and the fenced resource refuses the old token. The paused holder: a holder that stops
 * calling (no keep-alives) loses its session; the next holder is granted after the lease and
 * lock-delay, writes, and the first holder's late write with its old token is refused.
 */
class LockServiceOnEveryPairTest
{
    private static final long MS = 1_000_000L;
    /**
     * The hand-off tests' lease: long, so that a call stalled on a loaded machine (spawned members,
     * a build beside them) does not expire a session the test needs; the paused holder's is short.
     */
    private static final long LEASE_NS = 30_000 * MS;
    private static final long PAUSED_LEASE_NS = 1_500 * MS;
    private static final long KEEP_ALIVE_NS = 100 * MS;
    private static final long CALL_TIMEOUT_NS = 5_000 * MS;
    private static final byte[] LOCK = "orders".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY = "orders/next".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    static List<Implementation> hostedPairs()
    {
        return Registry.discover().all().stream().filter((i) -> i.nodeFactory().isPresent()).toList();
    }

    /** The spawned pairs: all in the soak; in the default build's slice one tuned and one baseline of different protocols. */
    static List<Implementation> spawnedPairs()
    {
        final List<Implementation> all = hostedPairs();
        if (!SoakScale.isSlice())
        {
            return all;
        }
        return all.stream().filter((i) -> "paxos/lockfree".equals(i.id()) || "raft/baseline".equals(i.id())).toList();
    }

    private static ClusterContext context()
    {
        return new ClusterContext().stateMachine(StateMachineKind.LOCK).sessions(2).clientThreads(2)
            .maxCommandLength(512).maxInFlight(64).operationTimeoutNs(2_000 * MS);
    }

    private static byte[] value(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @MethodSource("hostedPairs")
    void shouldBuildEachImplementationsOwnLockStateMachine(final Implementation implementation)
    {
        final StateMachine machine = implementation.stateMachine(StateMachineKind.LOCK);
        final Class<?> expected = ImplementationKind.TUNED == implementation.kind() ?
            LockTableStateMachine.class : BaselineLockStateMachine.class;
        assertEquals(expected, machine.getClass(), implementation.id());
    }

    @ParameterizedTest
    @MethodSource("hostedPairs")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldOpenAcquireHandOffAndFenceOnAnEmbeddedCluster(final Implementation implementation)
    {
        try (EmbeddedCluster cluster = implementation.launch(context().dataDir(dir)))
        {
            handOffAndFence(cluster.openSession(0), cluster.openSession(1));
        }
    }

    @ParameterizedTest
    @MethodSource("hostedPairs")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRefuseAPausedHoldersWriteOnAnEmbeddedCluster(final Implementation implementation)
    {
        try (EmbeddedCluster cluster = implementation.launch(context().dataDir(dir)))
        {
            pausedHolder(cluster.openSession(0), cluster.openSession(1));
        }
    }

    /** Node processes of every pair run the lock service from their configuration's {@code state.machine=lock}. */
    @Tag("slow")
    @ParameterizedTest
    @MethodSource("spawnedPairs")
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldOpenAcquireHandOffAndFenceOnSpawnedMembers(final Implementation implementation)
    {
        final ClusterRunner runner = ClusterRunner.create(ClusterImpl.of(implementation), dir.resolve("cluster"), null, 3,
            System.getProperty("java.class.path"), ClusterRunner.Network.LOOPBACK,
            new ClusterRunner.NodeSettings(FsyncPolicy.NONE, true, StateMachineKind.LOCK));
        try
        {
            assertEquals(StateMachineKind.LOCK, runner.config().stateMachine());
            runner.start();
            runner.awaitLeader(90_000, -1, 0);
            try (ClusterClient client = implementation.connect(runner.config(), context()))
            {
                handOffAndFence(client.openSession(0), client.openSession(1));
            }
        }
        finally
        {
            final ClusterRunner.StopReport report = runner.stop(ClusterRunner.STOP_TIMEOUT_MS);
            assertTrue(report.leftover().isEmpty(), report.toString());
        }
    }

    private static void handOffAndFence(final ClientSession first, final ClientSession second)
    {
        try (LockClient a = new LockClient(first, LEASE_NS, KEEP_ALIVE_NS, CALL_TIMEOUT_NS);
            LockClient b = new LockClient(second, LEASE_NS, KEEP_ALIVE_NS, CALL_TIMEOUT_NS))
        {
            final long sessionA = a.openSession();
            final long sessionB = b.openSession();
            assertTrue(sessionA > 0 && sessionB > 0 && sessionA != sessionB, sessionA + ", " + sessionB);

            final long tokenA = a.acquire(LOCK, 2_000 * MS);
            assertTrue(tokenA > 0, "granted with a token");
            assertEquals(0, b.tryAcquire(LOCK), "held: tryAcquire answers busy");
            assertEquals(LockResult.OK, a.writeFenced(LOCK, tokenA, KEY, value("a")));
            assertEquals(LockResult.NOT_HOLDER, b.release(LOCK, tokenA), "release by a non-holder");
            assertEquals(LockResult.OK, a.release(LOCK, tokenA));

            final long tokenB = b.acquire(LOCK, 2_000 * MS);
            assertTrue(tokenB > tokenA, tokenB + " after " + tokenA);
            // the resource knows the tokens it has seen: once the new holder wrote, the old token is refused
            assertEquals(LockResult.OK, b.writeFenced(LOCK, tokenB, KEY, value("b")));
            assertEquals(LockResult.STALE_TOKEN, a.writeFenced(LOCK, tokenA, KEY, value("late")));
            assertEquals(LockResult.OK, b.release(LOCK, tokenB));
        }
    }

    private static void pausedHolder(final ClientSession first, final ClientSession second)
    {
        final LockClient holder = new LockClient(first, PAUSED_LEASE_NS, KEEP_ALIVE_NS, CALL_TIMEOUT_NS);
        try (LockClient next = new LockClient(second, PAUSED_LEASE_NS, KEEP_ALIVE_NS, CALL_TIMEOUT_NS))
        {
            holder.openSession();
            next.openSession();
            final long oldToken = holder.acquire(LOCK, 2_000 * MS);
            assertTrue(oldToken > 0);
            assertEquals(LockResult.OK, holder.writeFenced(LOCK, oldToken, KEY, value("before the pause")));

            // the holder is paused from here: it sends nothing, not even keep-alives, while the next
            // client waits in the queue (polling) past the holder's lease and the lock-delay
            final long waitStartNs = System.nanoTime();
            final long newToken = next.acquire(LOCK, 10 * PAUSED_LEASE_NS);
            final long waitedNs = System.nanoTime() - waitStartNs;
            assertTrue(newToken > oldToken, newToken + " after " + oldToken);
            assertTrue(waitedNs >= LockServiceConfig.LOCK_DELAY_NS_DEFAULT,
                "granted only after the lease ran out and the lock-delay: waited " + waitedNs / MS + " ms");
            assertEquals(LockResult.OK, next.writeFenced(LOCK, newToken, KEY, value("new holder")));

            // the holder wakes and writes as if it still held the lock
            assertEquals(LockResult.STALE_TOKEN, holder.writeFenced(LOCK, oldToken, KEY, value("stale")),
                "the fenced resource must refuse the paused holder's old token");
            final LockServiceException gone = assertThrows(LockServiceException.class, holder::keepAliveIfDue);
            assertTrue(LockResult.UNKNOWN_SESSION == gone.status() || LockResult.EXPIRED == gone.status(), gone.getMessage());
        }
    }
}
