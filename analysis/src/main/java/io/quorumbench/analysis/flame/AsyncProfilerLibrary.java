package io.quorumbench.analysis.flame;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Finds async-profiler's native library inside its Maven artifact
 * ({@code tools.profiler:async-profiler}, which ships {@code linux-x64/}, {@code linux-arm64/} and
 * {@code macos/} builds) and extracts it to a file, because JMH's {@code -prof async:libPath=...}
 * and a forked JVM need a path, not a class path resource.
 */
public final class AsyncProfilerLibrary
{
    private AsyncProfilerLibrary()
    {
    }

    /**
     * @return the resource name of the library for this OS and architecture.
     * @throws IllegalStateException on a platform async-profiler does not ship.
     */
    public static String resourceName()
    {
        final String os = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT);
        final String arch = System.getProperty("os.arch").toLowerCase(java.util.Locale.ROOT);
        if (os.contains("mac"))
        {
            return "macos/libasyncProfiler.so";
        }
        if (os.contains("linux"))
        {
            if (arch.equals("amd64") || arch.equals("x86_64"))
            {
                return "linux-x64/libasyncProfiler.so";
            }
            if (arch.equals("aarch64") || arch.equals("arm64"))
            {
                return "linux-arm64/libasyncProfiler.so";
            }
        }
        throw new IllegalStateException("async-profiler ships no library for " + os + "/" + arch);
    }

    /**
     * @param dir directory to extract into (created).
     * @return path of the extracted library.
     * @throws IOException when the artifact is not on the class path or the copy fails.
     */
    public static Path extractTo(final Path dir) throws IOException
    {
        final String resource = resourceName();
        try (InputStream in = AsyncProfilerLibrary.class.getClassLoader().getResourceAsStream(resource))
        {
            if (null == in)
            {
                throw new IOException(resource + " not on the class path: is tools.profiler:async-profiler a dependency?");
            }
            Files.createDirectories(dir);
            final Path lib = dir.resolve("libasyncProfiler.so");
            Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
            return lib.toAbsolutePath();
        }
    }
}
