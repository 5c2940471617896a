package io.quorumbench.lockfree.paxos;

import io.quorumbench.api.paxos.PaxosOptions;
import io.quorumbench.lockfree.codec.FrameHeaderFlyweight;
import io.quorumbench.lockfree.paxos.codec.BatchDescriptor;
import io.quorumbench.lockfree.paxos.codec.PromiseFlyweight;
import io.quorumbench.lockfree.paxos.codec.SlotRecordDescriptor;

/**
 * Knobs of the tuned Multi-Paxos that {@code NodeConfig} does not carry: log segment size, batch
 * bounds (bytes and commands of one slot's value) and window (slots in flight). The byte bound,
 * segment and window have a {@code *_PROP_NAME} system property and a {@code *_DEFAULT}; the batch
 * and window are also the registry options every Paxos implementation shares ({@link PaxosOptions},
 * set with {@link #options(PaxosOptions)}). {@link #conclude()} validates once. A concluded instance
 * is immutable and may be shared by the nodes of a cluster.
 */
public final class PaxosTuning
{
    /** Bytes per log segment file. */
    public static final String SEGMENT_LENGTH_PROP_NAME = "qb.paxos.lockfree.segment.length";
    /** Default: 64 MiB (files are sparse; only written bytes use disk). */
    public static final int SEGMENT_LENGTH_DEFAULT = 64 * 1024 * 1024;

    /**
     * Largest batch, i.e. one slot's value, in bytes (a single command larger than this still
     * gets a slot of its own).
     */
    public static final String MAX_BATCH_BYTES_PROP_NAME = "qb.paxos.lockfree.max.batch.bytes";
    /** Default: 7 KiB, so a phase 2a frame fits one Aeron message on a 64 KiB term. */
    public static final int MAX_BATCH_BYTES_DEFAULT = 7 * 1024;

    /** Slots a leader keeps in phase 2 before the oldest is chosen (pipelining); a power of two. */
    public static final String WINDOW_SLOTS_PROP_NAME = "qb.paxos.lockfree.window.slots";
    /** Default: 64. */
    public static final int WINDOW_SLOTS_DEFAULT = 64;

    /**
     * Whether the log creates, maps and touches its next segment on a background thread ahead of
     * need, so appends never fault in fresh pages (as the tuned Raft log does).
     */
    public static final String PRE_TOUCH_LOG_PROP_NAME = "qb.paxos.lockfree.log.pretouch";
    /** Default: true. */
    public static final boolean PRE_TOUCH_LOG_DEFAULT = true;

    private int segmentLength = Integer.getInteger(SEGMENT_LENGTH_PROP_NAME, SEGMENT_LENGTH_DEFAULT);
    private int maxBatchBytes = Integer.getInteger(MAX_BATCH_BYTES_PROP_NAME, MAX_BATCH_BYTES_DEFAULT);
    private int windowSlots = Integer.getInteger(WINDOW_SLOTS_PROP_NAME, WINDOW_SLOTS_DEFAULT);
    private boolean preTouchLog = Boolean.parseBoolean(
        System.getProperty(PRE_TOUCH_LOG_PROP_NAME, String.valueOf(PRE_TOUCH_LOG_DEFAULT)));
    private int maxBatchCommands = PaxosOptions.ADAPTIVE_BATCH;
    private boolean concluded;

    /**
     * Validate the settings and freeze them.
     *
     * @return this.
     * @throws IllegalStateException if already concluded.
     */
    public PaxosTuning conclude()
    {
        if (concluded)
        {
            throw new IllegalStateException("already concluded");
        }
        if (segmentLength < 64 * 1024)
        {
            throw new IllegalArgumentException("segmentLength must be >= 65536, got " + segmentLength);
        }
        if (maxBatchBytes < 64)
        {
            throw new IllegalArgumentException("maxBatchBytes must be >= 64, got " + maxBatchBytes);
        }
        if (windowSlots < 1 || Integer.bitCount(windowSlots) != 1)
        {
            throw new IllegalArgumentException("windowSlots must be a power of two >= 1, got " + windowSlots);
        }
        if (maxBatchCommands < 1)
        {
            throw new IllegalArgumentException("maxBatchCommands must be >= 1, got " + maxBatchCommands);
        }
        concluded = true;
        return this;
    }

