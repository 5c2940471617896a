package io.quorumbench.analysis.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchIndexTest
{
    @TempDir
    Path dir;

    @Test
    void shouldMakeABenchRunADirectoryOfItsOwnWithContextAndIndex() throws IOException
    {
        final Path results = dir.resolve("results");
        final Path run = results.resolve("20261126-050000-ring-quick");
        Files.createDirectories(run);
        Files.writeString(run.resolve("context.json"), "{\"schemaVersion\": 1, \"runId\": \"20261126-050000-ring-quick\", " +
            "\"kind\": \"jmh\", \"suite\": \"ring\"}");

        final Path bench = BenchIndex.start(results, "quick", Map.of("bench.steps", "ring"));
        final Path second = BenchIndex.start(results, "quick", Map.of());
        BenchIndex.finish(bench, List.of(new BenchIndex.Step("ring", 0), new BenchIndex.Step("load", 3)), List.of(run));

        assertTrue(bench.getFileName().toString().matches("\\d{8}-\\d{6}-bench-quick"), bench.toString());
        assertFalse(bench.equals(second), "two bench runs in one second get two directories");
        final ObjectMapper mapper = new ObjectMapper();
        final JsonNode context = mapper.readTree(bench.resolve("context.json").toFile());
        assertEquals("bench", context.get("kind").asText());
        assertEquals(bench.getFileName().toString(), context.get("runId").asText());
        final JsonNode index = mapper.readTree(bench.resolve("index.json").toFile());
        assertEquals("../20261126-050000-ring-quick", index.get("runs").get(0).get("dir").asText(), "relative: the results move");
        assertEquals(3, index.get("steps").get(1).get("exitCode").asInt());
        assertTrue(BenchIndex.isBench(bench));
        assertFalse(BenchIndex.isBench(run));
        assertEquals(List.of(run.normalize()), BenchIndex.runsOf(bench));
    }

    @Test
    void shouldReportABenchRunIntoItsOwnDirectory() throws IOException, URISyntaxException
    {
        final Path fixture = Path.of(BenchIndexTest.class.getResource("/fixtures/run-sample").toURI());
        final Path results = dir.resolve("results");
        final Path run = results.resolve("run-sample");
        Files.createDirectories(run);
        for (final String file : List.of("context.json", "summary.json", "sweep.json", "targets.json"))
        {
            Files.copy(fixture.resolve(file), run.resolve(file));
        }
        final Path bench = BenchIndex.start(results, "quick", Map.of());
        BenchIndex.finish(bench, List.of(new BenchIndex.Step("load", 0)), List.of(run));

        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, ReportCommand.run(new String[]{bench.toString()}, new PrintStream(err, true, StandardCharsets.UTF_8)),
            err.toString(StandardCharsets.UTF_8));

        final String html = Files.readString(bench.resolve("report.html"));
        assertTrue(html.contains("data-run-id=\"20261126-050000-ring-quick\""), "the bench's run, from its index");
        assertFalse(Files.exists(run.resolve("report.html")), "not written into a run's directory");
    }

    @Test
    void shouldRefuseAnIndexWithoutRunsNamingTheField() throws IOException
    {
        final Path bench = dir.resolve("bench");
        Files.createDirectories(bench);
        Files.writeString(bench.resolve("index.json"), "{\"benchId\": \"b\", \"runs\": []}");
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertEquals(2, ReportCommand.run(new String[]{bench.toString()}, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("index.json: field 'runs'"), err.toString(StandardCharsets.UTF_8));

        Files.writeString(bench.resolve("index.json"), "{\"benchId\": \"b\", \"runs\": [{\"runId\": \"x\"}]}");
        assertEquals(2, ReportCommand.run(new String[]{bench.toString()}, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("runs[0].dir"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRefuseAStepWithoutAnExitCode()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, BenchRunCommand.run(new String[]{"finish", dir.toString(), "--step", "ring"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("NAME=EXIT_CODE"), err.toString(StandardCharsets.UTF_8));
    }
}
