package io.quorumbench.lockfree.raft;

import io.quorumbench.api.consensus.NodeConfig;
import io.quorumbench.lockfree.codec.Crc32cChecksum;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.nio.file.Path;

import static io.quorumbench.lockfree.codec.FrameHeaderFlyweight.BYTE_ORDER;

/**
 * Raft's persistent state besides the log (section 5.1, figure 2): {@code currentTerm} and
 * {@code votedFor}, in a small memory-mapped file {@code raft-state.dat}.
 *
 * <pre>
 *  two slots of SLOT_LENGTH bytes, written alternately so a torn write leaves the other intact:
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                  write version (int64)                        |
 *  +---------------------------------------------------------------+
 *  |                  current term (int64)                         |
 *  +---------------------------------------------------------------+
 *  |                  voted for (int32, -1 = none)                 |
 *  +---------------------------------------------------------------+
 *  |                  CRC32C of bytes [0, 20) (int32)              |
 *  +---------------------------------------------------------------+
 *  |                  reserved (8 bytes)                           |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Little-endian. On open the valid slot with the highest version wins. Not thread-safe.
 */
public final class HardStateFile implements AutoCloseable
{
    /** Bytes per slot. */
    public static final int SLOT_LENGTH = 32;
    private static final int VERSION_OFFSET = 0;
    private static final int TERM_OFFSET = 8;
    private static final int VOTED_FOR_OFFSET = 16;
    private static final int CHECKSUM_OFFSET = 20;
    private static final int FILE_LENGTH = 2 * SLOT_LENGTH;

    private final MappedByteBuffer mapping;
    private final UnsafeBuffer buffer;
    private final Crc32cChecksum crc;
    private final byte[] forcedImage = new byte[FILE_LENGTH];
    private long version;
    private long term;
    private int votedFor = NodeConfig.NO_NODE;
    private boolean closed;

    /**
     * Open or create the file in a directory and load the latest valid slot.
     *
     * @param dir the node's data directory (must exist).
     * @param crc checksum helper of the owning thread.
     */
    public HardStateFile(final Path dir, final Crc32cChecksum crc)
    {
        this.crc = crc;
        final File file = dir.resolve("raft-state.dat").toFile();
        mapping = file.exists() && file.length() == FILE_LENGTH ?
            IoUtil.mapExistingFile(file, "raft hard state") : IoUtil.mapNewFile(file, FILE_LENGTH, true);
        buffer = new UnsafeBuffer(mapping);
        for (int slot = 0; slot < 2; slot++)
        {
            final int offset = slot * SLOT_LENGTH;
            final long slotVersion = buffer.getLong(offset + VERSION_OFFSET, BYTE_ORDER);
            if (slotVersion > version &&
                crc.compute(buffer, offset, CHECKSUM_OFFSET) == buffer.getInt(offset + CHECKSUM_OFFSET, BYTE_ORDER))
            {
                version = slotVersion;
                term = buffer.getLong(offset + TERM_OFFSET, BYTE_ORDER);
                votedFor = buffer.getInt(offset + VOTED_FOR_OFFSET, BYTE_ORDER);
            }
        }
        buffer.getBytes(0, forcedImage);
    }

    /**
     * Recovered or last stored term.
     *
     * @return the term.
     */
    public long term()
    {
        return term;
    }

    /**
     * Recovered or last stored vote.
     *
     * @return the node voted for in {@link #term()}, or {@link NodeConfig#NO_NODE}.
     */
    public int votedFor()
    {
        return votedFor;
    }

    /**
     * Store term and vote; must complete before the node answers a vote or acts in the term.
     *
     * @param term     current term.
     * @param votedFor vote in that term.
     * @param force    whether to msync before returning (fsync policy other than NONE).
     */
    public void store(final long term, final int votedFor, final boolean force)
    {
        this.term = term;
        this.votedFor = votedFor;
        version++;
        final int offset = (int)(version & 1) * SLOT_LENGTH;
        buffer.putLong(offset + VERSION_OFFSET, version, BYTE_ORDER);
        buffer.putLong(offset + TERM_OFFSET, term, BYTE_ORDER);
        buffer.putInt(offset + VOTED_FOR_OFFSET, votedFor, BYTE_ORDER);
        buffer.putInt(offset + CHECKSUM_OFFSET, crc.compute(buffer, offset, CHECKSUM_OFFSET), BYTE_ORDER);
        if (force)
        {
            mapping.force();
            buffer.getBytes(0, forcedImage);
        }
    }

    /**
     * Release the mapping as a killed process would; with power loss, the file reverts to what
     * the last forced store wrote.
     *
     * @param powerLoss whether un-forced stores are lost.
     */
    public void crash(final boolean powerLoss)
    {
        if (closed)
        {
            return;
        }
        if (powerLoss)
        {
            buffer.putBytes(0, forcedImage);
        }
        close();
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            IoUtil.unmap(mapping);
        }
    }
}
