package io.quorumbench.conformance.check;

import io.quorumbench.api.consensus.ProtocolNode;
import io.quorumbench.api.consensus.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each invariant is shown to fire on a scripted node state that breaks it, and not on a healthy one. */
class InvariantCheckerTest
{
    private final Map<Integer, FakeNode> nodes = new HashMap<>();
    private final InvariantChecker checker;

    InvariantCheckerTest()
    {
        for (int id = 1; id <= 3; id++)
        {
            nodes.put(id, new FakeNode(id));
        }
        checker = new InvariantChecker(new int[]{ 1, 2, 3 }, nodes::get, ReplicatedLogInvariant.raft());
        checker.context("[seed=77]");
    }

    private void stepAll()
    {
        for (int id = 1; id <= 3; id++)
        {
            checker.afterStep(id);
        }
    }

    @Test
    void shouldAcceptAHealthyReplicatedLog()
    {
        nodes.get(1).leader(1).append(1, "a").append(1, "b").commit(2);
        nodes.get(2).append(1, "a").append(1, "b").commit(1);
        nodes.get(3).append(1, "a");
        assertDoesNotThrow(this::stepAll);
        assertEquals(2, checker.maxCommitted());
    }

    @Test
    void shouldFlagTwoLeadersInOneTermNamingSeed()
    {
        nodes.get(1).leader(4);
        nodes.get(2).leader(4);
        checker.afterStep(1);
        final InvariantViolation v = assertThrows(InvariantViolation.class, () -> checker.afterStep(2));
        assertEquals("election safety", v.invariant());
        assertEquals(2, v.nodeId());
        assertEquals(4, v.term());
        assertTrue(v.getMessage().contains("seed=77"), v.getMessage());
    }

    @Test
    void shouldFlagLogMatchingViolation()
    {
        nodes.get(1).append(1, "a").append(2, "b");
        nodes.get(2).append(1, "x").append(2, "b");
        checker.afterStep(1);
        final InvariantViolation v = assertThrows(InvariantViolation.class, () -> checker.afterStep(2));
        assertEquals("log matching", v.invariant());
        assertEquals(1, v.index());
    }

    @Test
    void shouldFlagDifferentCommittedEntries()
    {
        nodes.get(1).append(1, "a").commit(1);
        nodes.get(2).append(2, "z").commit(1);
        checker.afterStep(1);
        final InvariantViolation v = assertThrows(InvariantViolation.class, () -> checker.afterStep(2));
        assertEquals("state machine safety", v.invariant());
    }

    @Test
    void shouldFlagALeaderMissingACommittedEntry()
    {
        nodes.get(1).term(1).append(1, "a").append(1, "b").commit(2);
        checker.afterStep(1);
        nodes.get(2).leader(2).append(1, "a");
        final InvariantViolation v = assertThrows(InvariantViolation.class, () -> checker.afterStep(2));
        assertEquals("leader completeness", v.invariant());
        assertEquals(2, v.index());
    }

    @Test
    void shouldFlagCommitGoingBackwardsButNotAcrossARestart()
    {
        nodes.get(1).append(1, "a").append(1, "b").commit(2);
        checker.afterStep(1);
        nodes.get(1).commit(1);
        assertEquals("commit monotonicity", assertThrows(InvariantViolation.class, () -> checker.afterStep(1)).invariant());

        checker.onRestart(1);
        nodes.get(1).commit(0);
        assertDoesNotThrow(() -> checker.afterStep(1));
    }

    @Test
    void shouldFlagDivergentOrSkippedApplies()
    {
        checker.onApplied(1, 1, new byte[]{ 1 }, 0, 1);
        checker.onApplied(1, 2, new byte[]{ 2 }, 0, 1);
        assertEquals("state machine safety",
            assertThrows(InvariantViolation.class, () -> checker.onApplied(2, 1, new byte[]{ 9 }, 0, 1)).invariant());
        final InvariantViolation skipped = assertThrows(InvariantViolation.class,
            () -> checker.onApplied(3, 2, new byte[]{ 2 }, 0, 1));
        assertTrue(skipped.getMessage().contains("skipped index 1"), skipped.getMessage());
        assertThrows(InvariantViolation.class, () -> checker.onApplied(1, 2, new byte[]{ 2 }, 0, 1), "indexes must increase");
    }

    @Test
    void shouldCountInsteadOfThrowWhenRelaxed()
    {
        checker.relaxed(true);
        nodes.get(1).leader(4);
        nodes.get(2).leader(4);
        stepAll();
        assertEquals(1, checker.relaxedViolations());
        assertTrue(checker.firstRelaxedViolation().contains("election safety"));
    }

    /** A node whose observable state the test sets directly. */
    private static final class FakeNode implements ProtocolNode
    {
        private final int id;
        private final List<long[]> terms = new ArrayList<>();
        private final List<byte[]> commands = new ArrayList<>();
        private Role role = Role.FOLLOWER;
        private long term = 1;
        private long commit;

        FakeNode(final int id)
        {
            this.id = id;
        }

        FakeNode leader(final long newTerm)
        {
            role = Role.LEADER;
            term = newTerm;
            return this;
        }

        FakeNode term(final long newTerm)
        {
            term = newTerm;
            return this;
        }

        FakeNode append(final long entryTerm, final String command)
        {
            terms.add(new long[]{ entryTerm });
            commands.add(command.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            term = Math.max(term, entryTerm);
            return this;
        }

        FakeNode commit(final long index)
        {
            commit = index;
            return this;
        }

        @Override
        public int nodeId()
        {
            return id;
        }

        @Override
        public void onMessage(final int fromNodeId, final byte[] frame, final int offset, final int length)
        {
        }

        @Override
        public void onTick(final long nowNs)
        {
        }

        @Override
        public void onClientCommand(final long clientId, final long sequence, final byte[] command, final int offset, final int length)
        {
        }

        @Override
        public Role role()
        {
            return role;
        }

        @Override
        public long term()
        {
            return term;
        }

        @Override
        public int leaderId()
        {
            return role == Role.LEADER ? id : -1;
        }

        @Override
        public long commitIndex()
        {
            return commit;
        }

        @Override
        public long lastApplied()
        {
            return commit;
        }

        @Override
        public long lastLogIndex()
        {
            return terms.size();
        }

        @Override
        public long logTermAt(final long index)
        {
            return index == 0 ? 0 : terms.get((int)index - 1)[0];
        }

        @Override
        public byte[] logCommandAt(final long index)
        {
            return commands.get((int)index - 1).clone();
        }

        @Override
        public long rejectedFrames()
        {
            return 0;
        }

        @Override
        public void crash(final boolean powerLoss)
        {
        }

        @Override
        public void close()
        {
        }
    }
}
