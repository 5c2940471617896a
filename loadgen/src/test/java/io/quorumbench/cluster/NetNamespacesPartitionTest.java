package io.quorumbench.cluster;

import io.quorumbench.api.registry.ClusterContext;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.loadgen.engine.Arrivals;
import io.quorumbench.loadgen.engine.LoadRun;
import io.quorumbench.loadgen.engine.RunConfig;
import io.quorumbench.loadgen.engine.RunResult;
import io.quorumbench.loadgen.target.LoadTarget;
import io.quorumbench.loadgen.target.RunningClusterTarget;
import io.quorumbench.loadgen.workload.KeyDistribution;
import io.quorumbench.loadgen.workload.kv.ConformanceHistoryChecker;
import io.quorumbench.loadgen.workload.kv.KvWorkload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real network namespaces (needs root and iproute2; skipped only without them): a 3-node process
 * cluster whose leader is cut away from the other two elects a new leader among them and keeps
 * committing for a client on this host; after the heal the old leader rejoins as a follower; the
 * stop leaves no namespace, veth or bridge. And the stale sweep removes what a dead run left.
 */
class NetNamespacesPartitionTest
{
    /** Node processes keep their data, logs and Aeron directories under the module's target/ (as in ClusterRunnerTest). A
     * load run over network namespaces: in loadgen, in the cluster package for its package-private helpers. */
    static final class TargetDirFactory implements TempDirFactory
    {
        @Override
        public Path createTempDirectory(final AnnotatedElementContext elementContext, final ExtensionContext extensionContext)
            throws IOException
        {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target", "cluster-test")), "run-");
        }
    }

    private static final long MS = 1_000_000L;
    private static final long LEADER_TIMEOUT_MS = 30_000;

    /** Node processes keep their data, logs and Aeron directories under the module's target/. */
    @TempDir(factory = TargetDirFactory.class)
    Path dir;

    @BeforeAll
    static void requireRootAndIp()
    {
        assumeTrue(NetNamespaces.effectiveUid() == 0, "network namespaces need root");
        boolean ip;
        try
        {
            ip = CommandRunner.SYSTEM.run(List.of("ip", "-V")).exitCode() == 0;
        }
        catch (final RuntimeException ex)
        {
            ip = false;
        }
        assumeTrue(ip, "network namespaces need iproute2's ip");
    }

    /**
     * Raft sections 5.2 and 6 (thesis 6.2, check-quorum / pre-vote for the tuned core): the
     * majority side elects a leader in a higher term and commits; the cut-off node cannot disrupt it
     * and follows it after the heal.
     */
    @ParameterizedTest
    @MethodSource("io.quorumbench.cluster.ClusterImpl#all")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldElectANewLeaderInTheMajorityKeepCommittingAndRejoinTheOldLeaderAfterHeal(final ClusterImpl impl)
    {
        final ClusterRunner runner = ClusterRunner.create(impl, dir.resolve(impl.id()), null, 3,
            System.getProperty("java.class.path"), ClusterRunner.Network.NETNS);
        final NetNamespaces net = runner.netNamespaces().orElseThrow();
        final NetNamespaces.Layout layout = net.layout();
        assertEquals(layout.nodeAddress(2), runner.config().member(2).peer().host());
        try
        {
            runner.start();
            final ClusterRunner.Leader first = runner.awaitLeader(LEADER_TIMEOUT_MS, -1, 0);

            runner.partition(new int[] {first.nodeId()});
            assertEquals(expectedCut(first.nodeId()), runner.cutLinks());
            final ClusterRunner.Leader second = runner.awaitLeader(LEADER_TIMEOUT_MS, first.nodeId(), first.term());
            assertNotEquals(first.nodeId(), second.nodeId());
            assertTrue(second.term() > first.term(), second + " after " + first);

            // the client, in the root namespace, still reaches every node: commits go on through the majority
            final RunResult result = load(impl, runner.configFile());
            assertTrue(result.ok() > 0, "commits while partitioned: " + result.ok());
            assertEquals(CheckVerdict.PASS, result.verification().history().verdict(), result.verification().details().toString());
            assertEquals(0L, result.verification().lostAckedWrites(), result.verification().details().toString());

            assertTrue(runner.heal() >= 4, "a route on both ends of two links");
            assertEquals("", runner.cutLinks());
            final ClusterRunner.RoleLine rejoined = awaitRejoin(runner, first.nodeId(), second.term());
            assertTrue(rejoined.term() >= second.term(), rejoined.toString());
        }
        finally
        {
            final ClusterRunner.StopReport report = runner.stop(ClusterRunner.STOP_TIMEOUT_MS);
            assertTrue(report.leftover().isEmpty(), report.toString());
            assertEquals(1, report.removedNetwork().size(), report.toString());
        }
        assertEquals(List.of(), net.leftovers());
        assertTrue(Files.notExists(runner.workDir().resolve(NetNamespaces.STATE_FILE)));
    }

