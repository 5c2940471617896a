package io.quorumbench.loadgen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SideBySideTableTest
{
    @TempDir
    Path dir;

    private Path run(final String name, final String summary) throws IOException
    {
        final Path runDir = Files.createDirectories(dir.resolve(name));
        Files.writeString(runDir.resolve("summary.json"), summary);
        return runDir;
    }

    private static String fixture() throws IOException, URISyntaxException
    {
        return Files.readString(Path.of(SideBySideTableTest.class.getResource("/fixtures/run-sample/summary.json").toURI()));
    }

    @Test
    void shouldExitInconclusiveForARunWhoseCheckDidNotDecideEvenIfItsSummarySaysPassed() throws Exception
    {
        // recorded before the verdicts: passed true, linearizable null after a checker that gave up
        final String legacy = fixture().replaceFirst("\"verdicts\": \\{[^}]*}",
            "\"verdicts\": {\"onSchedule\": true, \"linearizable\": null, \"lostAckedWrites\": 0, \"aborted\": false}, " +
            "\"verification\": {\"readBack\": {\"keysWithAckedWrites\": 16, \"verified\": 16, \"complete\": true}, " +
            "\"history\": {\"check\": {\"checked\": false, \"message\": \"unknown: search of key 0 (1689 operations) " +
            "exceeded its time or memo bound\"}}}");
        final String passed = fixture().replaceFirst("\"verdicts\": \\{[^}]*}",
            "\"verdict\": \"PASS\", \"verdicts\": {\"onSchedule\": true, \"linearizable\": true, \"lostAckedWrites\": 0, " +
            "\"history\": \"PASS\", \"historyReason\": \"linearizable\", \"readBack\": \"PASS\", \"readBackReason\": \"0 lost\", " +
            "\"aborted\": false}");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

        assertEquals(0, SideBySideTable.print(new String[]{run("a", passed).toString()}, print), out.toString(StandardCharsets.UTF_8));
        assertEquals(3, SideBySideTable.print(new String[]{run("b", passed).toString(), run("c", legacy).toString()}, print));
        final String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("INCONCLUSIVE") && table.contains("key 0 (1689 operations)"), table);
        assertEquals(1, SideBySideTable.print(new String[]{run("d", legacy).toString(), dir.resolve("none").toString()}, print),
            "a run without a summary fails the table");
    }
}
