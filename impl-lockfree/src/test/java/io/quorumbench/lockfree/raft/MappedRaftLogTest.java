package io.quorumbench.lockfree.raft;

import io.quorumbench.lockfree.codec.Crc32cChecksum;
import io.quorumbench.lockfree.raft.codec.LogRecordDescriptor;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recovery, truncation and power-loss behaviour of {@link MappedRaftLog}. */
class MappedRaftLogTest
{
    private static final int SEGMENT = 64 * 1024;
    Path dir;
    final Crc32cChecksum crc = new Crc32cChecksum();
    private final UnsafeBuffer command = new UnsafeBuffer(new byte[600]);
    /** Whether the logs under test pre-touch their next segment; {@link PreTouchedMappedRaftLogTest} sets it. */
    boolean preTouch;

    @BeforeEach
    void setUp() throws IOException
    {
        final Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        dir = Files.createTempDirectory(tmp, "log");
    }

    @AfterEach
    void tearDown()
    {
        IoUtil.delete(dir.toFile(), true);
    }

    MappedRaftLog open()
    {
        return new MappedRaftLog(dir, SEGMENT, 1024, 16, true, preTouch, crc);
    }

    void append(final MappedRaftLog log, final long term, final int n, final int length)
    {
        for (int i = 0; i < n; i++)
        {
            command.putInt(0, (int)(log.lastIndex() + 1));
            log.append(term, 1, log.lastIndex() + 1, 0, command, 0, length);
        }
    }

    @Test
    void shouldGrowTheIndexAcrossChunksWithoutHeapAllocationPerEntry()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        final int entries = 2 * MappedRaftLog.INDEX_CHUNK_ENTRIES + 1_000;
        final long threadId = Thread.currentThread().getId();
        try (MappedRaftLog log = new MappedRaftLog(dir, 32 << 20, 1024, 16, false, preTouch, crc))
        {
            append(log, 1, 1_000, 8);
            final long before = threads.getThreadAllocatedBytes(threadId);
            append(log, 1, entries - 2_000, 8);
            append(log, 2, 1_000, 8);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            assertEquals(entries, log.lastIndex());
            // Two index chunks and a few segments were mapped inside the window: a few KiB in all.
            // The old doubling arrays allocated >= 16 B per entry here.
            assertTrue(allocated < entries / 16, "allocated " + allocated + " bytes over " + entries + " appends");
            for (long index = 1; index <= entries; index += 997)
            {
                assertEquals((int)index, log.buffer(index).getInt(log.offset(index) + LogRecordDescriptor.HEADER_LENGTH));
            }
            final long boundary = MappedRaftLog.INDEX_CHUNK_ENTRIES;
            for (long index = boundary - 2; index <= boundary + 2; index++)
            {
                assertEquals(1, log.termAt(index));
                assertEquals((int)index, log.buffer(index).getInt(log.offset(index) + LogRecordDescriptor.HEADER_LENGTH));
            }
            assertEquals(2, log.termAt(entries));
            log.truncateFrom(boundary);
            assertEquals(boundary - 1, log.lastIndex());
            append(log, 3, 3, 8);
            assertEquals(3, log.termAt(boundary + 1));
            assertEquals(1, log.termAt(boundary - 1));
        }
        try (MappedRaftLog log = new MappedRaftLog(dir, 32 << 20, 1024, 16, false, preTouch, crc))
        {
            assertEquals(MappedRaftLog.INDEX_CHUNK_ENTRIES + 2, log.lastIndex());
            assertEquals(3, log.termAt(log.lastIndex()));
        }
        try (var files = Files.list(dir))
        {
            assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".idx")).count(),
                "index chunk files are unlinked once mapped");
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @Test
    void shouldRecoverEveryEntryAcrossSegments()
    {
        try (MappedRaftLog log = open())
        {
            append(log, 1, 150, 600);
            append(log, 2, 150, 600);
        }
        assertTrue(Files.exists(dir.resolve("raft-log-00000001.seg")), "rolled over to a second segment");
        try (MappedRaftLog log = open())
        {
            assertEquals(300, log.lastIndex());
            assertEquals(1, log.termAt(150));
            assertEquals(2, log.termAt(151));
            for (long index = 1; index <= 300; index++)
            {
                assertEquals((int)index, log.buffer(index).getInt(log.offset(index) + LogRecordDescriptor.HEADER_LENGTH));
            }
        }
    }

    @Test
    void shouldCutATornTailOnRecovery() throws IOException
    {
        final long tornPosition;
        try (MappedRaftLog log = open())
        {
            append(log, 1, 10, 100);
            tornPosition = log.offset(10) + LogRecordDescriptor.HEADER_LENGTH + 5;
        }
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve("raft-log-00000000.seg").toFile(), "rw"))
        {
            file.seek(tornPosition);
            file.write(0x5A);
        }
        try (MappedRaftLog log = open())
        {
            assertEquals(9, log.lastIndex(), "record 10 fails its CRC and is cut");
            append(log, 2, 1, 100);
        }
        try (MappedRaftLog log = open())
        {
            assertEquals(10, log.lastIndex());
            assertEquals(2, log.termAt(10));
        }
    }

    @Test
    void shouldNeverResurrectTruncatedEntries()
    {
        // Section 5.3: after a conflict the suffix is gone for good, also across a restart.
        try (MappedRaftLog log = open())
        {
            append(log, 1, 200, 500);
            log.truncateFrom(50);
            append(log, 3, 5, 10);
            assertEquals(54, log.lastIndex());
        }
        try (MappedRaftLog log = open())
        {
            assertEquals(54, log.lastIndex());
            assertEquals(3, log.termAt(54));
            assertEquals(1, log.termAt(49));
        }
        assertTrue(!Files.exists(dir.resolve("raft-log-00000001.seg")), "segments past the cut are deleted");
    }

    @Test
    void shouldLoseOnlyUnforcedEntriesOnPowerLoss()
    {
        final MappedRaftLog log = open();
        append(log, 1, 40, 100);
        log.force();
        append(log, 1, 400, 100);
        assertEquals(40, log.forcedIndex());
        log.crash(true);
        try (MappedRaftLog recovered = open())
        {
            assertEquals(40, recovered.lastIndex());
        }
    }

    @Test
    void shouldKeepUnforcedEntriesOnProcessCrash()
    {
        final MappedRaftLog log = open();
        append(log, 1, 40, 100);
        log.crash(false);
        try (MappedRaftLog recovered = open())
        {
            assertEquals(40, recovered.lastIndex());
        }
    }

    @Test
    void shouldRecoverHardStateFromTheLatestValidSlot()
    {
        try (HardStateFile state = new HardStateFile(dir, crc))
        {
            state.store(3, 2, true);
            state.store(4, -1, true);
            state.store(4, 1, false);
            state.crash(true);
        }
        try (HardStateFile state = new HardStateFile(dir, crc))
        {
            assertEquals(4, state.term());
            assertEquals(-1, state.votedFor(), "the unforced vote is lost on power loss");
            state.store(5, 2, true);
        }
        try (HardStateFile state = new HardStateFile(dir, crc))
        {
            assertEquals(5, state.term());
            assertEquals(2, state.votedFor());
        }
    }
}
