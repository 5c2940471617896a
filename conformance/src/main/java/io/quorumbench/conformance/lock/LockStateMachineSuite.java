package io.quorumbench.conformance.lock;

import io.quorumbench.api.consensus.StateMachine;
import io.quorumbench.api.lock.LockCommand;
import io.quorumbench.api.lock.LockEvents;
import io.quorumbench.api.lock.LockResult;
import io.quorumbench.api.lock.LockServiceConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock service's semantics, one implementation at a time: each implementation's test extends
 * this and says how to build its state machine (JCTools' {@code QueueSanityTest} pattern). Commands
 * are stamped by hand here, as {@code LockServiceNode} stamps them on a leader; every apply is also
 * fed to a {@link LockEventChecker}, so no test may leave the service in a state the checker
 * rejects.
 */
public abstract class LockStateMachineSuite
{
    /** Lease used by the tests: 1 s. */
    protected static final long LEASE_NS = 1_000_000_000L;
    /** Lock-delay of the tests: 100 ms. */
    protected static final long DELAY_NS = 100_000_000L;
    /** Leader grace of the tests: 300 ms. */
    protected static final long GRACE_NS = 300_000_000L;
    /** The settings every test uses. */
    protected static final LockServiceConfig CONFIG = new LockServiceConfig(DELAY_NS, GRACE_NS, 16, 32);

    private static final byte[] A = bytes("a");
    private static final byte[] B = bytes("b");

    private StateMachine sm;
    private LockEventChecker checker;
    private final byte[] result = new byte[LockResult.LENGTH];
    private long index;
    private long term = 1;

    /**
     * A new, empty state machine of the implementation under test.
     *
     * @param config the settings.
     * @param events the listener it must report to.
     * @return the state machine.
     */
    protected abstract StateMachine create(LockServiceConfig config, LockEvents events);

    /**
     * The implementation's digest of its state (equal states, equal digests).
     *
     * @param stateMachine a state machine {@link #create} built.
     * @return the digest.
     */
    protected abstract long digest(StateMachine stateMachine);

    @BeforeEach
    void setUp()
    {
        checker = new LockEventChecker(DELAY_NS);
        sm = create(CONFIG, checker);
        index = 0;
        term = 1;
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private byte apply(final long timeNs, final byte[] command)
    {
        LockCommand.stamp(command, 0, timeNs, term);
        final int length = sm.apply(++index, command, 0, command.length, result);
        assertEquals(LockResult.LENGTH, length);
        assertTrue(checker.violations().isEmpty(), checker.violations().toString());
        return LockResult.status(result, 0);
    }

    private long open(final long timeNs)
    {
        assertEquals(LockResult.OK, apply(timeNs, LockCommand.openSession(LEASE_NS)));
        return LockResult.sessionId(result, 0);
    }

    private long token()
    {
        return LockResult.token(result, 0);
    }

    @Test
    void shouldOpenASessionWithALeaseFromTheLeadersStamp()
    {
        final long session = open(5_000);
        assertEquals(1, session, "the session id is the log index of its open");
        assertEquals(5_000 + LEASE_NS, LockResult.deadlineNs(result, 0));
        assertEquals(1, LockResult.version(result, 0));
        assertEquals(5_000, LockResult.timeNs(result, 0));
    }

    @Test
    void shouldGrantAFreeLockAndRefuseOrQueueOthers()
    {
        final long s1 = open(0);
        final long s2 = open(0);
        assertEquals(LockResult.GRANTED, apply(10, LockCommand.acquire(s1, A, LEASE_NS, false)));
        final long token = token();
        assertTrue(token > 0);
        assertEquals(LockResult.HELD, apply(20, LockCommand.acquire(s1, A, LEASE_NS, false)));
        assertEquals(token, token());
        assertEquals(LockResult.BUSY, apply(30, LockCommand.acquire(s2, A, LEASE_NS, true)));
        assertEquals(LockResult.QUEUED, apply(40, LockCommand.acquire(s2, A, 500, false)));
        assertEquals(540, LockResult.deadlineNs(result, 0));
        assertEquals(LockResult.QUEUED, apply(50, LockCommand.acquire(s2, A, 900, false)));
        assertEquals(540, LockResult.deadlineNs(result, 0), "a waiter polling keeps its place and deadline");
    }

    @Test
    void shouldHandALockToItsWaitersInFifoOrderWithIncreasingTokens()
    {
        final long s1 = open(0);
        final long s2 = open(0);
        final long s3 = open(0);
        apply(10, LockCommand.acquire(s1, A, LEASE_NS, false));
        final long t1 = token();
        assertEquals(LockResult.QUEUED, apply(20, LockCommand.acquire(s3, A, LEASE_NS, false)));
        assertEquals(LockResult.QUEUED, apply(30, LockCommand.acquire(s2, A, LEASE_NS, false)));
        assertEquals(LockResult.OK, apply(40, LockCommand.release(s1, A, t1)));
        assertEquals(LockResult.HELD, apply(50, LockCommand.acquire(s3, A, LEASE_NS, false)), "s3 queued first");
        final long t3 = token();
        assertTrue(t3 > t1);
        assertEquals(LockResult.QUEUED, apply(60, LockCommand.acquire(s2, A, LEASE_NS, false)));
        assertEquals(LockResult.OK, apply(70, LockCommand.release(s3, A, t3)));
        assertEquals(LockResult.HELD, apply(80, LockCommand.acquire(s2, A, LEASE_NS, false)));
        assertTrue(token() > t3);
    }

    @Test
    void shouldRenewALeaseAndIgnoreAnExpiryThatLostTheRaceToAKeepAlive()
    {
        final long s1 = open(0);
        assertEquals(LockResult.OK, apply(LEASE_NS / 2, LockCommand.keepAlive(s1)));
        assertEquals(2, LockResult.version(result, 0));
        assertEquals(LEASE_NS / 2 + LEASE_NS, LockResult.deadlineNs(result, 0));
        assertEquals(LockResult.NOT_DUE, apply(LEASE_NS + 1, LockCommand.expireSession(s1, 1)), "version 1 was renewed");
        assertEquals(LockResult.NOT_DUE, apply(LEASE_NS + 2, LockCommand.expireSession(s1, 2)), "lease still runs");
        assertEquals(LockResult.OK, apply(LEASE_NS / 2 + LEASE_NS, LockCommand.expireSession(s1, 2)));
        assertEquals(LockResult.UNKNOWN_SESSION, apply(2 * LEASE_NS, LockCommand.keepAlive(s1)));
    }

    @Test
    void shouldRefuseAKeepAliveAfterTheLeaseRanOutInLogTime()
    {
        final long s1 = open(0);
        assertEquals(LockResult.EXPIRED, apply(LEASE_NS, LockCommand.keepAlive(s1)));
        assertEquals(LockResult.EXPIRED, apply(LEASE_NS, LockCommand.acquire(s1, A, 0, true)));
    }

    @Test
    void shouldReleaseAnExpiredHoldersLocksIntoLockDelayThenGrantTheWaiter()
    {
        final long s1 = open(0);
        final long s2 = open(LEASE_NS / 2);
        apply(10, LockCommand.acquire(s1, A, LEASE_NS, false));
        final long t1 = token();
        assertEquals(LockResult.QUEUED, apply(LEASE_NS / 2, LockCommand.acquire(s2, A, LEASE_NS, false)));
        assertEquals(LockResult.OK, apply(LEASE_NS, LockCommand.expireSession(s1, 1)));
        assertEquals(LockResult.QUEUED, apply(LEASE_NS + DELAY_NS - 1,
            LockCommand.acquire(s2, A, LEASE_NS, false)), "no grant inside the lock-delay");
        assertEquals(LockResult.OK, apply(LEASE_NS + DELAY_NS, LockCommand.tick()));
        assertEquals(LockResult.HELD, apply(LEASE_NS + DELAY_NS, LockCommand.acquire(s2, A, LEASE_NS, false)));
        assertTrue(token() > t1);
    }

    @Test
    void shouldNotGrantALockInItsLockDelayEvenWithoutWaiters()
    {
        final long s1 = open(0);
        final long s2 = open(LEASE_NS / 2);
        apply(10, LockCommand.acquire(s1, A, LEASE_NS, false));
        apply(LEASE_NS, LockCommand.expireSession(s1, 1));
        assertEquals(LockResult.BUSY, apply(LEASE_NS + 1, LockCommand.acquire(s2, A, 0, true)));
        assertEquals(LockResult.GRANTED, apply(LEASE_NS + DELAY_NS, LockCommand.acquire(s2, A, 0, true)));
    }

    @Test
    void shouldReleaseEverythingOfAClosedSessionAtOnce()
    {
        final long s1 = open(0);
        final long s2 = open(0);
        apply(10, LockCommand.acquire(s1, A, LEASE_NS, false));
        apply(20, LockCommand.acquire(s1, B, LEASE_NS, false));
        apply(30, LockCommand.acquire(s2, A, LEASE_NS, false));
        assertEquals(LockResult.OK, apply(40, LockCommand.closeSession(s1)));
        assertEquals(LockResult.HELD, apply(50, LockCommand.acquire(s2, A, LEASE_NS, false)), "no lock-delay on close");
        assertEquals(LockResult.GRANTED, apply(60, LockCommand.acquire(s2, B, LEASE_NS, false)));
        assertEquals(LockResult.UNKNOWN_SESSION, apply(70, LockCommand.acquire(s1, A, LEASE_NS, false)));
    }

    @Test
    void shouldDropAWaiterAtItsDeadline()
    {
        final long s1 = open(0);
        final long s2 = open(0);
        apply(10, LockCommand.acquire(s1, A, LEASE_NS, false));
        final long t1 = token();
        apply(20, LockCommand.acquire(s2, A, 100, false));
        assertEquals(LockResult.OK, apply(120, LockCommand.tick()));
        assertEquals(LockResult.OK, apply(130, LockCommand.release(s1, A, t1)));
        assertEquals(LockResult.GRANTED, apply(140, LockCommand.acquire(s1, A, 0, true)), "the timed-out waiter was not granted");
    }

    @Test
    void shouldExtendLiveLeasesWhenTheTermChanges()
    {
        final long s1 = open(0);
        term = 2;
        assertEquals(LockResult.OK, apply(LEASE_NS - 10, LockCommand.tick()));
        assertEquals(LockResult.NOT_DUE, apply(LEASE_NS, LockCommand.expireSession(s1, 1)));
        assertEquals(LEASE_NS - 10 + GRACE_NS, LockResult.deadlineNs(result, 0));
        assertEquals(LockResult.OK, apply(LEASE_NS - 10 + GRACE_NS, LockCommand.expireSession(s1, 1)));
    }

    @Test
    void shouldExtendALeaseForANewLeaderOnlyOncePerKeepAlive()
    {
        final long s1 = open(0);
        term = 2;
        apply(LEASE_NS - 10, LockCommand.tick());
        term = 3;
        // a second leader change before the extended lease ends: the silent session gets no more
        assertEquals(LockResult.OK, apply(LEASE_NS - 10 + GRACE_NS - 5, LockCommand.tick()));
        assertEquals(LockResult.OK, apply(LEASE_NS - 10 + GRACE_NS, LockCommand.expireSession(s1, 1)));
        final long s2 = open(2 * LEASE_NS);
        assertEquals(LockResult.OK, apply(3 * LEASE_NS - 10, LockCommand.keepAlive(s2)));
        term = 4;
        apply(4 * LEASE_NS - 20, LockCommand.tick());
        assertEquals(LockResult.NOT_DUE, apply(4 * LEASE_NS - 10, LockCommand.expireSession(s2, 2)),
            "a keep-alive earns the next extension");
        assertEquals(4 * LEASE_NS - 20 + GRACE_NS, LockResult.deadlineNs(result, 0));
    }

    @Test
    void shouldNeverMoveLogTimeBackwards()
    {
        final long s1 = open(1_000);
        assertEquals(LockResult.OK, apply(10, LockCommand.keepAlive(s1)));
        assertEquals(1_000, LockResult.timeNs(result, 0));
        assertEquals(1_000 + LEASE_NS, LockResult.deadlineNs(result, 0));
    }

    @Test
    void shouldFenceWritesWithOlderTokens()
    {
        final long s1 = open(0);
        final long s2 = open(0);
        apply(10, LockCommand.acquire(s1, A, LEASE_NS, false));
        final long t1 = token();
        assertEquals(LockResult.OK, apply(20, LockCommand.fencedWrite(A, t1, bytes("k"), bytes("v1"))));
        apply(30, LockCommand.release(s1, A, t1));
        apply(40, LockCommand.acquire(s2, A, LEASE_NS, false));
        final long t2 = token();
        assertEquals(LockResult.OK, apply(50, LockCommand.fencedWrite(A, t2, bytes("k"), bytes("v2"))));
        final long before = digest(sm);
        assertEquals(LockResult.STALE_TOKEN, apply(60, LockCommand.fencedWrite(A, t1, bytes("k"), bytes("old"))));
        assertEquals(t2, token(), "the rejection names the highest token seen");
        assertEquals(LockResult.OK, apply(70, LockCommand.fencedWrite(A, t2, bytes("k"), bytes("v3"))), "same token again");
        assertTrue(before != digest(sm));
    }

    @Test
    void shouldAnswerBadInputWithAClearErrorAndChangeNothing()
    {
        final long s1 = open(0);
        final long s2 = open(0);
        apply(10, LockCommand.acquire(s1, A, LEASE_NS, false));
        final long t1 = token();
        final long before = digest(sm);
        assertEquals(LockResult.UNKNOWN_SESSION, apply(10, LockCommand.acquire(99, A, LEASE_NS, false)));
        assertEquals(LockResult.NOT_HOLDER, apply(10, LockCommand.release(s2, A, t1)));
        assertEquals(LockResult.STALE_TOKEN, apply(10, LockCommand.release(s1, A, t1 - 1)));
        assertEquals(LockResult.NAME_TOO_LONG, apply(10, LockCommand.acquire(s1, new byte[17], LEASE_NS, false)));
        assertEquals(LockResult.NAME_TOO_LONG, apply(10, LockCommand.fencedWrite(A, t1, new byte[17], B)));
        assertEquals(LockResult.INVALID, apply(10, LockCommand.fencedWrite(A, t1, B, new byte[33])));
        assertEquals(LockResult.INVALID, apply(10, LockCommand.openSession(0)));
        assertEquals(LockResult.UNKNOWN_SESSION, apply(10, LockCommand.closeSession(99)));
        final byte[] truncated = LockCommand.acquire(s1, B, 0, true);
        assertEquals(LockResult.INVALID, (byte)(sm.apply(++index, truncated, 0, truncated.length - 1, result) > 0 ?
            LockResult.status(result, 0) : -1));
        final byte[] unknownOp = LockCommand.tick();
        unknownOp[LockCommand.OP_OFFSET] = 99;
        assertEquals(LockResult.INVALID, (byte)(sm.apply(++index, unknownOp, 0, unknownOp.length, result) > 0 ?
            LockResult.status(result, 0) : -1));
        assertEquals(before, digest(sm), "no error changed the state");
    }

    @Test
    void shouldGiveStrictlyIncreasingTokensWhenOneEntryGrantsALockTwice()
    {
        final long s1 = open(0);
        apply(10, LockCommand.acquire(s1, A, LEASE_NS, false));
        final long s2 = open(LEASE_NS / 2);
        final long s3 = open(LEASE_NS / 2);
        apply(LEASE_NS / 2, LockCommand.acquire(s2, A, LEASE_NS, false));
        apply(LEASE_NS / 2, LockCommand.acquire(s3, A, LEASE_NS, false));
        apply(LEASE_NS, LockCommand.expireSession(s1, 1));
        // at this entry the lock-delay ends (granting s2), then s2 closes (granting s3): two grants, one index
        assertEquals(LockResult.OK, apply(LEASE_NS - 1 + DELAY_NS + 1, LockCommand.closeSession(s2)));
        assertEquals(LockResult.HELD, apply(LEASE_NS + DELAY_NS, LockCommand.acquire(s3, A, LEASE_NS, false)));
        assertEquals(3, checker.grants(), "the checker saw all three grants and found their tokens increasing");
    }
}