    /** A SIGKILLed load generator leaves namespaces and orphaned nodes: the next run's sweep removes both. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldSweepTheNamespacesOfADeadOwnerAndKillItsOrphanedNodes() throws Exception
    {
        final NetNamespaces left = NetNamespaces.create(new int[] {1, 2}, false, CommandRunner.SYSTEM, deadPid());
        final NetNamespaces.Layout layout = left.layout();
        assertEquals(5, left.leftovers().size(), "two namespaces, two veths, a bridge: " + left.leftovers());
        final Process orphan = startIn(left, 1);

        final NetNamespaces.Sweep sweep = NetNamespaces.sweepStale(CommandRunner.SYSTEM);
        assertTrue(sweep.namespaces().containsAll(List.of(layout.namespace(1), layout.namespace(2))), sweep.toString());
        assertTrue(sweep.orphaned().contains(layout.namespace(1)) && !sweep.orphaned().contains(layout.namespace(2)),
            "only the namespace with a process in it has orphans: " + sweep);
        assertTrue(sweep.bridges().contains(layout.bridge()), sweep.toString());
        assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "the orphaned process was killed");
        assertEquals(List.of(), left.leftovers());
    }

    /** A detached cluster (scripts/cluster start) outlives its maker: never swept while a node runs in it. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldKeepADetachedClusterWhoseNodesStillRun() throws Exception
    {
        final NetNamespaces detached = NetNamespaces.create(new int[] {1, 2}, true, CommandRunner.SYSTEM, deadPid());
        final NetNamespaces.Layout layout = detached.layout();
        final Process node = startIn(detached, 2);
        try
        {
            final NetNamespaces.Sweep sweep = NetNamespaces.sweepStale(CommandRunner.SYSTEM);
            assertTrue(!sweep.namespaces().contains(layout.namespace(2)) && !sweep.bridges().contains(layout.bridge()),
                sweep.toString());
            assertTrue(node.isAlive(), "a detached cluster's node is left running");
            // the other node's namespace is empty: it goes, the running node's stays with the bridge
            assertTrue(sweep.namespaces().contains(layout.namespace(1)), sweep.toString());
            assertEquals(List.of("namespace " + layout.namespace(2), "link " + layout.rootVeth(2), "bridge " + layout.bridge()),
                detached.leftovers());
        }
        finally
        {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            detached.close();
        }
        assertEquals(List.of(), detached.leftovers());
    }

    private static long deadPid() throws Exception
    {
        final Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        return gone.pid();
    }

    private static Process startIn(final NetNamespaces net, final int nodeId) throws Exception
    {
        final List<String> command = new java.util.ArrayList<>(net.execPrefix(nodeId));
        command.addAll(List.of("sleep", "60"));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (CommandRunner.SYSTEM.check(List.of("ip", "netns", "pids", net.layout().namespace(nodeId))).isBlank())
        {
            assertTrue(System.nanoTime() - deadlineNs < 0, "the process did not appear in its namespace");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return process;
    }

    private static String expectedCut(final int cut)
    {
        final StringBuilder sb = new StringBuilder();
        for (int other = 1; other <= 3; other++)
        {
            if (other != cut)
            {
                sb.append(sb.length() == 0 ? "" : " ").append(Math.min(cut, other)).append('-').append(Math.max(cut, other));
            }
        }
        return sb.toString();
    }

    /** The old leader's log shows it following a term at least the new leader's, and not leading. */
    private static ClusterRunner.RoleLine awaitRejoin(final ClusterRunner runner, final int oldLeader, final long term)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LEADER_TIMEOUT_MS);
        while (true)
        {
            final Optional<ClusterRunner.RoleLine> line = runner.lastRoleLine(oldLeader);
            // the tuned node logs its own role (FOLLOWER node=self), the baseline node the leader it follows
            if (line.isPresent() && line.get().term() >= term &&
                !("LEADER".equals(line.get().role()) && line.get().nodeId() == oldLeader) &&
                !line.get().role().contains("CANDIDATE"))
            {
                return line.get();
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("node " + oldLeader + " did not rejoin in term >= " + term + "; last role line " +
                    line + "; nodes " + runner.describe());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private RunResult load(final ClusterImpl impl, final Path clusterFile)
    {
        // low rate, short: this checks that commits happen and are correct, not speed
        final RunConfig config = new RunConfig(300, Arrivals.CONSTANT, 3_000 * MS, 0, 1, 1024, 2_000 * MS, 17, false);
        final Path out = dir.resolve(impl.id() + "-run");
        final KvWorkload workload = new KvWorkload(100, KeyDistribution.UNIFORM, 0.99, 0.3, 0.2, 32, 10, 100_000,
            new ConformanceHistoryChecker(out.resolve("history.jsonl")));
        try (LoadTarget target = new RunningClusterTarget(impl.implementation(), clusterFile,
            new ClusterContext().maxCommandLength(256).clientThreads(4).operationTimeoutNs(2_000 * MS)))
        {
            return new LoadRun(config, target, workload, out, new PrintStream(OutputStream.nullOutputStream())).execute();
        }
    }
}
