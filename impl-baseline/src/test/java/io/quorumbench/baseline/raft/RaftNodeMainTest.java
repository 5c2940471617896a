package io.quorumbench.baseline.raft;

import io.quorumbench.api.cluster.ClusterConfig;
import io.quorumbench.baseline.host.NodeMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RaftNodeMainTest
{
    @TempDir
    Path dir;

    private static String runCapturingErr(final int expectedCode, final String... args)
    {
        final PrintStream original = System.err;
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(expectedCode, NodeMain.run(new BaselineRaft(), args));
        }
        finally
        {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldParseTheCheckedInSampleConfig() throws IOException
    {
        final ClusterConfig config = ClusterConfig.load(Path.of("config/cluster-3-loopback.properties"));
        assertEquals(3, config.memberIds().length);
        assertEquals(21202, config.member(2).client().port());
    }

    @Test
    void shouldRejectMissingArguments()
    {
        final String err = runCapturingErr(2);
        assertTrue(err.contains("--config") && err.contains("--node"), err);
    }

    @Test
    void shouldRejectNonNumericNode()
    {
        final String err = runCapturingErr(2, "--config", "x.properties", "--node", "two");
        assertTrue(err.contains("two"), err);
    }

    @Test
    void shouldNameFileWhenConfigIsMissingOrBad() throws IOException
    {
        final Path missing = dir.resolve("missing.properties");
        assertTrue(runCapturingErr(2, "--config", missing.toString(), "--node", "1").contains(missing.toString()));

        final Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "cluster.id=1\ncluster.members=1\nnode.1.peer=127.0.0.1:0\nnode.1.data=d\n");
        final String err = runCapturingErr(2, "--config", bad.toString(), "--node", "1");
        assertTrue(err.contains(bad.toString()) && err.contains("node.1.client"), err);
    }

    @Test
    void shouldRejectNodeNotInCluster() throws IOException
    {
        final Path config = dir.resolve("ok.properties");
        Files.writeString(config, "cluster.id=1\ncluster.members=1\nnode.1.peer=127.0.0.1:0\nnode.1.client=127.0.0.1:0\n" +
            "node.1.data=d\n");
        final String err = runCapturingErr(2, "--config", config.toString(), "--node", "4");
        assertTrue(err.contains("node 4"), err);
        final String smErr = runCapturingErr(2, "--config", config.toString(), "--node", "1", "--state-machine", "sql");
        assertTrue(smErr.contains("sql"), smErr);
    }

    @Test
    void shouldChooseTheProtocolThroughTheRegistryAndNameTheHostedOnes() throws IOException
    {
        final Path config = dir.resolve("ok.properties");
        Files.writeString(config, "cluster.id=1\ncluster.members=1\nnode.1.peer=127.0.0.1:0\nnode.1.client=127.0.0.1:0\n" +
            "node.1.data=d\n");
        final String missing = runGenericCapturingErr("--config", config.toString(), "--node", "1");
        // Every protocol of the registry has a baseline now (paxos/baseline, issue 13), so the
        // "has no baseline here" answer cannot be reached with the real registry any more.
        assertTrue(missing.contains("--protocol is required") && missing.contains("raft") && missing.contains("paxos"), missing);
        final String unknown = runGenericCapturingErr("--protocol", "zab", "--config", config.toString(), "--node", "1");
        assertTrue(unknown.contains("zab"), unknown);
        final String mismatch = runCapturingErr(2, "--protocol", "paxos", "--config", config.toString(), "--node", "1");
        assertTrue(mismatch.contains("does not match"), mismatch);
    }

    private static String runGenericCapturingErr(final String... args)
    {
        final PrintStream original = System.err;
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try
        {
            assertEquals(2, NodeMain.run(null, args));
        }
        finally
        {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8);
    }
}
