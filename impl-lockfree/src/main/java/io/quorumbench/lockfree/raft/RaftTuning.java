package io.quorumbench.lockfree.raft;

import io.quorumbench.lockfree.codec.FrameHeaderFlyweight;
import io.quorumbench.lockfree.raft.codec.AppendEntriesFlyweight;

/**
 * Knobs of the tuned Raft that the SPI's {@code NodeConfig} does not carry: log segment size,
 * batching and pipelining limits. Each has a {@code *_PROP_NAME} system property and a
 * {@code *_DEFAULT}; {@link #conclude()} validates once. A concluded instance is immutable and may
 * be shared by the nodes of a cluster.
 */
public final class RaftTuning
{
    /** Bytes per log segment file. */
    public static final String SEGMENT_LENGTH_PROP_NAME = "qb.raft.lockfree.segment.length";
    /** Default: 64 MiB (files are sparse; only written bytes use disk). */
    public static final int SEGMENT_LENGTH_DEFAULT = 64 * 1024 * 1024;

    /** Byte budget of the entries in one AppendEntries frame (batching). */
    public static final String MAX_BATCH_BYTES_PROP_NAME = "qb.raft.lockfree.max.batch.bytes";
    /**
     * Default: 7 KiB, so a whole frame fits one Aeron message on a 64 KiB term buffer (whose
     * maximum message is a term/8 = 8 KiB).
     */
    public static final int MAX_BATCH_BYTES_DEFAULT = 7 * 1024;

    /** AppendEntries frames a leader keeps in flight per follower before waiting for acks (pipelining). */
    public static final String MAX_INFLIGHT_BATCHES_PROP_NAME = "qb.raft.lockfree.max.inflight.batches";
    /** Default: 16. */
    public static final int MAX_INFLIGHT_BATCHES_DEFAULT = 16;

    /** Uncommitted entries a leader accepts before answering BACKPRESSURE. */
    public static final String MAX_UNCOMMITTED_ENTRIES_PROP_NAME = "qb.raft.lockfree.max.uncommitted.entries";
    /** Default: 65536. */
    public static final int MAX_UNCOMMITTED_ENTRIES_DEFAULT = 64 * 1024;

    /** Entries the off-heap log index maps up front (rounded up to whole index chunks). */
    public static final String INITIAL_LOG_CAPACITY_PROP_NAME = "qb.raft.lockfree.initial.log.capacity";
    /** Default: 65536 (1 MiB of index). */
    public static final int INITIAL_LOG_CAPACITY_DEFAULT = 64 * 1024;

    /**
     * Whether the log creates, maps and touches its next segment and index chunk on a background
     * thread ahead of need, so appends never fault in fresh pages.
     */
    public static final String PRE_TOUCH_LOG_PROP_NAME = "qb.raft.lockfree.log.pretouch";
    /** Default: true. */
    public static final boolean PRE_TOUCH_LOG_DEFAULT = true;

    private int segmentLength = Integer.getInteger(SEGMENT_LENGTH_PROP_NAME, SEGMENT_LENGTH_DEFAULT);
    private int maxBatchBytes = Integer.getInteger(MAX_BATCH_BYTES_PROP_NAME, MAX_BATCH_BYTES_DEFAULT);
    private int maxInflightBatches = Integer.getInteger(MAX_INFLIGHT_BATCHES_PROP_NAME, MAX_INFLIGHT_BATCHES_DEFAULT);
    private int maxUncommittedEntries =
        Integer.getInteger(MAX_UNCOMMITTED_ENTRIES_PROP_NAME, MAX_UNCOMMITTED_ENTRIES_DEFAULT);
    private int initialLogCapacity = Integer.getInteger(INITIAL_LOG_CAPACITY_PROP_NAME, INITIAL_LOG_CAPACITY_DEFAULT);
    private boolean preTouchLog = Boolean.parseBoolean(
        System.getProperty(PRE_TOUCH_LOG_PROP_NAME, String.valueOf(PRE_TOUCH_LOG_DEFAULT)));
    private boolean concluded;

