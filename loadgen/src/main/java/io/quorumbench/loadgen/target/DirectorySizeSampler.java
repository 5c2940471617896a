package io.quorumbench.loadgen.target;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The peak size of a directory tree over a run: the sum of its files' lengths (apparent sizes, so
 * a preallocated or sparse file counts at its full length), sampled by {@link #sample()} on a
 * daemon thread every {@link #INTERVAL_MS} ms and once more at {@link #close()}. A node's data
 * directory that grows without bound (a log never compacted) shows here.
 *
 * <p><b>Threading</b>: {@link #peakBytes()} from any thread; {@link #sample()} from one at a time.
 */
public final class DirectorySizeSampler implements AutoCloseable
{
    /** Time between two samples, in milliseconds. */
    public static final long INTERVAL_MS = 500;

    private final Path dir;
    private final AtomicLong peakBytes = new AtomicLong(-1);
    private Thread thread;

    /**
     * A sampler of {@code dir}; nothing runs until {@link #start()}.
     *
     * @param dir the directory.
     */
    public DirectorySizeSampler(final Path dir)
    {
        this.dir = dir;
    }

    /**
     * Start sampling on a daemon thread.
     *
     * @return this.
     */
    public DirectorySizeSampler start()
    {
        thread = new Thread(this::run, "qb-data-dir-size");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void run()
    {
        while (!Thread.currentThread().isInterrupted())
        {
            sample();
            try
            {
                Thread.sleep(INTERVAL_MS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    /**
     * Measure the tree now and raise the peak if it is larger.
     *
     * @return the size now, in bytes.
     */
    public long sample()
    {
        final long[] total = {0};
        try
        {
            Files.walkFileTree(dir, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs)
                {
                    total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(final Path file, final IOException ex)
                {
                    // A file deleted between listing and reading (a compaction) no longer counts.
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        catch (final NoSuchFileException ex)
        {
            return 0;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot measure " + dir, ex);
        }
        peakBytes.accumulateAndGet(total[0], Math::max);
        return total[0];
    }

    /**
     * Largest size seen.
     *
     * @return bytes, or -1 before the first sample.
     */
    public long peakBytes()
    {
        return peakBytes.get();
    }

    /** Stop the thread and take a last sample. */
    @Override
    public void close()
    {
        if (null != thread)
        {
            thread.interrupt();
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        sample();
    }
}
