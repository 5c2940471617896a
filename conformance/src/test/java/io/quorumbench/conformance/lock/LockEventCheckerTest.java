package io.quorumbench.conformance.lock;

import io.quorumbench.api.lock.LockEvents;
import io.quorumbench.api.results.CheckVerdict;
import io.quorumbench.conformance.history.History;
import io.quorumbench.conformance.history.Op;
import io.quorumbench.conformance.history.OpType;
import io.quorumbench.conformance.linearizability.LinearizabilityChecker;
import io.quorumbench.conformance.linearizability.LinearizabilityResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every check of the lock checkers is seen to fail on a hand-made history that violates it, and
 * a correct history of the same shape passes.
 */
class LockEventCheckerTest
{
    private static final long DELAY_NS = 100;
    private static final byte[] L = "L".getBytes(StandardCharsets.ISO_8859_1);

    private final LockEventChecker checker = new LockEventChecker(DELAY_NS);

    private void grant(final long index, final long timeNs, final long session, final long token)
    {
        checker.onGranted(index, timeNs, L, 0, L.length, session, token);
    }

    private void release(final long index, final long timeNs, final long session, final long token, final byte cause)
    {
        checker.onReleased(index, timeNs, L, 0, L.length, session, token, cause, 0);
    }

    private void queue(final long index, final long timeNs, final long session, final long deadlineNs)
    {
        checker.onQueued(index, timeNs, L, 0, L.length, session, deadlineNs);
    }

    private void assertViolation(final String expected)
    {
        assertEquals(CheckVerdict.FAIL, checker.verdict(), checker.violations().toString());
        assertTrue(checker.violations().get(0).contains(expected), checker.violations().toString());
    }

    @Test
    void shouldPassACorrectHistoryOfHandOffsExpiryAndFencedWrites()
    {
        checker.onSessionOpened(1, 0, 1, 1000);
        checker.onSessionOpened(2, 0, 2, 1000);
        checker.onSessionOpened(3, 0, 3, 1000);
        grant(4, 10, 1, 1024);
        queue(5, 20, 2, 500);
        queue(6, 30, 3, 900);
        checker.onFencedWrite(7, 40, L, 0, 1, 1024, true);
        release(8, 50, 1, 1024, LockEvents.RELEASED);
        grant(8, 50, 2, 2048);
        release(9, 60, 2, 2048, LockEvents.EXPIRED);
        checker.onSessionEnded(9, 60, 2, LockEvents.EXPIRED);
        grant(10, 160, 3, 2560);
        checker.onFencedWrite(11, 170, L, 0, 1, 2560, true);
        checker.onFencedWrite(12, 180, L, 0, 1, 1024, false);
        assertEquals(CheckVerdict.PASS, checker.verdict(), checker.violations().toString());
    }

    @Test
    void shouldNotPassAHistoryWithoutGrants()
    {
        checker.onSessionOpened(1, 0, 1, 1000);
        assertEquals(CheckVerdict.INCONCLUSIVE, checker.verdict());
    }

    @Test
    void shouldCatchTwoHolders()
    {
        grant(1, 10, 1, 256);
        grant(2, 20, 2, 512);
        assertViolation("two holders");
    }

    @Test
    void shouldCatchTokensThatDoNotIncrease()
    {
        grant(1, 10, 1, 512);
        release(2, 20, 1, 512, LockEvents.RELEASED);
        grant(3, 30, 2, 512);
        assertViolation("not increasing");
    }

    @Test
    void shouldCatchAGrantInsideTheLockDelay()
    {
        checker.onSessionOpened(1, 0, 1, 1000);
        grant(2, 10, 1, 512);
        release(3, 1000, 1, 512, LockEvents.EXPIRED);
        checker.onSessionEnded(3, 1000, 1, LockEvents.EXPIRED);
        grant(4, 1000 + DELAY_NS - 1, 2, 1024);
        assertViolation("inside the lock-delay");
    }

    @Test
    void shouldCatchAReleaseByANonHolder()
    {
        grant(1, 10, 1, 256);
        release(2, 20, 2, 256, LockEvents.RELEASED);
        assertViolation("but the holder is 1");
    }

    @Test
    void shouldCatchAGrantThatOvertakesTheQueue()
    {
        grant(1, 10, 1, 256);
        queue(2, 20, 2, 1000);
        queue(3, 30, 3, 1000);
        release(4, 40, 1, 256, LockEvents.RELEASED);
        grant(4, 40, 3, 1024);
        assertViolation("not FIFO");
    }

    @Test
    void shouldCatchAGrantThatBargesPastWaiters()
    {
        grant(1, 10, 1, 256);
        queue(2, 20, 2, 1000);
        release(3, 30, 1, 256, LockEvents.RELEASED);
        grant(4, 40, 4, 1024);
        assertViolation("not FIFO");
    }

