package io.quorumbench.lockfree.storage;

import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Creates, maps and pre-touches the next file of a growing mapped log on one shared daemon thread,
 * so that the node thread which will write it never takes the page faults of fresh pages.
 *
 * <p>Why: the first write to each 4 KiB page of a fresh shared mapping faults into the kernel,
 * which allocates and zeroes a page (tmpfs) or reserves blocks (ext4). At 400 k commands/s on
 * tmpfs that was 12% of the single busy core of an in-process cluster. Aeron's media driver
 * pre-touches its log buffers for the same reason ({@code aeron.pre.touch.mapped.memory}).
 *
 * <p>Contract: a file handed to {@link #prepare} belongs to this class until its future is done;
 * the caller must not map, write or delete it before then. Pages are touched by writing a zero
 * byte to a file of zeros, so the contents are unchanged. The future's completion publishes the
 * touched mapping to the thread that takes it ({@link Future#get()} happens-after the task).
 *
 * <p>Allocation: one task and one future per prepared file (one per log segment or index chunk,
 * that is per megabytes of log), never per entry.
 *
 * <p>Shared by every mapped log of the tuned implementations (Raft's entries, Multi-Paxos's
 * accepted slots): one daemon thread per JVM, however many nodes it hosts.
 */
public final class MappingPretoucher
{
    /** Bytes between touches: the smallest page size of the platforms we run on. */
    public static final int PAGE_LENGTH = 4096;
    private static final int TOUCH_CHUNK_LENGTH = 16 * PAGE_LENGTH;

    /** How long the background thread sleeps when it finds no work, nanoseconds. */
    private static final long IDLE_PARK_NS = 1_000_000;

    // Requests are polled, never signalled. With an executor's blocking queue the node thread woke
    // the background thread itself (a futex wake), which tends to place the wakee on the waker's
    // core: segment roll-overs took up to 2.8-4.4 ms on the node thread at 500k/s, and 0.15-0.4 ms
    // once polled (the rest was cold code formatting the next file's name, now done in the task).
    private static final Queue<FutureTask<MappedByteBuffer>> REQUESTS = new ConcurrentLinkedQueue<>();

    static
    {
        final Thread thread = new Thread(MappingPretoucher::run, "qb-log-pretouch");
        thread.setDaemon(true);
        thread.start();
    }

    private MappingPretoucher()
    {
    }

    /**
     * Create a fresh sparse file of zeros, map it and touch every page, in the background.
     *
     * @param file   names the file, called on the background thread (formatting a name is cold
     *               code, tens to hundreds of microseconds on the node thread); an existing file
     *               is replaced.
     * @param length its length in bytes.
     * @param unlink whether to delete the file once mapped (the mapping outlives it).
     * @return the mapping, ready to write without page faults.
     */
    public static Future<MappedByteBuffer> prepare(final Supplier<File> file, final long length, final boolean unlink)
    {
        final FutureTask<MappedByteBuffer> task = new FutureTask<>(() ->
        {
            final File named = file.get();
            IoUtil.deleteIfExists(named);
            final MappedByteBuffer mapping = IoUtil.mapNewFile(named, length, false);
            if (unlink)
            {
                IoUtil.deleteIfExists(named);
            }
            touch(new UnsafeBuffer(mapping));
            return mapping;
        });
        REQUESTS.add(task);
        return task;
    }

    /**
     * Wait for a preparation and take its mapping.
     *
     * @param prepared the future from {@link #prepare}.
     * @return the mapping, or null if the preparation failed (the caller maps synchronously and
     * meets the same error with its own message).
     */
    public static MappedByteBuffer take(final Future<MappedByteBuffer> prepared)
    {
        boolean interrupted = false;
        try
        {
            while (true)
            {
                try
                {
                    return prepared.get();
                }
                catch (final InterruptedException ex)
                {
                    // The preparation owns the file until done, so we must not walk away from it.
                    interrupted = true;
                }
                catch (final ExecutionException ex)
                {
                    return null;
                }
            }
        }
        finally
        {
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Wait for a preparation that is no longer wanted, unmap its mapping and, if given, delete
     * its file.
     *
     * @param prepared the future from {@link #prepare}.
     * @param file     the file to delete, or null to leave it.
     */
    public static void discard(final Future<MappedByteBuffer> prepared, final File file)
    {
        final MappedByteBuffer mapping = take(prepared);
        if (null != mapping)
        {
            IoUtil.unmap(mapping);
        }
        if (null != file)
        {
            IoUtil.deleteIfExists(file);
        }
    }

    private static void run()
    {
        while (true)
        {
            final FutureTask<MappedByteBuffer> task = REQUESTS.poll();
            if (null == task)
            {
                LockSupport.parkNanos(IDLE_PARK_NS);
            }
            else
            {
                task.run();
            }
        }
    }

    private static void touch(final UnsafeBuffer buffer)
    {
        // Each touch is a page fault of 1-4 µs. C2 polls for a safepoint in a counted loop only
        // once per strip of 1,000 iterations, so a single loop kept every other thread of the JVM
        // waiting up to 4.4 ms at each safepoint (seen in -Xlog:safepoint as "Reaching safepoint").
        // A short inner loop puts a poll on the outer loop's back edge every 16 pages.
        final int capacity = buffer.capacity();
        for (int chunk = 0; chunk < capacity; chunk += TOUCH_CHUNK_LENGTH)
        {
            final int end = Math.min(capacity, chunk + TOUCH_CHUNK_LENGTH);
            for (int offset = chunk; offset < end; offset += PAGE_LENGTH)
            {
                buffer.putByte(offset, (byte)0);
            }
        }
    }
}
