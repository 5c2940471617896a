package io.quorumbench.loadgen.workload.kv;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class AckedWriteTrackerTest
{
    @Test
    void shouldAcceptTheLatestAckedWrite()
    {
        final AckedWriteTracker tracker = new AckedWriteTracker(1);
        tracker.onAcked(0, 11, 100, 200);
        tracker.onAcked(0, 12, 300, 400);
        assertEquals(AckedWriteTracker.VERIFIED, tracker.judge(0, 12, 300));
    }

    @Test
    void shouldReportAnAckedWriteOverwrittenByAStrictlyOlderOneAsLost()
    {
        final AckedWriteTracker tracker = new AckedWriteTracker(1);
        tracker.onAcked(0, 11, 100, 200);
        tracker.onAcked(0, 12, 300, 400);
        // write 11 completed (200) before write 12 began (300): reading 11 at the end loses 12
        assertEquals(AckedWriteTracker.LOST, tracker.judge(0, 11, 100));
        assertEquals(AckedWriteTracker.LOST, tracker.judge(0, KvHistoryOp.ABSENT, 0));
    }

    @Test
    void shouldAcceptEitherOfTwoConcurrentWrites()
    {
        final AckedWriteTracker tracker = new AckedWriteTracker(1);
        tracker.onAcked(0, 11, 100, 500);
        tracker.onAcked(0, 12, 300, 400);
        assertEquals(AckedWriteTracker.VERIFIED, tracker.judge(0, 11, 100));
        assertEquals(AckedWriteTracker.VERIFIED, tracker.judge(0, 12, 300));
    }

    @Test
    void shouldNotCallAnUnacknowledgedOlderWriteLostButUnverifiable()
    {
        final AckedWriteTracker tracker = new AckedWriteTracker(1);
        tracker.onNotAcked(0);
        tracker.onAcked(0, 12, 300, 400);
        assertEquals(AckedWriteTracker.UNVERIFIABLE, tracker.judge(0, 11, 100));
        // an unacknowledged write that began after the last acked one may land last
        assertEquals(AckedWriteTracker.VERIFIED, tracker.judge(0, 13, 350));
    }

    @Test
    void shouldMergeSendersAgainstTheGlobalLatestInvocation()
    {
        final AckedWriteTracker a = new AckedWriteTracker(2);
        final AckedWriteTracker b = new AckedWriteTracker(2);
        a.onAcked(0, 11, 100, 200);
        b.onAcked(0, 21, 300, 400);
        a.onAcked(1, 12, 100, 1000);
        b.onAcked(1, 22, 300, 400);
        final AckedWriteTracker merged = new AckedWriteTracker(2);
        a.mergeInto(merged);
        b.mergeInto(merged);
        assertEquals(AckedWriteTracker.LOST, merged.judge(0, 11, 100), "sender a's write is older than b's");
        assertEquals(AckedWriteTracker.VERIFIED, merged.judge(0, 21, 300));
        assertEquals(AckedWriteTracker.VERIFIED, merged.judge(1, 12, 100), "overlaps b's write");
        assertEquals(AckedWriteTracker.VERIFIED, merged.judge(1, 22, 300));
    }

    @Test
    void shouldKeepEveryOverlappingWriteThroughPrunesAndCountAnOverflowAsUnverifiable()
    {
        final AckedWriteTracker tracker = new AckedWriteTracker(2);
        // four writes to key 0; each later one begins while some earlier ones are still open
        tracker.onAcked(0, 11, 100, 250);
        tracker.onAcked(0, 12, 110, 900);
        tracker.onAcked(0, 13, 120, 260);
        tracker.onAcked(0, 14, 130, 950);
        // a write invoked at 300 prunes the two that completed before it (11, 13), not the others
        tracker.onAcked(0, 15, 300, 400);
        assertEquals(AckedWriteTracker.LOST, tracker.judge(0, 11, 100));
        assertEquals(AckedWriteTracker.LOST, tracker.judge(0, 13, 120));
        assertEquals(AckedWriteTracker.VERIFIED, tracker.judge(0, 12, 110));
        assertEquals(AckedWriteTracker.VERIFIED, tracker.judge(0, 14, 130));
        assertEquals(AckedWriteTracker.VERIFIED, tracker.judge(0, 15, 300));
        // fill the small-key-space frontier: the write that does not fit makes the key unverifiable
        for (int i = 0; i <= AckedWriteTracker.FRONTIER_SMALL_KEYSPACE; i++)
        {
            tracker.onAcked(1, 100 + i, 10, 1_000 + i);
        }
        assertEquals(AckedWriteTracker.VERIFIED, tracker.judge(1, 100, 10));
        assertEquals(AckedWriteTracker.UNVERIFIABLE, tracker.judge(1, 99, 5), "overflowed: cannot tell");
        assertEquals(AckedWriteTracker.VERIFIED, tracker.judge(0, 15, 300), "key 0 untouched by key 1");
    }

    @Test
    void shouldSkipKeysWithoutAckedWrites()
    {
        final AckedWriteTracker tracker = new AckedWriteTracker(3);
        tracker.onNotAcked(2);
        assertFalse(tracker.hasAckedWrite(0));
        assertFalse(tracker.hasAckedWrite(2));
        assertEquals(AckedWriteTracker.VERIFIED, tracker.judge(0, KvHistoryOp.ABSENT, 0));
    }
}
