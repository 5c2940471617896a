package io.quorumbench.loadgen.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckHistoryCommandTest
{
    private static final String PUT_A =
        "{\"process\":1,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k\",\"value\":\"a\",\"time\":1}\n" +
        "{\"process\":1,\"type\":\"ok\",\"f\":\"put\",\"key\":\"k\",\"value\":\"a\",\"time\":2}\n";
    private static final String READ_A =
        "{\"process\":2,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"k\",\"value\":null,\"time\":3}\n" +
        "{\"process\":2,\"type\":\"ok\",\"f\":\"get\",\"key\":\"k\",\"value\":\"a\",\"time\":4}\n";
    /** The example: a cas mismatch while the key held the expected value. */
    private static final String MISMATCH_A =
        "{\"process\":2,\"type\":\"invoke\",\"f\":\"cas\",\"key\":\"k\",\"value\":[\"a\",\"b\"],\"time\":3}\n" +
        "{\"process\":2,\"type\":\"fail\",\"f\":\"cas\",\"key\":\"k\",\"value\":[\"a\",\"b\"],\"time\":4," +
        "\"error\":\"CAS_MISMATCH\"}\n";

    @TempDir
    Path dir;

    private record Outcome(int status, String out, String err)
    {
    }

    private Path file(final String name, final String content) throws IOException
    {
        final Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static Outcome run(final Object... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final List<String> argv = new ArrayList<>();
        for (final Object arg : args)
        {
            argv.add(arg.toString());
        }
        final int status = CheckHistoryCommand.run(argv.toArray(new String[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldExitZeroForALinearizableHistoryAndSayHowItWasDecided() throws IOException
    {
        final Outcome outcome = run(file("ok.jsonl", PUT_A + READ_A));
        assertEquals(CheckHistoryCommand.EXIT_LINEARIZABLE, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains(": LINEARIZABLE"), outcome.out());
        assertTrue(outcome.out().contains("1 keys, 2 operations (4 entries)"), outcome.out());
        assertTrue(outcome.out().contains("keys decided by: unique-values 1"), outcome.out());
    }

    @Test
    void shouldExitOneForAViolationAndPrintTheWitnessAsHistoryLines() throws IOException
    {
        final Outcome outcome = run(file("bad.jsonl", PUT_A + MISMATCH_A));
        assertEquals(CheckHistoryCommand.EXIT_VIOLATION, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains(": VIOLATION"), outcome.out());
        assertTrue(outcome.out().contains("witness (key k, minimal)"), outcome.out());
        // the witness is the whole history here, as lines a user can check again
        final Path witness = file("witness.jsonl", outcome.out().lines().filter(line -> line.startsWith("{"))
            .reduce("", (a, b) -> a + b + "\n"));
        assertEquals(4, Files.readAllLines(witness).size(), outcome.out());
        assertEquals(CheckHistoryCommand.EXIT_VIOLATION, run(witness).status());
    }

    @Test
    void shouldExitThreeWhenTheBudgetsCannotDecide() throws IOException
    {
        // repeated values and everything concurrent: only the search applies, and a segment of 20 is over the bound
        final StringBuilder history = new StringBuilder();
        for (int p = 0; p < 20; p++)
        {
            history.append("{\"process\":").append(p).append(",\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k\",\"value\":\"v")
                .append(p % 3).append("\",\"time\":").append(p).append("}\n");
        }
        for (int p = 0; p < 20; p++)
        {
            history.append("{\"process\":").append(p).append(",\"type\":\"ok\",\"f\":\"put\",\"key\":\"k\",\"value\":\"v")
                .append(p % 3).append("\",\"time\":100}\n");
        }
        final Outcome outcome = run("--max-segment-ops", 10, file("big.jsonl", history.toString()));
        assertEquals(CheckHistoryCommand.EXIT_UNDECIDED, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.out().contains(": UNDECIDED"), outcome.out());
        assertTrue(outcome.out().contains("keys decided by: undecided 1"), outcome.out());
    }

    @Test
    void shouldExitTwoForAMalformedLineAndNameIt() throws IOException
    {
        final Outcome outcome = run(file("broken.jsonl", PUT_A + "{\"process\":2,\"type\":\"invoke\",\"f\":\"get\"\n"));
        assertEquals(CheckHistoryCommand.EXIT_BAD_INPUT, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.err().contains("history line 3"), outcome.err());
    }

    @Test
    void shouldExitTwoForAMissingFileOrABadOption() throws IOException
    {
        assertEquals(CheckHistoryCommand.EXIT_BAD_INPUT, run(dir.resolve("absent.jsonl")).status());
        final Outcome badOption = run("--time-budget", "soon", file("ok.jsonl", PUT_A));
        assertEquals(CheckHistoryCommand.EXIT_BAD_INPUT, badOption.status());
        assertTrue(badOption.err().contains("Usage"), badOption.err());
        assertEquals(CheckHistoryCommand.EXIT_BAD_INPUT, run().status(), "a file is required");
    }

    @Test
    void shouldExitTwoForAHistoryThatDoesNotPairUp() throws IOException
    {
        final Outcome outcome = run(file("orphan.jsonl",
            "{\"process\":1,\"type\":\"ok\",\"f\":\"put\",\"key\":\"k\",\"value\":\"a\",\"time\":2}\n"));
        assertEquals(CheckHistoryCommand.EXIT_BAD_INPUT, outcome.status(), outcome.out() + outcome.err());
        assertTrue(outcome.err().contains("completion without invocation"), outcome.err());
    }

    @Test
    void shouldReportTheWorstOfSeveralFilesBadInputFirstThenViolationThenUndecided() throws IOException
    {
        final Path ok = file("ok.jsonl", PUT_A + READ_A);
        final Path bad = file("bad.jsonl", PUT_A + MISMATCH_A);
        final Path broken = file("broken.jsonl", "not json\n");
        final Outcome all = run(ok, bad, broken);
        assertEquals(CheckHistoryCommand.EXIT_BAD_INPUT, all.status());
        assertTrue(all.out().contains("ok.jsonl: LINEARIZABLE") && all.out().contains("bad.jsonl: VIOLATION"),
            "a bad file does not stop the others: " + all.out());
        assertEquals(CheckHistoryCommand.EXIT_VIOLATION, run(ok, bad).status());
        assertEquals(CheckHistoryCommand.EXIT_LINEARIZABLE, run(ok, ok).status());
    }

    @Test
    void shouldPrintHelp()
    {
        final Outcome outcome = run("--help");
        assertEquals(0, outcome.status());
        assertTrue(outcome.out().contains("--time-budget"), outcome.out());
        assertTrue(outcome.out().contains("Exit 0"), outcome.out());
    }
}
