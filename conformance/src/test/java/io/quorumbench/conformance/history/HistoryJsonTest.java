package io.quorumbench.conformance.history;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryJsonTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteTheDocumentedShape()
    {
        final History history = new History();
        final Op cas = history.invoke(3, Op.CAS, "k1", "b", "a", 123456789);
        assertEquals("{\"process\":3,\"type\":\"invoke\",\"f\":\"cas\",\"key\":\"k1\",\"value\":[\"a\",\"b\"]," +
            "\"time\":123456789,\"index\":0}", HistoryWriter.toJson(cas));
        final Op ok = history.complete(cas, OpType.OK, "b", 125000000, 42, null);
        assertEquals("{\"process\":3,\"type\":\"ok\",\"f\":\"cas\",\"key\":\"k1\",\"value\":[\"a\",\"b\"]," +
            "\"time\":125000000,\"index\":1,\"logIndex\":42}", HistoryWriter.toJson(ok));
        final Op get = history.invoke(1, Op.GET, "k0", null, null, 5);
        assertEquals("{\"process\":1,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"k0\",\"value\":null,\"time\":5,\"index\":2}",
            HistoryWriter.toJson(get));
    }

    @Test
    void shouldRoundTripThroughAFile() throws IOException
    {
        final History history = new History();
        final Op put = history.invoke(0, Op.PUT, "k", "v\"quoted\"\n", null, 1);
        history.complete(put, OpType.INFO, "v\"quoted\"\n", 2, -1, "timeout");
        final Op cas = history.invoke(1, Op.CAS, "k", "new", null, 3);
        history.complete(cas, OpType.FAIL, "new", 4, 7, "CAS_MISMATCH");
        final Op get = history.invoke(2, Op.GET, "k", null, null, 5);
        history.complete(get, OpType.OK, null, 6, 8, null);
        final Path file = dir.resolve("history.jsonl");
        HistoryWriter.write(history, file);
        assertEquals(6, Files.readAllLines(file).size());
        final History read = HistoryReader.read(file);
        assertEquals(history.ops(), read.ops());
        assertNull(read.ops().get(2).expected(), "cas expecting absence keeps its null");
    }

    @Test
    void shouldNameTheLineOfAMalformedEntry()
    {
        final String text = "{\"process\":0,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k\",\"value\":\"v\",\"time\":1}\n\n" +
            "{\"process\":0,\"type\":\"maybe\",\"f\":\"put\",\"key\":\"k\",\"value\":\"v\",\"time\":2}\n";
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> HistoryReader.read(new StringReader(text)));
        assertTrue(ex.getMessage().contains("line 3"), ex.getMessage());
        assertTrue(ex.getMessage().contains("maybe"), ex.getMessage());

        assertThrows(IllegalArgumentException.class, () -> HistoryReader.read(new StringReader("not json\n")));
        assertThrows(IllegalArgumentException.class, () -> HistoryReader.read(new StringReader(
            "{\"process\":0,\"type\":\"invoke\",\"f\":\"cas\",\"key\":\"k\",\"value\":\"v\",\"time\":1}\n")));
        assertThrows(IllegalArgumentException.class, () -> HistoryReader.read(new StringReader(
            "{\"process\":0,\"type\":\"invoke\",\"f\":\"put\",\"key\":\"k\",\"time\":\"soon\"}\n")));
    }

    @Test
    void shouldIgnoreUnknownFields() throws IOException
    {
        final History read = HistoryReader.read(new StringReader(
            "{\"process\":0,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"k\",\"time\":1,\"node\":\"n1\"}\n"));
        assertEquals(1, read.size());
    }
}
