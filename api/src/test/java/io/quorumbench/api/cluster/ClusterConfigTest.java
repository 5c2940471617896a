package io.quorumbench.api.cluster;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.registry.StateMachineKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterConfigTest
{
    private static final String SAMPLE = String.join("\n",
        "cluster.id=42",
        "cluster.members=1,2,3",
        "node.1.peer=127.0.0.1:21101      # peer endpoint",
        "node.1.client=127.0.0.1:21201    # client endpoint",
        "node.1.data=data/node-1          # relative to this file",
        "node.2.peer=127.0.0.1:21102",
        "node.2.client=127.0.0.1:21202",
        "node.2.data=data/node-2",
        "node.3.peer=127.0.0.1:21103",
        "node.3.client=127.0.0.1:21203",
        "node.3.data=/var/tmp/qb/node-3",
        "fsync=always",
        "election.timeout.min.ms=150",
        "election.timeout.max.ms=300",
        "heartbeat.interval.ms=50",
        "max.command.bytes=1024",
        "");

    @TempDir
    Path dir;

    private Path write(final String text) throws IOException
    {
        final Path file = dir.resolve("cluster.properties");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void shouldLoadSampleWithInlineCommentsAndRelativePaths() throws IOException
    {
        final ClusterConfig config = ClusterConfig.load(write(SAMPLE));

        assertEquals(42, config.clusterId());
        assertArrayEquals(new int[]{ 1, 2, 3 }, config.memberIds());
        assertEquals(new ClusterConfig.Endpoint("127.0.0.1", 21101), config.member(1).peer());
        assertEquals(new ClusterConfig.Endpoint("127.0.0.1", 21201), config.member(1).client());
        assertEquals(dir.toAbsolutePath().resolve("data/node-1"), config.member(1).dataDir());
        assertEquals(Path.of("/var/tmp/qb/node-3"), config.member(3).dataDir());
        assertEquals(FsyncPolicy.ALWAYS, config.fsyncPolicy());
        assertEquals(150_000_000L, config.electionTimeoutMinNs());
        assertEquals(300_000_000L, config.electionTimeoutMaxNs());
        assertEquals(50_000_000L, config.heartbeatIntervalNs());
        assertEquals(1024, config.maxCommandBytes());
    }

    @Test
    void shouldApplyDefaultsForOptionalKeys() throws IOException
    {
        final ClusterConfig config = ClusterConfig.load(write(String.join("\n",
            "cluster.id=7", "cluster.members=5", "node.5.peer=h:1", "node.5.client=h:2", "node.5.data=d")));

        assertEquals(FsyncPolicy.BATCH, config.fsyncPolicy());
        assertEquals(ClusterConfig.ELECTION_TIMEOUT_MIN_DEFAULT, config.electionTimeoutMinMs());
        assertEquals(ClusterConfig.MAX_COMMAND_BYTES_DEFAULT, config.maxCommandBytes());
    }

    @Test
    void shouldNameFileAndKeyWhenKeyIsMissing() throws IOException
    {
        final Path file = write(SAMPLE.replace("node.2.client=127.0.0.1:21202\n", ""));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ClusterConfig.load(file));

        assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
        assertTrue(ex.getMessage().contains("node.2.client"), ex.getMessage());
    }

    @Test
    void shouldRejectMalformedValuesNamingTheKey() throws IOException
    {
        assertKeyError(SAMPLE.replace("fsync=always", "fsync=sometimes"), "fsync");
        assertKeyError(SAMPLE.replace("127.0.0.1:21103", "127.0.0.1"), "node.3.peer");
        assertKeyError(SAMPLE.replace("127.0.0.1:21103", "127.0.0.1:70000"), "node.3.peer");
        assertKeyError(SAMPLE.replace("cluster.id=42", "cluster.id=forty"), "cluster.id");
        assertKeyError(SAMPLE.replace("cluster.members=1,2,3", "cluster.members=1,2,2"), "cluster.members");
        assertKeyError(SAMPLE + "node.4.peer=127.0.0.1:1\n", "node.4.peer");
        assertKeyError(SAMPLE.replace("heartbeat.interval.ms=50", "heartbeat.interval.ms=200"), "heartbeat.interval.ms");
    }

    private void assertKeyError(final String text, final String key) throws IOException
    {
        final Path file = write(text);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> ClusterConfig.load(file));
        assertTrue(ex.getMessage().contains(key), ex.getMessage());
        assertTrue(ex.getMessage().startsWith(file.toString()), ex.getMessage());
    }

    @Test
    void shouldRejectUnknownMember() throws IOException
    {
        final ClusterConfig config = ClusterConfig.load(write(SAMPLE));
        assertThrows(IllegalArgumentException.class, () -> config.member(9));
    }

    @Test
    void shouldParseAnFsyncPolicyForTheToolsAndNameTheChoicesOtherwise()
    {
        assertEquals(FsyncPolicy.NONE, ClusterConfig.parseFsyncPolicy("--fsync", "none"));
        assertEquals(FsyncPolicy.ALWAYS, ClusterConfig.parseFsyncPolicy("--fsync", "ALWAYS"));
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> ClusterConfig.parseFsyncPolicy("--fsync", "sometimes"));
        assertEquals("--fsync must be one of [none, batch, always], got 'sometimes'", ex.getMessage());
    }

    @Test
    void shouldReadTheStateMachineAndDefaultToKv() throws IOException
    {
        assertEquals(StateMachineKind.KV, ClusterConfig.load(write(SAMPLE)).stateMachine());
        assertEquals(StateMachineKind.LOCK, ClusterConfig.load(write(SAMPLE + "state.machine=lock   # the lock service\n"))
            .stateMachine());
        final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> ClusterConfig.load(write(SAMPLE + "state.machine=locks\n")));
        assertTrue(bad.getMessage().contains("state.machine") && bad.getMessage().contains("lock"), bad.getMessage());
    }
}
