package io.quorumbench.jmh;

import io.quorumbench.api.runtime.JvmFlags;
import org.openjdk.jmh.Main;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of {@code benchmarks.jar}: JMH's own command line ({@code java -jar benchmarks.jar
 * -h}), with the forks' flags of {@link JvmFlags#benchmarkFork()} prepended unless the caller gives
 * {@code -jvmArgsPrepend} itself. The benchmarks no longer pin flags in {@code @Fork}, so that the one
 * file holding them is the only place they are written.
 */
public final class BenchmarksMain
{
    private static final String PREPEND = "-jvmArgsPrepend";

    private BenchmarksMain()
    {
    }

    /**
     * @param args JMH command line arguments.
     * @throws Exception as JMH's main.
     */
    public static void main(final String[] args) throws Exception
    {
        Main.main(withForkFlags(args));
    }

    /**
     * @param args JMH command line arguments.
     * @return the arguments with {@code -jvmArgsPrepend} and the forks' flags in front, or as given
     *         when they name {@code -jvmArgsPrepend} already.
     */
    static String[] withForkFlags(final String[] args)
    {
        if (Arrays.asList(args).contains(PREPEND))
        {
            return args;
        }
        final List<String> out = new ArrayList<>(List.of(PREPEND, String.join(" ", JvmFlags.benchmarkFork())));
        out.addAll(Arrays.asList(args));
        return out.toArray(new String[0]);
    }
}