    /**
     * Validate the settings and freeze them.
     *
     * @return this.
     */
    public RaftTuning conclude()
    {
        if (segmentLength < 64 * 1024)
        {
            throw new IllegalArgumentException("segmentLength must be >= 65536, got " + segmentLength);
        }
        if (maxBatchBytes < 64)
        {
            throw new IllegalArgumentException("maxBatchBytes must be >= 64, got " + maxBatchBytes);
        }
        if (maxInflightBatches < 1)
        {
            throw new IllegalArgumentException("maxInflightBatches must be >= 1, got " + maxInflightBatches);
        }
        if (maxUncommittedEntries < 1)
        {
            throw new IllegalArgumentException("maxUncommittedEntries must be >= 1, got " + maxUncommittedEntries);
        }
        if (initialLogCapacity < 16)
        {
            throw new IllegalArgumentException("initialLogCapacity must be >= 16, got " + initialLogCapacity);
        }
        concluded = true;
        return this;
    }

    /**
     * Largest frame a node with this tuning sends for a given command limit.
     *
     * @param maxCommandLength largest command in bytes.
     * @return the frame length bound in bytes.
     */
    public int maxFrameLength(final int maxCommandLength)
    {
        return FrameHeaderFlyweight.HEADER_LENGTH + AppendEntriesFlyweight.ENTRIES_OFFSET +
            Math.max(maxBatchBytes, io.quorumbench.lockfree.raft.codec.LogRecordDescriptor.recordLength(maxCommandLength));
    }

    /**
     * Bytes per log segment file.
     *
     * @return the segment length.
     */
    public int segmentLength()
    {
        return segmentLength;
    }

    /**
     * Set bytes per log segment file.
     *
     * @param segmentLength bytes.
     * @return this.
     */
    public RaftTuning segmentLength(final int segmentLength)
    {
        checkMutable();
        this.segmentLength = segmentLength;
        return this;
    }

    /**
     * Entry byte budget per AppendEntries.
     *
     * @return bytes.
     */
    public int maxBatchBytes()
    {
        return maxBatchBytes;
    }

    /**
     * Set the entry byte budget per AppendEntries.
     *
     * @param maxBatchBytes bytes.
     * @return this.
     */
    public RaftTuning maxBatchBytes(final int maxBatchBytes)
    {
        checkMutable();
        this.maxBatchBytes = maxBatchBytes;
        return this;
    }

    /**
     * AppendEntries in flight per follower.
     *
     * @return the limit.
     */
    public int maxInflightBatches()
    {
        return maxInflightBatches;
    }

    /**
     * Set the AppendEntries in flight per follower.
     *
     * @param maxInflightBatches the limit.
     * @return this.
     */
    public RaftTuning maxInflightBatches(final int maxInflightBatches)
    {
        checkMutable();
        this.maxInflightBatches = maxInflightBatches;
        return this;
    }

    /**
     * Uncommitted entries before BACKPRESSURE.
     *
     * @return the limit.
     */
    public int maxUncommittedEntries()
    {
        return maxUncommittedEntries;
    }

    /**
     * Set the uncommitted entries before BACKPRESSURE.
     *
     * @param maxUncommittedEntries the limit.
     * @return this.
     */
    public RaftTuning maxUncommittedEntries(final int maxUncommittedEntries)
    {
        checkMutable();
        this.maxUncommittedEntries = maxUncommittedEntries;
        return this;
    }

    /**
     * Initial capacity of the log index, in entries.
     *
     * @return the capacity.
     */
    public int initialLogCapacity()
    {
        return initialLogCapacity;
    }

    /**
     * Set the initial capacity of the log index.
     *
     * @param initialLogCapacity entries.
     * @return this.
     */
    public RaftTuning initialLogCapacity(final int initialLogCapacity)
    {
        checkMutable();
        this.initialLogCapacity = initialLogCapacity;
        return this;
    }

    /**
     * Whether the log pre-touches its next segment and index chunk in the background.
     *
     * @return true if it does.
     */
    public boolean preTouchLog()
    {
        return preTouchLog;
    }

    /**
     * Set whether the log pre-touches its next segment and index chunk in the background.
     *
     * @param preTouchLog true to pre-touch.
     * @return this.
     */
    public RaftTuning preTouchLog(final boolean preTouchLog)
    {
        checkMutable();
        this.preTouchLog = preTouchLog;
        return this;
    }

    private void checkMutable()
    {
        if (concluded)
        {
            throw new IllegalStateException("RaftTuning is concluded");
        }
    }

    @Override
    public String toString()
    {
        return "RaftTuning{segmentLength=" + segmentLength + ", maxBatchBytes=" + maxBatchBytes +
            ", maxInflightBatches=" + maxInflightBatches + ", maxUncommittedEntries=" + maxUncommittedEntries +
            ", initialLogCapacity=" + initialLogCapacity + ", preTouchLog=" + preTouchLog + '}';
    }
}
