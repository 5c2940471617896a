package io.quorumbench.analysis.flame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConverterFlameGraphTest
{
    @TempDir
    Path dir;

    private static StackProfile stacks()
    {
        final StackProfile p = new StackProfile();
        p.add("Thread.run;Ring.lookup;Hash.mix", 700);
        p.add("Thread.run;Ring.lookup;Arrays.binarySearch", 250);
        p.add("Thread.run;Gc.work", 50);
        return p;
    }

    @Test
    void shouldDrawAsyncProfilersInteractiveGraphOfEveryFrame()
    {
        final String html = ConverterFlameGraph.html(stacks(), "lookup <nodes=16> [lockfree]", false);

        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
        assertTrue(html.contains("title='Search'") && html.contains("title='Invert'"), "search and invert, as users know them");
        assertTrue(html.contains("Hash.mix") && html.contains("Arrays.binarySearch") && html.contains("Gc.work"), "every frame");
        assertTrue(html.contains("lookup nodes=16 [lockfree]"), "the title, without markup characters");
        assertFalse(html.contains("<nodes=16>"));
    }

    @Test
    void shouldDrawTheReversedViewWhenAsked()
    {
        assertNotEquals(ConverterFlameGraph.html(stacks(), "t", false), ConverterFlameGraph.html(stacks(), "t", true));
    }

    @Test
    void shouldSaveTheConvertersGraphsBesideTheNormalisedOneAndStateTheWeightPerOperation() throws IOException
    {
        final ProfileMeta meta = new ProfileMeta("lookup", "lockfree", "cpu", "itimer", Map.of("jdk.ExecutionSample", 1000L),
            "samples", 0, 2e8, "", "all");

        ProfileStore.save(dir, "lockfree", meta, stacks());

        final String converter = Files.readString(dir.resolve("lockfree.html"));
        assertTrue(converter.contains("title='Search'"), "the converter's page is the main graph");
        assertTrue(converter.contains("1000 samples over 2.00e+08 operations = 5.000 samples per 1M ops"),
            "the per-operation rate in its title");
        assertTrue(Files.readString(dir.resolve(ProfileStore.reversedHtml("lockfree"))).contains("reversed"));
        final String normalised = Files.readString(dir.resolve(ProfileStore.normalisedHtml("lockfree")));
        assertTrue(normalised.contains("Normalised per operation"), "ours, per operation");
    }
}
