package io.quorumbench.lockfree.paxos;

import io.quorumbench.lockfree.codec.Crc32cChecksum;
import io.quorumbench.lockfree.paxos.codec.SlotRecordDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The acceptor's log: holes, re-accepts in higher ballots, recovery, power loss, segments. */
class MappedSlotLogTest
{
    private static final int SEGMENT = 64 * 1024;
    private static final int MAX_VALUE = 1024;

    @TempDir
    Path dir;

    /** Whether the logs these tests open pre-touch their next segment (a subclass turns it on). */
    boolean preTouch;

    MappedSlotLog open()
    {
        return new MappedSlotLog(dir, SEGMENT, MAX_VALUE, new Crc32cChecksum(), preTouch);
    }

    static UnsafeBuffer value(final int length, final int fill)
    {
        final byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte)fill);
        bytes[0] = 0;
        bytes[1] = 0;
        bytes[2] = 0;
        bytes[3] = 0;
        return new UnsafeBuffer(bytes);
    }

    private static int fillAt(final MappedSlotLog log, final long slot)
    {
        return log.recordBuffer(slot).getByte(log.recordOffset(slot) + SlotRecordDescriptor.HEADER_LENGTH + 4);
    }

    @Test
    void shouldKeepHolesAndTheNewestBallotPerSlotAcrossRestarts()
    {
        try (MappedSlotLog log = open())
        {
            log.append(3, 10, value(40, 3), 0, 40);
            log.append(1, 10, value(40, 1), 0, 40);
            log.append(3, 20, value(40, 33), 0, 40);
            assertEquals(0, log.ballotAt(2));
            assertEquals(3, log.highestSlot());
        }
        try (MappedSlotLog log = open())
        {
            assertEquals(10, log.ballotAt(1));
            assertEquals(0, log.ballotAt(2));
            assertEquals(20, log.ballotAt(3));
            assertEquals(33, fillAt(log, 3));
            assertEquals(20, log.maxBallot());
            assertEquals(3, log.highestSlot());
        }
    }

    @Test
    void shouldLoseOnlyWhatWasNotForcedOnPowerLoss()
    {
        final MappedSlotLog log = open();
        log.append(1, 10, value(40, 1), 0, 40);
        log.force();
        log.append(2, 10, value(40, 2), 0, 40);
        log.crash(true);
        try (MappedSlotLog recovered = open())
        {
            assertEquals(10, recovered.ballotAt(1));
            assertEquals(0, recovered.ballotAt(2));
            assertEquals(1, recovered.highestSlot());
        }
    }

    @Test
    void shouldKeepUnforcedAppendsOnACrashWithoutPowerLoss()
    {
        final MappedSlotLog log = open();
        log.append(1, 10, value(40, 1), 0, 40);
        log.crash(false);
        try (MappedSlotLog recovered = open())
        {
            assertEquals(10, recovered.ballotAt(1));
        }
    }

    @Test
    void shouldSpanSegmentsAndRecoverThemAll()
    {
        final int slots = 500;
        try (MappedSlotLog log = open())
        {
            for (int slot = 1; slot <= slots; slot++)
            {
                log.append(slot, slot, value(600, slot), 0, 600);
            }
        }
        try (MappedSlotLog log = open())
        {
            assertEquals(slots, log.highestSlot());
            for (int slot = 1; slot <= slots; slot++)
            {
                assertEquals(slot, log.ballotAt(slot));
                assertEquals((byte)slot, fillAt(log, slot));
            }
        }
    }
}
