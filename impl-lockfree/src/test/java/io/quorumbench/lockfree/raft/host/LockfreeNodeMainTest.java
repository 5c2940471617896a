package io.quorumbench.lockfree.raft.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three node processes over Aeron UDP on loopback elect a leader and stop cleanly on SIGTERM. */
class LockfreeNodeMainTest
{
    private static final int BASE_PORT = 20_600;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shouldElectALeaderAcrossProcessesAndShutDownOnSigterm() throws Exception
    {
        final Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        final Path dir = Files.createTempDirectory(tmp, "nodemain");
        final Path config = dir.resolve("cluster.properties");
        final StringBuilder properties = new StringBuilder("cluster.id=77\ncluster.members=1,2,3\nfsync=batch\n" +
            "election.timeout.min.ms=300\nelection.timeout.max.ms=600\nheartbeat.interval.ms=50\nmax.command.bytes=1024\n");
        for (int node = 1; node <= 3; node++)
        {
            properties.append("node.").append(node).append(".peer=127.0.0.1:").append(BASE_PORT + node).append('\n');
            properties.append("node.").append(node).append(".client=127.0.0.1:").append(BASE_PORT + 10 + node).append('\n');
            properties.append("node.").append(node).append(".data=data/node-").append(node).append('\n');
        }
        Files.writeString(config, properties.toString());

        final List<Process> processes = new ArrayList<>();
        final List<Path> logs = new ArrayList<>();
        try
        {
            for (int node = 1; node <= 3; node++)
            {
                final Path log = dir.resolve("node-" + node + ".log");
                logs.add(log);
                final List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                    "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                    "-Daeron.dir=" + dir.resolve("aeron-" + node),
                    "-Djava.io.tmpdir=" + dir,
                    "-cp", System.getProperty("java.class.path"),
                    LockfreeNodeMain.class.getName(), "--config", config.toString(), "--node", String.valueOf(node)));
                processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
            }

            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int leaderLines = 0;
            while (leaderLines == 0 && System.nanoTime() < deadlineNs)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                leaderLines = 0;
                for (final Path log : logs)
                {
                    leaderLines += count(log, "LEADER node=");
                }
            }
            assertTrue(leaderLines > 0, "a LEADER line within 60 s: " + read(logs));

            for (final Process process : processes)
            {
                process.destroy();
            }
            for (int i = 0; i < processes.size(); i++)
            {
                assertTrue(processes.get(i).waitFor(20, TimeUnit.SECONDS), "node " + (i + 1) + " stops on SIGTERM");
                // 143 = 128 + SIGTERM: the JVM reports the signal after running the shutdown hooks.
                final int exit = processes.get(i).exitValue();
                assertTrue(0 == exit || 143 == exit, "exit " + exit + ": " + read(logs));
                assertEquals(1, count(logs.get(i), "STOPPED node="), read(logs));
                assertFalse(Files.exists(dir.resolve("aeron-" + (i + 1))), "aeron dir deleted");
                assertTrue(Files.exists(dir.resolve("data/node-" + (i + 1) + "/raft-state.dat")));
            }
            assertEquals(0, count(logs, " error"), read(logs));
        }
        finally
        {
            for (final Process process : processes)
            {
                process.destroyForcibly();
            }
            IoUtil.delete(dir.toFile(), true);
        }
    }

    private static int count(final Path log, final String needle) throws IOException
    {
        if (!Files.exists(log))
        {
            return 0;
        }
        int count = 0;
        for (final String line : Files.readAllLines(log, StandardCharsets.UTF_8))
        {
            if (line.contains(needle))
            {
                count++;
            }
        }
        return count;
    }

    private static int count(final List<Path> logs, final String needle) throws IOException
    {
        int count = 0;
        for (final Path log : logs)
        {
            count += count(log, needle);
        }
        return count;
    }

    private static String read(final List<Path> logs) throws IOException
    {
        final StringBuilder text = new StringBuilder();
        for (final Path log : logs)
        {
            text.append("--- ").append(log.getFileName()).append(File.separatorChar == '/' ? "\n" : "\r\n");
            if (Files.exists(log))
            {
                text.append(Files.readString(log));
            }
        }
        return text.toString();
    }
}