    /**
     * Whether {@link #conclude()} ran.
     *
     * @return true if frozen.
     */
    public boolean isConcluded()
    {
        return concluded;
    }

    /**
     * Set the segment length.
     *
     * @param segmentLength bytes per segment file.
     * @return this.
     */
    public PaxosTuning segmentLength(final int segmentLength)
    {
        checkOpen();
        this.segmentLength = segmentLength;
        return this;
    }

    /**
     * Set the batch bound.
     *
     * @param maxBatchBytes largest batch value in bytes.
     * @return this.
     */
    public PaxosTuning maxBatchBytes(final int maxBatchBytes)
    {
        checkOpen();
        this.maxBatchBytes = maxBatchBytes;
        return this;
    }

    /**
     * Set the window.
     *
     * @param windowSlots slots in phase 2 at once, a power of two.
     * @return this.
     */
    public PaxosTuning windowSlots(final int windowSlots)
    {
        checkOpen();
        this.windowSlots = windowSlots;
        return this;
    }

    /**
     * Set whether the log pre-touches its next segment in the background.
     *
     * @param preTouchLog true to pre-touch.
     * @return this.
     */
    public PaxosTuning preTouchLog(final boolean preTouchLog)
    {
        checkOpen();
        this.preTouchLog = preTouchLog;
        return this;
    }

    /**
     * Set the batch and window from the registry options.
     *
     * @param options the knobs.
     * @return this.
     */
    public PaxosTuning options(final PaxosOptions options)
    {
        checkOpen();
        this.maxBatchCommands = options.maxBatchCommands();
        this.windowSlots = options.windowSlots();
        return this;
    }

    /**
     * Whether the log pre-touches its next segment in the background.
     *
     * @return true if it does.
     */
    public boolean preTouchLog()
    {
        return preTouchLog;
    }

    /**
     * Most client commands in one slot's value; {@link PaxosOptions#ADAPTIVE_BATCH} when only
     * {@link #maxBatchBytes()} bounds a batch.
     *
     * @return the bound.
     */
    public int maxBatchCommands()
    {
        return maxBatchCommands;
    }

    /**
     * Bytes per segment file.
     *
     * @return the length.
     */
    public int segmentLength()
    {
        return segmentLength;
    }

    /**
     * Largest batch value in bytes.
     *
     * @return the bound.
     */
    public int maxBatchBytes()
    {
        return maxBatchBytes;
    }

    /**
     * Slots in phase 2 at once.
     *
     * @return the window.
     */
    public int windowSlots()
    {
        return windowSlots;
    }

    /**
     * Largest slot value: a full batch, or one largest command alone.
     *
     * @param maxCommandLength largest client command, bytes.
     * @return bytes.
     */
    public int maxValueLength(final int maxCommandLength)
    {
        return Math.max(maxBatchBytes, BatchDescriptor.HEADER_LENGTH + BatchDescriptor.entryLength(maxCommandLength));
    }

    /**
     * Largest frame a node sends: a promise chunk or an accept holding the largest value.
     *
     * @param maxCommandLength largest client command, bytes.
     * @return bytes, header included.
     */
    public int maxFrameLength(final int maxCommandLength)
    {
        return FrameHeaderFlyweight.HEADER_LENGTH + PromiseFlyweight.HEADER_LENGTH +
            SlotRecordDescriptor.recordLength(maxValueLength(maxCommandLength));
    }

    private void checkOpen()
    {
        if (concluded)
        {
            throw new IllegalStateException("concluded tuning is immutable");
        }
    }

    @Override
    public String toString()
    {
        return "PaxosTuning{segmentLength=" + segmentLength + ", maxBatchBytes=" + maxBatchBytes +
            ", maxBatchCommands=" + (PaxosOptions.ADAPTIVE_BATCH == maxBatchCommands ? PaxosOptions.ADAPTIVE :
            String.valueOf(maxBatchCommands)) + ", windowSlots=" + windowSlots + ", preTouchLog=" + preTouchLog + '}';
    }
}
