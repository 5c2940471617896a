package io.quorumbench.jmh.consensus;

import io.quorumbench.api.consensus.FsyncPolicy;
import io.quorumbench.api.kv.KvCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Settings shared by the consensus benchmarks (commit latency and throughput of every protocol,
 * each protocol's codec and log benchmarks), identical for every implementation so their numbers
 * compare: cluster timing, the command every benchmark submits, where data goes.
 *
 * <p><b>Timing</b>: election timeouts of {@value #ELECTION_TIMEOUT_MIN_MS}..{@value #ELECTION_TIMEOUT_MAX_MS} ms
 * (longer than a production setting) with a {@value #HEARTBEAT_INTERVAL_MS} ms heartbeat, because a
 * benchmark on a shared 2-core machine must not lose its leader to a scheduling hiccup: a leader
 * change mid-measurement fails the run rather than be averaged in.
 *
 * <p><b>Data</b>: a fresh directory under {@code java.io.tmpdir} per trial, deleted at tear-down.
 * Its file system decides what an fsync costs (an overlay or ext4 on a virtual disk, tmpfs where
 * fsync is free); {@link #dataFileSystem()} names it and the suite records it in the run context.
 */
public final class ConsensusBenchSettings
{
    /** Nodes in every benchmark cluster. */
    public static final int NODES = 3;

    /** Lower bound of the election timeout, ms. */
    public static final long ELECTION_TIMEOUT_MIN_MS = 1_000;

    /** Upper bound of the election timeout, ms. */
    public static final long ELECTION_TIMEOUT_MAX_MS = 2_000;

    /** Leader heartbeat interval, ms. */
    public static final long HEARTBEAT_INTERVAL_MS = 50;

    /** Longest wait for the first leader in a trial's setup, ms. */
    public static final long LEADER_TIMEOUT_MS = 20_000;

    /** Longest wait for one commit before the run fails, ms. */
    public static final long COMMIT_TIMEOUT_MS = 10_000;

    /** Largest command the clusters accept, bytes. */
    public static final int MAX_COMMAND_BYTES = 1024;

    /** Key length of the benchmark command, bytes. */
    public static final int KEY_BYTES = 16;

    /** Value length of the benchmark command, bytes. */
    public static final int VALUE_BYTES = 32;

    private static final byte[] COMMAND = buildCommand();

    private ConsensusBenchSettings()
    {
    }

    /**
     * The command every commit benchmark submits: a {@link KvCommand} PUT of a
     * {@value #KEY_BYTES}-byte key and a {@value #VALUE_BYTES}-byte value (60 bytes). The counting
     * state machine ignores its content; the size is what a small key-value write costs to replicate.
     *
     * @return a fresh copy.
     */
    public static byte[] command()
    {
        return COMMAND.clone();
    }

    private static byte[] buildCommand()
    {
        final byte[] key = "bench-key-000001".getBytes(StandardCharsets.US_ASCII);
        final byte[] value = new byte[VALUE_BYTES];
        for (int i = 0; i < value.length; i++)
        {
            value[i] = (byte)('a' + i % 26);
        }
        final byte[] command = new byte[KvCommand.encodedLength(key.length, value.length, 0)];
        KvCommand.encodePut(command, 0, key, value);
        return command;
    }

    /**
     * The fsync policy named by a benchmark param.
     *
     * @param name {@code none}, {@code batch} or {@code always}.
     * @return the policy.
     * @throws IllegalArgumentException naming the accepted values otherwise.
     */
    public static FsyncPolicy fsyncPolicy(final String name)
    {
        for (final FsyncPolicy policy : FsyncPolicy.values())
        {
            if (policy.name().toLowerCase(Locale.ROOT).equals(name))
            {
                return policy;
            }
        }
        throw new IllegalArgumentException("unknown fsync policy '" + name + "', expected none, batch or always");
    }

    /**
     * Where benchmark data goes: {@code java.io.tmpdir}.
     *
     * @return the directory.
     */
    public static Path dataRoot()
    {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * A fresh data directory for one trial.
     *
     * @param root   parent directory, created if absent.
     * @param prefix name prefix.
     * @return the directory.
     */
    public static Path newDataDir(final Path root, final String prefix)
    {
        try
        {
            return Files.createTempDirectory(Files.createDirectories(root), prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create a data directory under " + root, ex);
        }
    }

    /**
     * Delete a directory tree and fail if anything is left, so a benchmark cannot leave files behind unnoticed.
     *
     * @param dir the directory; nothing happens if it does not exist.
     */
    public static void deleteTree(final Path dir)
    {
        if (null == dir || !Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + dir, ex);
        }
    }

    /**
     * Type of the file system holding {@code java.io.tmpdir}, where the benchmarks write their logs.
     *
     * @return e.g. {@code ext4}, {@code overlay}, {@code tmpfs}; {@code unknown} if it cannot be told.
     */
    public static String dataFileSystem()
    {
        try
        {
            return Files.getFileStore(dataRoot()).type();
        }
        catch (final IOException | RuntimeException ex)
        {
            return "unknown";
        }
    }
}
