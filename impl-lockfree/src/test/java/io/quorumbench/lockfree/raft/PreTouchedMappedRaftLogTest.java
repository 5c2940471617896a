package io.quorumbench.lockfree.raft;

import io.quorumbench.lockfree.raft.codec.LogRecordDescriptor;
import io.quorumbench.lockfree.storage.MappingPretoucher;
import io.quorumbench.lockfree.storage.ThreadFaults;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@link MappedRaftLogTest} again with pre-touch on, plus what pre-touch itself promises:
 * the appending thread takes no page faults, and no prepared file outlives the log's end.
 */
class PreTouchedMappedRaftLogTest extends MappedRaftLogTest
{
    PreTouchedMappedRaftLogTest()
    {
        preTouch = true;
    }

    @Test
    void shouldAppendIntoPreTouchedSegmentsWithoutPageFaults()
    {
        Assumptions.assumeTrue(ThreadFaults.supported(), "needs Linux /proc/thread-self");
        final int segmentLength = 1 << 20;
        final int pagesPerSegment = segmentLength / MappingPretoucher.PAGE_LENGTH;
        try (MappedRaftLog log = new MappedRaftLog(dir, segmentLength, 1024, 1 << 18, false, true, crc))
        {
            // Into the second segment, so the third is being prepared. No waiting for it here: a
            // segment still in preparation when it is needed is waited for (parked, no faults).
            append(log, 1, 2_000, 600);
            final long faultsBefore = ThreadFaults.minorFaults();
            final long before = log.lastIndex();
            // About six more segments: each next one is prepared while the current one fills.
            append(log, 1, 6 * 1_700, 600);
            final long faults = ThreadFaults.minorFaults() - faultsBefore;
            final long pagesWritten = (log.lastIndex() - before) * LogRecordDescriptor.recordLength(600) /
                MappingPretoucher.PAGE_LENGTH;
            assertTrue(pagesWritten >= 5 * pagesPerSegment, "wrote " + pagesWritten + " pages");
            // Without pre-touch this thread takes one fault per page written (>= 1,280 here).
            assertTrue(faults < pagesWritten / 8,
                faults + " minor faults on the appending thread for " + pagesWritten + " pages written");
        }
    }

    @Test
    void shouldLeaveNoPreparedSegmentPastTheEndAfterATruncation()
    {
        try (MappedRaftLog log = open())
        {
            append(log, 1, 500, 600);
            assertTrue(Files.exists(dir.resolve("raft-log-00000004.seg")), "the log reached segment 4");
            log.truncateFrom(20);
            append(log, 2, 3, 600);
            for (int segment = 2; segment <= 6; segment++)
            {
                assertFalse(Files.exists(segmentFile(segment)), "segment " + segment + " outlived the cut");
            }
            log.crash(false);
        }
        try (MappedRaftLog log = open())
        {
            assertEquals(22, log.lastIndex());
            assertEquals(2, log.termAt(22));
            assertEquals(1, log.termAt(19));
            append(log, 3, 200, 600);
            assertEquals(3, log.termAt(222));
        }
        try (MappedRaftLog log = open())
        {
            assertEquals(222, log.lastIndex());
        }
    }

    private Path segmentFile(final int segment)
    {
        return dir.resolve(String.format("raft-log-%08d.seg", segment));
    }
}
