package io.quorumbench.lockfree.raft;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.quorumbench.lockfree.host.ResponseHandler;
import io.quorumbench.lockfree.host.UdpClient;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three node processes over Aeron UDP on loopback elect a leader, commit KV puts from a UDP client
 * and stop cleanly on SIGTERM.
 */
class RaftNodeMainTest
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
                    RaftNodeMain.class.getName(), "--config", config.toString(), "--node", String.valueOf(node)));
                if (2 == node)
                {
                    // one node of each idle strategy: both must interoperate
                    command.addAll(List.of("--idle", "yield"));
                }
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
            assertEquals(1, count(logs.get(1), "idle=yield"), read(logs));
            assertEquals(1, count(logs.get(0), "idle=backoff"), read(logs));
            assertTrue(commitOverUdp(dir, 200) >= 200, "KV puts committed through the UDP client endpoints");

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

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldRejectAnUnknownIdleStrategyWithUsageAndExit2() throws Exception
    {
        final Process process = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
            "-cp", System.getProperty("java.class.path"),
            RaftNodeMain.class.getName(), "--config", "unused.properties", "--node", "1", "--idle", "spin")
            .redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("--idle: expected backoff or yield, got 'spin'"), output);
    }

    /** A client process-side: its own driver, a UdpClient, puts until {@code n} are committed. */
    private static int commitOverUdp(final Path dir, final int n)
    {
        final String aeronDir = dir.resolve("aeron-client").toString();
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDir)
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .publicationTermBufferLength(64 * 1024)
                .ipcTermBufferLength(64 * 1024));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            UdpClient client = new UdpClient(aeron, 1L << 40, new int[]{1, 2, 3},
                new String[]{"127.0.0.1:" + (BASE_PORT + 11), "127.0.0.1:" + (BASE_PORT + 12), "127.0.0.1:" + (BASE_PORT + 13)},
                "127.0.0.1:" + (BASE_PORT + 20)))
        {
            final java.util.BitSet committed = new java.util.BitSet();
            final java.util.List<String> rejections = new java.util.ArrayList<>();
            final ResponseHandler handler = new ResponseHandler()
            {
                @Override
                public void onCommitted(
                    final long clientId, final long sequence, final long logIndex, final org.agrona.DirectBuffer result,
                    final int offset, final int length)
                {
                    committed.set((int)sequence);
                }

                @Override
                public void onRejected(
                    final long clientId, final long sequence, final io.quorumbench.api.consensus.RejectReason reason,
                    final int leaderHint)
                {
                    rejections.add(reason + "@" + leaderHint);
                }
            };
            final byte[] bytes = new byte[64];
            final org.agrona.concurrent.UnsafeBuffer command = new org.agrona.concurrent.UnsafeBuffer(bytes);
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // Answers produced before a node's response publication connects are dropped, and a
            // retry of an applied command whose result has left the session's last few gets
            // LEADERSHIP_LOST (outcome unknown): announce first, send once all three connected back.
            while (client.connectedResponders() < 3 && System.nanoTime() < deadlineNs)
            {
                client.connect();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            long nextResendNs = 0;
            while (committed.cardinality() < n && System.nanoTime() < deadlineNs)
            {
                if (System.nanoTime() >= nextResendNs)
                {
                    // (Re)announce, then (re)send every command not yet committed; sessions dedup.
                    client.connect();
                    for (int seq = 1; seq <= n; seq++)
                    {
                        if (!committed.get(seq))
                        {
                            final int length = io.quorumbench.api.kv.KvCommand.encodePut(bytes, 0,
                                ("k" + (seq % 7)).getBytes(StandardCharsets.US_ASCII),
                                ("v" + seq).getBytes(StandardCharsets.US_ASCII));
                            client.offer(seq, command, 0, length);
                        }
                    }
                    nextResendNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                }
                if (client.poll(handler, 256) == 0)
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
            assertEquals(n, committed.cardinality(), "committed " + committed.cardinality() + ", responder connected " +
                client.hasResponder() + ", rejections " + rejections.size() + " " +
                rejections.subList(0, Math.min(5, rejections.size())));
            return committed.cardinality();
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
