package io.quorumbench.jmh;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Test access to {@link SuiteRunner}'s console output for suites in other packages.
 */
public final class SuiteRunnerAccess
{
    private SuiteRunnerAccess()
    {
    }

    /**
     * Run {@code --list} with the given arguments.
     *
     * @param args runner arguments.
     * @return what the runner printed.
     */
    public static String list(final String... args)
    {
        final ByteArrayOutputStream console = new ByteArrayOutputStream();
        final SuiteRunner runner = new SuiteRunner(new PrintStream(console, true, StandardCharsets.UTF_8));
        final String[] withList = java.util.Arrays.copyOf(args, args.length + 1);
        withList[args.length] = "--list";
        final int exit = SuiteRunner.commandLine(runner).execute(withList);
        if (exit != 0)
        {
            throw new IllegalStateException("--list exited " + exit);
        }
        return console.toString(StandardCharsets.UTF_8);
    }
}
