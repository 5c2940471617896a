package io.quorumbench.cluster;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.registry.Implementation;
import io.quorumbench.loadgen.LoadGenCommand;
import io.quorumbench.loadgen.engine.SummaryWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The multi-host recipe of {@code cluster/README.md} on one machine: each member runs in its own
 * network namespace (a host of its own, with its own address) as the command {@code scripts/cluster
 * start-node N --config FILE} runs ({@link ClusterRunner#memberCommand}), started by this test and
 * known to nobody but the cluster file; {@code scripts/loadgen --protocol P --impl I --cluster FILE}
 * drives them from the root namespace, and the history it records is linearizable. Needs root and
 * iproute2 (skipped without them, as {@link NetNamespacesPartitionTest}).
 */
class ClusterFileLoadTest
{
    private static final int[] MEMBERS = {1, 2, 3};

    /** Members keep their data, logs and Aeron directories under the module's target/. */
    @TempDir(factory = NetNamespacesPartitionTest.TargetDirFactory.class)
    Path dir;

    @BeforeAll
    static void requireRootAndIp()
    {
        NetNamespacesPartitionTest.requireRootAndIp();
    }

    @ParameterizedTest
    @MethodSource("io.quorumbench.cluster.ClusterImpl#all")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @SuppressWarnings("unchecked")
    void shouldDriveMembersStartedFromTheClusterFileOnOtherHostsAndCheckTheHistory(final ClusterImpl impl) throws Exception
    {
        final NetNamespaces hosts = NetNamespaces.create(MEMBERS, false);
        final List<Process> members = new ArrayList<>();
        try
        {
            // absolute: a member's working directory is its own
            final Path clusterFile = ClusterRunner.writeNamespaceConfig(
                impl, dir.toAbsolutePath().resolve("cluster.properties"), hosts.layout(), FsyncPolicy.NONE);
            for (final int id : MEMBERS)
            {
                // what `scripts/cluster start-node N --config FILE` runs, on "host" N
                final List<String> command = new ArrayList<>(hosts.execPrefix(id));
                command.addAll(ClusterRunner.memberCommand(impl, clusterFile, id, System.getProperty("java.class.path"),
                    impl.usesAeron() ? dir.toAbsolutePath().resolve("aeron-node-" + id) : null, true));
                members.add(new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("node-" + id + ".log").toFile()).start());
            }

            final Implementation pair = impl.implementation();
            final Path out = dir.resolve("run");
            final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            // the warm-up covers the members' start and first election; a low rate: correctness, not speed
            final int exit = LoadGenCommand.execute(new String[] {"--protocol", pair.protocol().id(), "--impl", pair.impl(),
                "--cluster", clusterFile.toString(), "--rate", "300", "--duration", "5s", "--warmup", "2s", "--timeout", "2s",
                "--quiet", "--out", out.toString()}, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
            final String output = stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
            assertTrue(Files.exists(out.resolve("summary.json")), "a run was made (exit " + exit + "): " + output);

            final Map<String, Object> summary = SummaryWriter.read(out.resolve("summary.json"));
            final Map<String, Object> verdicts = (Map<String, Object>)summary.get("verdicts");
            assertEquals("PASS", verdicts.get("history"), "the history is linearizable: " + output);
            assertEquals(Boolean.TRUE, verdicts.get("linearizable"), output);
            assertEquals("PASS", verdicts.get("readBack"), output);
            assertEquals(0, ((Number)verdicts.get("lostAckedWrites")).intValue(), output);
            assertTrue(((Number)((Map<String, Object>)summary.get("requests")).get("ok")).longValue() > 0, output);
            final Map<String, Object> settings = (Map<String, Object>)((Map<String, Object>)summary.get("context")).get("settings");
            assertEquals("running-cluster", settings.get("topology"));
            assertEquals(pair.impl(), summary.get("impl"));
            assertEquals(pair.protocol().id(), settings.get("protocol"));
            assertTrue(settings.get("cluster").toString().contains(clusterFile.getFileName().toString()), settings.toString());
        }
        finally
        {
            for (final Process member : members)
            {
                // SIGTERM, as systemd or ssh would stop a member; then make sure
                member.destroy();
                if (!member.waitFor(10, TimeUnit.SECONDS))
                {
                    member.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            hosts.close();
        }
        assertEquals(List.of(), hosts.leftovers());
    }
}
