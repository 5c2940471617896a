package io.quorumbench.cluster;

import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.registry.NodeProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterRunnerTest
{
    private static final long LEADER_TIMEOUT_MS = 90_000;

    /** Node processes keep their data, logs and Aeron directories under the module's target/. */
    @TempDir(factory = TargetDirFactory.class)
    Path dir;

    /** Temporary directories under {@code target/} rather than java.io.tmpdir. */
    static final class TargetDirFactory implements org.junit.jupiter.api.io.TempDirFactory
    {
        @Override
        public Path createTempDirectory(
            final org.junit.jupiter.api.extension.AnnotatedElementContext elementContext,
            final org.junit.jupiter.api.extension.ExtensionContext extensionContext) throws java.io.IOException
        {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target", "cluster-test")), "run-");
        }
    }

    /**
     * Three node processes elect a leader; SIGKILL of the leader leads to a new one in a higher
     * term (Raft section 5.2); SIGSTOP/SIGCONT and restart work; stop leaves no process and no
     * Aeron directory. Slow: six JVMs start on a small machine.
     */
    @Tag("slow")
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    @ParameterizedTest
    @MethodSource("io.quorumbench.cluster.ClusterImpl#all")
    void shouldElectANewLeaderAfterTheLeaderIsKilledAndStopCleanly(final ClusterImpl impl) throws Exception
    {
        // non-default node settings, so that they are shown to reach the nodes
        final ClusterRunner runner = ClusterRunner.create(impl, dir.resolve(impl.id()), null, 3, System.getProperty("java.class.path"),
            ClusterRunner.Network.LOOPBACK, new ClusterRunner.NodeSettings(FsyncPolicy.NONE, true));
        assertEquals(FsyncPolicy.NONE, runner.config().fsyncPolicy());
        final List<ProcessHandle> started = new ArrayList<>();
        try
        {
            runner.start();
            for (final int id : runner.config().memberIds())
            {
                started.add(runner.process(id).orElseThrow());
            }
            final ClusterRunner.Leader first = runner.awaitLeader(LEADER_TIMEOUT_MS, -1, 0);
            if (impl.usesAeron())
            {
                // the leader's log: it printed its settings before its first role line; another
                // node may not have printed anything yet (node 1 had not, once, on a loaded machine)
                final String log = Files.readString(runner.workDir().resolve("node-" + first.nodeId() + ".log"),
                    StandardCharsets.UTF_8);
                assertTrue(log.contains("idle=yield"), log);
            }

            runner.kill(first.nodeId());
            assertEquals(ClusterRunner.NodeState.DOWN, runner.state(first.nodeId()));
            final ClusterRunner.Leader second = runner.awaitLeader(LEADER_TIMEOUT_MS, first.nodeId(), first.term());
            assertNotEquals(first.nodeId(), second.nodeId());
            assertTrue(second.term() > first.term(), second + " after " + first);

            final int follower = otherThan(runner, first.nodeId(), second.nodeId());
            runner.pause(follower);
            assertEquals(ClusterRunner.NodeState.PAUSED, runner.state(follower));
            runner.resume(follower);
            assertEquals(ClusterRunner.NodeState.RUNNING, runner.state(follower));

            runner.restart(first.nodeId());
            started.add(runner.process(first.nodeId()).orElseThrow());
            assertEquals(ClusterRunner.NodeState.RUNNING, runner.state(first.nodeId()));
        }
        finally
        {
            final ClusterRunner.StopReport report = runner.stop(ClusterRunner.STOP_TIMEOUT_MS);
            assertTrue(report.leftover().isEmpty(), report.toString());
        }
        for (final ProcessHandle process : started)
        {
            assertFalse(process.isAlive(), "node process " + process.pid() + " left running");
        }
        for (final int id : runner.config().memberIds())
        {
            assertFalse(Files.exists(runner.aeronDir(id)), "Aeron directory left: " + runner.aeronDir(id));
            assertEquals(ClusterRunner.NodeState.DOWN, runner.state(id));
        }
    }

    private static int otherThan(final ClusterRunner runner, final int a, final int b)
    {
        for (final int id : runner.config().memberIds())
        {
            if (id != a && id != b)
            {
                return id;
            }
        }
        throw new IllegalStateException("no third node");
    }

    @Test
    void shouldGiveEveryMemberTheImplementationOptionsAsSystemProperties()
    {
        final List<String> command = ClusterRunner.memberCommand(ClusterImpl.of("paxos", "lockfree"), dir.resolve("c.properties"),
            2, "cp", null, false, Map.of("batch", "8"));
        final int flag = command.indexOf("-Dqb.option.batch=8");
        assertTrue(flag > 0 && flag < command.indexOf(ClusterImpl.of("paxos", "lockfree").mainClass()), command.toString());
        final Properties properties = new Properties();
        properties.setProperty("qb.option.batch", "8");
        properties.setProperty("qb.other", "x");
        assertEquals(Map.of("batch", "8"), NodeProcess.options(properties));
    }

    @Test
    void shouldWriteTheRequestedFsyncPolicyAndKeepBatchAsTheDefault() throws Exception
    {
        // loadgen --spawn-cluster --fsync none ran batch-fsync nodes under a "fsync-none" scenario name
        final Path none = ClusterRunner.writeDefaultConfig(
            ClusterImpl.of("lockfree"), dir.resolve("none.properties"), 3, FsyncPolicy.NONE);
        assertEquals(FsyncPolicy.NONE, ClusterConfig.load(none).fsyncPolicy());
        final Path byDefault = ClusterRunner.writeDefaultConfig(ClusterImpl.of("lockfree"), dir.resolve("default.properties"), 3);
        assertEquals(FsyncPolicy.BATCH, ClusterConfig.load(byDefault).fsyncPolicy());
    }

    @Test
    void shouldWriteADefaultConfigWithDistinctPortsInTheImplementationsRange() throws Exception
    {
        for (final ClusterImpl impl : ClusterImpl.all())
        {
            final Path file = ClusterRunner.writeDefaultConfig(impl, dir.resolve(impl.id() + ".properties"), 3);
            final Properties p = new Properties();
            try (var reader = Files.newBufferedReader(file))
            {
                p.load(reader);
            }
            assertEquals("1,2,3", p.getProperty("cluster.members"));
            final List<Integer> ports = new ArrayList<>();
            for (int id = 1; id <= 3; id++)
            {
                for (final String kind : List.of("peer", "client"))
                {
                    final String endpoint = p.getProperty("node." + id + "." + kind);
                    assertTrue(endpoint.startsWith("127.0.0.1:"), endpoint);
                    final int port = Integer.parseInt(endpoint.substring(endpoint.indexOf(':') + 1));
                    assertTrue(port >= impl.firstPort() && port <= impl.lastPort(), impl + " port " + port);
                    assertFalse(ports.contains(port), "port " + port + " used twice");
                    ports.add(port);
                }
            }
        }
    }

    @Test
    void shouldRejectBadArgumentsWithUsageExitCode()
    {
        assertEquals(CommandLine.ExitCode.USAGE, run("start", "--impl", "paxos"));
        assertEquals(CommandLine.ExitCode.USAGE, run("frob"));
        assertEquals(CommandLine.ExitCode.USAGE, run("start", "--nodes", "0"));
        assertEquals(CommandLine.ExitCode.USAGE, run());
        assertEquals(CommandLine.ExitCode.USAGE, run("partition"));
        assertEquals(CommandLine.ExitCode.USAGE, run("partition", "1+x"));
        assertEquals(CommandLine.ExitCode.USAGE, run("heal", "1"));
        assertEquals(CommandLine.ExitCode.USAGE, run("status", "--netns"));
        assertEquals(CommandLine.ExitCode.USAGE, run("start", "--fsync", "sometimes", "--dir", dir.resolve("bad-fsync").toString()));
        assertEquals(CommandLine.ExitCode.USAGE, run("start", "--idle", "spin", "--dir", dir.resolve("bad-idle").toString()));
    }

    @Test
    void shouldRefuseToPartitionAClusterOutsideNetworkNamespaces()
    {
        final Path work = dir.resolve("loopback");
        ClusterRunner.create(ClusterImpl.of("baseline"), work, null, 3, System.getProperty("java.class.path"));
        // the command reports failed actions on System.err
        final PrintStream saved = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(ClusterCommand.EXIT_FAILED, run("partition", "2", "--impl", "baseline", "--dir", work.toString()));
            assertEquals(ClusterCommand.EXIT_FAILED, run("heal", "--impl", "baseline", "--dir", work.toString()));
        }
        finally
        {
            System.setErr(saved);
        }
        final String message = captured.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("start the cluster with --netns"), message);
        assertFalse(Files.exists(work.resolve(NetNamespaces.STATE_FILE)));
    }

    @Test
    void shouldFailStatusAndStopWhenNoClusterWasStarted()
    {
        assertEquals(ClusterCommand.EXIT_FAILED, run("status", "--impl", "baseline", "--dir", dir.resolve("none").toString()));
        assertEquals(ClusterCommand.EXIT_FAILED, run("stop", "--impl", "lockfree", "--dir", dir.resolve("none").toString()));
    }

    @Test
    void shouldRejectNodeCountsOutsideOneToNine()
    {
        final IllegalArgumentException ex = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> ClusterRunner.writeDefaultConfig(ClusterImpl.of("baseline"), dir.resolve("x.properties"), 10));
        assertTrue(ex.getMessage().contains("1..9"), ex.getMessage());
    }

    private int run(final String... args)
    {
        final CommandLine cli = ClusterCommand.commandLine(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), System.getProperty("java.class.path"));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }
}
