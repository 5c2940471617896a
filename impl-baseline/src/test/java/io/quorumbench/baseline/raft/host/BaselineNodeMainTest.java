package io.quorumbench.baseline.raft.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineNodeMainTest
{
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        final CommandLine cli = BaselineNodeMain.commandLine(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void shouldRejectMissingArgumentsWithUsage()
    {
        assertEquals(CommandLine.ExitCode.USAGE, run("--node", "1"));
        assertTrue(err.toString().contains("--config"), err.toString());
    }

    @Test
    void shouldRejectANodeThatIsNotAMember() throws Exception
    {
        final Path config = dir.resolve("cluster.properties");
        Files.writeString(config, String.join("\n",
            "cluster.id=5", "cluster.members=1",
            "node.1.peer=127.0.0.1:0", "node.1.client=127.0.0.1:0", "node.1.data=data/node-1", ""));
        assertEquals(CommandLine.ExitCode.USAGE, run("--config", config.toString(), "--node", "7"));
    }

    @Test
    void shouldRejectAMissingConfigFile()
    {
        assertEquals(CommandLine.ExitCode.USAGE, run("--config", dir.resolve("absent.properties").toString(), "--node", "1"));
    }
}