    @Test
    void shouldCatchAWaiterDroppedBeforeItsDeadline()
    {
        grant(1, 10, 1, 256);
        queue(2, 20, 2, 1000);
        checker.onWaiterRemoved(3, 999, L, 0, 1, 2, LockEvents.WAIT_TIMED_OUT);
        assertViolation("before its deadline");
    }

    @Test
    void shouldCatchAnExpiryThatKeepsALock()
    {
        checker.onSessionOpened(1, 0, 1, 1000);
        grant(2, 10, 1, 512);
        checker.onSessionEnded(3, 1000, 1, LockEvents.EXPIRED);
        assertViolation("still holding");
    }

    @Test
    void shouldCatchAnExpiryThatKeepsAWait()
    {
        checker.onSessionOpened(1, 0, 1, 1000);
        grant(2, 10, 2, 512);
        queue(3, 20, 1, 5000);
        checker.onSessionEnded(4, 1000, 1, LockEvents.EXPIRED);
        assertViolation("still queued");
    }

    @Test
    void shouldCatchAGrantToAnEndedSession()
    {
        checker.onSessionOpened(1, 0, 1, 1000);
        checker.onSessionEnded(2, 1000, 1, LockEvents.CLOSED);
        grant(3, 1010, 1, 768);
        assertViolation("after it ended");
    }

    @Test
    void shouldCatchTheFencedResourceAcceptingAnOlderToken()
    {
        grant(1, 10, 1, 256);
        release(2, 20, 1, 256, LockEvents.EXPIRED);
        grant(3, 200, 2, 768);
        checker.onFencedWrite(4, 210, L, 0, 1, 768, true);
        checker.onFencedWrite(5, 220, L, 0, 1, 256, true);
        assertViolation("a stale holder's write got through");
    }

    @Test
    void shouldCatchTheFencedResourceAcceptingATokenNeverGranted()
    {
        grant(1, 10, 1, 256);
        checker.onFencedWrite(2, 20, L, 0, 1, 999, true);
        assertViolation("never granted");
    }

    @Test
    void shouldCatchTheFencedResourceRejectingTheCurrentToken()
    {
        grant(1, 10, 1, 256);
        checker.onFencedWrite(2, 20, L, 0, 1, 256, false);
        assertViolation("rejected token 256");
    }

    @Test
    void shouldCatchLogTimeRunningBackwards()
    {
        grant(1, 10, 1, 256);
        release(2, 5, 1, 256, LockEvents.RELEASED);
        assertViolation("ran backwards");
    }

    // the client-side model

    private static Op invokeAndComplete(
        final History history, final int process, final String f, final String expected, final String value, final long at)
    {
        final Op invoke = history.invoke(process, f, "L", null, expected, at);
        return history.complete(invoke, OpType.OK, value, at + 5, -1, null);
    }

    private static LinearizabilityResult check(final History history)
    {
        return new LinearizabilityChecker(new LockHistoryModel()).check(history);
    }

    @Test
    void shouldAcceptClientObservationsInTokenOrder()
    {
        final History history = new History();
        invokeAndComplete(history, 0, LockClientModel.ACQUIRE, null, "GRANTED:256", 0);
        invokeAndComplete(history, 0, LockClientModel.WRITE, "256", "OK:256", 10);
        invokeAndComplete(history, 1, LockClientModel.ACQUIRE, null, "GRANTED:512", 20);
        invokeAndComplete(history, 1, LockClientModel.WRITE, "512", "OK:512", 30);
        invokeAndComplete(history, 0, LockClientModel.WRITE, "256", "STALE_TOKEN:256:512", 40);
        assertTrue(check(history).isLinearizable(), check(history).describe());
    }

    @Test
    void shouldRejectAGrantWithAnOlderTokenThanOneAlreadySeen()
    {
        final History history = new History();
        invokeAndComplete(history, 0, LockClientModel.ACQUIRE, null, "GRANTED:512", 0);
        invokeAndComplete(history, 1, LockClientModel.ACQUIRE, null, "GRANTED:256", 20);
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, check(history).outcome(), check(history).describe());
    }

    @Test
    void shouldRejectAStaleWriteThatTheResourceAccepted()
    {
        final History history = new History();
        invokeAndComplete(history, 1, LockClientModel.WRITE, "512", "OK:512", 0);
        invokeAndComplete(history, 0, LockClientModel.WRITE, "256", "OK:256", 20);
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, check(history).outcome(), check(history).describe());
    }

    @Test
    void shouldRejectARejectionOfTheHighestToken()
    {
        final History history = new History();
        invokeAndComplete(history, 1, LockClientModel.WRITE, "512", "OK:512", 0);
        invokeAndComplete(history, 1, LockClientModel.WRITE, "512", "STALE_TOKEN:512:512", 20);
        assertEquals(LinearizabilityResult.Outcome.VIOLATION, check(history).outcome(), check(history).describe());
    }
}
