package io.quorumbench.api.results;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class RunContextTest
{
    private static Map<String, String> settings()
    {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("transport", "udp");
        settings.put("fsync", "none");
        settings.put("nodes", "3");
        return settings;
    }

    @Test
    void shouldCaptureRunIdTimeAndMachineFacts()
    {
        final RunContext context = RunContext.capture(RunContext.KIND_JMH, "ring", "quick", settings());

        assertEquals(RunContext.SCHEMA_VERSION, context.schemaVersion());
        assertTrue(context.runId().matches("\\d{8}-\\d{6}-ring-quick"), context.runId());
        final Instant started = Instant.parse(context.startedAt());
        assertEquals(RunContext.runId(started, "ring", "quick"), context.runId());
        assertEquals(Runtime.getRuntime().availableProcessors(), context.cores());
        assertEquals(System.getProperty("java.version"), context.jdkVersion());
        assertTrue(context.startedAt().endsWith("Z"), context.startedAt());
    }

    @Test
    void shouldFormatRunIdInUtc()
    {
        assertEquals("20261126-051502-raft-full",
            RunContext.runId(Instant.parse("2026-11-26T05:15:02.999Z"), "raft", "full"));
    }

    @Test
    void shouldKeepSettingsInInsertionOrderAndImmutable()
    {
        final Map<String, String> input = settings();
        final RunContext context = RunContext.capture(RunContext.KIND_LOADGEN, "raft", "full", input);
        input.put("late", "change");

        assertEquals(List.of("transport", "fsync", "nodes"), new ArrayList<>(context.settings().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> context.settings().put("x", "y"));

        final RunContext more = context.withSettings(Map.of("fsync", "always", "rate", "1000"));
        assertEquals(List.of("transport", "fsync", "nodes", "rate"), new ArrayList<>(more.settings().keySet()));
        assertEquals("always", more.settings().get("fsync"));
        assertEquals("none", context.settings().get("fsync"));
    }

    @Test
    void shouldGiveOrderedMapInSchemaOrderAndReadItBack()
    {
        final RunContext context = RunContext.capture(RunContext.KIND_FLAME, "ring", "quick", settings())
            .withWarning("only 2 cores, churn group wants 3");
        final Map<String, Object> map = context.toMap();

        assertEquals(List.of("schemaVersion", "runId", "kind", "suite", "mode", "startedAt", "gitCommit", "gitDirty",
            "jdkVersion", "jdkVendor", "vmName", "osName", "osArch", "cpuModel", "cores", "settings", "warnings"),
            new ArrayList<>(map.keySet()));
        assertEquals(List.of("only 2 cores, churn group wants 3"), map.get("warnings"));

        // A JSON parser gives numbers back as whatever width it likes.
        map.put("cores", Long.valueOf(context.cores()));
        assertEquals(context, RunContext.fromMap(map));
    }

    @Test
    void shouldRejectUnsupportedSchemaVersion()
    {
        final Map<String, Object> map = RunContext.capture(RunContext.KIND_JMH, "ring", "quick", Map.of()).toMap();
        map.put("schemaVersion", 2);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> RunContext.fromMap(map));
        assertTrue(ex.getMessage().contains("schemaVersion 2"), ex.getMessage());
    }

    @Test
    void shouldRejectNamesUnfitForADirectory()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> RunContext.capture(RunContext.KIND_JMH, "../ring", "quick", Map.of()));
        assertTrue(ex.getMessage().contains("suite"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunContext.capture("", "ring", "quick", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> RunContext.capture(RunContext.KIND_JMH, "ring", "Quick", Map.of()));
    }

    @Test
    void shouldReportUnknownGitWhenGitCannotAnswer(@TempDir final Path dir)
    {
        // A directory that does not exist fails git whether or not the temp dir sits inside a work tree.
        final RunContext context = RunContext.capture(RunContext.KIND_JMH, "ring", "quick", Map.of(), dir.resolve("absent"));

        assertEquals(RunContext.UNKNOWN, context.gitCommit());
        assertNull(context.gitDirty());
    }

    @Test
    void shouldReadCommitOfThisWorkTree()
    {
        final String head = RunContext.git(Path.of("").toAbsolutePath(), "rev-parse", "HEAD");
        assumeFalse(RunContext.UNKNOWN.equals(head), "git or a work tree is not available here");

        final RunContext context = RunContext.capture(RunContext.KIND_JMH, "ring", "quick", Map.of());
        assertEquals(head, context.gitCommit());
        assertTrue(context.gitCommit().matches("[0-9a-f]{40,}"), context.gitCommit());
        assertTrue(null != context.gitDirty());
    }

    @Test
    void shouldReadFirstModelNameOfCpuinfo(@TempDir final Path dir) throws IOException
    {
        final Path cpuinfo = dir.resolve("cpuinfo");
        Files.writeString(cpuinfo, "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n" +
            "processor\t: 1\nmodel name\t: other\n", StandardCharsets.UTF_8);
        assertEquals("AMD EPYC 7B13", RunContext.cpuModel(cpuinfo));

        Files.writeString(cpuinfo, "processor\t: 0\nCPU part\t: 0xd0c\n", StandardCharsets.UTF_8);
        assertEquals(RunContext.UNKNOWN, RunContext.cpuModel(cpuinfo));
        assertEquals(RunContext.UNKNOWN, RunContext.cpuModel(dir.resolve("absent")));
    }
}
