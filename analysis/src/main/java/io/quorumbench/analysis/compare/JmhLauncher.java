package io.quorumbench.analysis.compare;

import io.quorumbench.jmh.BenchmarksMain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the gate and the flame graphs start JMH: the benchmarks of the {@code jmh} module this module
 * declares as a dependency, run from this JVM's classpath in a JMH host process of their own
 * ({@link BenchmarksMain}, which gives every fork the flags of the one flags file) — so a gate never
 * measures a stale jar left behind by an older build. {@code --jar} still names another build's
 * {@code benchmarks.jar} on purpose (e.g. to profile an older commit).
 */
public final class JmhLauncher
{
    private JmhLauncher()
    {
    }

    /**
     * The command that starts JMH's command line, before JMH's own arguments.
     *
     * @param jar a {@code benchmarks.jar} to run instead of this classpath's benchmarks, or null.
     * @return the command prefix.
     * @throws IllegalArgumentException when {@code jar} is given and is not a file.
     */
    public static List<String> command(final Path jar)
    {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (null != jar)
        {
            if (!Files.isRegularFile(jar))
            {
                throw new IllegalArgumentException(jar + ": JMH jar not found (build it: mvn -pl jmh -am package -DskipTests)");
            }
            cmd.addAll(List.of("-jar", jar.toString()));
        }
        else
        {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchmarksMain.class.getName()));
        }
        return cmd;
    }

    /**
     * @param jar the {@code --jar} given, or null.
     * @return what a run's context records as the benchmarks' source.
     */
    public static String source(final Path jar)
    {
        return null == jar ? "the jmh module on the classpath" : jar.toString();
    }
}
