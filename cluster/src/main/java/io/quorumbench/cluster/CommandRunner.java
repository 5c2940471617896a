package io.quorumbench.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs short system commands ({@code ip ...}) and returns their exit code and output; an interface
 * so that {@link NetNamespaces} can be tested by recording commands instead of running them.
 *
 * <p><b>Threading</b>: {@link #SYSTEM} is stateless and thread-safe.
 */
@FunctionalInterface
public interface CommandRunner
{
    /** How long one command may take, milliseconds. */
    long COMMAND_TIMEOUT_MS = 10_000;

    /**
     * The outcome of a command.
     *
     * @param exitCode its exit code.
     * @param output   its standard output and standard error, merged, trimmed.
     */
    record Result(int exitCode, String output)
    {
    }

    /** Runs commands as processes of this machine, each bounded by {@link #COMMAND_TIMEOUT_MS}. */
    CommandRunner SYSTEM = command ->
    {
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot run '" + String.join(" ", command) + "': " + ex.getMessage(), ex);
        }
        try
        {
            // the commands print little; reading to the end before waiting cannot deadlock on a full pipe
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish within " +
                    COMMAND_TIMEOUT_MS + " ms");
            }
            return new Result(process.exitValue(), output);
        }
        catch (final IOException ex)
        {
            process.destroyForcibly();
            throw new UncheckedIOException("cannot read the output of '" + String.join(" ", command) + "'", ex);
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running '" + String.join(" ", command) + "'", ex);
        }
    };

    /**
     * Run a command.
     *
     * @param command argv.
     * @return its outcome, whatever its exit code.
     * @throws UncheckedIOException if it cannot be started (e.g. not on PATH).
     */
    Result run(List<String> command);

    /**
     * Run a command that must succeed.
     *
     * @param command argv.
     * @return its output.
     * @throws IllegalStateException naming the command, its exit code and output, if it fails.
     */
    default String check(final List<String> command)
    {
        final Result result = run(command);
        if (result.exitCode() != 0)
        {
            throw failure(command, result);
        }
        return result.output();
    }

    /**
     * The error for a failed command.
     *
     * @param command argv.
     * @param result  its outcome.
     * @return e.g. {@code 'ip netns add qb-1-2-n1' failed (exit 1): Permission denied}.
     */
    static IllegalStateException failure(final List<String> command, final Result result)
    {
        return new IllegalStateException("'" + String.join(" ", command) + "' failed (exit " + result.exitCode() + ")" +
            (result.output().isEmpty() ? "" : ": " + result.output()));
    }
}
