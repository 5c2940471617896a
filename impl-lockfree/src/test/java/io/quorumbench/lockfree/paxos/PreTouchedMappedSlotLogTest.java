package io.quorumbench.lockfree.paxos;

import io.quorumbench.lockfree.codec.Crc32cChecksum;
import io.quorumbench.lockfree.paxos.codec.SlotRecordDescriptor;
import io.quorumbench.lockfree.storage.MappingPretoucher;
import io.quorumbench.lockfree.storage.ThreadFaults;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@link MappedSlotLogTest} again with pre-touch on, plus what pre-touch itself promises:
 * the appending thread takes no page faults, and no prepared file outlives a crash as a segment.
 */
class PreTouchedMappedSlotLogTest extends MappedSlotLogTest
{
    private static final int VALUE_LENGTH = 600;

    PreTouchedMappedSlotLogTest()
    {
        preTouch = true;
    }

    @Test
    void shouldAppendIntoPreTouchedSegmentsWithoutPageFaults()
    {
        Assumptions.assumeTrue(ThreadFaults.supported(), "needs Linux /proc/thread-self");
        final int segmentLength = 1 << 20;
        final int recordLength = SlotRecordDescriptor.recordLength(VALUE_LENGTH);
        final int slotsPerSegment = segmentLength / recordLength;
        final UnsafeBuffer value = value(VALUE_LENGTH, 7);
        try (MappedSlotLog log = new MappedSlotLog(dir, segmentLength, 1024, new Crc32cChecksum(), true))
        {
            // Into the second segment, so the third is being prepared; a segment still in
            // preparation when it is needed is waited for (parked, no faults on this thread).
            long slot = 1;
            for (; slot <= 2L * slotsPerSegment; slot++)
            {
                log.append(slot, 1, value, 0, VALUE_LENGTH);
            }
            final long faultsBefore = ThreadFaults.minorFaults();
            final long firstMeasured = slot;
            for (; slot < firstMeasured + 6L * slotsPerSegment; slot++)
            {
                log.append(slot, 1, value, 0, VALUE_LENGTH);
            }
            final long faults = ThreadFaults.minorFaults() - faultsBefore;
            final long pagesWritten = (slot - firstMeasured) * recordLength / MappingPretoucher.PAGE_LENGTH;
            // Without pre-touch this thread takes one fault per page written (about 1,500 here).
            assertTrue(faults < pagesWritten / 8,
                faults + " minor faults on the appending thread for " + pagesWritten + " pages written");
        }
    }

    @Test
    void shouldRecoverPastThePreparedSegmentAfterACrashAndGrowIntoIt()
    {
        final MappedSlotLog log = open();
        for (int slot = 1; slot <= 150; slot++)
        {
            log.append(slot, 3, value(VALUE_LENGTH, slot), 0, VALUE_LENGTH);
        }
        log.force();
        log.crash(false);
        // The prepared next segment is a file of zeros on disk, as a killed process leaves it.
        try (MappedSlotLog recovered = open())
        {
            assertEquals(150, recovered.highestSlot());
            for (int slot = 151; slot <= 400; slot++)
            {
                recovered.append(slot, 4, value(VALUE_LENGTH, slot), 0, VALUE_LENGTH);
            }
        }
        try (MappedSlotLog reopened = open())
        {
            assertEquals(400, reopened.highestSlot());
            assertEquals(3, reopened.ballotAt(150));
            assertEquals(4, reopened.ballotAt(400));
        }
    }

    @Test
    void shouldLeaveNoPreparedSegmentBehindAfterAClose()
    {
        try (MappedSlotLog log = open())
        {
            log.append(1, 1, value(VALUE_LENGTH, 1), 0, VALUE_LENGTH);
        }
        assertTrue(Files.exists(dir.resolve("paxos-log-00000000.seg")), "the log's only segment");
        assertFalse(Files.exists(dir.resolve("paxos-log-00000001.seg")), "the prepared segment outlived close");
    }
}
