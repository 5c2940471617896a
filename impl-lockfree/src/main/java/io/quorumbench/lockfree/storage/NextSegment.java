package io.quorumbench.lockfree.storage;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * The one segment file a growing mapped log prepares ahead of need ({@link MappingPretoucher}):
 * which number it will have and the future of its touched mapping. Shared by the tuned logs so
 * the ownership rules (a preparation owns its file until done; a stale one is waited for and
 * deleted) live in one place.
 *
 * <p>Not thread-safe: owned by the log's node thread.
 */
public final class NextSegment
{
    private final IntFunction<File> segmentFile;
    private final long segmentLength;
    private Future<MappedByteBuffer> prepared;
    private int number;

    /**
     * @param segmentFile   names the file of a segment number (called on the background thread).
     * @param segmentLength bytes per segment file.
     */
    public NextSegment(final IntFunction<File> segmentFile, final long segmentLength)
    {
        this.segmentFile = segmentFile;
        this.segmentLength = segmentLength;
    }

    /**
     * Start preparing a segment unless one is already being prepared.
     *
     * @param segment the segment number the log will grow into next.
     */
    public void prepare(final int segment)
    {
        if (null == prepared)
        {
            prepared = MappingPretoucher.prepare(() -> segmentFile.apply(segment), segmentLength, false);
            number = segment;
        }
    }

    /**
     * Whether a preparation is pending for another segment than the given one.
     *
     * @param segment the segment number the log will grow into next.
     * @return true if the pending preparation is stale.
     */
    public boolean isStale(final int segment)
    {
        return null != prepared && number != segment;
    }

    /**
     * Take the prepared mapping of a segment, waiting for it if still in preparation.
     *
     * @param segment the segment number being created.
     * @return the touched mapping, or null if none was prepared for this number (a stale
     * preparation is discarded and its file deleted) or the preparation failed; the caller then
     * maps the file itself.
     */
    public MappedByteBuffer take(final int segment)
    {
        if (null == prepared)
        {
            return null;
        }
        if (number != segment)
        {
            discard(true);
            return null;
        }
        final Future<MappedByteBuffer> taken = prepared;
        prepared = null;
        return MappingPretoucher.take(taken);
    }

    /**
     * Wait for a pending preparation that is no longer wanted and unmap it.
     *
     * @param deleteFile whether to delete its file too: yes on a clean close or when stale, no on
     *                   a simulated crash (a killed process leaves the file of zeros behind, which
     *                   recovery treats as past the end of the log).
     */
    public void discard(final boolean deleteFile)
    {
        if (null != prepared)
        {
            MappingPretoucher.discard(prepared, deleteFile ? segmentFile.apply(number) : null);
            prepared = null;
        }
    }
}
