package io.quorumbench.baseline.raft;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The baseline host and codec are shared by every protocol: a Multi-Paxos or lock-service core
 * plugs in with a core and a codec of its own, so nothing there may be named after or mention
 * Raft (issue 12). Lives here because it has to spell the word it looks for.
 */
class HostNeutralityTest
{
    private static final List<Path> SHARED = List.of(
        Path.of("src/main/java/io/quorumbench/baseline/host"),
        Path.of("src/main/java/io/quorumbench/baseline/codec"));

    @Test
    void shouldKeepTheSharedHostAndCodecFreeOfRaft() throws IOException
    {
        final List<String> offenders = new ArrayList<>();
        int files = 0;
        for (final Path root : SHARED)
        {
            assertTrue(Files.isDirectory(root), root + " is where the shared code lives");
            try (Stream<Path> paths = Files.walk(root))
            {
                for (final Path file : paths.filter(Files::isRegularFile).toList())
                {
                    files++;
                    final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                    final String text = Files.readString(file, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                    if (name.contains("raft") || text.contains("raft"))
                    {
                        offenders.add(file.toString());
                    }
                }
            }
        }
        assertTrue(files >= 10, "found the shared sources (" + files + " files)");
        assertEquals(List.of(), offenders);
    }
}
